namespace Saas.Identity.Http;

internal static class ClientAddress
{
    /// <summary>The client's address as forwarded by the gateway (see ForwardedHeaders in IdentityServices).</summary>
    public static string? Of(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();
}
