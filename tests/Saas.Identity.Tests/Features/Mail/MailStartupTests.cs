using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Options;
using Saas.Identity.Features.Mail;
using Saas.Testing;

namespace Saas.Identity.Tests.Features.Mail;

public sealed class MailStartupTests
{
    [Fact]
    public void Start_WhenNoMailTransportOutsideDevelopment_ShouldRefuseNamingTheKeys()
    {
        using var app = new IdentityApp().With("Mail:AllowDevMailbox", "false");

        var failure = Assert.IsType<OptionsValidationException>(app.StartFailure());

        Assert.Equal(MailRegistration.NoTransportError, Assert.Single(failure.Failures));
        Assert.Contains("Mail:Smtp:Host", MailRegistration.NoTransportError);
        Assert.Contains("RESEND_API_KEY", MailRegistration.NoTransportError);
    }

    [Fact]
    public async Task Start_WhenNoMailTransportInDevelopment_ShouldUseTheDevMailbox()
    {
        await using var app = new IdentityApp().With("Mail:AllowDevMailbox", "false").With("environment", "Development");
        var client = app.CreateClient();
        var account = await client.RegisterAsync();

        Assert.NotNull(await app.WaitForMailAsync(account.Email, "Confirm"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/internal/dev-mailbox")).StatusCode);
    }

    [Fact]
    public void Start_WhenBothSmtpAndResendAreSet_ShouldRefuseNamingBoth()
    {
        using var app = new IdentityApp().With("Mail:Smtp:Host", "127.0.0.1").With("Mail:Resend:ApiKey", "re_x");

        var failure = Assert.IsType<OptionsValidationException>(app.StartFailure());

        Assert.Contains(failure.Failures, f => f.StartsWith("Mail:Resend:ApiKey:", StringComparison.Ordinal) && f.Contains("Mail:Smtp:Host"));
    }

    /// <summary>The built service as an operator starts it (Production): exit code 2 and exactly one line on stderr.</summary>
    [Fact]
    public async Task Process_WhenStartedInProductionWithoutMailTransport_ShouldExitWithOneLine()
    {
        var dll = RepoPaths.ProjectDll("identity");
        using var data = new TempDirectory();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}";
        start.Environment["Storage__DataDirectory"] = data.Path;
        start.Environment["Identity__InternalApiKey"] = InternalApiKey.Value;
        start.Environment["Identity__Tokens__SigningKeyEncryptionSecret"] = SigningKeyEncryption.Secret;
        start.Environment["RESEND_API_KEY"] = "";
        start.Environment["SAAS_ENV_FILE"] = Path.Combine(data.Path, "none.env");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();

        Assert.True(process.WaitForExit(60_000), "identity kept running without a mail transport");

        Assert.Equal(2, process.ExitCode);
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"Saas.Identity: invalid configuration: {MailRegistration.NoTransportError}", Assert.Single(lines));
    }
}
