using System.Text;
using Saas.ServiceDefaults;
using Saas.Testing.BadInput;

namespace Saas.SystemTests;

/// <summary>
/// The one rule for error bodies, through the gateway as a front end meets it: a refusal from each service and from
/// the gateway itself is problem+json with <c>type</c>, <c>title</c>, <c>status</c> and saasbackend's <c>error</c>
/// (what seed 000's client code reads as <c>data.error</c>), and <c>field</c> when one member is at fault.
/// </summary>
[Collection(SharedSystemCollection.Name)]
public sealed class ErrorBodyTests(SharedSystem fixture) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false })
    {
        BaseAddress = new Uri(fixture.Host.GatewayUrl),
        Timeout = TimeSpan.FromSeconds(10),
    };

    public static TheoryData<string, string, string, string?, int, string?> Refusals => new()
    {
        // who answers, method, path, JSON body, status, the field at fault
        { ResourceNames.Identity, "GET", "/api/auth/me", null, 401, null },
        { ResourceNames.Identity, "POST", "/api/auth/register", """{"email": 5, "password": "password123"}""", 400, "email" },
        { ResourceNames.Identity, "POST", "/api/auth/login", """{"email": "nobody@example.com", "password": "wrong-password"}""", 401, null },
        { ResourceNames.Billing, "POST", "/api/billing/create-checkout-session", "{}", 401, null },
        { ResourceNames.Billing, "GET", "/api/billing/plans/unknown-route-here", null, 404, null },
        { ResourceNames.Admin, "GET", "/api/admin/users", null, 401, null },
        { ResourceNames.Webhooks, "POST", "/api/stripe/webhook", "{}", 400, "Stripe-Signature" },
        { ResourceNames.Gateway, "GET", "/no/such/route", null, 404, null },
        { ResourceNames.Gateway, "GET", "/internal/users/1", null, 404, null },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refusal_WhenAnsweredThroughTheGateway_ShouldBeProblemJsonWithError(
        string who, string method, string path, string? body, int status, string? field)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        };

        using var response = await _http.SendAsync(request);

        Assert.True(status == (int)response.StatusCode, $"{who}: {method} {path} answered {(int)response.StatusCode}");
        var problem = await ProblemShape.AssertAsync(response, fieldExpected: field is not null);
        if (field is not null)
        {
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }
    }

    public void Dispose() => _http.Dispose();
}
