namespace Saas.AppHost.Logs;

/// <summary>
/// Everything a resource prints: kept in a ring for the dashboard, appended to <c>&lt;data&gt;/logs/&lt;name&gt;.log</c>,
/// and echoed to the AppHost's console as <c>[name] …</c> when it is a warning or error (or always, when verbose).
/// </summary>
public sealed class ResourceLog : IDisposable
{
    private readonly string _name;
    private readonly bool _verbose;
    private readonly StreamWriter _file;
    private readonly EchoFilter _stdout = new();
    private readonly EchoFilter _stderr = new();
    private readonly Lock _sync = new();
    private bool _disposed;

    public ResourceLog(string name, string logDirectory, bool verbose)
    {
        (_name, _verbose) = (name, verbose);
        Directory.CreateDirectory(logDirectory);
        FilePath = Path.Combine(logDirectory, name + ".log");
        _file = new StreamWriter(new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public string FilePath { get; }

    public LogRing Lines { get; } = new();

    /// <summary>
    /// Stops echoing to the console (the file and ring still get everything): after a failed start, the other
    /// processes' complaints about being stopped mid-start would bury the one report that matters.
    /// </summary>
    public bool Muted { get; set; }

    public void Write(string text, bool isError = false)
    {
        var line = new LogLine(DateTimeOffset.UtcNow, text, isError);
        Lines.Add(line);
        bool echo;
        lock (_sync)
        {
            if (!_disposed)
            {
                _file.WriteLine($"{line.Timestamp:O} {(isError ? "ERR" : "OUT")} {text}");
            }

            echo = (isError ? _stderr : _stdout).ShouldEcho(text, isError) || _verbose;
        }

        if (echo && !Muted)
        {
            (isError ? Console.Error : Console.Out).WriteLine($"[{_name}] {text}");
        }
    }

    /// <summary>A note from the AppHost about this resource (start, exit, restart), kept with its output.</summary>
    public void Note(string text) => Write("[apphost] " + text);

    /// <summary>A note the operator should see at once (a crash, a restart).</summary>
    public void Alert(string text)
    {
        Note(text);
        if (!Muted)
        {
            Console.Error.WriteLine($"[{_name}] {text}");
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _disposed = true;
            _file.Dispose();
        }
    }
}
