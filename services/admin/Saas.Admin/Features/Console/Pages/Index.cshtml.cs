using System.Text.Json;
using Saas.Admin.Features.Webhooks;

namespace Saas.Admin.Features.Console.Pages;

public sealed class IndexModel(WebhookEventAdministration events) : ConsolePageModel
{
    public JsonElement? Counts { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var counts = await events.CountsAsync(ct);
        if (Succeeded(counts))
        {
            Counts = counts.Body;
        }
    }
}
