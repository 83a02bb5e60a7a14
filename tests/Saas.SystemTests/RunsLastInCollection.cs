using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestFramework("Saas.SystemTests.ClassOrderingTestFramework", "Saas.SystemTests")]

namespace Saas.SystemTests;

/// <summary>
/// Marks a class that must run after every other class of its collection: the recovery tests kill and stop processes of
/// the shared system, which the read-only classes (every service Healthy, say) cannot live with while they run.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RunsLastInCollectionAttribute : Attribute;

/// <summary>
/// xunit 2 runs a collection's classes in the order their test cases reach the collection runner (discovery order) and
/// has no class orderer; this framework hands them on with <see cref="RunsLastInCollectionAttribute"/> classes moved to
/// the end, otherwise in the order they came. Nothing else changes.
/// </summary>
public sealed class ClassOrderingTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformation, IMessageSink diagnostics)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformation, diagnostics)
    {
        protected override async void RunTestCases(
            IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new AssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class AssemblyRunner(
        ITestAssembly assembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnostics, IMessageSink execution, ITestFrameworkExecutionOptions options)
        : XunitTestAssemblyRunner(assembly, testCases, diagnostics, execution, options)
    {
        protected override Task<RunSummary> RunTestCollectionAsync(
            IMessageBus messageBus, ITestCollection testCollection, IEnumerable<IXunitTestCase> testCases, CancellationTokenSource cancellation) =>
            // OrderBy is stable: the other classes keep their order.
            base.RunTestCollectionAsync(messageBus, testCollection, testCases.OrderBy(RunsLast).ToList(), cancellation);

        private static bool RunsLast(IXunitTestCase testCase) =>
            testCase.TestMethod.TestClass.Class.GetCustomAttributes(typeof(RunsLastInCollectionAttribute)).Any();
    }
}
