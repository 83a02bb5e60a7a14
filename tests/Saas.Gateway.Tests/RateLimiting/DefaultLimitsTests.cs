using System.Net;
using Saas.Gateway.Tests.Support;

namespace Saas.Gateway.Tests.RateLimiting;

/// <summary>The limits as shipped (appsettings.json), against what real clients do.</summary>
[Collection(GatewayCollection.Name)]
public sealed class DefaultLimitsTests(Backends backends) : IDisposable
{
    private readonly GatewayFactory _gateway = new(backends);

    [Fact]
    public async Task Me_WhenASinglePageAppCallsIt200TimesInAMinute_ShouldPassEveryTime()
    {
        var client = _gateway.CreateClient();

        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);
        }
    }

    [Fact]
    public async Task Login_When25WrongPasswordsArriveInAMinute_ShouldRefuseTheCallsAbove20()
    {
        var client = _gateway.CreateClient();
        var statuses = new List<HttpStatusCode>();

        // The echo backend answers 200 where identity would answer 401: the gateway counts calls, whatever their answer.

        for (var i = 0; i < 25; i++)
        {
            var response = await client.PostAsync("/api/auth/login",
                new StringContent("""{"email":"victim@example.com","password":"guess"}"""));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.All(statuses.Skip(20), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    public void Dispose() => _gateway.Dispose();
}
