namespace Saas.AppHost.Logs;

/// <summary>
/// Decides which output lines deserve the AppHost's console: warnings and errors only, so a healthy system starts
/// quietly. Knows .NET's console logger (a <c>warn:</c>/<c>fail:</c>/<c>crit:</c> header followed by indented
/// lines), its JSON formatter and RabbitMQ's <c>[warning]</c>/<c>[error]</c>. One instance per output stream.
/// </summary>
internal sealed class EchoFilter
{
    private static readonly string[] LoudHeaders = ["warn:", "fail:", "crit:"];
    private static readonly string[] QuietHeaders = ["info:", "dbug:", "trce:"];
    private static readonly string[] LoudMarkers =
        ["\"LogLevel\":\"Warning\"", "\"LogLevel\":\"Error\"", "\"LogLevel\":\"Critical\"", "[warning]", "[error]", "Unhandled exception"];

    private bool _inLoudEntry;

    public bool ShouldEcho(string line, bool fromStandardError)
    {
        if (Array.Exists(LoudHeaders, h => line.StartsWith(h, StringComparison.Ordinal)))
        {
            return _inLoudEntry = true;
        }

        if (Array.Exists(QuietHeaders, h => line.StartsWith(h, StringComparison.Ordinal)))
        {
            return _inLoudEntry = false;
        }

        // Continuation lines of a logger entry (message, exception, stack trace) are indented.
        if (line.Length > 0 && char.IsWhiteSpace(line[0]))
        {
            return _inLoudEntry || fromStandardError;
        }

        _inLoudEntry = false;
        return fromStandardError || Array.Exists(LoudMarkers, m => line.Contains(m, StringComparison.Ordinal));
    }
}
