using Xunit.Abstractions;
using Xunit.Sdk;

namespace Saas.Storage.Tests;

/// <summary>
/// A contract test: declared once in <see cref="DocumentStoreContract"/> and run by every adapter's subclass.
/// xunit 2 has no runtime skip, and a [Fact] on a base method cannot see which subclass runs it, so the
/// discoverer reads <see cref="RequiresEnvironmentVariableAttribute"/> from the concrete class instead.
/// </summary>
[XunitTestCaseDiscoverer("Saas.Storage.Tests.ContractFactDiscoverer", "Saas.Storage.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;

/// <summary>Skips the class's contract tests unless the variable is set (e.g. to a server's address).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresEnvironmentVariableAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        [new ContractTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)];
}

public sealed class ContractTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ContractTestCase()
    {
    }

    public ContractTestCase(
        IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(sink, display, options, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute)
    {
        var requirement = TestMethod.TestClass.Class
            .GetCustomAttributes(typeof(RequiresEnvironmentVariableAttribute).AssemblyQualifiedName)
            .FirstOrDefault();
        var variable = requirement?.GetConstructorArguments().FirstOrDefault() as string;
        return variable is not null && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable))
            ? $"Set {variable} to run this adapter's contract tests."
            : base.GetSkipReason(factAttribute);
    }
}
