using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Saas.Identity.Features.Tokens;

namespace Saas.Identity.Tests.Security;

/// <summary>
/// Issue 15, finding 9: identity's signing keys are encrypted in its store, so a copy of the store alone cannot sign
/// tokens. Checked on the SQLite file itself, after the service stopped; tokens still validate after a restart, and
/// keys stored before encryption are rewritten encrypted.
/// </summary>
public sealed class SigningKeyEncryptionTests
{
    private const string SecretSetting = "Identity:Tokens:SigningKeyEncryptionSecret";

    [Fact]
    public async Task NewSigningKey_WhenStored_ShouldLeaveNoPrivateKeyInTheFileAndValidateTokensAfterARestart()
    {
        var first = new IdentityApp().WithGeneratedKeys();
        var account = await first.CreateClient().RegisterAsync();
        var key = await first.Services.GetRequiredService<SigningKeyRing>().GetSigningKeyAsync(CancellationToken.None);
        var pkcs8 = Convert.ToBase64String(key.Rsa.ExportPkcs8PrivateKey());
        var privateExponent = key.Rsa.ExportParameters(includePrivateParameters: true).D!;
        await using var second = IdentityApp.OnDataOf(first);
        await first.DisposeAsync();

        var files = ReadStoreFiles(second.DataDirectory);
        Assert.DoesNotContain("PRIVATE KEY", Encoding.ASCII.GetString(files));
        Assert.DoesNotContain(pkcs8[..64], Encoding.ASCII.GetString(files));
        Assert.False(files.AsSpan().IndexOf(privateExponent) >= 0, "the private exponent is in the store's files");
        var row = Assert.Single(StoredKeys(second.DataDirectory));
        Assert.StartsWith("aesgcm1.", Field(row, "PrivateKeyProtected"));
        Assert.Equal("", Field(row, "PrivateKeyPkcs8"));

        var me = await second.CreateClient().GetAsync("/api/auth/me", account.Token);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task KeyStoredBeforeEncryption_WhenIdentityStarts_ShouldBeRewrittenEncryptedAndKeepSigning()
    {
        // IdentityApp seeds its key the way identity stored keys before encryption: plain PKCS#8.
        var first = new IdentityApp();
        var account = await first.CreateClient().RegisterAsync();
        await using var second = IdentityApp.OnDataOf(first);
        await first.DisposeAsync();

        var row = Assert.Single(StoredKeys(second.DataDirectory));
        Assert.StartsWith("aesgcm1.", Field(row, "PrivateKeyProtected"));
        Assert.Equal("", Field(row, "PrivateKeyPkcs8"));
        var http = second.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/auth/me", account.Token)).StatusCode);
        var again = await http.LoginAsync(account.Email);
        Assert.Equal((string?)TestTokens.Header(account.Token)["kid"], (string?)TestTokens.Header(again.Token)["kid"]);
    }

    [Fact]
    public async Task Replica_WhenItHasAnotherSecret_ShouldRefuseToStartNamingTheSetting()
    {
        var first = new IdentityApp().WithGeneratedKeys();
        await first.CreateClient().RegisterAsync();
        await using var second = IdentityApp.OnDataOf(first).With(SecretSetting, "another-secret-of-at-least-32-characters");
        await first.DisposeAsync();

        var failure = second.StartFailure();

        Assert.Contains(SecretSetting, failure.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("too-short")]
    public void Start_WhenTheSecretIsMissingOrShortOutsideDevelopment_ShouldFailNamingTheKey(string? secret)
    {
        using var app = new IdentityApp().With(SecretSetting, secret);

        var failure = Assert.IsType<OptionsValidationException>(app.StartFailure());

        Assert.Contains(failure.Failures, f => f.StartsWith(SecretSetting, StringComparison.Ordinal));
    }

    /// <summary>
    /// Every byte of the store's files (database, WAL, shared memory). The store may still be closing, which folds the WAL
    /// into the database and deletes it: a file gone between listing and reading means the listing is read again.
    /// </summary>
    private static byte[] ReadStoreFiles(DirectoryInfo data)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return [.. data.EnumerateFiles("*", SearchOption.AllDirectories).SelectMany(f => File.ReadAllBytes(f.FullName))];
            }
            catch (FileNotFoundException) when (attempt < 5)
            {
                Thread.Sleep(200);
            }
        }
    }

    private static List<JsonElement> StoredKeys(DirectoryInfo data)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data.FullName, "identity.sqlite")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc FROM signing_keys";
        using var reader = command.ExecuteReader();
        var rows = new List<JsonElement>();
        while (reader.Read())
        {
            rows.Add(JsonDocument.Parse(reader.GetString(0)).RootElement.Clone());
        }

        return rows;
    }

    private static string? Field(JsonElement row, string name) =>
        row.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } value
            ? value.GetString()
            : null;
}
