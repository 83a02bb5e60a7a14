using System.Buffers;
using System.Collections;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Saas.ServiceDefaults.Correlation;

/// <summary>
/// Gives every request an <c>X-Request-Id</c>: the caller's when it is well formed, a new one otherwise.
/// The id is echoed on the response, passed on to the next hop and put in every log line's scope.
/// </summary>
public static class RequestIdExtensions
{
    /// <summary>The header carrying the correlation id.</summary>
    public const string HeaderName = "X-Request-Id";

    /// <summary>Registers the request id middleware.</summary>
    public static IServiceCollection AddRequestIds(this IServiceCollection services) =>
        services.AddSingleton<RequestIdMiddleware>();

    /// <summary>Adds the request id middleware to the pipeline.</summary>
    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestIdMiddleware>();

    /// <summary>
    /// A caller's id is kept only if it is short and plain: it ends up in logs and headers,
    /// where control characters or huge values would do harm.
    /// </summary>
    public static bool IsAcceptable(string? id) => id is { Length: > 0 and <= 128 } && !id.AsSpan().ContainsAnyExcept(Allowed);

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");
}

internal sealed class RequestIdMiddleware(ILogger<RequestIdMiddleware> logger) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        string incoming = context.Request.Headers[RequestIdExtensions.HeaderName].ToString();
        var id = RequestIdExtensions.IsAcceptable(incoming) ? incoming : Guid.NewGuid().ToString("N");

        context.TraceIdentifier = id;
        context.Request.Headers[RequestIdExtensions.HeaderName] = id;
        // The scope doubles as the callback's state: one allocation per request instead of a closure and a dictionary.
        var scope = new RequestIdScope(context, id);
        context.Response.OnStarting(static state =>
        {
            var scope = (RequestIdScope)state;
            scope.Context.Response.Headers[RequestIdExtensions.HeaderName] = scope.Id;
            return Task.CompletedTask;
        }, scope);
        Activity.Current?.SetTag("http.request_id", id);

        using (logger.BeginScope(scope))
        {
            await next(context);
        }
    }
}

/// <summary>The log scope <c>RequestId = id</c>, read by every logger provider as one key-value pair.</summary>
internal sealed class RequestIdScope(HttpContext context, string id) : IReadOnlyList<KeyValuePair<string, object>>
{
    public HttpContext Context { get; } = context;

    public string Id { get; } = id;

    public int Count => 1;

    public KeyValuePair<string, object> this[int index] =>
        index == 0 ? new("RequestId", Id) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"RequestId:{Id}";
}
