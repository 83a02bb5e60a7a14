using Saas.Testing;

namespace Saas.SystemTests;

/// <summary>One running AppHost, shared by the tests of a class or collection (starting one takes seconds).</summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    private AppHostProcess? _host;

    public AppHostProcess Host => _host ?? throw new InvalidOperationException("the AppHost has not been started");

    public async Task InitializeAsync() => _host = await AppHostProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>The tests that share one AppHost and leave it running.</summary>
[CollectionDefinition(Name)]
public sealed class RunningSystemCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "running system";
}
