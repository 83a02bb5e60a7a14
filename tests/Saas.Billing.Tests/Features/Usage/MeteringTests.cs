using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Saas.Billing.Tests.Features.Usage;

/// <summary>Seed 001's counters: daily and monthly limits, the running total, staff set/reset, concurrency.</summary>
public sealed class MeteringTests
{
    private const string Track = "/api/v1/usage/track";

    private static BillingApp App() => new BillingApp()
        .With("Billing:Plans:0:Limits:requests", "10")
        .With("Billing:Plans:0:DailyLimits:requests", "3");

    [Fact]
    public async Task Track_WhenTheDailyLimitIsReached_ShouldRefuseUntilTheNextDayWhileTheTotalKeepsCounting()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 22, 0, 0, TimeSpan.Zero));
        await using var identity = await StandInIdentity.StartAsync();
        await using var app = App().WithClock(clock).WithIdentity(identity);
        var user = TestEvents.NewUserId();
        // A key, not a token: the tokens' lifetimes follow the real clock, the usage periods this fake one.
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", identity.Issue(user, "usage:read", "usage:write").Key);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(Track, new { feature = "requests" })).StatusCode);
        }

        var refused = await client.PostAsJsonAsync(Track, new { feature = "requests" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var refusal = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("daily", refusal.GetProperty("limitType").GetString());
        Assert.Contains("Daily usage limit", refusal.GetProperty("error").GetString());
        Assert.Equal(TimeSpan.FromHours(2), refused.Headers.RetryAfter?.Delta); // until midnight UTC, not the month's end

        clock.Advance(TimeSpan.FromHours(2));
        var nextDay = await client.PostAsJsonAsync(Track, new { feature = "requests", quantity = 2 });
        Assert.Equal(HttpStatusCode.OK, nextDay.StatusCode);
        var usage = await nextDay.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2026-03-11", usage.GetProperty("daily").GetProperty("period").GetString());
        Assert.Equal(2, usage.GetProperty("daily").GetProperty("used").GetInt64());
        Assert.Equal(1, usage.GetProperty("daily").GetProperty("remaining").GetInt64());
        Assert.Equal(5, usage.GetProperty("used").GetInt64());
        Assert.Equal(5, usage.GetProperty("total").GetInt64());

        clock.Advance(TimeSpan.FromDays(31)); // April: a new month and day; the total stays
        var april = await client.GetFromJsonAsync<JsonElement>("/api/v1/usage/check/requests");
        Assert.Equal((0, 0, 5), (april.GetProperty("used").GetInt64(), april.GetProperty("daily").GetProperty("used").GetInt64(), april.GetProperty("total").GetInt64()));
    }

    [Fact]
    public async Task Track_WhenTheMonthlyLimitBindsFirst_ShouldRefuseWithMonthlyAndCountNothing()
    {
        await using var app = App().With("Billing:Plans:0:DailyLimits:requests", "100");
        var client = app.ClientFor(TestEvents.NewUserId());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(Track, new { feature = "requests", quantity = 9 })).StatusCode);

        var refused = await client.PostAsJsonAsync(Track, new { feature = "requests", quantity = 2 });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("monthly", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("limitType").GetString());
        var usage = await client.GetFromJsonAsync<JsonElement>("/api/v1/usage/check/requests");
        Assert.Equal((9, 9, 9), (usage.GetProperty("used").GetInt64(), usage.GetProperty("daily").GetProperty("used").GetInt64(), usage.GetProperty("total").GetInt64()));
    }

    [Theory]
    [InlineData("3", "1000")] // the daily limit binds
    [InlineData("", "7")] // the monthly limit binds (no daily cap)
    public async Task Track_WhenManyCallsRaceForALimit_ShouldAcceptExactlyTheLimit(string daily, string monthly)
    {
        const int Parallel = 40;
        await using var app = new BillingApp().With("Billing:Plans:0:Limits:requests", monthly)
            .With("Billing:Plans:0:DailyLimits:requests", daily.Length > 0 ? daily : null);
        var client = app.ClientFor(TestEvents.NewUserId());
        var limit = long.Parse(daily.Length > 0 ? daily : monthly);

        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => client.PostAsJsonAsync(Track, new { feature = "requests" })));

        Assert.Equal(limit, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(Parallel - limit, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        var usage = await client.GetFromJsonAsync<JsonElement>("/api/v1/usage/check/requests");
        Assert.Equal((limit, limit, limit), (usage.GetProperty("used").GetInt64(), usage.GetProperty("daily").GetProperty("used").GetInt64(), usage.GetProperty("total").GetInt64()));
    }

    [Fact]
    public async Task StaffSetAndReset_WhenCalledOverTheInternalApi_ShouldChangeOnlyTheNamedCounters()
    {
        await using var app = App();
        var user = TestEvents.NewUserId();
        var client = app.ClientFor(user);
        await client.PostAsJsonAsync(Track, new { feature = "requests", quantity = 2 });
        var counters = $"/internal/billing/subscribers/{user}/usage";

        var set = await client.PutAsJsonAsync($"{counters}/requests", new { monthly = 10, total = 100 });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var afterSet = await set.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((10, 2, 100), (afterSet.GetProperty("used").GetInt64(), afterSet.GetProperty("daily").GetProperty("used").GetInt64(), afterSet.GetProperty("total").GetInt64()));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync(Track, new { feature = "requests" })).StatusCode);

        var reset = await client.DeleteAsync($"{counters}/requests");
        var afterReset = await reset.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 0, 100), (afterReset.GetProperty("used").GetInt64(), afterReset.GetProperty("daily").GetProperty("used").GetInt64(), afterReset.GetProperty("total").GetInt64()));
        var all = await client.GetFromJsonAsync<JsonElement>(counters);
        Assert.Contains(all.GetProperty("usage").EnumerateArray(), f => f.GetProperty("feature").GetString() == "requests");

        foreach (var (body, field) in new (object, string)[] { (new { monthly = -1 }, "monthly"), (new { }, "monthly"), (new { total = -5 }, "total") })
        {
            var bad = await client.PutAsJsonAsync($"{counters}/requests", body);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal(field, (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await client.DeleteAsync($"{counters}/nope")).StatusCode);
        using var stranger = app.CreateClient();
        stranger.DefaultRequestHeaders.Remove("X-Internal-Api-Key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.DeleteAsync($"{counters}/requests")).StatusCode);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/usage/check/requests")).GetProperty("used").GetInt64());
    }
}
