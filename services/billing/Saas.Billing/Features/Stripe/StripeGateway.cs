using System.Net;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Saas.Billing.Features.Subscriptions;
using Stripe;
using CheckoutSessionService = Stripe.Checkout.SessionService;
using PortalSessionService = Stripe.BillingPortal.SessionService;

namespace Saas.Billing.Features.Stripe;

/// <summary>
/// The few Stripe calls billing makes, in our own types. Every POST carries an idempotency key, so a retry by the
/// resilience pipeline (or by a caller) never creates twice; every failure becomes
/// <see cref="StripeUnavailableException"/> (retry later) or <see cref="StripeRejectedException"/> (do not).
/// </summary>
public sealed class StripeGateway(IHttpClientFactory clients, IOptions<StripeOptions> options)
{
    private StripeClient? client;

    private StripeClient Client => client ??= StripeRegistration.CreateClient(clients, options);

    /// <summary>
    /// Creates the subscriber's customer: a user's carries <c>metadata.userId</c>, an organization's its name and
    /// <c>metadata.org_id</c> (seed 003), with the e-mail of the owner who subscribes it.
    /// </summary>
    public Task<string> CreateCustomerAsync(SubscriberId subscriber, string? email, string? name, CancellationToken ct) =>
        CallAsync(async () =>
        {
            var customer = await new CustomerService(Client).CreateAsync(new CustomerCreateOptions
            {
                Email = email,
                Name = name,
                Metadata = StripeMetadata.For(subscriber),
            }, Idempotent($"customer-{subscriber.Key}-{Fingerprint(name is null ? email : $"{email}\n{name}")}"), ct);
            return customer.Id;
        });

    public Task<(string Id, string Url)> CreateCheckoutSessionAsync(CheckoutSessionRequest request, CancellationToken ct) =>
        CallAsync(async () =>
        {
            var metadata = StripeMetadata.For(request.Subscriber);
            metadata["priceId"] = request.PriceId;
            metadata["planId"] = request.PlanId;
            var session = await new CheckoutSessionService(Client).CreateAsync(new global::Stripe.Checkout.SessionCreateOptions
            {
                Mode = "subscription",
                Customer = request.CustomerId,
                ClientReferenceId = request.Subscriber.Id,
                LineItems = [new() { Price = request.PriceId, Quantity = 1 }],
                SuccessUrl = request.SuccessUrl,
                CancelUrl = request.CancelUrl,
                Metadata = metadata,
                SubscriptionData = new()
                {
                    // Subscription events carry this metadata, so they find the subscriber even before checkout's event.
                    Metadata = new Dictionary<string, string>(metadata),
                    TrialPeriodDays = request.TrialDays > 0 ? request.TrialDays : null,
                },
            }, Idempotent(request.IdempotencyKey), ct);
            return (session.Id, session.Url);
        });

    public Task<string> CreatePortalSessionAsync(string customerId, string returnUrl, string idempotencyKey, CancellationToken ct) =>
        CallAsync(async () =>
        {
            var session = await new PortalSessionService(Client).CreateAsync(
                new global::Stripe.BillingPortal.SessionCreateOptions { Customer = customerId, ReturnUrl = returnUrl },
                Idempotent(idempotencyKey), ct);
            return session.Url;
        });

    /// <summary>The subscription as Stripe has it now; null when Stripe does not know it.</summary>
    public Task<LiveSubscription?> GetSubscriptionAsync(string subscriptionId, CancellationToken ct) =>
        CallAsync(() => OrNullWhenMissing(async () => LiveSubscription.From(await new SubscriptionService(Client).GetAsync(subscriptionId, null, null, ct))));

    /// <summary>The customer's subscription that matters: the newest live one, else the newest of any status.</summary>
    public Task<LiveSubscription?> FindCurrentSubscriptionAsync(string customerId, CancellationToken ct) =>
        CallAsync(async () =>
        {
            var list = await new SubscriptionService(Client).ListAsync(
                new SubscriptionListOptions { Customer = customerId, Status = "all", Limit = 20 }, null, ct);
            var all = list.Data.Select(LiveSubscription.From).OrderByDescending(s => s.Created).ToList();
            return all.FirstOrDefault(s => !Features.Subscriptions.SubscriptionStatuses.IsTerminal(s.Status)) ?? all.FirstOrDefault();
        });

    /// <summary>Cancels at once; null when Stripe does not know the subscription (already gone).</summary>
    public Task<LiveSubscription?> CancelSubscriptionAsync(string subscriptionId, CancellationToken ct) =>
        CallAsync(() => OrNullWhenMissing(async () => LiveSubscription.From(await new SubscriptionService(Client).CancelAsync(
            subscriptionId, new SubscriptionCancelOptions(), Idempotent($"cancel-{subscriptionId}"), ct))));

    private static RequestOptions Idempotent(string key) => new() { IdempotencyKey = key };

    // Stripe refuses a key reused with other parameters: a changed e-mail makes a new key, not a 400.
    private static string Fingerprint(string? value) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value ?? "")))[..12];

    private static async Task<T?> OrNullWhenMissing<T>(Func<Task<T>> call) where T : class
    {
        try
        {
            return await call();
        }
        catch (StripeException ex) when (ex.HttpStatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StripeException ex) when ((int)ex.HttpStatusCode is 0 or 408 or 409 or 429 or >= 500)
        {
            // 409: a concurrent request with the same idempotency key is still running at Stripe.
            throw new StripeUnavailableException($"Stripe answered {(int)ex.HttpStatusCode}", ex);
        }
        catch (StripeException ex)
        {
            throw new StripeRejectedException($"Stripe answered {(int)ex.HttpStatusCode}: {ex.StripeError?.Message}", ex.StripeError?.Code, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or TaskCanceledException { CancellationToken.IsCancellationRequested: false })
        {
            throw new StripeUnavailableException(ex.GetType().Name, ex);
        }
    }
}

/// <summary>What a checkout session is created with.</summary>
public sealed record CheckoutSessionRequest(
    SubscriberId Subscriber, string CustomerId, string PriceId, string PlanId, int TrialDays,
    string SuccessUrl, string CancelUrl, string IdempotencyKey);

/// <summary>Metadata our Stripe objects carry, so events and the dashboard name the subscriber.</summary>
internal static class StripeMetadata
{
    /// <summary>An organization's objects, as seed 003 spells it.</summary>
    public const string OrganizationKey = "org_id";

    public static Dictionary<string, string> For(SubscriberId subscriber) => subscriber.IsUser
        ? new() { ["userId"] = subscriber.Id }
        : new() { [OrganizationKey] = subscriber.Id };
}
