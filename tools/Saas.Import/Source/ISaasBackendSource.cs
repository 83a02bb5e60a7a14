using MongoDB.Bson;

namespace Saas.Import.Source;

/// <summary>
/// Where saasbackend's documents come from: its MongoDB database, a folder of <c>mongoexport</c> files, or (tests)
/// documents in memory. Documents come as BSON exactly as saasbackend's Mongoose models stored them.
/// </summary>
public interface ISaasBackendSource
{
    /// <summary>
    /// The documents of <paramref name="collection"/> in ascending <c>_id</c> order, starting after
    /// <paramref name="afterId"/> (all when null): the order the checkpoints rely on. A missing collection is empty.
    /// </summary>
    IAsyncEnumerable<BsonDocument> ReadAsync(string collection, string? afterId, CancellationToken cancellationToken);
}

/// <summary>saasbackend's collection names: Mongoose's lower-cased plural of each model name.</summary>
public static class SaasBackendCollections
{
    public const string Users = "users";
    public const string GlobalSettings = "globalsettings";
    public const string StripeWebhookEvents = "stripewebhookevents";
    public const string Notifications = "notifications";
    public const string ActivityLogs = "activitylogs";

    /// <summary>In import order: users first, so notifications and activity can tell whose they are.</summary>
    public static readonly IReadOnlyList<string> All = [Users, GlobalSettings, StripeWebhookEvents, Notifications, ActivityLogs];

    /// <summary>A document's <c>_id</c> as the string our stores key it by (an ObjectId as its 24 hex digits).</summary>
    public static string IdOf(BsonDocument document) => document.GetValue("_id", BsonNull.Value) switch
    {
        BsonObjectId id => id.Value.ToString(),
        BsonString s => s.Value,
        BsonNull => throw new InvalidDataException("a document without _id"),
        var other => other.ToString()!,
    };
}
