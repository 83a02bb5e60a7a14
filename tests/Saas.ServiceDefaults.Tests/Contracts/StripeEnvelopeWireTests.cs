using System.Text.Json;
using MassTransit.Serialization;
using Saas.Contracts.Webhooks;

namespace Saas.ServiceDefaults.Tests.Contracts;

/// <summary>
/// The nine envelope fields moved into one base record; on the wire (MassTransit's JSON) an event is still one flat
/// object, and a message written before the move reads the same.
/// </summary>
public sealed class StripeEnvelopeWireTests
{
    [Fact]
    public void A_translated_event_is_one_flat_object_with_the_envelope_beside_its_own_fields()
    {
        var failed = new StripeInvoicePaymentFailed
        {
            EventId = Guid.Parse("8d7f0a52-63a4-4f7e-9d38-1b0c7d4f6e11"),
            StripeEventId = "evt_1",
            CustomerId = "cus_1",
            InvoiceId = "in_1",
            Status = "open",
        };

        var json = JsonSerializer.SerializeToElement(failed, SystemTextJsonMessageSerializer.Options);

        Assert.Equal("invoice.payment_failed", json.GetProperty("stripeEventType").GetString());
        Assert.Equal("evt_1", json.GetProperty("stripeEventId").GetString());
        Assert.Equal("cus_1", json.GetProperty("customerId").GetString());
        Assert.Equal("in_1", json.GetProperty("invoiceId").GetString());
        Assert.All(new[] { "eventId", "occurredAt", "stripeCreated", "livemode", "isReplay", "repeatSideEffects" },
            name => Assert.True(json.TryGetProperty(name, out _), name));
    }

    [Fact]
    public void A_message_written_before_the_envelope_moved_reads_the_same()
    {
        const string before = """
            {"eventId":"8d7f0a52-63a4-4f7e-9d38-1b0c7d4f6e11","occurredAt":"2026-11-30T10:00:00+00:00","stripeEventId":"evt_2",
             "stripeEventType":"invoice.paid","stripeCreated":"2026-11-30T10:00:00+00:00","livemode":true,"customerId":"cus_2",
             "isReplay":true,"repeatSideEffects":false,"invoiceId":"in_2","status":"paid","amountPaid":1900}
            """;

        var paid = JsonSerializer.Deserialize<StripeInvoicePaid>(before, SystemTextJsonMessageSerializer.Options)!;

        Assert.Equal(("evt_2", "invoice.paid", "cus_2", true, true), (paid.StripeEventId, paid.StripeEventType, paid.CustomerId, paid.Livemode, paid.IsReplay));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), paid.StripeCreated);
        Assert.Equal(("in_2", 1900L), (paid.InvoiceId, paid.AmountPaid));
    }
}
