namespace Saas.Contracts;

/// <summary>
/// What every integration event carries. A message's namespace and type name are its wire identity:
/// never move or rename an event; add optional members, or publish a new <c>…V2</c> type.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>Unique per event; consumers use it to ignore a redelivery.</summary>
    Guid EventId { get; }

    /// <summary>When the fact happened at its producer.</summary>
    DateTimeOffset OccurredAt { get; }
}
