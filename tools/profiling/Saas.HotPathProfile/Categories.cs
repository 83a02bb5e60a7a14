namespace Saas.HotPathProfile;

/// <summary>Which part of the gateway's or identity's hot path a stack belongs to: the innermost frame that names one.</summary>
internal static class Categories
{
    public const string Spinning = "thread pool workers spinning before they sleep";

    // Order matters only for frames that match two prefixes; the innermost matching frame wins.
    private static readonly (string Prefix, string Name)[] Known =
    [
        // Login: PBKDF2 runs in the same crypto library as RSA, so its own frames are named before the generic ones.
        ("Interop+Crypto.Pbkdf2", "password hashing (PBKDF2)"),
        ("System.Security.Cryptography.Pbkdf2", "password hashing (PBKDF2)"),
        ("System.Security.Cryptography.Rfc2898DeriveBytes", "password hashing (PBKDF2)"),
        ("Microsoft.AspNetCore.Identity", "password hashing (PBKDF2)"),
        ("Saas.Identity.Features.Accounts.Passwords", "password hashing (PBKDF2)"),
        ("Saas.Identity.Features.Accounts.PasswordGuessThrottle", "login throttle"),
        ("Saas.Identity.Features.Tokens", "token signing (ours: key ring, claims)"),
        ("Saas.Identity.Features.Activity", "activity log"),
        ("Saas.ServiceDefaults.Authentication", "JWT validation (ours: key cache, events)"),
        ("Microsoft.IdentityModel", "JWT (IdentityModel: validate at /me, create at login)"),
        ("System.IdentityModel", "JWT (IdentityModel: validate at /me, create at login)"),
        ("System.Security.Cryptography", "RSA (verify at /me, sign at login)"),
        ("Interop+Crypto", "RSA (verify at /me, sign at login)"),
        ("Microsoft.AspNetCore.Authentication", "authentication middleware"),
        ("Microsoft.AspNetCore.Authorization", "authorization middleware"),
        ("Saas.Identity.Features.Sessions", "session check (store)"),
        ("Saas.Storage", "document store"),
        ("Microsoft.Data.Sqlite", "document store"),
        ("SQLitePCL", "document store"),
        ("System.Text.Json", "JSON"),
        ("Microsoft.AspNetCore.Http.Json", "JSON"),
        ("Microsoft.Extensions.Logging", "logging"),
        ("OpenTelemetry.Logs", "logging"),
        ("OpenTelemetry.Instrumentation", "OpenTelemetry instrumentation"),
        ("OpenTelemetry", "OpenTelemetry SDK"),
        ("System.Diagnostics.Metrics", "metrics (System.Diagnostics.Metrics)"),
        ("System.Diagnostics.Activity", "tracing (Activity)"),
        ("System.Diagnostics.DiagnosticListener", "tracing (DiagnosticListener)"),
        ("System.Diagnostics.DistributedContextPropagator", "tracing (Activity)"),
        ("System.Diagnostics.LegacyPropagator", "tracing (Activity)"),
        ("Microsoft.AspNetCore.Hosting.HostingApplicationDiagnostics", "hosting diagnostics (activity, metrics, log)"),
        ("System.Threading.RateLimiting", "rate limiting"),
        ("Microsoft.AspNetCore.RateLimiting", "rate limiting"),
        ("Saas.Gateway.RateLimiting", "rate limiting"),
        ("Microsoft.AspNetCore.Cors", "CORS"),
        ("Saas.Gateway.Cors", "CORS"),
        ("Saas.ServiceDefaults.Correlation", "request ids"),
        ("Saas.Gateway.SecurityHeaders", "security headers"),
        ("Saas.Gateway.InternalPaths", "internal path blocking"),
        ("Saas.Gateway.RequestLimits", "request body limit"),
        ("Microsoft.AspNetCore.HttpOverrides", "forwarded headers"),
        ("Microsoft.AspNetCore.Diagnostics", "exception handler / status pages"),
        ("Microsoft.AspNetCore.Routing", "routing"),
        ("Yarp.ReverseProxy", "YARP forwarding (ours to the service)"),
        ("System.Net.Http", "HttpClient to the service (YARP)"),
        ("Microsoft.Extensions.Http", "HttpClient to the service (YARP)"),
        ("Saas.Billing", "endpoint (billing)"),
        ("Saas.Identity", "endpoint (identity)"),
        ("Microsoft.AspNetCore.Http.RequestDelegateFactory", "endpoint (minimal API binding/results)"),
        ("Microsoft.AspNetCore.Http.HttpResults", "endpoint (minimal API binding/results)"),
        ("Microsoft.AspNetCore.Server.Kestrel", "Kestrel (HTTP/1.1 server)"),
        ("System.IO.Pipelines", "Kestrel (HTTP/1.1 server)"),
        ("System.Net.Sockets", "sockets (in and out)"),
        ("Interop+Sys", "sockets (in and out)"),
    ];

    // Only when nothing more specific is on the stack.
    private static readonly (string Prefix, string Name)[] Generic =
    [
        ("System.Threading", "thread pool / async machinery"),
        ("System.Runtime.CompilerServices", "thread pool / async machinery"),
    ];

    private static readonly string[] Waits =
    [
        "LowLevelLifoSemaphore.WaitForSignal", "LowLevelLifoSemaphore.WaitNative", "Monitor.Wait", "WaitHandle.WaitOne",
        "WaitForSocketEvents", "Thread.Sleep", "FileSystemWatcher", "WaitHandle.WaitMultiple", "Thread.Join",
        "LowLevelMonitor.Wait", "ManualResetEventSlim.Wait", "SemaphoreSlim.Wait(",
    ];

    /// <summary>Leaf frames that are a thread parked in the kernel (epoll) rather than working.</summary>
    private static readonly string[] ParkedLeaves = ["System.Net.Sockets.SocketAsyncEngine.EventLoop()"];

    /// <summary>The sample profiler samples every thread; a thread parked in a wait is not spending CPU.</summary>
    public static bool IsWaiting(List<string> leafFirst) =>
        leafFirst.Count == 0 ||
        leafFirst.Take(4).Any(frame => Waits.Any(w => frame.Contains(w, StringComparison.Ordinal))) ||
        ParkedLeaves.Contains(leafFirst.FirstOrDefault(f => f.Length > 0));

    public static bool IsSpinning(List<string> leafFirst) => Of(leafFirst) == Spinning;

    public static string Of(List<string> leafFirst)
    {
        var managed = leafFirst.Where(f => f.Length > 0).ToList();
        if (managed.Count > 0 && managed[0].Contains("PollGC", StringComparison.Ordinal))
        {
            return "GC (allocating thread collects gen0)";
        }

        if (managed.Count > 0 && (managed[0].EndsWith("WorkerThreadStart()", StringComparison.Ordinal) ||
                                  managed[0].StartsWith("System.Threading.LowLevelLifoSemaphore.Wait(", StringComparison.Ordinal)))
        {
            return Spinning;
        }

        return Match(leafFirst, Known) ?? Match(leafFirst, Generic) ??
               (managed.Count == 0 ? "native / runtime (GC, JIT, no managed frame)" : "other");
    }

    private static string? Match(List<string> leafFirst, (string Prefix, string Name)[] known)
    {
        foreach (var frame in leafFirst)
        {
            foreach (var (prefix, name) in known)
            {
                if (frame.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return name;
                }
            }
        }

        return null;
    }
}
