using Saas.Testing.OpenApi;

namespace Saas.Billing.Tests.Security;

/// <summary>
/// Every error a billing operation can answer is in its OpenAPI document, as problem+json with the one error body's schema, so
/// a client generated from the document knows them (issue 20). The bad-input walk checks the statuses it provokes too.
/// </summary>
public sealed class ProblemResponsesTests(BillingApp app) : IClassFixture<BillingApp>
{
    [Fact]
    public async Task OpenApiDocument_ShouldListEachOperationsProblemStatusesWithTheProblemSchema()
    {
        var document = await ProblemResponsesDocument.ReadAsync(app.CreateClient());

        Assert.Superset(new HashSet<int> { 400, 401, 409, 413, 415, 502, 503 }, document.Statuses("POST", "/api/billing/create-checkout-session"));
        Assert.Superset(new HashSet<int> { 400, 401, 403, 404, 429 }, document.Statuses("POST", "/api/v1/organizations/{orgId}/usage/track"));
        Assert.Superset(new HashSet<int> { 401, 403, 404 }, document.Statuses("GET", "/api/v1/organizations/{orgId}/usage/check/{feature}"));
        Assert.Empty(document.ErrorsNotInTheProblemShape());
    }

    [Fact]
    public async Task OpenApiDocument_ShouldListEveryStatusTheEndpointsDeclare()
    {
        var document = await ProblemResponsesDocument.ReadAsync(app.CreateClient());

        Assert.Empty(document.DeclaredStatusesNotListed(app.Services));
    }
}
