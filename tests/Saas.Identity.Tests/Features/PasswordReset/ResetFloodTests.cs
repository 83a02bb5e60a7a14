using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Saas.Identity.Tests.Features.Accounts;

namespace Saas.Identity.Tests.Features.PasswordReset;

/// <summary>
/// Issue 15, finding 6: reset requests were unlimited: an attacker could bomb a victim's inbox, void the victim's last
/// link with each request and fill the mail queue. They are now limited per address (silently, so the answer reveals
/// nothing) and per client (429).
/// </summary>
public sealed class ResetFloodTests
{
    [Fact]
    public async Task ResetRequest_When50ArriveForOneAddress_ShouldMailAtMostTheLimitAndKeepTheLastLinkValid()
    {
        await using var app = new IdentityApp().With("Identity:PasswordResetThrottling:MaxRequestsPerAccount", "3");
        var http = app.CreateClient();
        var victim = await http.RegisterAsync();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 50; i++)
        {
            answers.Add((await http.PostAsJsonAsync("/api/user/password-reset-request", new { email = victim.Email })).StatusCode);
        }

        // Mails go out in order: once a later request's mail is there, every earlier one has been handled.
        var sentinel = await http.RegisterAsync();
        await http.PostAsJsonAsync("/api/user/password-reset-request", new { email = sentinel.Email });
        Assert.NotNull(await app.WaitForMailAsync(sentinel.Email, "reset"));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a)); // the same answer as always: nothing to learn
        var resetMails = app.Mailbox.Messages.Where(m => m.To == victim.Email && m.Subject.Contains("reset", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(3, resetMails.Count);
        // The last link mailed still works: the flood after it voided nothing.
        var token = LoginTests.TokenIn(resetMails[0].Text); // newest first
        var reset = await http.PostAsJsonAsync("/api/user/password-reset-confirm", new { token, newPassword = "after-the-flood-1" });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
    }

    [Fact]
    public async Task ResetRequest_WhenOneClientAsksForManyAddresses_ShouldAnswer429ToThatClientOnly()
    {
        await using var app = new IdentityApp().With("Identity:PasswordResetThrottling:MaxRequestsPerIp", "10");

        var statuses = new List<int>();
        for (var i = 0; i < 11; i++)
        {
            statuses.Add(await RequestFromAsync(app, "203.0.113.66", Api.NewEmail()));
        }

        Assert.All(statuses.Take(10), s => Assert.Equal(StatusCodes.Status200OK, s));
        Assert.Equal(StatusCodes.Status429TooManyRequests, statuses[10]);
        Assert.Equal(StatusCodes.Status200OK, await RequestFromAsync(app, "198.51.100.23", Api.NewEmail()));
    }

    private static async Task<int> RequestFromAsync(IdentityApp app, string client, string email)
    {
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { email }));
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = "/api/user/password-reset-request";
            c.Request.ContentType = "application/json";
            c.Request.Body = new MemoryStream(body);
            c.Request.ContentLength = body.Length;
            c.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(client);
        });
        return context.Response.StatusCode;
    }
}
