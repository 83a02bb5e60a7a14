using System.Net;
using System.Net.Http.Json;
using Saas.Identity.Tests.Features.Accounts;
using Saas.Identity.Tests.Features.Organizations;
using Saas.Testing;

namespace Saas.Identity.Tests.Features.Mail;

public sealed class SmtpMailTests
{
    [SmtpFact]
    public async Task PasswordReset_WhenSmtpIsConfigured_ShouldDeliverAMailWhoseLinkResetsThePassword()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = new IdentityApp()
            .With("Mail:Smtp:Host", "127.0.0.1")
            .With("Mail:Smtp:Port", smtp.Port.ToString())
            .With("Mail:Smtp:UseTls", "false")
            .With("Mail:Smtp:From", "Saas <no-reply@saas.test>")
            .With("Identity:PublicUrl", "https://app.saas.test");
        var client = app.CreateClient();
        var account = await client.RegisterAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/user/password-reset-request", new { email = account.Email })).StatusCode);
        var message = await smtp.WaitForMessageAsync(account.Email, "Reset your password", TimeSpan.FromSeconds(15));

        Assert.Equal("Reset your password", message.Subject);
        Assert.Equal("no-reply@saas.test", message.From.Mailboxes.Single().Address);
        Assert.Contains("https://app.saas.test/reset-password?token=", message.TextBody);
        var token = LoginTests.TokenIn(message.TextBody!);
        var reset = await client.PostAsJsonAsync("/api/user/password-reset-confirm", new { token, newPassword = "mailed-new-password" });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        await client.LoginAsync(account.Email, "mailed-new-password");
        Assert.Empty(app.Mailbox.Messages);
        await (await client.GetAsync("/internal/dev-mailbox")).AssertErrorAsync(HttpStatusCode.NotFound);
    }

    [SmtpFact]
    public async Task OrganizationInvite_WhenSmtpIsConfigured_ShouldDeliverAMailWhoseLinkJoinsTheOrganization()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = new IdentityApp()
            .With("Mail:Smtp:Host", "127.0.0.1")
            .With("Mail:Smtp:Port", smtp.Port.ToString())
            .With("Mail:Smtp:UseTls", "false")
            .With("Mail:Smtp:From", "Saas <no-reply@saas.test>")
            .With("Identity:PublicUrl", "https://app.saas.test");
        var client = app.CreateClient();
        var owner = await client.RegisterAsync(name: "Olive Owner");
        var orgId = (await client.CreateOrgAsync(owner, name: "Acme Inc")).Str("id");
        var invitee = await client.RegisterAsync();

        var invited = await client.SendAsync(HttpMethod.Post, $"{Orgs.Base}/{orgId}/invites", new { email = invitee.Email, role = "admin" }, owner.Token);
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var message = await smtp.WaitForMessageAsync(invitee.Email, "You are invited to join Acme Inc", TimeSpan.FromSeconds(15));

        Assert.Equal("no-reply@saas.test", message.From.Mailboxes.Single().Address);
        Assert.Contains("Olive Owner invited you to join Acme Inc as admin", message.TextBody);
        Assert.Contains("https://app.saas.test/invite?token=", message.TextBody);
        var token = LoginTests.TokenIn(message.TextBody!);
        var accepted = await client.SendAsync(HttpMethod.Post, $"/api/v1/invites/{token}/accept", token: invitee.Token);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("admin", await app.RoleOfAsync(orgId, invitee.UserId));
    }
}
