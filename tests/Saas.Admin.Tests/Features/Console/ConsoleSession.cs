using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Saas.Admin.Tests.Features.Console;

/// <summary>
/// A browser-like client of the console: keeps cookies, follows no redirects (tests look at them), and posts forms
/// with the antiforgery token the page it came from carried, as a browser would.
/// </summary>
public sealed partial class ConsoleSession(HttpClient client)
{
    public HttpClient Client => client;

    public static ConsoleSession Anonymous(AdminApp app) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>Signs in through the form and checks it worked (a redirect into the console).</summary>
    public static async Task<ConsoleSession> SignedInAsync(AdminApp app, string user = AdminApp.Username, string password = AdminApp.Password)
    {
        var session = Anonymous(app);
        var response = await session.SignInAsync(user, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"sign-in answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return session;
    }

    public Task<HttpResponseMessage> SignInAsync(string user, string password) =>
        PostFormAsync("/admin/sign-in", "/admin/sign-in", new() { ["username"] = user, ["password"] = password });

    /// <summary>GETs a page and returns its HTML, failing the test unless it answered 200.</summary>
    public async Task<string> PageAsync(string path)
    {
        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {html}");
        return html;
    }

    /// <summary>Opens <paramref name="formPage"/> for its antiforgery token, then posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string action, string formPage, Dictionary<string, string> fields)
    {
        var token = Token(await PageAsync(formPage));
        return await client.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }));
    }

    public static string Token(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new Xunit.Sdk.XunitException("the page has no antiforgery token");

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
