using System.Diagnostics;

namespace Saas.Testing.Processes;

/// <summary>
/// What a built service is started with outside the AppHost: <c>dotnet Saas.X.dll</c> from its build output, in
/// Production, on one URL, with the settings every deployment gives it (the internal API key, the dev mailbox, the
/// signing-key encryption secret), then the caller's settings on top.
/// </summary>
public static class ServiceLaunch
{
    /// <summary><c>dotnet &lt;dll&gt;</c> (the host running the tests when it says which), working in the dll's folder.</summary>
    public static ProcessStartInfo Dotnet(string dll, IEnumerable<string>? arguments = null)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build first (./saas build)", dll);
        }

        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments ?? [])
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    /// <summary>A service or the gateway (<paramref name="dll"/>) serving <paramref name="url"/>, configured as described above.</summary>
    public static ProcessStartInfo Service(string dll, string url, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var info = Dotnet(dll);
        info.Environment["ASPNETCORE_URLS"] = url;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in InternalApiKey.Environment.Concat(DevMailboxSetting.Environment)
                     .Concat(SigningKeyEncryption.Environment).Concat(environment))
        {
            info.Environment[key] = value;
        }

        return info;
    }
}
