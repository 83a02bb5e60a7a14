namespace Saas.Storage.Tests;

public enum Tier
{
    Bronze,
    Gold,
    Silver,
}

public sealed class Customer : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public string Email { get; set; } = "";
    public string Name { get; set; } = "";
    public int Age { get; set; }
    public decimal Balance { get; set; }
    public bool Active { get; set; }
    public Tier Tier { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTime LastSeenUtc { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public Address? Address { get; set; }
    public List<string> Tags { get; set; } = [];
    public List<Address> PastAddresses { get; set; } = [];
    public Dictionary<string, object?> Settings { get; set; } = [];
}

public sealed class Address
{
    public string City { get; set; } = "";
    public string? Zip { get; set; }
}

public sealed class UsageCounter : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public long Count { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
}
