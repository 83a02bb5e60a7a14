using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

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

    protected ServiceApp(string service, IReadOnlyDictionary<string, string?> defaults)
    {
        DataDirectory = Directory.CreateTempSubdirectory($"saas-{service}-");
        _settings = new Dictionary<string, string?>(defaults);
    }

    /// <summary>The service's data folder (<c>Storage:DataDirectory</c>).</summary>
    public DirectoryInfo DataDirectory { get; }

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

    /// <summary>The subclass's stand-ins (test harness, fake clock, test signing keys), registered after the service's own.</summary>
    protected abstract void ConfigureTestServices(IServiceCollection services);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
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
        if (disposing && DataDirectory.Exists)
        {
            DataDirectory.Delete(recursive: true);
        }
    }
}
