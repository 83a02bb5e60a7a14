using Saas.Contracts;

namespace Saas.ServiceDefaults.Tests.Contracts;

/// <summary>
/// Integration events are read by other services' consumers (and by older versions of them during a rollout): their
/// names, properties and property types only grow. The checked-in list is the surface as of its last update.
/// To record an addition, run with <c>SAAS_UPDATE_CONTRACTS=1</c> and commit the file.
/// </summary>
public sealed class ContractsFreezeTests
{
    private static readonly string FrozenFile = Path.Combine(AppContext.BaseDirectory, "Contracts", "contracts.frozen.txt");

    [Fact]
    public void No_frozen_contract_type_or_property_was_renamed_removed_or_retyped()
    {
        var current = ContractSurface.Of(typeof(IIntegrationEvent).Assembly);
        if (Environment.GetEnvironmentVariable("SAAS_UPDATE_CONTRACTS") == "1")
        {
            File.WriteAllLines(SourceFile(), current);
            return;
        }

        var broken = ContractSurface.Broken(File.ReadAllLines(FrozenFile).Where(line => line.Length > 0), current);

        Assert.True(broken.Count == 0,
            "Saas.Contracts lost or changed what consumers read (add members or a …V2 type instead):\n" + string.Join("\n", broken));
    }

    [Fact]
    public void A_renamed_or_retyped_property_is_reported_and_an_addition_is_not()
    {
        string[] frozen = ["Saas.Contracts.X (class)", "Saas.Contracts.X.UserId: System.Guid", "Saas.Contracts.X.Email: System.String"];
        string[] current = ["Saas.Contracts.X (class)", "Saas.Contracts.X.UserId: System.String", "Saas.Contracts.X.EmailAddress: System.String",
            "Saas.Contracts.X.Name: System.String?"];

        Assert.Equal(["Saas.Contracts.X.UserId: System.Guid", "Saas.Contracts.X.Email: System.String"], ContractSurface.Broken(frozen, current));
        Assert.Empty(ContractSurface.Broken(frozen, [.. frozen, "Saas.Contracts.X.Added: System.Int32"]));
    }

    [Fact]
    public void The_surface_names_nullability_so_making_a_field_optional_counts_as_a_change()
    {
        var surface = ContractSurface.Of(typeof(IIntegrationEvent).Assembly);

        Assert.Contains("Saas.Contracts.Webhooks.StripeInvoicePaid.CustomerId: System.String?", surface);
        Assert.Contains("Saas.Contracts.Webhooks.StripeInvoicePaid.InvoiceId: System.String", surface);
        Assert.Contains("Saas.Contracts.Webhooks.StripeInvoicePaid.PeriodEnd: System.DateTimeOffset?", surface);
    }

    private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.Combine(Path.GetDirectoryName(path)!, "contracts.frozen.txt");
}
