using Saas.Testing.OpenApi;

namespace Saas.Admin.Tests.Security;

/// <summary>
/// Every error a admin operation can answer is in its OpenAPI document, as problem+json with the one error body's schema, so
/// a client generated from the document knows them (issue 20). The bad-input walk checks the statuses it provokes too.
/// </summary>
public sealed class ProblemResponsesTests : IAsyncLifetime
{
    private StandInServices services = null!;
    private AdminApp app = null!;

    public async Task InitializeAsync()
    {
        services = await StandInServices.StartAsync();
        app = new AdminApp().WithServices(services.Url);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await services.DisposeAsync();
    }

    [Fact]
    public async Task OpenApiDocument_ShouldListEachOperationsProblemStatusesWithTheProblemSchema()
    {
        var document = await ProblemResponsesDocument.ReadAsync(app.CreateClient());

        Assert.Superset(new HashSet<int> { 401, 403, 404 }, document.Statuses("GET", "/api/admin/users/{id}/usage"));
        Assert.Superset(new HashSet<int> { 400, 401, 403, 404 }, document.Statuses("PUT", "/api/admin/users/{id}/usage/{feature}"));
        Assert.Empty(document.ErrorsNotInTheProblemShape());
    }

    [Fact]
    public async Task OpenApiDocument_ShouldListEveryStatusTheEndpointsDeclare()
    {
        var document = await ProblemResponsesDocument.ReadAsync(app.CreateClient());

        Assert.Empty(document.DeclaredStatusesNotListed(app.Services));
    }
}
