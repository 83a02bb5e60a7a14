using System.Diagnostics;

namespace Saas.Testing.Broker;

/// <summary>
/// Starts children in a session of their own (util-linux <c>setsid</c>, which execs in place, so the pid is the
/// program's). Ctrl+C in a terminal signals the whole foreground process group; without this every service and the
/// broker would get it at once, and the AppHost could not stop them in order — gateway first, broker last.
/// </summary>
public static class Session
{
    private const string SetSid = "/usr/bin/setsid";

    public static ProcessStartInfo Detach(ProcessStartInfo start)
    {
        if (File.Exists(SetSid))
        {
            start.ArgumentList.Insert(0, start.FileName);
            start.FileName = SetSid;
        }

        return start;
    }
}
