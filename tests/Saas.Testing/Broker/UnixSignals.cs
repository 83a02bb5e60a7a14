using System.Runtime.InteropServices;

namespace Saas.Testing.Broker;

/// <summary>
/// Sends POSIX signals. <see cref="System.Diagnostics.Process.Kill()"/> only sends SIGKILL on Linux, which gives a
/// service no chance to drain requests or flush its store, so a graceful stop needs SIGTERM from libc.
/// </summary>
public static class UnixSignals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process is gone.</summary>
    public static bool Send(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    public static bool Terminate(int pid) => Send(pid, SigTerm);

    // DllImport rather than LibraryImport: the generated stub would need unsafe code for no gain on this signature.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
