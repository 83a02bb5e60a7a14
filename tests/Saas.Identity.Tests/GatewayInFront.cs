using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Saas.Gateway;
using Yarp.ReverseProxy.Forwarder;

namespace Saas.Identity.Tests;

/// <summary>
/// The real gateway (its routes and rate limits as shipped) in front of an in-process identity: YARP forwards through
/// identity's TestServer handler instead of a socket, so identity can run on a fake clock. The other services get an
/// address where nothing listens; these tests only call identity's routes.
/// </summary>
public sealed class GatewayInFront(IdentityApp identity) : WebApplicationFactory<GatewayOptions>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("services:identity:http:0", "http://identity.test");
        foreach (var service in new[] { "billing", "admin", "webhooks" })
        {
            builder.UseSetting($"services:{service}:http:0", "http://127.0.0.1:9");
        }

        builder.ConfigureTestServices(services =>
            services.AddSingleton<IForwarderHttpClientFactory>(new TestServerForwarding(identity.Server.CreateHandler())));
    }

    private sealed class TestServerForwarding(HttpMessageHandler handler) : IForwarderHttpClientFactory
    {
        public HttpMessageInvoker CreateClient(ForwarderHttpClientContext context) => new(handler, disposeHandler: false);
    }
}
