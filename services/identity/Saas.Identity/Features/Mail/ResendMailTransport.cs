using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Saas.Identity.Features.Mail;

/// <summary>
/// Sends through Resend's HTTP API: <c>POST {Mail:Resend:BaseUrl}/emails</c> with the API key as a bearer token and
/// <c>{ from, to, subject, text }</c>. The client has its own standard resilience pipeline (retries on 408/429/5xx,
/// timeouts, circuit breaker; <c>Mail:Resend:Resilience</c>); the outbox retries beyond that.
/// </summary>
public sealed class ResendMailTransport(HttpClient http, IOptions<MailOptions> options) : IMailTransport
{
    /// <summary>The named HttpClient (its logged headers are redacted: Authorization carries the key).</summary>
    public const string HttpClientName = "resend";

    public async Task SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(settings.Resend.BaseUrl.TrimEnd('/') + "/"), "emails"))
        {
            Content = JsonContent.Create(new { from = settings.Sender, to = new[] { message.To }, subject = message.Subject, text = message.Text }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.Resend.ApiKey);
        if (message.IdempotencyKey is { } key)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new MailNotAcceptedException(
                $"Resend answered {(int)response.StatusCode}: {await ErrorMessageAsync(response, cancellationToken)}");
        }
    }

    /// <summary>Resend's <c>{ "message": … }</c>, or the start of the body (it never echoes the key).</summary>
    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("message", out var text))
            {
                return text.ToString();
            }
        }
        catch (JsonException)
        {
        }

        return body.Length > 200 ? body[..200] : body;
    }
}

/// <summary>The transport refused the mail (the outbox retries it).</summary>
public sealed class MailNotAcceptedException(string message) : Exception(message);
