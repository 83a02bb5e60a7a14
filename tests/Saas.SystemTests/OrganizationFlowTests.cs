using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Saas.Testing;

namespace Saas.SystemTests;

/// <summary>
/// Issue 7's whole flow through the gateway of a real AppHost: create an organization → invite → the mail reaches a real
/// SMTP server → accept → a member tracks usage while a viewer is refused → the owner subscribes the organization
/// through the Stripe emulator → usage counts against the organization's plan and is refused past it.
/// Billing learns of memberships over RabbitMQ, so the steps that depend on that poll for it.
/// </summary>
[Collection(SharedSystemCollection.Name)]
public sealed partial class OrganizationFlowTests(SharedSystem fixture) : IDisposable
{
    public const int FreeLimit = 5;
    public const int ProLimit = 20;

    /// <summary>
    /// Small usage limits so the organization's plan is easy to reach (billing's appsettings.json: plan 0 is "free",
    /// plan 1 is "pro"), and no trial on pro so a paid checkout is <c>active</c> at once.
    /// </summary>
    public static readonly Dictionary<string, string> Settings = new()
    {
        ["Billing__Plans__0__Limits__api_calls"] = FreeLimit.ToString(),
        ["Billing__Plans__1__Limits__api_calls"] = ProLimit.ToString(),
        ["Billing__Plans__1__TrialDays"] = "0",
    };

    private const string Password = "system-test-password-1";
    private static readonly TimeSpan EventualTimeout = TimeSpan.FromSeconds(60);
    private readonly HttpClient _gateway = Client(fixture.GatewayUrl);
    private readonly HttpClient _stripe = Client(fixture.StripeUrl);

    [SmtpFact]
    public async Task Organization_WhenMembersAreInvitedAndTheOwnerSubscribes_ShouldCountUsageAgainstTheOrganizationsPlan()
    {
        var smtp = fixture.Smtp ?? throw new InvalidOperationException("the fixture started no SMTP server");
        var owner = await RegisterAsync("Owner");
        var member = await RegisterAsync("Member");
        var viewer = await RegisterAsync("Viewer");
        var slug = $"acme-{Guid.NewGuid():N}"[..20];

        var (created, organization) = await SendAsync(HttpMethod.Post, "/api/v1/organizations", owner.Token, new { name = "Acme Rockets", slug });
        Assert.True(created == 201, $"creating the organization answered {created}: {organization}");
        var orgId = organization.GetProperty("id").GetString()!;

        // Invite → the mail at the SMTP server → accept, for a member and a viewer.
        foreach (var (invitee, role) in new[] { (member, "member"), (viewer, "viewer") })
        {
            var (invited, invite) = await SendAsync(HttpMethod.Post, $"/api/v1/organizations/{orgId}/invites", owner.Token, new { email = invitee.Email, role });
            Assert.True(invited == 201, $"inviting the {role} answered {invited}: {invite}");
            var mail = await smtp.WaitForMessageAsync(invitee.Email, "You are invited to join Acme Rockets", TimeSpan.FromSeconds(30));
            var link = InviteLink().Match(mail.TextBody ?? mail.HtmlBody ?? "");
            Assert.True(link.Success, $"no invitation link in the mail: {mail.TextBody}");
            var token = Uri.UnescapeDataString(link.Groups["token"].Value);
            // Accepting needs a verified address: follow the confirmation mail first, as the invitee would.
            var confirm = await smtp.WaitForMessageAsync(invitee.Email, "Confirm your e-mail address", TimeSpan.FromSeconds(30));
            var verifyToken = Uri.UnescapeDataString(InviteLink().Match(confirm.TextBody ?? "").Groups["token"].Value);
            var (verified, verification) = await SendAsync(HttpMethod.Post, "/api/auth/verify-email", null, new { token = verifyToken });
            Assert.True(verified == 200, $"verifying the {role}'s address answered {verified}: {verification}");
            var (accepted, acceptance) = await SendAsync(HttpMethod.Post, "/api/v1/invites/accept", invitee.Token, new { token });
            Assert.True(accepted == 200, $"the {role} accepting answered {accepted}: {acceptance}");
        }

        // Billing follows the memberships from identity's events: wait until it lets each of them check the organization's usage.
        foreach (var user in new[] { owner, member, viewer })
        {
            await Polling.UntilAsync(() => SendAsync(HttpMethod.Get, "/api/v1/usage/check/api_calls", user.Token, organization: orgId),
                r => r.Status == 200, EventualTimeout, $"billing letting {user.Email} check the organization's usage");
        }

        var (tracked, usage) = await SendAsync(HttpMethod.Post, "/api/v1/usage/track", member.Token, new { feature = "api_calls", quantity = 2 }, orgId);
        Assert.True(tracked == 200, $"the member tracking answered {tracked}: {usage}");
        Assert.Equal(FreeLimit, usage.GetProperty("limit").GetInt64());
        var (refused, refusal) = await SendAsync(HttpMethod.Post, $"/api/v1/organizations/{orgId}/usage/track", viewer.Token, new { feature = "api_calls" });
        Assert.True(refused == 403, $"the viewer tracking answered {refused}: {refusal}");
        var (_, afterViewer) = await SendAsync(HttpMethod.Get, $"/api/v1/organizations/{orgId}/usage/check/api_calls", viewer.Token);
        Assert.Equal(2, afterViewer.GetProperty("used").GetInt64());
        var (memberSubscribes, notOwner) = await SendAsync(HttpMethod.Post, $"/api/v1/organizations/{orgId}/subscription", member.Token, new { priceId = "price_pro_monthly" });
        Assert.True(memberSubscribes == 403, $"a member subscribing the organization answered {memberSubscribes}: {notOwner}");

        // The owner subscribes the organization; the emulator's Pay button sends the signed webhooks through the gateway.
        var (checkoutStatus, checkout) = await SendAsync(HttpMethod.Post, $"/api/v1/organizations/{orgId}/subscription", owner.Token, new { priceId = "price_pro_monthly" });
        Assert.True(checkoutStatus == 200, $"the owner's checkout answered {checkoutStatus}: {checkout}");
        var url = checkout.GetProperty("url").GetString()!;
        Assert.StartsWith($"{fixture.StripeUrl}/checkout/", url);
        using (var paid = await _stripe.PostAsync($"{url}/pay", null))
        {
            Assert.True((int)paid.StatusCode == 302, $"paying answered {(int)paid.StatusCode}: {await paid.Content.ReadAsStringAsync()}");
        }

        var subscription = await Polling.UntilAsync(() => SendAsync(HttpMethod.Get, $"/api/v1/organizations/{orgId}/subscription", viewer.Token),
            r => r.Status == 200 && r.Body.GetProperty("status").GetString() == "active", EventualTimeout, "the organization's subscription becoming active");
        Assert.Equal("pro", subscription.Body.GetProperty("plan").GetString());
        var (_, ownerPersonal) = await SendAsync(HttpMethod.Get, "/api/billing/subscription", owner.Token);
        Assert.Equal("none", ownerPersonal.GetProperty("status").GetString());

        // The paid invoice started the organization's counters afresh, now against pro's limit.
        await Polling.UntilAsync(() => SendAsync(HttpMethod.Get, "/api/v1/usage/check/api_calls", member.Token, organization: orgId),
            r => r.Status == 200 && r.Body.GetProperty("limit").GetInt64() == ProLimit && r.Body.GetProperty("used").GetInt64() == 0,
            EventualTimeout, "the organization's usage reset against pro's limit");
        var (upToLimit, full) = await SendAsync(HttpMethod.Post, "/api/v1/usage/track", member.Token,
            new { feature = "api_calls", quantity = ProLimit }, orgId);
        Assert.True(upToLimit == 200, $"tracking up to the organization's limit answered {upToLimit}: {full}");
        var (pastLimit, tooMany) = await SendAsync(HttpMethod.Post, "/api/v1/usage/track", owner.Token, new { feature = "api_calls" }, orgId);
        Assert.True(pastLimit == 429, $"tracking past the organization's limit answered {pastLimit}: {tooMany}");
        Assert.Equal(ProLimit, tooMany.GetProperty("used").GetInt64());
        var (_, personal) = await SendAsync(HttpMethod.Get, "/api/v1/usage/check/api_calls", member.Token);
        Assert.Equal(0, personal.GetProperty("used").GetInt64());
    }

    public void Dispose()
    {
        _gateway.Dispose();
        _stripe.Dispose();
    }

    private sealed record Account(string Email, string Token);

    private async Task<Account> RegisterAsync(string name)
    {
        var email = $"org-{name.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        var (status, registered) = await SendAsync(HttpMethod.Post, "/api/auth/register", null, new { email, password = Password, name });
        Assert.True(status == 201, $"registering {name} answered {status}: {registered}");
        return new Account(email, registered.GetProperty("token").GetString()!);
    }

    private static HttpClient Client(string? baseUrl) => new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        BaseAddress = baseUrl is { Length: > 0 } ? new Uri(baseUrl) : null,
        Timeout = TimeSpan.FromSeconds(15),
    };

    private async Task<(int Status, JsonElement Body)> SendAsync(
        HttpMethod method, string path, string? token, object? body = null, string? organization = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (organization is not null)
        {
            request.Headers.Add("X-Organization-Id", organization);
        }

        using var response = await _gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return ((int)response.StatusCode, json);
    }

    [GeneratedRegex(@"https?://\S*?[?&]token=(?<token>[^\s&""<>]+)")]
    private static partial Regex InviteLink();
}
