using Saas.Testing.OpenApi;

namespace Saas.Webhooks.Tests.Security;

/// <summary>
/// Every error a webhooks operation can answer is in its OpenAPI document, as problem+json with the one error body's schema, so
/// a client generated from the document knows them (issue 20). The bad-input walk checks the statuses it provokes too.
/// </summary>
public sealed class ProblemResponsesTests(WebhooksApp app) : IClassFixture<WebhooksApp>
{
    [Fact]
    public async Task OpenApiDocument_ShouldListEachOperationsProblemStatusesWithTheProblemSchema()
    {
        var document = await ProblemResponsesDocument.ReadAsync(app.CreateClient());

        Assert.Superset(new HashSet<int> { 400, 413 }, document.Statuses("POST", "/api/stripe/webhook"));
        Assert.Superset(new HashSet<int> { 400, 413 }, document.Statuses("POST", "/api/stripe-webhook"));
        Assert.Empty(document.ErrorsNotInTheProblemShape());
    }

    [Fact]
    public async Task OpenApiDocument_ShouldListEveryStatusTheEndpointsDeclare()
    {
        var document = await ProblemResponsesDocument.ReadAsync(app.CreateClient());

        Assert.Empty(document.DeclaredStatusesNotListed(app.Services));
    }
}
