using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Admin.Tests.Features.Console;

public sealed class SignInTests
{
    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/users")]
    [InlineData("/admin/webhooks/e1")]
    [InlineData("/admin/settings")]
    public async Task ConsolePage_WhenNotSignedIn_ShouldRedirectToSignIn(string path)
    {
        await using var app = new AdminApp();

        using var response = await ConsoleSession.Anonymous(app).Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // Relative: behind the gateway an absolute URL would name this service's own address.
        Assert.Equal($"/admin/sign-in?ReturnUrl={Uri.EscapeDataString(path)}", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignIn_WithTheOperatorCredentials_ShouldSetAnHttpOnlySameSiteStrictSessionCookieAndOpenTheConsole()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        var session = ConsoleSession.Anonymous(app);

        using var response = await session.SignInAsync(AdminApp.Username, AdminApp.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", response.Headers.Location!.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("saas_admin_console=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var overview = await session.PageAsync("/admin");
        Assert.Contains("failed events", overview);
        Assert.Contains("basic:ops", overview);
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_ShouldShowTheFormAgainAndAuditTheFailureWithoutThePassword()
    {
        await using var app = new AdminApp();
        var session = ConsoleSession.Anonymous(app);

        using var response = await session.SignInAsync(AdminApp.Username, "not-the-password-42");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Wrong user name or password", html);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("saas_admin_console=", StringComparison.Ordinal));
        var audit = await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?action=console.sign_in_failed");
        var entry = Assert.Single(audit.GetProperty("entries").EnumerateArray());
        Assert.Equal(AdminApp.Username, entry.GetProperty("targetId").GetString());
        Assert.DoesNotContain("not-the-password-42", entry.GetRawText());
    }

    [Fact]
    public async Task SignIn_WhenTooManyFailures_ShouldRefuseEvenTheRightPasswordLikeBasicDoes()
    {
        await using var app = new AdminApp().With("Admin:MaxFailedAttempts", "2");
        var session = ConsoleSession.Anonymous(app);
        await session.SignInAsync(AdminApp.Username, "wrong-1");
        await session.SignInAsync(AdminApp.Username, "wrong-2");

        using var response = await session.SignInAsync(AdminApp.Username, AdminApp.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Too many failed sign-in attempts", await response.Content.ReadAsStringAsync());
        // One throttle for both doors: the API's Basic sign-in is locked out too.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await app.Basic().GetAsync("/api/admin/settings")).StatusCode);
    }

    [Fact]
    public async Task SignIn_WithoutTheAntiforgeryToken_ShouldBeRefused()
    {
        await using var app = new AdminApp();
        var session = ConsoleSession.Anonymous(app);
        await session.PageAsync("/admin/sign-in");

        using var response = await session.Client.PostAsync("/admin/sign-in", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["username"] = AdminApp.Username, ["password"] = AdminApp.Password }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("saas_admin_console=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SignIn_WithAStaffUsersEmailAndPassword_ShouldSignInWithTheirRole()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);

        var session = await ConsoleSession.SignedInAsync(app, "support@example.com", "support password 1");

        var html = await session.PageAsync("/admin/users");
        Assert.Contains("support@example.com", html);
        Assert.Contains(">support<", html);
        Assert.DoesNotContain("href=\"/admin/settings\"", html);
        // The login was only a password check: its identity session is ended at once.
        Assert.Equal("Bearer access-for-support", Assert.Single(services.To("POST", "/api/auth/logout")).Headers["Authorization"]);
    }

    [Fact]
    public async Task SignIn_WithACustomerAccount_ShouldBeRefused()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);

        using var response = await ConsoleSession.Anonymous(app).SignInAsync("customer@example.com", "customer password 1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("not a staff account", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignOut_ShouldEndTheSession()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        var session = await ConsoleSession.SignedInAsync(app);

        using var signedOut = await session.PostFormAsync("/admin/sign-out", "/admin", []);

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        using var after = await session.Client.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Theory]
    [InlineData("/admin/test", "/admin")]
    [InlineData("/admin/global-settings", "/admin/settings")]
    public async Task SaasBackendAdminPages_ShouldLeadToTheirConsolePages(string path, string target)
    {
        await using var app = new AdminApp();

        using var response = await ConsoleSession.Anonymous(app).Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(target, response.Headers.Location!.OriginalString);
    }
}
