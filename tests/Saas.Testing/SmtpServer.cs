using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using Xunit;
namespace Saas.Testing;

/// <summary>
/// A real SMTP server: Debian's python3-aiosmtpd writing what it receives into a maildir, on a free port. Identity's
/// component tests and the system tests' AppHost point identity at it; tests that read mail use
/// <see cref="SmtpFactAttribute"/>, which skips them (saying why) on a machine without aiosmtpd.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private readonly Process _process;

    private SmtpServer(Process process, int port, string maildir)
    {
        _process = process;
        Port = port;
        Maildir = maildir;
    }

    public int Port { get; }

    public string Maildir { get; }

    /// <summary>The Python that can import aiosmtpd (Debian's first), or null when none can.</summary>
    public static readonly Lazy<string?> Python = new(() =>
        new[] { "/usr/bin/python3", "python3" }.FirstOrDefault(python => Runs(python, "-c \"import aiosmtpd\"")));

    /// <summary>The environment that sends identity's mail here (inherited from the AppHost).</summary>
    public IReadOnlyDictionary<string, string> IdentityEnvironment => new Dictionary<string, string>
    {
        ["Mail__Smtp__Host"] = "127.0.0.1",
        ["Mail__Smtp__Port"] = Port.ToString(),
        ["Mail__Smtp__UseTls"] = "false",
        ["Mail__Smtp__From"] = "Saas <no-reply@saas.test>",
    };

    public static async Task<SmtpServer> StartAsync()
    {
        var python = Python.Value ?? throw new InvalidOperationException("python3-aiosmtpd is not installed");
        var port = FreePort.Next();
        var maildir = Directory.CreateTempSubdirectory("saas-maildir-").FullName;
        // Python's Maildir creates tmp/, new/ and cur/ only when it creates the folder itself.
        foreach (var sub in new[] { "tmp", "new", "cur" })
        {
            Directory.CreateDirectory(Path.Combine(maildir, sub));
        }

        var process = Process.Start(new ProcessStartInfo(python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var server = new SmtpServer(process, port, maildir);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await server.AcceptsConnectionsAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var error = process.HasExited ? await process.StandardError.ReadToEndAsync() : "";
                await server.DisposeAsync();
                throw new InvalidOperationException($"aiosmtpd did not start on port {port}: {error}");
            }

            await Task.Delay(50);
        }

        return server;
    }

    /// <summary>Waits for a delivered message to <paramref name="to"/> whose subject is <paramref name="subject"/>.</summary>
    public async Task<MimeMessage> WaitForMessageAsync(string to, string subject, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(Maildir, "new")))
            {
                var message = await MimeMessage.LoadAsync(file);
                if (message.Subject == subject && message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase)))
                {
                    return message;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                var subjects = Directory.GetFiles(Path.Combine(Maildir, "new")).Length;
                throw new TimeoutException($"no mail '{subject}' to {to} reached the SMTP server within {timeout.TotalSeconds:0} s ({subjects} other mails did)");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Maildir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is no failure.
        }
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

/// <summary>A fact that reads mail from the real SMTP server: skipped, saying why, on a machine without aiosmtpd.</summary>
public sealed class SmtpFactAttribute : FactAttribute
{
    public SmtpFactAttribute()
    {
        if (SmtpServer.Python.Value is null)
        {
            Skip = "python3-aiosmtpd is not installed (Debian: apt-get install -y python3-aiosmtpd; ./saas test installs it): no real SMTP server";
        }
    }
}
