using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using Saas.Storage.Internal;
using Saas.Storage.MongoDb;

namespace Saas.Storage.Tests;

/// <summary>The MongoDB adapter's serialization and query translation, checked without a server.</summary>
public sealed class MongoMappingTests
{
    public MongoMappingTests() => MongoMapping.EnsureRegistered();

    [Fact]
    public void Serialize_WhenDocumentHasEveryKindOfValue_ShouldWritePlainCamelCaseBson()
    {
        var customer = new Customer
        {
            Id = "65a1b2c3d4e5f60718293a4b",
            Email = "a@x.io",
            Tier = Tier.Gold,
            Balance = 12.5m,
            CreatedAt = new DateTimeOffset(2024, 5, 6, 7, 8, 9, 123, TimeSpan.FromHours(2)),
            Settings = new() { ["nested"] = new Dictionary<string, object?> { ["n"] = 1.5m }, ["list"] = new List<object?> { 1 } },
        };

        var bson = customer.ToBsonDocument();

        Assert.Equal(BsonType.String, bson["_id"].BsonType);
        Assert.Equal("a@x.io", bson["email"].AsString);
        Assert.Equal("Gold", bson["tier"].AsString);
        Assert.Equal(BsonType.Decimal128, bson["balance"].BsonType);
        Assert.Equal(new DateTime(2024, 5, 6, 5, 8, 9, 123, DateTimeKind.Utc), bson["createdAt"].ToUniversalTime());
        Assert.Equal(BsonDocument.Parse("""{ nested: { n: NumberDecimal("1.5") }, list: [1] }"""), bson["settings"]);
    }

    [Fact]
    public void Deserialize_WhenDocumentHasUnknownFieldsAndPlainSettings_ShouldReadThem()
    {
        var bson = BsonDocument.Parse("""
            { _id: "x", version: NumberLong(3), legacyField: 1, createdAt: ISODate("2024-01-02T03:04:05.678Z"),
              settings: { theme: "dark", nested: { a: [1, "b"] }, when: ISODate("2024-01-01T00:00:00Z") } }
            """);

        var customer = BsonSerializer.Deserialize<Customer>(bson);

        Assert.Equal(("x", 3L), (customer.Id, customer.Version));
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), customer.CreatedAt);
        Assert.Equal("dark", customer.Settings["theme"]);
        var nested = Assert.IsType<Dictionary<string, object?>>(customer.Settings["nested"]);
        Assert.Equal([1, "b"], Assert.IsType<object?[]>(nested["a"]));
        Assert.Equal(DateTimeKind.Utc, Assert.IsType<DateTime>(customer.Settings["when"]).Kind);
    }

    [Fact]
    public void Render_WhenFilterUsesExpiryAndContains_ShouldUseDatesAndRegex()
    {
        var now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var filter = new ExpiryField<Customer>(x => x.ExpiresAt).Visible(x => x.Email.Contains("ali"), now);

        var rendered = Render(filter);

        var expected = """
            { $and: [
                { email: { $regularExpression: { pattern: "ali", options: "s" } } },
                { $or: [{ expiresAt: null }, { expiresAt: { $gt: ISODate("2025-01-01T12:00:00Z") } }] } ] }
            """;
        Assert.Equal(BsonDocument.Parse(expected), rendered);
    }

    [Fact]
    public void Render_WhenFilterComparesEnumAndNestedMember_ShouldUseNamesAndDottedPaths()
    {
        var rendered = Render(x => x.Tier == Tier.Silver && x.Address!.City == "Oslo");

        Assert.Equal(BsonDocument.Parse("""{ tier: "Silver", "address.city": "Oslo" }"""), rendered);
    }

    [Fact]
    public void Render_WhenSortingIncrementingAndIndexing_ShouldUseStoredFieldNames()
    {
        var sort = MongoDbCollection<Customer>.Sort([new(x => x.Tier), new(x => x.CreatedAt, Descending: true)]);
        var increment = MongoDbCollection<UsageCounter>.Increment(x => x.Count, 5);
        var keys = MongoDbCollection<Customer>.IndexKeys((System.Linq.Expressions.Expression<Func<Customer, string>>)(x => x.Address!.City));

        Assert.Equal(BsonDocument.Parse("{ tier: 1, createdAt: -1 }"), sort.Render(Args<Customer>()));
        Assert.Equal(BsonDocument.Parse("{ $inc: { count: NumberLong(5), version: NumberLong(1) } }"), increment.Render(Args<UsageCounter>()));
        Assert.Equal(BsonDocument.Parse("{ 'address.city': 1 }"), keys.Render(Args<Customer>()));
    }

    private static RenderArgs<T> Args<T>() => new(BsonSerializer.LookupSerializer<T>(), BsonSerializer.SerializerRegistry);

    private static BsonDocument Render(FilterDefinition<Customer> filter) =>
        filter.Render(Args<Customer>());

    private static BsonDocument Render(System.Linq.Expressions.Expression<Func<Customer, bool>> filter) =>
        Render((FilterDefinition<Customer>)filter);
}
