using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Admin.Features.Console;

namespace Saas.Admin.Tests.Features.Console;

/// <summary>
/// Issue 15, finding 7: admin's sign-in throttle was keyed on the gateway's address (five bad tries from anyone locked
/// every staffer out) and a failed sign-in stored the whole typed user name in the audit log, however long.
/// </summary>
public sealed class SignInHardeningTests
{
    private const string GatewayPod = "10.42.2.4";

    [Fact]
    public async Task ConsoleSignIn_WhenOneClientBehindTheGatewayIsLockedOut_ShouldStillLetAnotherStafferIn()
    {
        await using var app = new AdminApp().With("Admin:MaxFailedAttempts", "5").With("Admin:TrustedProxies:0", "10.0.0.0/8")
            .FromPeer(GatewayPod);
        var attacker = From(app, "203.0.113.66");
        for (var i = 0; i < 5; i++)
        {
            await attacker.SignInAsync(AdminApp.Username, $"guess-{i}");
        }

        var locked = await attacker.SignInAsync(AdminApp.Username, AdminApp.Password);
        var staffer = await From(app, "198.51.100.23").SignInAsync(AdminApp.Username, AdminApp.Password);

        Assert.Contains("Too many failed sign-in attempts", await locked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, staffer.StatusCode);
    }

    [Fact]
    public async Task ConsoleSignIn_WhenTheUserNameIsHuge_ShouldAuditABoundedName()
    {
        await using var app = new AdminApp();
        var huge = "attacker-" + new string('x', 20_000);

        await ConsoleSession.Anonymous(app).SignInAsync(huge, "wrong-password");

        var audit = await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?action=console.sign_in_failed");
        var entry = Assert.Single(audit.GetProperty("entries").EnumerateArray());
        var recorded = entry.GetProperty("targetId").GetString()!;
        Assert.Equal(ConsoleSignIn.MaxRecordedNameLength, recorded.Length);
        Assert.StartsWith("attacker-", recorded);
        Assert.True(entry.GetRawText().Length < 2_000, $"audit entry of {entry.GetRawText().Length} characters");
        Assert.True(entry.GetProperty("after").GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task ConsoleSignIn_WithAStaffEmail_ShouldTellIdentityWhichClientIsSigningIn()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url).With("Admin:TrustedProxies:0", "10.0.0.0/8").FromPeer(GatewayPod);

        await From(app, "198.51.100.23").SignInAsync("someone@example.com", "wrong-password");

        var login = Assert.Single(services.To("POST", "/api/auth/login"));
        Assert.Equal("198.51.100.23", login.Headers["X-Forwarded-For"]);
    }

    private static ConsoleSession From(AdminApp app, string client)
    {
        var session = ConsoleSession.Anonymous(app);
        session.Client.DefaultRequestHeaders.Add("X-Forwarded-For", client);
        return session;
    }
}
