using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Saas.Storage;

namespace Saas.Admin.Features.Console;

/// <summary>
/// The key ring that encrypts the console's session and antiforgery cookies, shared by every admin replica under one
/// application name so a staffer's cookie from one replica is accepted by the next (and refused by a deployment with
/// another ring). Kept in admin's document store by default (MongoDB is shared by the replicas); in
/// <see cref="ConsoleSessionOptions.KeysDirectory"/> when set (a shared volume).
/// </summary>
public static class ConsoleDataProtection
{
    public const string ApplicationName = "Saas.Admin";

    public static IHostApplicationBuilder AddConsoleDataProtection(this IHostApplicationBuilder builder)
    {
        // Read here, not through IOptions: Data Protection's repository is chosen while services are registered.
        var directory = builder.Configuration[$"{ConsoleSessionOptions.SectionName}:{nameof(ConsoleSessionOptions.KeysDirectory)}"];
        var protection = builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        if (!string.IsNullOrWhiteSpace(directory))
        {
            protection.PersistKeysToFileSystem(Directory.CreateDirectory(directory));
        }
        else
        {
            builder.Services.AddOptions<KeyManagementOptions>()
                .Configure<IDocumentStore>((o, store) => o.XmlRepository = new DataProtectionKeyStore(store));
        }

        return builder;
    }
}
