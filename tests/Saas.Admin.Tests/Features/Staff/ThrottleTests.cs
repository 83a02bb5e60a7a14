using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Admin.Tests.Features.Staff;

public sealed class ThrottleTests
{
    [Fact]
    public async Task BasicSignIn_WhenTooManyFailuresFromOneIp_ShouldAnswer429WithRetryAfterEvenForTheRightPassword()
    {
        await using var app = new AdminApp().With("Admin:MaxFailedAttempts", "3").With("Admin:LockoutDuration", "00:05:00");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.Basic(AdminApp.Username, $"guess-{i}").GetAsync("/api/admin/settings")).StatusCode);
        }

        var response = await app.Basic().GetAsync("/api/admin/settings");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 300);
        Assert.Contains("Too many", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task BasicSignIn_WhenASuccessComesBeforeTheLimit_ShouldStartCountingAgain()
    {
        await using var app = new AdminApp().With("Admin:MaxFailedAttempts", "2");

        await app.Basic(AdminApp.Username, "wrong").GetAsync("/api/admin/settings");
        Assert.Equal(HttpStatusCode.OK, (await app.Basic().GetAsync("/api/admin/settings")).StatusCode);
        await app.Basic(AdminApp.Username, "wrong").GetAsync("/api/admin/settings");

        Assert.Equal(HttpStatusCode.OK, (await app.Basic().GetAsync("/api/admin/settings")).StatusCode);
    }

    [Fact]
    public async Task BasicSignIn_WhenNoCredentialsAreConfigured_ShouldRefuseEveryone()
    {
        await using var app = new AdminApp().With("Admin:Username", "").With("Admin:Password", "");

        var response = await app.Basic("", "").GetAsync("/api/admin/settings");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task StaffJwt_ShouldNotBeThrottledByBasicFailures()
    {
        await using var app = new AdminApp().With("Admin:MaxFailedAttempts", "1");
        await app.Basic(AdminApp.Username, "wrong").GetAsync("/api/admin/settings");

        Assert.Equal(HttpStatusCode.OK, (await app.AsAdmin().GetAsync("/api/admin/settings")).StatusCode);
    }
}
