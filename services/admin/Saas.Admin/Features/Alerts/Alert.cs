namespace Saas.Admin.Features.Alerts;

/// <summary>The rules an alert can come from (stable names: they appear in POSTs and the API).</summary>
public static class AlertRules
{
    public const string RetriesExhausted = "webhook.retries_exhausted";
    public const string Backlog = "webhook.backlog";
    public const string ApiVersionDrift = "webhook.api_version_drift";
    public const string ServiceDown = "service.down";
    public const string BrokerDown = "broker.down";
    public const string ErrorQueue = "messaging.error_queue";
}

/// <summary>A condition found true by one evaluation. <see cref="Key"/> tells apart two alerts of one rule (one per service).</summary>
public sealed record AlertCondition(string Key, string Rule, string Message, string Link);

/// <summary>An alert firing now, since <see cref="Since"/> (when it was first found true, without a gap).</summary>
public sealed record ActiveAlert(string Key, string Rule, string Message, string Link, DateTimeOffset Since);

/// <summary>What is POSTed to <c>Alerts:WebhookUrl</c> when an alert starts (<c>firing</c>) or ends (<c>resolved</c>).</summary>
public sealed record AlertNotification(
    string Id, string State, string Key, string Rule, string Message, string Link, DateTimeOffset Since, DateTimeOffset? EndedAt);
