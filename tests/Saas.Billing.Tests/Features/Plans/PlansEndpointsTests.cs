using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Saas.Billing.Tests.Features.Plans;

public sealed class PlansEndpointsTests
{
    [Fact]
    public async Task GetPlans_WhenAnonymous_ShouldListTheConfiguredCatalog()
    {
        await using var app = new BillingApp()
            .With("Billing:Plans:0:Id", "starter")
            .With("Billing:Plans:0:Name", "Starter")
            .With("Billing:Plans:0:Prices:month", "price_starter_m")
            .With("Billing:Plans:0:TrialDays", "7")
            .With("Billing:Plans:0:Limits:api_calls", "500");

        var response = await app.CreateClient().GetAsync("/api/billing/plans");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plans = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("plans");
        var starter = plans.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "starter");
        Assert.Equal("Starter", starter.GetProperty("name").GetString());
        Assert.Equal("price_starter_m", starter.GetProperty("prices").GetProperty("month").GetString());
        Assert.Equal(7, starter.GetProperty("trialDays").GetInt32());
        Assert.Equal(500, starter.GetProperty("limits").GetProperty("api_calls").GetInt64());
    }

    [Fact]
    public void Start_WhenAPlanIdIsMalformed_ShouldFailNamingTheKey()
    {
        using var app = new BillingApp().With("Billing:Plans:0:Id", "Not Valid!");

        var error = Assert.IsType<OptionsValidationException>(app.StartFailure());

        Assert.Contains(error.Failures, f => f.StartsWith("Billing:Plans:0:Id"));
    }

    [Fact]
    public async Task OpenApi_WhenRequested_ShouldDescribeThePlansRoute()
    {
        await using var app = new BillingApp();

        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.True(document.GetProperty("paths").TryGetProperty("/api/billing/plans", out _));
    }

    [Fact]
    public async Task Health_WhenStarted_ShouldBeHealthy()
    {
        await using var app = new BillingApp();

        var response = await app.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
