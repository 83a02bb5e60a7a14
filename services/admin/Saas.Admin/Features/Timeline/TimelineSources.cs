using System.Text.Json;
using Saas.Admin.Features.Console;

namespace Saas.Admin.Features.Timeline;

/// <summary>Identity's organization history as timeline entries: created, members joined, left or removed, invitations and their answers.</summary>
internal static class OrganizationEntries
{
    /// <param name="forUser">On a user's timeline, only what concerns that user; null: everything (an organization's timeline).</param>
    public static void Add(JsonElement? organization, List<TimelineEntry> entries, string? forUser)
    {
        var id = organization.Text("id") ?? "";
        var name = organization.Text("name") ?? id;
        var link = $"/admin/organizations/{Uri.EscapeDataString(id)}/timeline";
        if (forUser is null || organization.Text("createdBy") == forUser)
        {
            Add(entries, organization.TimeOf("createdAt"), "membership", $"Organization {name} created", $"by {organization.Text("createdBy")}", null, link);
        }

        foreach (var member in organization.Items("members").Where(m => forUser is null || m.Text("userId") == forUser))
        {
            var userId = member.Text("userId") ?? "";
            Add(entries, member.TimeOf("joinedAt"), "membership", forUser is null ? $"{userId} joined" : $"Joined {name}",
                $"role {member.Text("role")}", null, forUser is null ? $"/admin/users/{Uri.EscapeDataString(userId)}" : link);
        }

        foreach (var former in organization.Items("formerMembers").Where(m => forUser is null || m.Text("userId") == forUser))
        {
            var userId = former.Text("userId") ?? "";
            var removedBy = former.Text("removedBy");
            var title = (forUser is null, removedBy is null) switch
            {
                (true, true) => $"{userId} left",
                (true, false) => $"{userId} removed",
                (false, true) => $"Left {name}",
                (false, false) => $"Removed from {name}",
            };
            Add(entries, former.TimeOf("leftAt"), "membership", title,
                $"role {former.Text("role")}{(removedBy is null ? "" : $", by {removedBy}")}", null,
                forUser is null ? $"/admin/users/{Uri.EscapeDataString(userId)}" : link);
        }

        foreach (var invite in organization.Items("invites").Where(i => forUser is null || i.Text("acceptedBy") == forUser))
        {
            var to = $"{invite.Text("email")} as {invite.Text("role")}";
            Add(entries, invite.TimeOf("createdAt"), "invitation", $"Invitation sent to {invite.Text("email")}", $"{name}, role {invite.Text("role")}, by {invite.Text("invitedBy")}", invite.Text("status"), link);
            Add(entries, invite.TimeOf("acceptedAt"), "invitation", $"Invitation accepted: {to}", name, "accepted", link);
            Add(entries, invite.TimeOf("revokedAt"), "invitation", $"Invitation revoked: {to}", name, "revoked", link);
        }
    }

    private static void Add(List<TimelineEntry> entries, DateTimeOffset? at, string kind, string title, string? detail, string? status, string link)
    {
        if (at is { } when)
        {
            entries.Add(new(when, kind, title, detail, status, link));
        }
    }
}

/// <summary>Billing's transitions (from → to, by which event or staff action) and usage resets as timeline entries.</summary>
internal static class BillingEntries
{
    public static void Add(JsonElement? billing, string? customerId, List<TimelineEntry> entries)
    {
        foreach (var t in billing.Items("transitions"))
        {
            if (t.TimeOf("at") is not { } when)
            {
                continue;
            }

            var (from, to) = (t.Text("fromStatus"), t.Text("toStatus"));
            var plans = t.Text("fromPlanId") == t.Text("toPlanId") ? "" : $" (plan {t.Text("fromPlanId") ?? "none"} → {t.Text("toPlanId") ?? "none"})";
            var by = t.Text("causedBy");
            var (cause, link) = t.Text("cause") switch
            {
                "stripe_event" => ($"by Stripe event {by}", $"/admin/webhooks/{Uri.EscapeDataString(by ?? "")}"),
                "override" => (by is null ? "by staff: override cleared" : $"by staff override ({by})", "/admin/audit?action=user.subscription.override"),
                _ => ("by a live read from Stripe (reconcile or checkout)", (string?)null),
            };
            entries.Add(new(when, "transition", $"Subscription {from} → {to}{plans}",
                cause + (t.Member("isReplay") is { ValueKind: JsonValueKind.True } ? ", during a replay" : ""), to, link));
        }

        foreach (var r in billing.Items("usageResets"))
        {
            if (r.TimeOf("resetAt") is { } when)
            {
                entries.Add(new(when, "usage_reset", "Usage reset (invoice paid)", r.Text("invoiceId"), null,
                    customerId is null ? null : $"/admin/webhooks?type=invoice.paid&customer={Uri.EscapeDataString(customerId)}"));
            }
        }
    }
}

internal static class JsonTimes
{
    /// <summary>A member holding an ISO 8601 time, exactly (<see cref="JsonView.Text"/> formats it for display).</summary>
    public static DateTimeOffset? TimeOf(this JsonElement? element, string member) =>
        element.Member(member) is { ValueKind: JsonValueKind.String } s && s.TryGetDateTimeOffset(out var at) ? at : null;
}
