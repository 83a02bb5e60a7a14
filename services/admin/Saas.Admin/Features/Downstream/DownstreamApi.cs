using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using Saas.Admin.Features.Staff;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Correlation;
using Saas.ServiceDefaults.Errors;

namespace Saas.Admin.Features.Downstream;

/// <summary>
/// Calls an internal API and keeps its JSON as is. A service that cannot be reached, times out, has its circuit
/// open or answers 5xx (other than billing's 502 "Stripe refused") becomes <see cref="DownstreamResponse.Unavailable"/>.
/// </summary>
public sealed class DownstreamApi(
    IHttpClientFactory clients, IOptions<AdminOptions> options, IHttpContextAccessor http, ILogger<DownstreamApi> logger)
{
    public const string RequestedByHeader = "X-Requested-By";
    private const string ApiKeyHeader = "X-Internal-Api-Key";

    public async Task<DownstreamResponse> SendAsync(
        string service, HttpMethod method, string path, object? body, StaffMember? staff, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (ApiKeyFor(service) is { Length: > 0 } key)
        {
            request.Headers.Add(ApiKeyHeader, key);
        }

        if (staff is not null)
        {
            request.Headers.Add(RequestedByHeader, staff.Label);
        }

        // The client admin serves (the gateway's X-Forwarded-For, believed by UseForwardedHeaders), so identity's
        // per-address login throttle counts staff console sign-ins per client, not all of them as admin's pod.
        if (http.HttpContext?.Connection.RemoteIpAddress is { } client)
        {
            request.Headers.Add("X-Forwarded-For", client.ToString());
        }

        if (http.HttpContext?.TraceIdentifier is { } requestId && RequestIdExtensions.IsAcceptable(requestId))
        {
            request.Headers.Add(RequestIdExtensions.HeaderName, requestId);
        }

        try
        {
            using var response = await clients.CreateClient(service).SendAsync(request, ct);
            var status = (int)response.StatusCode;
            if (status >= 500 && status != StatusCodes.Status502BadGateway)
            {
                logger.LogWarning("{Service} answered {Status} to {Method} {Path}", service, status, method, path);
                return DownstreamResponse.Unavailable(service);
            }

            var text = await response.Content.ReadAsStringAsync(ct);
            JsonElement? json = null;
            if (text.Length > 0)
            {
                try
                {
                    json = JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException)
                {
                    return DownstreamResponse.Unavailable(service);
                }
            }

            return new DownstreamResponse(service, status, json);
        }
        catch (Exception ex) when (ex is HttpRequestException or ExecutionRejectedException
                                       or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "{Service} unreachable for {Method} {Path}", service, method, path);
            return DownstreamResponse.Unavailable(service);
        }
    }

    public Task<DownstreamResponse> GetAsync(string service, string path, CancellationToken ct) =>
        SendAsync(service, HttpMethod.Get, path, null, null, ct);

    private string? ApiKeyFor(string service) => service switch
    {
        ResourceNames.Identity => options.Value.IdentityApiKey,
        ResourceNames.Billing => options.Value.BillingApiKey,
        ResourceNames.Webhooks => options.Value.WebhooksApiKey,
        _ => null,
    };
}

/// <summary>A downstream answer: status and JSON body, or unavailable (status 503).</summary>
public sealed record DownstreamResponse(string Service, int StatusCode, JsonElement? Body)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public static DownstreamResponse Unavailable(string service) => new(service, StatusCodes.Status503ServiceUnavailable, null);
}
