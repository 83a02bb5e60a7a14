namespace Saas.ServiceDefaults;

/// <summary>
/// Names of the system's resources, shared by AppHost (which wires them) and the services
/// (which read <c>services__{name}__http__0</c> and <c>ConnectionStrings__{name}</c>).
/// </summary>
public static class ResourceNames
{
    /// <summary>Accounts, tokens, profile, settings, organizations, notifications, activity.</summary>
    public const string Identity = "identity";

    /// <summary>Plans, Stripe checkout and portal, subscriptions, usage and limits.</summary>
    public const string Billing = "billing";

    /// <summary>Staff API and admin console.</summary>
    public const string Admin = "admin";

    /// <summary>Stripe webhook intake, event log, processing and replay.</summary>
    public const string Webhooks = "webhooks";

    /// <summary>The YARP gateway, the only public entry point.</summary>
    public const string Gateway = "gateway";

    /// <summary>RabbitMQ; its connection string is <c>ConnectionStrings__messaging</c>.</summary>
    public const string Messaging = "messaging";

    /// <summary>MongoDB; its connection string is <c>ConnectionStrings__mongodb</c>.</summary>
    public const string MongoDb = "mongodb";

    /// <summary>The services behind the gateway, in start order.</summary>
    public static readonly IReadOnlyList<string> Services = [Identity, Billing, Admin, Webhooks];
}
