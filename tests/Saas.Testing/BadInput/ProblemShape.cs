using System.Text.Json;

namespace Saas.Testing.BadInput;

/// <summary>
/// The one rule for error bodies (ServiceDefaults' <c>ErrorResults</c>): every 4xx/5xx is RFC 9457 ProblemDetails,
/// <c>application/problem+json</c> with <c>type</c>, <c>title</c>, <c>status</c> (the response's) and saasbackend's
/// <c>error</c> (a non-empty message), and a <c>field</c> naming the JSON member when one is at fault.
/// </summary>
public static class ProblemShape
{
    public const string ContentType = "application/problem+json";

    /// <summary>What is wrong with the body (null: it follows the rule).</summary>
    public static string? Problem(HttpResponseMessage response, string text, bool fieldExpected = false)
    {
        var status = (int)response.StatusCode;
        if (response.Content.Headers.ContentType?.MediaType != ContentType)
        {
            return $"content type {response.Content.Headers.ContentType?.MediaType ?? "(none)"}, not {ContentType}";
        }

        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "not a JSON object";
            }

            foreach (var member in new[] { "type", "title", "error" })
            {
                if (!root.TryGetProperty(member, out var value) || value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 })
                {
                    return $"no {member}";
                }
            }

            if (!root.TryGetProperty("status", out var s) || s.ValueKind != JsonValueKind.Number || s.GetInt32() != status)
            {
                return $"status member is not {status}";
            }

            if (fieldExpected && (!root.TryGetProperty("field", out var f) || f.ValueKind != JsonValueKind.String || f.GetString() is not { Length: > 0 }))
            {
                return "no field naming the member at fault";
            }

            return null;
        }
        catch (JsonException)
        {
            return "not JSON";
        }
    }

    /// <summary>Asserts the rule, reading the body.</summary>
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, bool fieldExpected = false)
    {
        var text = await response.Content.ReadAsStringAsync();
        var problem = Problem(response, text, fieldExpected);
        Xunit.Assert.True(problem is null, $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {problem}: {text[..Math.Min(text.Length, 300)]}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
