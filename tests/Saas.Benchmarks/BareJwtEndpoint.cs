using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Saas.Benchmarks;

/// <summary>
/// The least a service can do with an access token: an in-process Kestrel app whose one endpoint validates the RS256
/// token with JwtBearer against identity's published JWKS (issuer, audience, algorithm and lifetime checked) and answers
/// the subject. No user lookup: the baseline for identity's <c>GET /api/auth/me</c>.
/// </summary>
internal sealed class BareJwtEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareJwtEndpoint(WebApplication app, string url, string algorithm)
    {
        _app = app;
        Url = url;
        Algorithm = algorithm;
    }

    public string Url { get; }

    public string Algorithm { get; }

    public static async Task<BareJwtEndpoint> StartAsync(string identityUrl, string sampleToken, int port)
    {
        using var http = new HttpClient();
        var jwks = new JsonWebKeySet(await http.GetStringAsync($"{identityUrl}/.well-known/jwks.json"));
        // Pin what identity issues: read issuer, audience and alg from a real token rather than repeat identity's settings.
        var sample = new JwtSecurityTokenHandler().ReadJwtToken(sampleToken);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = sample.Issuer,
                ValidAudiences = sample.Audiences,
                ValidAlgorithms = [sample.Header.Alg],
                IssuerSigningKeys = jwks.GetSigningKeys(),
                ClockSkew = TimeSpan.FromSeconds(30),
                RequireSignedTokens = true,
                RequireExpirationTime = true,
            };
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/me", (ClaimsPrincipal user) => Results.Json(new { _id = user.FindFirst("sub")?.Value })).RequireAuthorization();
        await app.StartAsync();

        var endpoint = new BareJwtEndpoint(app, $"http://127.0.0.1:{port}/me", sample.Header.Alg);
        using var probe = new HttpRequestMessage(HttpMethod.Get, endpoint.Url);
        probe.Headers.Authorization = new("Bearer", sampleToken);
        var answer = await http.SendAsync(probe);
        if (!answer.IsSuccessStatusCode)
        {
            await endpoint.DisposeAsync();
            throw new InvalidOperationException($"the bare JWT endpoint refused identity's token: {(int)answer.StatusCode} {answer.Headers.WwwAuthenticate}");
        }

        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
