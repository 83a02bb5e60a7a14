using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Saas.Gateway.Tests.Support;

namespace Saas.Gateway.Tests.ApiReference;

[Collection(GatewayCollection.Name)]
public sealed class ApiReferenceTests(Backends backends) : IDisposable
{
    private readonly GatewayFactory _gateway = new(backends);

    [Theory]
    [InlineData("identity")]
    [InlineData("billing")]
    [InlineData("admin")]
    [InlineData("webhooks")]
    public async Task GetOpenApi_WhenServiceNamed_ShouldReturnThatServicesDocument(string service)
    {
        var response = await _gateway.CreateClient().GetAsync($"/openapi/{service}.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.ReadJsonAsync();
        Assert.Equal($"{service} API", document.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task GetScalar_WhenRequested_ShouldServeOnePageListingEveryService()
    {
        var response = await _gateway.CreateClient().GetAsync("/scalar");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        foreach (var service in new[] { "identity", "billing", "admin", "webhooks" })
        {
            // Relative on purpose: Scalar resolves it against the gateway's own origin and path base.
            Assert.Contains($"\"url\":\"openapi/{service}.json\"", html);
        }
    }

    [Fact]
    public async Task GetScalarScript_WhenPageLoads_ShouldBeServedByTheGateway()
    {
        var response = await _gateway.CreateClient().GetAsync("/scalar/scalar.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetDocs_WhenRequested_ShouldRedirectToScalar()
    {
        var client = _gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/scalar", response.Headers.Location?.OriginalString);
    }

    public void Dispose() => _gateway.Dispose();
}
