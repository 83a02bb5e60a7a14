using System.Net.Http.Headers;
using System.Text;

namespace Saas.Testing.BadInput;

/// <summary>
/// The table-driven walk of issue 15: every operation of a service's OpenAPI document, fed malformed, oversized,
/// wrong-typed and non-JSON bodies, wrong-typed query parameters and forged tokens, must answer a 4xx whose body follows
/// the one rule for error bodies (<see cref="ProblemShape"/>: problem+json with <c>error</c>, and <c>field</c> for a
/// wrong-typed member or query parameter) and store nothing. Routes come from the document, so a route is covered the day it is published. Each check returns the
/// failures as lines, so one run reports every offending route at once.
/// </summary>
public sealed class BadInputWalk(HttpClient client, Func<Task<long>> countStored)
{
    public const string WrongTypes = "wrong-typed fields";

    /// <summary>
    /// A body whose every member a service might read has the wrong JSON type. Services add their own members through
    /// <see cref="WrongTypedBody"/>.
    /// </summary>
    public const string CommonWrongTypes =
        """{"email": 12, "password": true, "newPassword": [], "currentPassword": {}, "token": 7, "name": [1], "role": 3, "roles": "admin", "action": 5, "details": "x", "refreshToken": 1, "slug": {}, "staff": false, "plan": 5, "planId": [], "interval": {}, "priceId": 3, "value": {"a": [1]}, "key": 5, "type": [], "reason": 7, "filter": "x", "eventIds": "x", "status": 5, "userId": {}, "organizationId": 4, "metric": [], "amount": "many", "quantity": "many", "limit": "x", "count": "x", "description": [], "isPublic": "yes", "public": "yes", "subscriptionStatus": 4, "limits": 5, "usage": "x", "dryRun": "x"}""";

    /// <summary>Sent as a bearer token on the body and parameter cases (null: none).</summary>
    public string? Token { get; init; }

    /// <summary>Operations (<c>"POST /path"</c>) that read no JSON body: only the token cases apply to them.</summary>
    public IReadOnlySet<string> Bodyless { get; init; } = new HashSet<string>();

    /// <summary>Operations whose body is any JSON the client keeps (no member has a wrong type there).</summary>
    public IReadOnlySet<string> FreeForm { get; init; } = new HashSet<string>();

    /// <summary>Operations open to anyone: a token is ignored there, so the token cases do not apply.</summary>
    public IReadOnlySet<string> Anonymous { get; init; } = new HashSet<string>();

    /// <summary>Operations whose 400 to a wrong-typed body is about the request as a whole, so it names no <c>field</c>.</summary>
    public IReadOnlySet<string> NoFieldAtFault { get; init; } = new HashSet<string>();

    public string WrongTypedBody { get; init; } = CommonWrongTypes;

    /// <summary>Adds what every request needs besides the token (a signature over the body, say).</summary>
    public Func<HttpRequestMessage, Task>? Prepare { get; init; }

    public async Task<IReadOnlyList<OpenApiOperation>> OperationsAsync(int atLeast)
    {
        var operations = await OpenApiOperation.ReadAllAsync(client);
        Xunit.Assert.True(operations.Count >= atLeast, $"only {operations.Count} operations in the document");
        return operations;
    }

    /// <summary>Every operation that reads a body, with each bad body.</summary>
    public async Task<List<string>> BadBodiesAsync(IEnumerable<OpenApiOperation> operations)
    {
        var failures = new List<string>();
        foreach (var operation in operations.Where(o => o.Method is not "GET" && !Bodyless.Contains(o.Key)))
        {
            foreach (var (name, content) in BadBodies(WrongTypedBody))
            {
                if (name == WrongTypes && FreeForm.Contains(operation.Key))
                {
                    continue;
                }

                failures.AddRange(await SendAsync(operation, $"{operation.Key} with {name}", operation.Method, operation.ConcretePath, content, Token,
                    fieldExpected: name == WrongTypes && !NoFieldAtFault.Contains(operation.Key)));
            }
        }

        return failures;
    }

    /// <summary>Every typed query parameter (integer, number, boolean) given a word, one at a time.</summary>
    public async Task<List<string>> BadParametersAsync(IEnumerable<OpenApiOperation> operations)
    {
        var failures = new List<string>();
        foreach (var operation in operations)
        {
            foreach (var (name, type) in operation.QueryParameters.Where(p => p.Value.Contains("integer") || p.Value.Contains("number") || p.Value.Contains("boolean")))
            {
                var body = operation.Method is "GET" || Bodyless.Contains(operation.Key) ? null : Json("{}");
                failures.AddRange(await SendAsync(operation, $"{operation.Key} with {name}=not-a-{type}", operation.Method,
                    $"{operation.ConcretePath}?{name}=not-a-{type.Replace(',', '-')}", body, Token, fieldExpected: true));
            }
        }

        return failures;
    }

    /// <summary>Every operation that is not <see cref="Anonymous"/>, with each forged token.</summary>
    public async Task<List<string>> ForgedTokensAsync(IEnumerable<OpenApiOperation> operations, IReadOnlyDictionary<string, string> tokens)
    {
        var failures = new List<string>();
        foreach (var operation in operations.Where(o => !Anonymous.Contains(o.Key)))
        {
            foreach (var (name, token) in tokens)
            {
                var body = operation.Method is "GET" ? null : Json("{}");
                failures.AddRange(await SendAsync(operation, $"{operation.Key} with {name}", operation.Method, operation.ConcretePath, body, token));
            }
        }

        return failures;
    }

    public static IEnumerable<(string Name, HttpContent Content)> BadBodies(string wrongTypes)
    {
        yield return ("malformed JSON", Json("{\"email\": \"a@example.com\", "));
        yield return ("an oversized body", Json("{\"name\": \"" + new string('x', 2 * 1024 * 1024) + "\"}"));
        yield return ("a JSON array", Json("[1, 2, 3]"));
        yield return (WrongTypes, Json(wrongTypes));
        yield return ("text/plain", new StringContent("email=a@example.com", Encoding.UTF8, "text/plain"));
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private async Task<IEnumerable<string>> SendAsync(
        OpenApiOperation operation, string what, string method, string path, HttpContent? content, string? token, bool fieldExpected = false)
    {
        var before = await countStored();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (Prepare is not null)
        {
            await Prepare(request);
        }

        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        var failures = new List<string>();
        if (status is < 400 or >= 500)
        {
            failures.Add($"{what}: {status} {Clip(text)}");
        }
        else if (ProblemShape.Problem(response, text, fieldExpected && status == 400) is { } problem)
        {
            failures.Add($"{what}: {status} {problem}: {Clip(text)}");
        }

        // A client generated from the document must know every error the operation really answers.
        if (status >= 400 && !operation.Statuses.Contains(status))
        {
            failures.Add($"{what}: {status}, which the OpenAPI document does not list (it lists {string.Join(", ", operation.Statuses.Order())})");
        }

        if (await countStored() != before)
        {
            failures.Add($"{what}: {status} but something was stored");
        }

        return failures;
    }

    private static string Clip(string text) => text[..Math.Min(text.Length, 200)];
}
