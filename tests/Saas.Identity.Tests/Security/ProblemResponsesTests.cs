using Saas.Testing.OpenApi;

namespace Saas.Identity.Tests.Security;

/// <summary>
/// Every error a identity operation can answer is in its OpenAPI document, as problem+json with the one error body's schema, so
/// a client generated from the document knows them (issue 20). The bad-input walk checks the statuses it provokes too.
/// </summary>
public sealed class ProblemResponsesTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task OpenApiDocument_ShouldListEachOperationsProblemStatusesWithTheProblemSchema()
    {
        var document = await ProblemResponsesDocument.ReadAsync(app.CreateClient());

        Assert.Superset(new HashSet<int> { 400, 403, 413, 429 }, document.Statuses("POST", "/api/auth/login"));
        Assert.Superset(new HashSet<int> { 400, 409 }, document.Statuses("POST", "/api/auth/register"));
        Assert.Superset(new HashSet<int> { 401 }, document.Statuses("GET", "/api/auth/me"));
        Assert.Superset(new HashSet<int> { 400, 401, 403, 404, 409 }, document.Statuses("PATCH", "/api/v1/organizations/{orgId}"));
        Assert.Empty(document.ErrorsNotInTheProblemShape());
    }

    [Fact]
    public async Task OpenApiDocument_ShouldListEveryStatusTheEndpointsDeclare()
    {
        var document = await ProblemResponsesDocument.ReadAsync(app.CreateClient());

        Assert.Empty(document.DeclaredStatusesNotListed(app.Services));
    }
}
