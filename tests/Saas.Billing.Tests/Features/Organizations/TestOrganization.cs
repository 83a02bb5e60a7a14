namespace Saas.Billing.Tests.Features.Organizations;

/// <summary>An organization as identity's events describe it: created by its owner, then one member per other role.</summary>
public sealed record TestOrganization(string Id, string Owner, string Admin, string Member, string Viewer, string Name)
{
    public static async Task<TestOrganization> CreateAsync(BillingApp app)
    {
        var organization = new TestOrganization(
            TestEvents.NewOrganizationId(), TestEvents.NewUserId(), TestEvents.NewUserId(), TestEvents.NewUserId(), TestEvents.NewUserId(),
            "Acme Rockets");
        await app.DeliverAsync(TestEvents.OrganizationCreated(organization.Id, organization.Owner, organization.Name));
        await app.DeliverAsync(TestEvents.Membership(organization.Id, organization.Owner, "owner", 1));
        await app.DeliverAsync(TestEvents.Membership(organization.Id, organization.Admin, "admin", 2));
        await app.DeliverAsync(TestEvents.Membership(organization.Id, organization.Member, "member", 3));
        await app.DeliverAsync(TestEvents.Membership(organization.Id, organization.Viewer, "viewer", 4));
        return organization;
    }

    public string SubscriptionRoute => $"/api/v1/organizations/{Id}/subscription";
}
