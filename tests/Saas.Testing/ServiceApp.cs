using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Saas.Testing;

/// <summary>
/// One service in process for its component tests: the <c>Testing</c> environment (or another, see
/// <see cref="WithEnvironment"/>), its embedded store in a temp folder deleted on dispose, and settings a test adds with
/// <see cref="With"/>. A subclass names its defaults, its test services and its helpers; nothing else.
/// </summary>
/// <typeparam name="TEntryPoint">A type of the service's assembly (its Program, or another type where the AppHost's Program is visible too).</typeparam>
/// <typeparam name="TSelf">The subclass, so <see cref="With"/> chains keep its type.</typeparam>
public abstract class ServiceApp<TEntryPoint, TSelf> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
    where TSelf : ServiceApp<TEntryPoint, TSelf>
{
    private readonly Dictionary<string, string?> _settings;
    private string _environment = "Testing";

    /// <param name="dataDirectory">Another instance's data folder (a restart or a replica), handed over with
    /// <see cref="HandOverDataDirectory"/>; a new folder when not given.</param>
    protected ServiceApp(string service, IReadOnlyDictionary<string, string?> defaults, DirectoryInfo? dataDirectory = null)
    {
        DataDirectory = dataDirectory ?? NewDataDirectory(service);
        OwnsDataDirectory = true;
        _settings = new Dictionary<string, string?>(defaults);
    }

    /// <summary>The service's data folder (<c>Storage:DataDirectory</c>).</summary>
    public DirectoryInfo DataDirectory { get; }

    /// <summary>Whether disposing this instance deletes <see cref="DataDirectory"/>.</summary>
    protected bool OwnsDataDirectory { get; private set; }

    /// <summary>Gives the data folder to the next instance: disposing this one leaves it in place.</summary>
    protected DirectoryInfo HandOverDataDirectory()
    {
        OwnsDataDirectory = false;
        return DataDirectory;
    }

    public TSelf With(string key, string? value)
    {
        _settings[key] = value;
        return (TSelf)this;
    }

    public TSelf WithEnvironment(string name)
    {
        _environment = name;
        return (TSelf)this;
    }

    /// <summary>
    /// Starts the service expecting it to refuse, and returns why. WebApplicationFactory races a failed start: when the
    /// service disposes its host before the factory has registered for the host's start, the factory throws
    /// <see cref="ObjectDisposedException"/> instead of the service's own exception (its <c>DeferredHost.StartAsync</c>
    /// reads the disposed provider). Only that exception starts the service again, a few times; anything else is the answer,
    /// for the test to check its type and message.
    /// </summary>
    public Exception StartFailure()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                CreateClient().Dispose();
            }
            catch (ObjectDisposedException) when (attempt < 5)
            {
                continue;
            }
            catch (Exception failure)
            {
                return failure;
            }

            Assert.Fail("the service started, although a refusal was expected");
        }
    }

    /// <summary>The subclass's stand-ins (test harness, fake clock, test signing keys), registered after the service's own.</summary>
    protected abstract void ConfigureTestServices(IServiceCollection services);

    /// <summary>Runs before the service starts, with its data folder in place (e.g. to seed a document).</summary>
    protected virtual void PrepareDataDirectory()
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        PrepareDataDirectory();
        builder.UseEnvironment(_environment);
        builder.UseSetting("Storage:DataDirectory", DataDirectory.FullName);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(ConfigureTestServices);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        // The store refuses reads and writes once disposed, so nothing re-creates a file in the folder after this.
        if (disposing && OwnsDataDirectory && DataDirectory.Exists)
        {
            DataDirectory.Delete(recursive: true);
        }
    }

    // The store fsyncs every commit; on tmpfs that costs nothing, and the suites spend far less time waiting.
    private static DirectoryInfo NewDataDirectory(string service) => Directory.Exists("/dev/shm")
        ? Directory.CreateDirectory(Path.Combine("/dev/shm", $"saas-{service}-tests", Guid.NewGuid().ToString("N")))
        : Directory.CreateTempSubdirectory($"saas-{service}-");
}
