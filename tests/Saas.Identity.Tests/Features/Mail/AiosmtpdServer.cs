using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Saas.Identity.Tests.Features.Mail;

/// <summary>
/// A real SMTP server for the tests: Debian's python3-aiosmtpd, writing what it receives into a maildir.
/// Tests that need it use <see cref="SmtpFactAttribute"/>, which skips them (saying why) when it is missing.
/// </summary>
public sealed class AiosmtpdServer : IAsyncDisposable
{
    private readonly Process process;

    private AiosmtpdServer(Process process, int port, DirectoryInfo maildir)
    {
        this.process = process;
        Port = port;
        Maildir = maildir;
    }

    public int Port { get; }

    public DirectoryInfo Maildir { get; }

    /// <summary>The Python that can import aiosmtpd (Debian's, before whatever else is on PATH), or null.</summary>
    public static readonly Lazy<string?> Python = new(() =>
        new[] { "/usr/bin/python3", "python3" }.FirstOrDefault(python => Runs(python, "-c \"import aiosmtpd\"")));

    public static async Task<AiosmtpdServer> StartAsync()
    {
        var port = FreePort();
        var maildir = Directory.CreateTempSubdirectory("saas-maildir-");
        // Python's Maildir creates tmp/, new/ and cur/ only when it creates the folder itself.
        foreach (var sub in new[] { "tmp", "new", "cur" })
        {
            maildir.CreateSubdirectory(sub);
        }

        var process = Process.Start(new ProcessStartInfo(Python.Value!,
            $"-m aiosmtpd -n -l 127.0.0.1:{port} -c aiosmtpd.handlers.Mailbox {maildir.FullName}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var server = new AiosmtpdServer(process, port, maildir);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await server.AcceptsConnectionsAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"aiosmtpd did not start on port {port}: {await process.StandardError.ReadToEndAsync()}");
            }

            await Task.Delay(50);
        }

        return server;
    }

    /// <summary>Waits for a delivered message to <paramref name="to"/> with <paramref name="subject"/>.</summary>
    public async Task<MimeMessage> WaitForMessageAsync(string to, string subject, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var newMail = new DirectoryInfo(Path.Combine(Maildir.FullName, "new"));
            foreach (var file in newMail.Exists ? newMail.GetFiles() : [])
            {
                var message = await MimeMessage.LoadAsync(file.FullName);
                if (message.Subject == subject && message.To.Mailboxes.Any(m => m.Address == to))
                {
                    return message;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no mail to {to} reached the SMTP server");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Maildir.Delete(recursive: true);
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Runs(string file, string arguments)
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            probe.WaitForExit(10_000);
            return probe.HasExited && probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>A fact that needs aiosmtpd: skipped, with the reason, on a machine without it.</summary>
public sealed class SmtpFactAttribute : FactAttribute
{
    public SmtpFactAttribute()
    {
        if (AiosmtpdServer.Python.Value is null)
        {
            Skip = "python3-aiosmtpd is not installed (Debian: apt-get install -y python3-aiosmtpd): no real SMTP server to test against";
        }
    }
}
