using System.ComponentModel.DataAnnotations;

namespace Saas.AppHost.Configuration;

/// <summary>The <c>AppHost</c> section: <c>--AppHost:GatewayPort=8081</c> or <c>AppHost__GatewayPort=8081</c>.</summary>
public sealed class AppHostOptions : IValidatableObject
{
    public const string SectionName = "AppHost";

    /// <summary>The gateway's port on localhost; 0 picks a free one (tests).</summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; } = 8080;

    /// <summary>The status API and dashboard port on 127.0.0.1; 0 picks a free one.</summary>
    [Range(0, 65535)]
    public int DashboardPort { get; set; } = 18888;

    /// <summary>
    /// The dashboard's login token (a secret). Default: a random one made at start and printed once, in the login URL on
    /// the console.
    /// </summary>
    [MinLength(16, ErrorMessage = "must be at least 16 characters")]
    public string? DashboardToken { get; set; }

    /// <summary>Embedded stores, the private broker and logs. Default: <c>&lt;RepoRoot&gt;/.data</c>.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The folder holding <c>Saas.sln</c>. Default: found by walking up from the AppHost's binaries.</summary>
    public string? RepoRoot { get; set; }

    /// <summary>Which build output to run (Debug or Release). Default: the one the AppHost was built in.</summary>
    [RegularExpression("^(Debug|Release)$", ErrorMessage = "must be Debug or Release")]
    public string? Configuration { get; set; }

    /// <summary>Echo every line the resources print, not only warnings and errors.</summary>
    public bool Verbose { get; set; }

    /// <summary>How long a service may take to answer <c>/health</c> with 200 at start.</summary>
    [Range(1, 3600)]
    public int StartTimeoutSeconds { get; set; } = 90;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(RepoRoot))
        {
            yield return new($"no folder with Saas.sln above {AppContext.BaseDirectory}; set it", [nameof(RepoRoot)]);
        }
        else if (!Directory.Exists(RepoRoot))
        {
            yield return new($"{RepoRoot} does not exist", [nameof(RepoRoot)]);
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            yield return new("must be set", [nameof(DataDirectory)]);
        }
    }
}
