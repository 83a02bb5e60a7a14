using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Saas.ServiceDefaults.Configuration;

/// <summary>Runs an application so that a configuration mistake is one readable line, not a stack trace.</summary>
public static class StartupErrorReporting
{
    /// <summary>
    /// Runs the app. An invalid setting stops it with exit code 2 and one line per failing key on stderr.
    /// Under a test server the exception propagates instead, so a test can assert on it.
    /// </summary>
    public static async Task RunWithStartupChecksAsync(this WebApplication app)
    {
        // Read before running: a host that failed to start has disposed its services.
        var name = app.Environment.ApplicationName;
        var underTest = app.Services.GetService<IServer>()?.GetType().Name == "TestServer";
        try
        {
            await app.RunAsync();
        }
        catch (OptionsValidationException ex) when (!underTest)
        {
            foreach (var failure in ex.Failures)
            {
                Console.Error.WriteLine($"{name}: invalid configuration: {failure}");
            }

            Environment.ExitCode = 2;
        }
    }
}
