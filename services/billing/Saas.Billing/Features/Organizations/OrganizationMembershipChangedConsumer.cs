using MassTransit;
using Saas.Contracts.Identity;

namespace Saas.Billing.Features.Organizations;

/// <summary>
/// Joined, role changed, left or removed. Idempotent without an inbox: a change is applied only when its sequence is
/// above the stored one, so a redelivery or an older change delivered late is a no-op.
/// </summary>
public sealed class OrganizationMembershipChangedConsumer(MembershipProjection projection, ILogger<OrganizationMembershipChangedConsumer> logger)
    : IConsumer<OrganizationMembershipChanged>
{
    public async Task Consume(ConsumeContext<OrganizationMembershipChanged> context)
    {
        var e = context.Message;
        if (!await projection.ApplyAsync(e.OrganizationId, e.UserId, e.Role, e.Sequence, e.OccurredAt, context.CancellationToken))
        {
            logger.LogDebug("Membership change {Sequence} of {UserId} in {OrganizationId} is not newer, or the organization is deleted; ignored",
                e.Sequence, e.UserId, e.OrganizationId);
        }
    }
}
