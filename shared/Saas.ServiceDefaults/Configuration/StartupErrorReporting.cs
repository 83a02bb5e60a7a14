using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Saas.ServiceDefaults.Configuration;

/// <summary>Runs an application so that a configuration mistake is one readable line, not a stack trace.</summary>
public static class StartupErrorReporting
{
    /// <summary>
    /// Runs the app. An invalid setting stops it with exit code 2 and one line per failing key on stderr.
    /// </summary>
    public static async Task RunWithStartupChecksAsync(this WebApplication app)
    {
        try
        {
            await app.RunAsync();
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                Console.Error.WriteLine($"{app.Environment.ApplicationName}: invalid configuration: {failure}");
            }

            Environment.ExitCode = 2;
        }
    }
}
