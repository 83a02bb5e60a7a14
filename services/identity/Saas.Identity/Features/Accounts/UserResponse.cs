using System.Text.Json.Serialization;
using Saas.Contracts.Billing;

namespace Saas.Identity.Features.Accounts;

/// <summary>saasbackend's user object: <c>_id</c> and the public fields, never a hash or a token.</summary>
public sealed record UserResponse(
    [property: JsonPropertyName("_id")] string Id,
    string Email,
    string? Name,
    string SubscriptionStatus,
    string? StripeCustomerId,
    string? StripeSubscriptionId,
    IReadOnlyDictionary<string, object?> Settings,
    bool EmailVerified,
    IReadOnlyList<string> Roles,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Seed 001's three states (active, suspended, cancelled), from the status billing last told identity.</summary>
    public string SubscriptionState => SubscriptionStates.FromStatus(SubscriptionStatus);

    public static UserResponse From(User user) => new(
        user.Id, user.Email, user.Name, user.SubscriptionStatus, user.StripeCustomerId, user.StripeSubscriptionId,
        user.Settings, user.EmailVerified, user.Roles, user.CreatedAt, user.UpdatedAt);
}

/// <summary>What register and login answer.</summary>
public sealed record AuthResponse(string Token, string RefreshToken, UserResponse User);

/// <summary>A message alone, or with the updated user.</summary>
public sealed record MessageResponse(string Message);

public sealed record UserMessageResponse(string Message, UserResponse User);
