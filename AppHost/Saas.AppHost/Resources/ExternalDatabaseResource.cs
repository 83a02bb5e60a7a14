using Saas.AppHost.Logs;
using Saas.ServiceDefaults;

namespace Saas.AppHost.Resources;

/// <summary>
/// The MongoDB server named by <c>ConnectionStrings__mongodb</c>: the operator runs it, the AppHost only passes it on, so it
/// is listed (without credentials) and never started or stopped.
/// </summary>
internal sealed class ExternalDatabaseResource : Resource
{
    private readonly string _connectionString;

    public ExternalDatabaseResource(string connectionString, ResourceLog log) : base(ResourceNames.MongoDb, "mongodb", log)
    {
        _connectionString = connectionString;
        SetState(ResourceState.Running);
    }

    public override string? Url => Uri.TryCreate(_connectionString, UriKind.Absolute, out var uri)
        ? $"{uri.Scheme}://{uri.Host}{(uri.IsDefaultPort ? "" : $":{uri.Port}")}{uri.AbsolutePath}"
        : "(configured)";

    public override bool IsManaged => false;

    public override string HealthDetail => "configured externally; not probed by the AppHost";

    public override Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    public override Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
