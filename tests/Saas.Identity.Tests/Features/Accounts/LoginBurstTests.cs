using System.Net;
using System.Net.Http.Json;

namespace Saas.Identity.Tests.Features.Accounts;

/// <summary>
/// Issue 15, finding 3: the throttle checked before hashing and counted failures after it, so a burst of parallel
/// guesses all passed the check. Each attempt is now reserved before its hash, atomically with the check.
/// </summary>
public sealed class LoginBurstTests
{
    [Fact]
    public async Task Login_When200WrongGuessesForOneAccountArriveAtOnce_ShouldEvaluateAtMostTheLimit()
    {
        // Real-ish hashing cost, so the guesses overlap as they would against production (100,000 iterations).
        await using var app = new IdentityApp()
            .With("Identity:PasswordHashIterations", "20000")
            .With("Identity:LoginThrottling:MaxFailuresPerAccount", "5");
        var http = app.CreateClient();
        var victim = await http.RegisterAsync();
        using var start = new ManualResetEventSlim();

        var guesses = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            start.Wait();
            using var response = await http.PostAsJsonAsync("/api/auth/login", new { email = victim.Email, password = $"guess-{i:D4}" });
            return response.StatusCode;
        })).ToList();
        start.Set();
        var statuses = await Task.WhenAll(guesses);

        var evaluated = statuses.Count(s => s == HttpStatusCode.Unauthorized);
        Assert.InRange(evaluated, 1, 5);
        Assert.Equal(200 - evaluated, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        // And the account stays locked for the window, the right password included.
        var afterwards = await http.PostAsJsonAsync("/api/auth/login", new { email = victim.Email, password = victim.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, afterwards.StatusCode);
    }

    [Fact]
    public async Task Login_WhenTheRightPasswordFollowsFewerFailuresThanTheLimit_ShouldSucceedAndStartOver()
    {
        await using var app = new IdentityApp().With("Identity:LoginThrottling:MaxFailuresPerAccount", "3");
        var http = app.CreateClient();
        var account = await http.RegisterAsync();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 2; i++)
            {
                var wrong = await http.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = "wrong-password" });
                Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            }

            await http.LoginAsync(account.Email);
        }
    }
}
