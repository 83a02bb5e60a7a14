using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Saas.Identity.Tests.Features.Accounts;

namespace Saas.Identity.Tests.Features.Mail;

public sealed class ResendMailTests
{
    private const string ApiKey = "re_test_0123456789abcdefghij";

    [Fact]
    public async Task PasswordReset_WhenResendIsConfigured_ShouldPostTheMailToItsApiWithTheKeyAsBearer()
    {
        await using var resend = await FakeResend.StartAsync();
        await using var app = Resend(new IdentityApp(), resend).With("Mail:From", "Saas <no-reply@saas.test>");
        var client = app.CreateClient();
        var account = await client.RegisterAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/user/password-reset-request", new { email = account.Email })).StatusCode);
        var request = await resend.WaitForDeliveryAsync(account.Email, "Reset your password");

        Assert.Equal("/emails", request.Path);
        Assert.Equal($"Bearer {ApiKey}", request.Authorization);
        Assert.StartsWith("application/json", request.ContentType);
        Assert.NotEmpty(request.IdempotencyKey);
        Assert.Equal("Saas <no-reply@saas.test>", request.Body.GetProperty("from").GetString());
        Assert.Equal([account.Email], request.To);
        Assert.Equal("Reset your password", request.Subject);
        Assert.Equal(["from", "subject", "text", "to"], request.Body.EnumerateObject().Select(p => p.Name).Order());
        var reset = await client.PostAsJsonAsync("/api/user/password-reset-confirm", new { token = LoginTests.TokenIn(request.Text), newPassword = "resent-new-password" });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        await client.LoginAsync(account.Email, "resent-new-password");
        Assert.Empty(app.Mailbox.Messages);
    }

    [Fact]
    public async Task Send_WhenResendAnswers500And429_ShouldRetryThenDeliverOneWorkingMailWithoutLoggingTheKey()
    {
        await using var resend = await FakeResend.StartAsync();
        var logs = new CapturedLogs();
        // Five refusals: more than the HTTP pipeline's retries of one attempt, so the outbox's own retry is needed too.
        resend.FailNext(500, 429, 500, 429, 500);
        await using var app = Resend(new IdentityApp(), resend).WithServices(s => s.AddSingleton<ILoggerProvider>(logs));
        var client = app.CreateClient();
        var account = await client.RegisterAsync();

        var mail = await resend.WaitForDeliveryAsync(account.Email, "Confirm your e-mail address");

        Assert.True(resend.Requests.Count >= 6, $"{resend.Requests.Count} requests");
        Assert.Single(resend.Delivered);
        var verified = await client.PostAsJsonAsync("/api/auth/verify-email", new { token = LoginTests.TokenIn(mail.Text) });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        await Eventually.TrueAsync(async () => await app.Store.Mails.CountAsync() == 0);
        Assert.Contains(logs.Lines, l => l.Contains("Resend answered", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_WhenResendKeepsFailing_ShouldGiveUpAfterMaxAttemptsAndShowTheMailAsFailed()
    {
        await using var resend = await FakeResend.StartAsync();
        resend.AlwaysFail = true;
        await using var app = Resend(new IdentityApp(), resend).With("Mail:Delivery:MaxAttempts", "2");
        var client = app.CreateClient();
        var account = await client.RegisterAsync();

        var outbox = await Eventually.ValueAsync(async () =>
        {
            var body = await (await client.GetAsync("/internal/mail-outbox")).JsonAsync();
            // The two counts are two queries: the one read a moment before the mail was given up may still say pending.
            return body.GetProperty("failed").GetInt64() == 1 && body.GetProperty("pending").GetInt64() == 0
                ? body : (System.Text.Json.JsonElement?)null;
        });

        var failed = Assert.Single(outbox.GetProperty("failedMails").EnumerateArray());
        Assert.Equal(account.Email, failed.Str("to"));
        Assert.Equal("email-verification", failed.Str("kind"));
        Assert.Equal(2, failed.GetProperty("attempts").GetInt32());
        Assert.StartsWith("Resend answered 500", failed.Str("lastError"));
        Assert.Empty(resend.Delivered);
    }

    /// <summary>Resend at the fake, with retries fast enough for a test (the HTTP pipeline's and the outbox's).</summary>
    internal static IdentityApp Resend(IdentityApp app, FakeResend resend) => app
        .With("Mail:AllowDevMailbox", "false")
        .With("Mail:Resend:ApiKey", ApiKey)
        .With("Mail:Resend:BaseUrl", resend.BaseUrl)
        .With("Mail:Resend:Resilience:Retry:Delay", "00:00:00.010")
        .With("Mail:Resend:Resilience:Retry:UseJitter", "false")
        .With("Mail:Delivery:RetryDelay", "00:00:00.100")
        .With("Mail:Delivery:PollInterval", "00:00:00.050");
}

/// <summary>Every log line the app writes, formatted with its exception.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Logger(lines);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
    }
}
