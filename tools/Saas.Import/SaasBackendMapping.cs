using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MongoDB.Bson;
using Saas.Admin.Features.Settings;
using Saas.Billing.Features.Subscriptions;
using Saas.Identity.Features.Accounts;
using Saas.Identity.Features.Activity;
using Saas.Identity.Features.Notifications;
using Saas.Webhooks.Features.EventLog;
using static Saas.Import.Source.SaasBackendCollections;

namespace Saas.Import;

/// <summary>
/// saasbackend's documents (seed 000's Mongoose models) as ours. Ids are kept: a user's id here is its saasbackend
/// <c>_id</c>, so everything that points at it (notifications, activity, old access tokens' <c>userId</c>) still does.
/// </summary>
internal static class SaasBackendMapping
{
    /// <summary>Marks what came from saasbackend (event source, subscription origin) for support.</summary>
    public const string Origin = "saasbackend";

    private static readonly HashSet<string> UserStatuses =
        ["none", "active", "cancelled", "past_due", "incomplete", "incomplete_expired", "trialing", "unpaid", "paused"];

    public static User ToUser(BsonDocument d, DateTimeOffset now)
    {
        var status = d.String("subscriptionStatus")?.Trim().ToLowerInvariant();
        return new User
        {
            Id = IdOf(d),
            Email = Emails.Normalize(d.String("email") ?? ""),
            Name = d.String("name"),
            // bcrypt as saasbackend wrote it: identity verifies it and replaces it at the first right password.
            PasswordHash = d.String("passwordHash") ?? "",
            // saasbackend never verified addresses; its users have been signing in with theirs.
            EmailVerified = true,
            SubscriptionStatus = status == "canceled" ? "cancelled" : status is not null && UserStatuses.Contains(status) ? status : "none",
            StripeCustomerId = d.String("stripeCustomerId"),
            StripeSubscriptionId = d.String("stripeSubscriptionId"),
            Settings = d.Object("settings"),
            CreatedAt = d.Date("createdAt") ?? now,
            UpdatedAt = d.Date("updatedAt") ?? d.Date("createdAt") ?? now,
        };
    }

    /// <summary>Billing's record of a user who has a Stripe customer or subscription; null for one who never paid.</summary>
    public static BillingCustomer? ToCustomer(User user)
    {
        if (user.StripeCustomerId is null && user.StripeSubscriptionId is null)
        {
            return null;
        }

        var subscriber = SubscriberId.ForUser(user.Id);
        var status = SubscriptionStatuses.Parse(user.SubscriptionStatus);
        var customer = new BillingCustomer
        {
            Id = subscriber.Key,
            SubscriberKind = subscriber.Kind,
            SubscriberId = subscriber.Id,
            StripeCustomerId = user.StripeCustomerId,
            Email = user.Email,
            TrialClaimed = status == SubscriptionStatuses.Trialing,
            CreatedAt = user.CreatedAt,
            UpdatedAt = user.UpdatedAt,
        };
        if (user.StripeSubscriptionId is { } subscriptionId && status is not null && status != SubscriptionStatuses.None)
        {
            // Stamped with saasbackend's last update: any real Stripe event after the switch is newer and wins.
            customer.Stripe = new StripeSubscriptionState
            {
                SubscriptionId = subscriptionId,
                Status = status,
                AppliedAt = user.UpdatedAt,
                AppliedFrom = Origin,
            };
            if (SubscriptionStatuses.IsTerminal(status))
            {
                customer.EndedSubscriptions.Add(subscriptionId);
            }
        }

        return customer;
    }

    public static GlobalSetting ToSetting(BsonDocument d, DateTimeOffset now) => new()
    {
        Id = IdOf(d),
        Key = d.String("key") ?? "",
        Value = d.TryGetValue("value", out var value) ? Bson.Plain(value) : null,
        Type = d.String("type") ?? "string",
        IsPublic = d.Bool("isPublic"),
        Description = d.String("description"),
        CreatedAt = d.Date("createdAt") ?? now,
        UpdatedAt = d.Date("updatedAt") ?? d.Date("createdAt") ?? now,
    };

    /// <summary>
    /// A stored event as history. saasbackend kept <c>data</c> (the object) but not the signed body, so the payload is
    /// rebuilt in Stripe's event shape from what it kept: a replay by staff reads the same object saasbackend did.
    /// Nothing is scheduled (no next attempt): imported events are history, not work.
    /// </summary>
    public static StripeEventDocument ToEvent(BsonDocument d, DateTimeOffset now)
    {
        var stripeId = d.String("stripeEventId") ?? IdOf(d);
        var data = d.Object("data");
        var previous = d.TryGetValue("previousAttributes", out var p) && p is BsonDocument pd ? Bson.ToDictionary(pd) : null;
        var createdAt = d.Date("createdAt") ?? now;
        var stripeCreated = data.TryGetValue("created", out var c) && c is long or int
            ? DateTimeOffset.FromUnixTimeSeconds(Convert.ToInt64(c, System.Globalization.CultureInfo.InvariantCulture))
            : createdAt;
        var customer = data.GetValueOrDefault("customer") as string ?? (data.GetValueOrDefault("object") as string == "customer" ? data.GetValueOrDefault("id") as string : null);
        var type = d.String("eventType") ?? "";
        var status = d.String("status") is { } s && EventStatus.All.Contains(s) ? s : EventStatus.Received;
        var payload = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = stripeId,
            ["object"] = "event",
            ["type"] = type,
            ["created"] = stripeCreated.ToUnixTimeSeconds(),
            ["livemode"] = data.GetValueOrDefault("livemode") is true,
            ["data"] = previous is null
                ? new Dictionary<string, object?> { ["object"] = data }
                : new Dictionary<string, object?> { ["object"] = data, ["previous_attributes"] = previous },
        });
        return new StripeEventDocument
        {
            Id = IdOf(d),
            StripeEventId = stripeId,
            EventType = type,
            Data = data,
            PreviousAttributes = previous,
            Status = status,
            RetryCount = d.Int("retryCount"),
            ProcessingErrors = d.TryGetValue("processingErrors", out var errors) && errors is BsonArray list
                ? [.. list.Select(ErrorText)]
                : [],
            ProcessedAt = d.Date("processedAt"),
            CreatedAt = createdAt,
            Payload = payload,
            PayloadSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload))),
            Livemode = data.GetValueOrDefault("livemode") is true,
            StripeCreated = stripeCreated,
            CustomerId = customer,
            OrderingKey = customer ?? stripeId,
            Source = Origin,
            UpdatedAt = d.Date("processedAt") ?? createdAt,
        };
    }

    public static Notification ToNotification(BsonDocument d, DateTimeOffset now) => new()
    {
        Id = IdOf(d),
        UserId = d.String("userId") ?? "",
        Type = d.String("type") ?? "info",
        Title = d.String("title") ?? "",
        Message = d.String("message") ?? "",
        Read = d.Bool("read"),
        CreatedAt = d.Date("createdAt") ?? now,
    };

    public static ActivityEntry ToActivity(BsonDocument d, DateTimeOffset now) => new()
    {
        Id = IdOf(d),
        UserId = d.String("userId") ?? "",
        Action = d.String("action") ?? "",
        Details = d.Object("details"),
        CreatedAt = d.Date("createdAt") ?? now,
    };

    // saasbackend pushes either plain messages or { message, timestamp } objects.
    private static string ErrorText(BsonValue error) => error switch
    {
        BsonString s => s.Value,
        BsonDocument doc when doc.String("message") is { } message =>
            doc.Date("timestamp") is { } at ? $"{at:O} {message}" : message,
        _ => error.ToJson(),
    };
}
