using MassTransit;
using Saas.Contracts.Identity;

namespace Saas.Billing.Features.Organizations;

/// <summary>
/// A new organization: its name goes on its Stripe customer later, and its creator is its owner at once (sequence 0,
/// below any change identity numbers), so the owner can subscribe it even before the owner's membership event arrives.
/// </summary>
public sealed class OrganizationCreatedConsumer(MembershipProjection projection) : IConsumer<OrganizationCreated>
{
    public async Task Consume(ConsumeContext<OrganizationCreated> context)
    {
        var e = context.Message;
        var ct = context.CancellationToken;
        await projection.RecordCreatedAsync(e.OrganizationId, e.Name, e.Slug, e.OwnerUserId, e.OccurredAt, ct);
        await projection.ApplyAsync(e.OrganizationId, e.OwnerUserId, OrganizationRoles.Owner, sequence: 0, e.OccurredAt, ct);
    }
}
