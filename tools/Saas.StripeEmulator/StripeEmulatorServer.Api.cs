using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Saas.StripeEmulator;

public sealed partial class StripeEmulatorServer
{
    private readonly ConcurrentDictionary<string, JsonObject> customers = new();
    private readonly ConcurrentDictionary<string, EmulatedSession> sessions = new();
    private readonly ConcurrentDictionary<string, EmulatedSubscription> subscriptions = new();

    /// <summary>Customers created so far (id → JSON).</summary>
    public IReadOnlyDictionary<string, JsonObject> Customers => customers;

    public IReadOnlyDictionary<string, EmulatedSession> Sessions => sessions;

    public IReadOnlyDictionary<string, EmulatedSubscription> Subscriptions => subscriptions;

    /// <summary>Puts a subscription in place (or replaces it), as if it had been bought earlier.</summary>
    public EmulatedSubscription AddSubscription(string customerId, string priceId, string status = "active", string? id = null)
    {
        var now = Options.Time.GetUtcNow();
        var subscription = new EmulatedSubscription
        {
            Id = id ?? NewId("sub"), CustomerId = customerId, PriceId = priceId, Status = status, Created = now,
            CurrentPeriodStart = now, CurrentPeriodEnd = now.AddMonths(1),
        };
        subscriptions[subscription.Id] = subscription;
        return subscription;
    }

    private void Map()
    {
        app.MapGet("/", () => Results.Text("Stripe emulator for local development and tests. This is not Stripe: nothing is charged."));
        var v1 = app.MapGroup("/v1");
        v1.MapPost("/customers", (HttpContext h) => HandleApiAsync(h, CreateCustomer));
        v1.MapGet("/customers/{id}", (HttpContext h, string id) => HandleApiAsync(h, _ => Found(customers.GetValueOrDefault(id), "customer", id)));
        v1.MapPost("/checkout/sessions", (HttpContext h) => HandleApiAsync(h, CreateCheckoutSession));
        v1.MapGet("/checkout/sessions/{id}", (HttpContext h, string id) => HandleApiAsync(h, _ => Found(sessions.GetValueOrDefault(id)?.ToJson(), "checkout.session", id)));
        v1.MapPost("/billing_portal/sessions", (HttpContext h) => HandleApiAsync(h, CreatePortalSession));
        v1.MapGet("/subscriptions", (HttpContext h) => HandleApiAsync(h, ListSubscriptions));
        v1.MapGet("/subscriptions/{id}", (HttpContext h, string id) => HandleApiAsync(h, _ => Found(subscriptions.GetValueOrDefault(id)?.ToJson(), "subscription", id)));
        v1.MapDelete("/subscriptions/{id}", (HttpContext h, string id) => HandleApiAsync(h, _ => CancelSubscription(id)));
        MapCheckoutPage();
        MapTriggers();
    }

    private (int, JsonNode) CreateCustomer(IReadOnlyDictionary<string, string> form)
    {
        var id = NewId("cus");
        var customer = new JsonObject
        {
            ["id"] = id,
            ["object"] = "customer",
            ["email"] = form.GetValueOrDefault("email"),
            ["name"] = form.GetValueOrDefault("name"),
            ["created"] = Options.Time.GetUtcNow().ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["metadata"] = Json.Map(Json.Nested(form, "metadata")),
        };
        customers[id] = customer;
        return (200, customer);
    }

    private (int, JsonNode) CreateCheckoutSession(IReadOnlyDictionary<string, string> form)
    {
        if (form.GetValueOrDefault("line_items[0][price]") is not { } price)
        {
            return (400, Json.Error("invalid_request_error", "Missing required param: line_items[0][price].", "parameter_missing"));
        }

        if (form.GetValueOrDefault("customer") is { } customer && !customers.ContainsKey(customer))
        {
            return (400, Json.Error("invalid_request_error", $"No such customer: '{customer}'", "resource_missing"));
        }

        var id = NewId("cs_test");
        var session = new EmulatedSession
        {
            Id = id,
            Url = $"{BaseUrl}/checkout/{id}",
            CustomerId = form.GetValueOrDefault("customer"),
            PriceId = price,
            Mode = form.GetValueOrDefault("mode") ?? "payment",
            ClientReferenceId = form.GetValueOrDefault("client_reference_id"),
            SuccessUrl = form.GetValueOrDefault("success_url"),
            CancelUrl = form.GetValueOrDefault("cancel_url"),
            TrialDays = int.TryParse(form.GetValueOrDefault("subscription_data[trial_period_days]"), out var days) ? days : 0,
            Metadata = Json.Nested(form, "metadata"),
            SubscriptionMetadata = form.Where(f => f.Key.StartsWith("subscription_data[metadata][", StringComparison.Ordinal))
                .ToDictionary(f => f.Key["subscription_data[metadata][".Length..^1], f => f.Value),
            Created = Options.Time.GetUtcNow(),
        };
        sessions[id] = session;
        return (200, session.ToJson());
    }

    private (int, JsonNode) CreatePortalSession(IReadOnlyDictionary<string, string> form)
    {
        if (form.GetValueOrDefault("customer") is not { } customer || !customers.ContainsKey(customer))
        {
            return (400, Json.Error("invalid_request_error", "No such customer", "resource_missing"));
        }

        var id = NewId("bps");
        return (200, new JsonObject
        {
            ["id"] = id,
            ["object"] = "billing_portal.session",
            ["customer"] = customer,
            ["return_url"] = form.GetValueOrDefault("return_url"),
            ["url"] = $"{BaseUrl}/portal/{id}",
            ["created"] = Options.Time.GetUtcNow().ToUnixTimeSeconds(),
            ["livemode"] = false,
        });
    }

    private (int, JsonNode) ListSubscriptions(IReadOnlyDictionary<string, string> form)
    {
        var customer = form.GetValueOrDefault("customer");
        var status = form.GetValueOrDefault("status");
        var data = subscriptions.Values
            .Where(s => customer is null || s.CustomerId == customer)
            // Stripe's default list leaves canceled subscriptions out; status=all includes them.
            .Where(s => status == "all" || (status is null ? s.Status != "canceled" : s.Status == status))
            .OrderByDescending(s => s.Created)
            .Select(s => (JsonNode)s.ToJson());
        return (200, new JsonObject { ["object"] = "list", ["url"] = "/v1/subscriptions", ["has_more"] = false, ["data"] = new JsonArray([.. data]) });
    }

    private (int, JsonNode) CancelSubscription(string id)
    {
        if (!subscriptions.TryGetValue(id, out var subscription))
        {
            return (404, Json.Error("invalid_request_error", $"No such subscription: '{id}'", "resource_missing"));
        }

        subscription.Status = "canceled";
        subscription.CanceledAt ??= Options.Time.GetUtcNow();
        return (200, subscription.ToJson());
    }

    private static (int, JsonNode) Found(JsonObject? value, string type, string id) => value is null
        ? (404, Json.Error("invalid_request_error", $"No such {type}: '{id}'", "resource_missing"))
        : (200, value);
}
