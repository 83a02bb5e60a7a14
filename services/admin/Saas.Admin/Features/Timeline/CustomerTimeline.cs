using System.Text.Json;
using Saas.Admin.Features.Audit;
using Saas.Admin.Features.Console;
using Saas.Admin.Features.Downstream;
using Saas.ServiceDefaults;

namespace Saas.Admin.Features.Timeline;

/// <summary>
/// Gathers a customer's story from where each part lives: the account and organizations from identity, status
/// transitions and usage resets from billing, Stripe events from webhooks (by the subscriber's Stripe customer),
/// staff actions from admin's own audit log. The API route and the console page both call this.
/// </summary>
public sealed class CustomerTimeline(DownstreamApi api, AuditSearch audit)
{
    public const string User = "user";
    public const string Organization = "organization";
    private const int MaxEvents = 200;

    public async Task<AdminResult> GetAsync(string kind, string id, CancellationToken ct)
    {
        var entries = new List<TimelineEntry>();
        var gaps = new List<string>();
        var subject = await api.GetAsync(ResourceNames.Identity,
            kind == User ? $"/internal/users/{Uri.EscapeDataString(id)}" : $"/internal/organizations/{Uri.EscapeDataString(id)}", ct);
        if (subject.StatusCode == StatusCodes.Status404NotFound)
        {
            return AdminResult.Fail(StatusCodes.Status404NotFound, kind == User ? "User not found" : "Organization not found");
        }

        string? name = null;
        if (!subject.IsSuccess)
        {
            gaps.Add("identity (account, organizations, invitations)");
        }
        else if (kind == User)
        {
            var user = subject.Body.Member("user");
            name = user.Text("email");
            if (user.TimeOf("createdAt") is { } at)
            {
                entries.Add(new(at, "account", "Account created", name, null, $"/admin/users/{Uri.EscapeDataString(id)}"));
            }

            await AddUserOrganizationsAsync(id, entries, gaps, ct);
        }
        else
        {
            var organization = subject.Body.Member("organization");
            name = organization.Text("name");
            OrganizationEntries.Add(organization, entries, forUser: null);
        }

        var billing = await api.GetAsync(ResourceNames.Billing, $"/internal/billing/timeline/{kind}/{Uri.EscapeDataString(id)}", ct);
        string? customerId = null;
        string? status = null;
        if (billing.IsSuccess)
        {
            customerId = billing.Body.Text("stripeCustomerId");
            status = billing.Body.Text("status");
            BillingEntries.Add(billing.Body, customerId, entries);
        }
        else
        {
            gaps.Add("billing (subscription transitions, usage resets)");
        }

        if (customerId is not null)
        {
            await AddStripeEventsAsync(customerId, entries, gaps, ct);
        }

        var staffActions = await audit.FindAsync(new AuditFilter(null, null, id, null, null), 1, AuditSearch.MaxLimit, ct);
        entries.AddRange(staffActions.Entries.Select(e => new TimelineEntry(e.At, "staff_action", e.Action,
            $"by {e.ActorEmail ?? e.ActorId} ({e.Role})", null, $"/admin/audit?targetId={Uri.EscapeDataString(id)}&action={Uri.EscapeDataString(e.Action)}")));

        var view = new CustomerTimelineView(kind, id, name, customerId, status,
            entries.OrderByDescending(e => e.At).ThenBy(e => e.Kind, StringComparer.Ordinal).ToList(), gaps);
        return AdminResult.Ok(view);
    }

    private async Task AddUserOrganizationsAsync(string userId, List<TimelineEntry> entries, List<string> gaps, CancellationToken ct)
    {
        var organizations = await api.GetAsync(ResourceNames.Identity, $"/internal/users/{Uri.EscapeDataString(userId)}/organizations", ct);
        if (!organizations.IsSuccess)
        {
            gaps.Add("identity (organizations, invitations)");
            return;
        }

        foreach (var organization in organizations.Body.Items("organizations"))
        {
            OrganizationEntries.Add(organization, entries, forUser: userId);
        }
    }

    private async Task AddStripeEventsAsync(string customerId, List<TimelineEntry> entries, List<string> gaps, CancellationToken ct)
    {
        var events = await api.GetAsync(ResourceNames.Webhooks,
            $"/internal/webhooks/events?customer={Uri.EscapeDataString(customerId)}&pageSize={MaxEvents}", ct);
        if (!events.IsSuccess)
        {
            gaps.Add("webhooks (Stripe events)");
            return;
        }

        foreach (var e in events.Body.Items("events"))
        {
            if (e.TimeOf("stripeCreated") is { } at)
            {
                var retries = e.Number("retryCount");
                entries.Add(new(at, "stripe_event", e.Text("eventType") ?? "Stripe event",
                    $"{e.Text("stripeEventId")}{(retries > 0 ? $", {retries} failed attempt(s)" : "")}{(e.Number("replayCount") > 0 ? ", replayed" : "")}",
                    e.Text("status"), $"/admin/webhooks/{Uri.EscapeDataString(e.Text("id") ?? "")}"));
            }
        }
    }
}
