using System.Text;

namespace Saas.BrowserTests;

/// <summary>The functions the browser runs are the seed's, unchanged.</summary>
public sealed class SeedClientFileTests
{
    [SeedFact]
    public void SeedClientJs_ShouldBeAByteForByteExcerptOfTheSeedWithTheThreeClientFunctions()
    {
        var script = File.ReadAllBytes(SeedClient.Path);
        var seed = File.ReadAllBytes(SeedClient.SeedFile!);

        Assert.True(seed.AsSpan().IndexOf(script) >= 0, "seed-client.js is not a verbatim excerpt of seed 000");
        var text = Encoding.UTF8.GetString(script);
        Assert.Contains("async function login(email, password) {", text);
        Assert.Contains("async function getCurrentUser() {", text);
        Assert.Contains("async function refreshToken() {", text);
    }
}
