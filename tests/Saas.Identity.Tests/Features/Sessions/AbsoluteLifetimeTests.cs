using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;

namespace Saas.Identity.Tests.Features.Sessions;

/// <summary>Issue 15, finding 9: each refresh extended a session by the refresh lifetime, so a session never ended.</summary>
public sealed class AbsoluteLifetimeTests
{
    [Fact]
    public async Task Refresh_PastTheSessionsAbsoluteLifetime_ShouldAnswer401HoweverOftenItRefreshed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new IdentityApp().WithClock(clock)
            .With("Identity:Tokens:RefreshTokenLifetime", "1.00:00:00").With("Identity:Tokens:SessionAbsoluteLifetime", "3.00:00:00");
        var client = app.CreateClient();
        var account = await client.RegisterAsync();
        var refresh = account.RefreshToken;
        for (var i = 0; i < 3; i++) // 20 h, 40 h, 60 h: each within a day of the last
        {
            clock.Advance(TimeSpan.FromHours(20));
            var pair = await client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = refresh });
            Assert.Equal(HttpStatusCode.OK, pair.StatusCode);
            refresh = (await pair.JsonAsync()).Str("refreshToken");
        }

        clock.Advance(TimeSpan.FromHours(13)); // 73 h after sign-in, 13 h after the last refresh
        var late = await client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = refresh });

        await late.AssertErrorAsync(HttpStatusCode.Unauthorized);
        await client.LoginAsync(account.Email); // signing in again starts a new session
    }
}
