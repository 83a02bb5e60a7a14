namespace Saas.Contracts.Identity;

/// <summary>A user account was created.</summary>
public sealed record UserRegistered : IIntegrationEvent
{
    /// <inheritdoc />
    public required Guid EventId { get; init; }

    /// <inheritdoc />
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The new user's id.</summary>
    public required string UserId { get; init; }

    /// <summary>The e-mail address, lowercased and trimmed.</summary>
    public required string Email { get; init; }

    /// <summary>The display name, when given.</summary>
    public string? Name { get; init; }
}
