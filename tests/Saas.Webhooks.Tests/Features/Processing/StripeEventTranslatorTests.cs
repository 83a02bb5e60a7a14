using Saas.Contracts.Webhooks;
using Saas.Webhooks.Features.Intake;
using Saas.Webhooks.Features.Processing;

namespace Saas.Webhooks.Tests.Features.Processing;

/// <summary>Events of API versions before 2025-03-31 keep fields where Stripe had them then.</summary>
public sealed class StripeEventTranslatorTests
{
    private static readonly TranslationContext Context = new(Guid.NewGuid(), false, false);

    [Fact]
    public void Translate_WhenASubscriptionOfAnOlderApiVersionHasItsPeriodEndAtTheTop_ShouldReadItThere()
    {
        const string json = """
            {"id":"evt_old","object":"event","api_version":"2024-06-20","created":1700000000,"type":"customer.subscription.updated",
             "data":{"object":{"id":"sub_9","object":"subscription","customer":"cus_9","status":"past_due","cancel_at_period_end":true,
             "current_period_end":1702592000,"trial_end":null,"plan":{"id":"price_old"},
             "items":{"object":"list","data":[{"id":"si_9","price":{"id":"price_old","product":"prod_9"},"quantity":2}]}},
             "previous_attributes":{"status":"active"}}}
            """;

        var translated = Assert.IsType<StripeSubscriptionChanged>(StripeEventTranslator.Translate(Parse(json), Context));

        Assert.Equal(("sub_9", "cus_9", "past_due", "active", "price_old"), (translated.SubscriptionId, translated.CustomerId, translated.Status, translated.PreviousStatus, translated.PriceId));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1702592000), translated.CurrentPeriodEnd);
        Assert.True(translated.CancelAtPeriodEnd);
    }

    [Fact]
    public void Translate_WhenAnInvoiceOfAnOlderApiVersionNamesItsSubscriptionAtTheTop_ShouldReadItThere()
    {
        const string json = """
            {"id":"evt_old_inv","object":"event","api_version":"2023-10-16","created":1700000000,"type":"invoice.payment_failed",
             "data":{"object":{"id":"in_9","object":"invoice","customer":{"id":"cus_9","object":"customer"},"subscription":"sub_9",
             "status":"open","amount_due":500,"currency":"eur","attempt_count":3,"next_payment_attempt":null,
             "lines":{"data":[{"price":{"id":"price_old"},"period":{"start":1699000000,"end":1701000000}}]}}}}
            """;

        var translated = Assert.IsType<StripeInvoicePaymentFailed>(StripeEventTranslator.Translate(Parse(json), Context));

        Assert.Equal(("in_9", "sub_9", "cus_9", "price_old", 3L), (translated.InvoiceId, translated.SubscriptionId, translated.CustomerId, translated.PriceId, translated.AttemptCount));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1701000000), translated.PeriodEnd);
        Assert.Null(translated.NextPaymentAttempt);
    }

    [Fact]
    public void Translate_WhenAHandledObjectLacksItsId_ShouldThrowSoTheAttemptIsRecordedAsFailed()
    {
        const string json = """{"id":"evt_bad","type":"customer.subscription.updated","created":1700000000,"data":{"object":{"status":"active"}}}""";

        var error = Assert.Throws<InvalidOperationException>(() => StripeEventTranslator.Translate(Parse(json), Context));

        Assert.Equal("data.object.id is missing", error.Message);
    }

    private static StripeEventEnvelope Parse(string json)
    {
        Assert.True(StripeEventEnvelope.TryParse(json, out var envelope, out var error), error);
        return envelope!;
    }
}
