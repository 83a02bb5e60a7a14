using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Saas.Storage;

namespace Saas.Admin.Features.Console;

/// <summary>One Data Protection key (its XML as ASP.NET Core writes it).</summary>
public sealed class DataProtectionKey : IDocument
{
    public const string CollectionName = "data_protection_keys";

    public string Id { get; set; } = "";

    public long Version { get; set; }

    public string FriendlyName { get; set; } = "";

    public string Xml { get; set; } = "";
}

/// <summary>
/// The console's key ring in admin's document store, so replicas sharing the store (MongoDB in Kubernetes) share the
/// keys with nothing else to provision. Data Protection's repository interface is synchronous; it is called when the
/// ring is loaded or a key is created (rarely), not per request.
/// </summary>
public sealed class DataProtectionKeyStore(IDocumentStore store) : IXmlRepository
{
    private IDocumentCollection<DataProtectionKey> Keys => store.Collection<DataProtectionKey>(DataProtectionKey.CollectionName);

    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. Keys.FindAsync(_ => true).GetAwaiter().GetResult().Select(k => XElement.Parse(k.Xml))];

    public void StoreElement(XElement element, string friendlyName) =>
        Keys.InsertAsync(new DataProtectionKey
        {
            Id = Guid.NewGuid().ToString("N"),
            FriendlyName = friendlyName,
            Xml = element.ToString(SaveOptions.DisableFormatting),
        }).GetAwaiter().GetResult();
}
