using System.Text.Json;

namespace Saas.Storage.Tests;

public abstract partial class DocumentStoreContract
{
    [ContractFact]
    public async Task InsertAsync_WhenDocumentHasNestedData_ShouldRoundTripEveryValue()
    {
        var createdAt = new DateTimeOffset(2024, 5, 6, 7, 8, 9, 123, TimeSpan.FromHours(2));
        var customer = await InsertAsync(new Customer
        {
            Email = "alice@example.com",
            Name = "  padded  ",
            Balance = 1234.5678m,
            Active = true,
            Tier = Tier.Silver,
            CreatedAt = createdAt,
            LastSeenUtc = new DateTime(2024, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc),
            Address = new Address { City = "Oslo", Zip = "" },
            Tags = ["a", "b"],
            PastAddresses = [new Address { City = "Bergen" }],
            Settings = new()
            {
                ["theme"] = "dark",
                ["fontSize"] = 14,
                ["big"] = 12_345_678_901L,
                ["ratio"] = 0.5,
                ["price"] = 9.99m,
                ["beta"] = true,
                ["none"] = null,
                ["nested"] = new Dictionary<string, object?> { ["lang"] = "nb" },
                ["list"] = new List<object?> { 1, "two" },
            },
        });

        var loaded = await Customers.GetAsync(customer.Id);

        Assert.NotNull(loaded);
        Assert.Equal(("alice@example.com", "  padded  ", 1234.5678m, true, Tier.Silver), (loaded.Email, loaded.Name, loaded.Balance, loaded.Active, loaded.Tier));
        Assert.Equal(createdAt, loaded.CreatedAt); // same instant; whether the offset survives is adapter-specific
        Assert.Equal(customer.LastSeenUtc, loaded.LastSeenUtc);
        Assert.Equal(DateTimeKind.Utc, loaded.LastSeenUtc.Kind);
        Assert.Null(loaded.ExpiresAt);
        Assert.Equal(("Oslo", ""), (loaded.Address?.City, loaded.Address?.Zip));
        Assert.Equal(["a", "b"], loaded.Tags);
        Assert.Equal("Bergen", Assert.Single(loaded.PastAddresses).City);
        AssertPlainSettings(loaded.Settings);
        Assert.Equal(12_345_678_901L, loaded.Settings["big"]);
        Assert.Equal(9.99m, loaded.Settings["price"]);
    }

    [ContractFact]
    public async Task InsertAsync_WhenSettingsComeFromJson_ShouldStorePlainValues()
    {
        const string json = """{"theme":"dark","fontSize":14,"ratio":0.5,"beta":true,"none":null,"nested":{"lang":"nb"},"list":[1,"two"]}""";
        var customer = await InsertAsync(new Customer
        {
            Email = "json@example.com",
            Settings = JsonSerializer.Deserialize<Dictionary<string, object?>>(json)!,
        });

        var loaded = await Customers.GetAsync(customer.Id);

        AssertPlainSettings(loaded!.Settings);
    }

    private static void AssertPlainSettings(Dictionary<string, object?> settings)
    {
        Assert.Equal("dark", settings["theme"]);
        Assert.Equal(14, settings["fontSize"]);
        Assert.Equal(0.5, settings["ratio"]);
        Assert.Equal(true, settings["beta"]);
        Assert.True(settings.ContainsKey("none"));
        Assert.Null(settings["none"]);
        Assert.Equal("nb", Assert.IsType<Dictionary<string, object?>>(settings["nested"])["lang"]);
        Assert.Equal([1, "two"], Assert.IsType<object?[]>(settings["list"]));
    }
}
