using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Saas.Admin.Tests.Features.Console;

/// <summary>
/// Issue 15, finding 9: the console's cookies were not <c>Secure</c> behind a TLS-terminating ingress and had no
/// <c>__Host-</c> prefix, so a sibling subdomain (or a plain-http page of the same host) could plant or overwrite them.
/// Over https, directly or forwarded by a trusted proxy, both are now <c>__Host-</c> cookies (Secure, <c>Path=/</c>, no
/// Domain) and a plain-named one is not believed; over plain http (Development) they keep their names and work.
/// </summary>
public sealed partial class CookiePrefixTests
{
    private const string GatewayPod = "10.42.2.4";

    [Fact]
    public async Task SignIn_OverHttps_ShouldSetHostPrefixedSecureCookiesThatKeepTheSession()
    {
        await using var app = new AdminApp();
        var session = new ConsoleSession(app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true,
        }));

        using var form = await session.Client.GetAsync("/admin/sign-in");
        using var signIn = await session.SignInAsync(AdminApp.Username, AdminApp.Password);

        AssertHostCookie(SetCookie(form, "saas_admin_antiforgery"));
        AssertHostCookie(SetCookie(signIn, "saas_admin_console"));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("Sign out", await session.PageAsync("/admin")); // signed in: the layout offers to sign out
    }

    [Fact]
    public async Task SignIn_BehindATlsTerminatingIngress_ShouldSetHostPrefixedSecureCookiesThatKeepTheSession()
    {
        await using var app = new AdminApp().With("Admin:TrustedProxies:0", "10.0.0.0/8").FromPeer(GatewayPod);
        // The browser speaks https to the ingress; admin sees http from the gateway with X-Forwarded-Proto: https.
        var jar = new BrowserCookies();
        var session = new ConsoleSession(app.CreateDefaultClient(jar));
        session.Client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        session.Client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.23");

        using var signIn = await session.SignInAsync(AdminApp.Username, AdminApp.Password);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        AssertHostCookie(SetCookie(signIn, "saas_admin_console"));
        Assert.All(jar.Names, name => Assert.StartsWith("__Host-", name));
        Assert.Contains("Sign out", await session.PageAsync("/admin")); // signed in: the layout offers to sign out
    }

    [Fact]
    public async Task SessionCookie_PlantedWithoutThePrefixOverHttps_ShouldNotBeBelieved()
    {
        await using var app = new AdminApp();
        var https = new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false };
        var signedIn = new ConsoleSession(app.CreateClient(
            new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true }));
        using var signIn = await signedIn.SignInAsync(AdminApp.Username, AdminApp.Password);
        var value = CookieValue(SetCookie(signIn, "saas_admin_console"));

        var planted = await GetAdminAsync(app.CreateClient(https), $"saas_admin_console={value}");
        var genuine = await GetAdminAsync(app.CreateClient(https), $"__Host-saas_admin_console={value}");

        Assert.Equal(HttpStatusCode.Redirect, planted.StatusCode);
        Assert.StartsWith("/admin/sign-in", planted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
    }

    [Fact]
    public async Task SignIn_OverPlainHttp_ShouldKeepPlainCookieNamesAndWork()
    {
        await using var app = new AdminApp();
        var session = ConsoleSession.Anonymous(app);

        using var form = await session.Client.GetAsync("/admin/sign-in");
        using var signIn = await session.SignInAsync(AdminApp.Username, AdminApp.Password);

        var cookie = SetCookie(signIn, "saas_admin_console");
        Assert.StartsWith("saas_admin_console=", cookie);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("saas_admin_antiforgery=", SetCookie(form, "saas_admin_antiforgery"));
        Assert.Contains("Sign out", await session.PageAsync("/admin")); // signed in: the layout offers to sign out
    }

    [Fact]
    public async Task ForwardedProto_FromAnUntrustedPeer_ShouldNotMakeTheCookiesHostPrefixed()
    {
        await using var app = new AdminApp().With("Admin:TrustedProxies:0", "10.0.0.0/8").FromPeer("172.16.5.5");
        var session = ConsoleSession.Anonymous(app);
        session.Client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        using var form = await session.Client.GetAsync("/admin/sign-in");

        Assert.StartsWith("saas_admin_antiforgery=", SetCookie(form, "saas_admin_antiforgery"));
    }

    private static void AssertHostCookie(string cookie)
    {
        Assert.StartsWith("__Host-", cookie);
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("secure", attributes);
        Assert.Contains("path=/", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.Ordinal));
    }

    /// <summary>The Set-Cookie of <paramref name="name"/>, with or without the prefix.</summary>
    private static string SetCookie(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [],
            c => c.StartsWith(name + "=", StringComparison.Ordinal) || c.StartsWith("__Host-" + name + "=", StringComparison.Ordinal));

    private static string CookieValue(string setCookie) => CookiePair().Match(setCookie).Groups[1].Value;

    [GeneratedRegex("^[^=]+=([^;]*)")]
    private static partial Regex CookiePair();

    private static async Task<HttpResponseMessage> GetAdminAsync(HttpClient client, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin");
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    /// <summary>
    /// A browser's cookie jar for one site reached over https through an ingress: keeps what Set-Cookie says and
    /// sends it back (Secure included, since the browser's side of the connection is https), forgets expired ones.
    /// </summary>
    private sealed class BrowserCookies : DelegatingHandler
    {
        private readonly Dictionary<string, string> cookies = new(StringComparer.Ordinal);

        public IReadOnlyCollection<string> Names => cookies.Keys;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await base.SendAsync(request, cancellationToken);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';')[0];
                var (name, value) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
                if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    cookies.Remove(name);
                }
                else
                {
                    cookies[name] = value;
                }
            }

            return response;
        }
    }
}
