using System.Net;
using System.Net.Sockets;
using Saas.HealthProbe;

namespace Saas.Deploy.Tests;

/// <summary>The images' HEALTHCHECK program, against a real local HTTP listener.</summary>
public sealed class HealthProbeTests
{
    [Theory]
    [InlineData("/health", null, "http://127.0.0.1:8080/health")]
    [InlineData("/alive", "9090", "http://127.0.0.1:9090/alive")]
    [InlineData("/health", "8081;8082", "http://127.0.0.1:8081/health")]
    [InlineData("http://localhost:5000/health", "8080", "http://localhost:5000/health")]
    public void Resolves_a_path_against_the_port_the_service_listens_on(string target, string? ports, string expected) =>
        Assert.Equal(new Uri(expected), Probe.Resolve(target, ports));

    [Theory]
    [InlineData(200, 0)]
    [InlineData(204, 0)]
    [InlineData(503, 1)]
    [InlineData(500, 1)]
    public async Task Exit_code_follows_the_status(int status, int exitCode)
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serve = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            Assert.Equal("/health", context.Request.Url!.AbsolutePath);
            context.Response.StatusCode = status;
            context.Response.Close();
        });

        var error = new StringWriter();
        var result = await Probe.RunAsync(["/health"], name => name == "ASPNETCORE_HTTP_PORTS" ? port.ToString() : null, error);
        await serve.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(exitCode, result);
        Assert.Equal(exitCode == 0, error.ToString().Length == 0);
    }

    [Fact]
    public async Task Nothing_listening_is_unhealthy()
    {
        var error = new StringWriter();
        var result = await Probe.RunAsync(["/alive"], name => name == "ASPNETCORE_HTTP_PORTS" ? FreePort().ToString() : null, error);
        Assert.Equal(1, result);
        Assert.Contains("/alive", error.ToString());
    }

    [Fact]
    public async Task A_malformed_port_setting_is_unhealthy_with_a_reason()
    {
        var error = new StringWriter();
        Assert.Equal(1, await Probe.RunAsync(["/health"], _ => "http://+:80", error));
        Assert.Contains("ASPNETCORE_HTTP_PORTS", error.ToString());
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
