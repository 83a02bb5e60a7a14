using System.Net;
using Saas.Gateway.Tests.Support;

namespace Saas.Gateway.Tests.Cors;

/// <summary>
/// Issue 15, finding 2: credentialed CORS must not cover the staff console and the admin API. A page on an
/// allowlisted origin (an XSS on the app, say) must not be able to read console pages with the staffer's cookie.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class StaffCorsTests(Backends backends) : IDisposable
{
    private const string Allowed = "https://app.example.com";
    private readonly GatewayFactory _gateway = new(backends, new Dictionary<string, string?> { ["Cors:AllowedOrigins"] = Allowed });

    [Theory]
    [InlineData("/admin/users")]
    [InlineData("/admin")]
    [InlineData("/ADMIN/settings")]
    [InlineData("/api/admin/users")]
    [InlineData("/api/admin/settings")]
    public async Task Preflight_WhenAllowlistedOriginTargetsStaffPath_ShouldNotAllowIt(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", Allowed);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");

        var response = await _gateway.CreateClient().SendAsync(request);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Methods"));
    }

    [Theory]
    [InlineData("/admin/users")]
    [InlineData("/api/admin/users")]
    public async Task Get_WhenAllowlistedOriginReadsStaffPathWithCookies_ShouldGetNoCorsHeaders(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", Allowed);
        request.Headers.Add("Cookie", "saas_admin_console=stolen-by-the-browser");

        var response = await _gateway.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // reached the service; the browser just may not read it
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Theory]
    [InlineData("/api/user/profile")]
    [InlineData("/api/settings/public")] // admin's public settings stay a front-end API
    [InlineData("/api/administrators")] // a prefix, not the /api/admin segment
    public async Task Get_WhenAllowlistedOriginReadsPublicApi_ShouldStillBeAllowedWithCredentials(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", Allowed);

        var response = await _gateway.CreateClient().SendAsync(request);

        Assert.Equal(Allowed, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("true", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Credentials")));
    }

    public void Dispose() => _gateway.Dispose();
}
