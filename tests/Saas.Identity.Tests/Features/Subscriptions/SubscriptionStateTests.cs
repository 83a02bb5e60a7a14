using Microsoft.Extensions.DependencyInjection;
using Saas.Contracts.Billing;
using Saas.ServiceDefaults.Messaging;

namespace Saas.Identity.Tests.Features.Subscriptions;

/// <summary>Seed 001's three states on <c>/api/auth/me</c>, from the status billing's events leave on the user.</summary>
public sealed class SubscriptionStateTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Theory]
    [InlineData("active", "active")]
    [InlineData("trialing", "active")]
    [InlineData("past_due", "suspended")]
    [InlineData("paused", "suspended")]
    [InlineData("canceled", "cancelled")]
    [InlineData("incomplete_expired", "cancelled")]
    public async Task Me_WhenBillingReportsAStatus_ShouldShowItsThreeState(string status, string state)
    {
        var account = await client.RegisterAsync();
        Assert.Equal("active", (await (await client.GetAsync("/api/auth/me", account.Token)).JsonAsync()).Str("subscriptionState"));
        var change = new SubscriptionChanged
        {
            EventId = Guid.NewGuid(), OccurredAt = DateTimeOffset.UtcNow, UserId = account.UserId, CustomerId = "cus_state",
            Status = status, StripeEventCreated = DateTimeOffset.UtcNow,
        };

        await app.Harness.Bus.Publish(change);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await app.Services.GetRequiredService<MessageInbox>().HasProcessedAsync(change.EventId))
        {
            Assert.True(DateTime.UtcNow < deadline, "the event was not consumed in time");
            await Task.Delay(25);
        }

        Assert.Equal(state, (await (await client.GetAsync("/api/auth/me", account.Token)).JsonAsync()).Str("subscriptionState"));
    }
}
