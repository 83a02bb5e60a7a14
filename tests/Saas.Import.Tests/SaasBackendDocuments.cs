using MongoDB.Bson;
using Saas.Import.Source;

namespace Saas.Import.Tests;

/// <summary>
/// Documents in the shapes saasbackend's Mongoose models store (seed 000): ObjectId <c>_id</c>s and references, BSON
/// dates, bcryptjs hashes, Mixed objects, <c>__v</c>.
/// </summary>
internal static class SaasBackendDocuments
{
    public const string Password = "password123";

    // bcryptjs at cost 4 (saasbackend uses 10; the cost is inside the hash and verification reads it from there).
    public static readonly string PasswordHash = BCrypt.Net.BCrypt.HashPassword(Password, workFactor: 4);

    public static readonly DateTime Created = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static BsonDocument User(ObjectId id, string email, string status = "none", string? customer = null, string? subscription = null)
    {
        var user = new BsonDocument
        {
            ["_id"] = id,
            ["email"] = email,
            ["passwordHash"] = PasswordHash,
            ["name"] = "John Doe",
            ["subscriptionStatus"] = status,
            ["settings"] = new BsonDocument { ["theme"] = "dark", ["notifications"] = true, ["limits"] = new BsonDocument("seats", 3) },
            ["passwordResetToken"] = BsonNull.Value,
            ["createdAt"] = Created,
            ["updatedAt"] = Created.AddDays(30),
            ["__v"] = 0,
        };
        if (customer is not null)
        {
            user["stripeCustomerId"] = customer;
        }

        if (subscription is not null)
        {
            user["stripeSubscriptionId"] = subscription;
        }

        return user;
    }

    public static BsonDocument Setting(ObjectId id, string key, BsonValue value, string type, bool isPublic) => new()
    {
        ["_id"] = id, ["key"] = key, ["value"] = value, ["type"] = type, ["isPublic"] = isPublic,
        ["description"] = $"{key} setting", ["createdAt"] = Created, ["updatedAt"] = Created, ["__v"] = 0,
    };

    public static BsonDocument WebhookEvent(ObjectId id, string stripeEventId, string type, string status, string customer) => new()
    {
        ["_id"] = id,
        ["stripeEventId"] = stripeEventId,
        ["eventType"] = type,
        ["data"] = new BsonDocument
        {
            ["id"] = "sub_1Old", ["object"] = "subscription", ["customer"] = customer, ["status"] = "active",
            ["created"] = 1704067200L, ["livemode"] = false,
        },
        ["previousAttributes"] = new BsonDocument("status", "incomplete"),
        ["status"] = status,
        ["retryCount"] = status == "failed" ? 3 : 0,
        ["processingErrors"] = status == "failed"
            ? new BsonArray { new BsonDocument { ["message"] = "User not found", ["timestamp"] = Created } }
            : new BsonArray(),
        ["processedAt"] = status == "processed" ? Created.AddSeconds(1) : BsonNull.Value,
        ["createdAt"] = Created,
        ["updatedAt"] = Created,
        ["__v"] = 0,
    };

    public static BsonDocument Notification(ObjectId id, ObjectId userId, string title) => new()
    {
        ["_id"] = id, ["userId"] = userId, ["type"] = "info", ["title"] = title, ["message"] = "Thanks for signing up",
        ["read"] = false, ["createdAt"] = Created, ["__v"] = 0,
    };

    public static BsonDocument Activity(ObjectId id, ObjectId userId, string action) => new()
    {
        ["_id"] = id, ["userId"] = userId, ["action"] = action, ["details"] = new BsonDocument("field", "name"),
        ["createdAt"] = Created, ["__v"] = 0,
    };

    /// <summary>A small deployment: two users (one paying), settings, webhook history, notifications and activity.</summary>
    public static Deployment Sample()
    {
        var alice = ObjectId.Parse("65a000000000000000000001");
        var bob = ObjectId.Parse("65a000000000000000000002");
        var source = new InMemorySaasBackendSource()
            .Add(SaasBackendCollections.Users,
                User(alice, "alice@example.com", "active", "cus_Alice", "sub_Alice"),
                User(bob, "Bob@Example.com"))
            .Add(SaasBackendCollections.GlobalSettings,
                Setting(ObjectId.Parse("65b000000000000000000001"), "maintenance_mode", false, "boolean", true),
                Setting(ObjectId.Parse("65b000000000000000000002"), "support_email", "help@example.com", "string", false))
            .Add(SaasBackendCollections.StripeWebhookEvents,
                WebhookEvent(ObjectId.Parse("65c000000000000000000001"), "evt_1Created", "customer.subscription.created", "processed", "cus_Alice"),
                WebhookEvent(ObjectId.Parse("65c000000000000000000002"), "evt_1Failed", "invoice.payment_failed", "failed", "cus_Alice"))
            .Add(SaasBackendCollections.Notifications,
                Notification(ObjectId.Parse("65d000000000000000000001"), alice, "Welcome!"),
                Notification(ObjectId.Parse("65d000000000000000000002"), ObjectId.Parse("65a0000000000000000000ff"), "Nobody's"))
            .Add(SaasBackendCollections.ActivityLogs,
                Activity(ObjectId.Parse("65e000000000000000000001"), alice, "login"),
                Activity(ObjectId.Parse("65e000000000000000000002"), bob, "profile_updated"));
        return new Deployment(source, alice.ToString(), bob.ToString());
    }

    public sealed record Deployment(InMemorySaasBackendSource Source, string AliceId, string BobId);
}
