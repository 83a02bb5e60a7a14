using Microsoft.AspNetCore.Mvc;
using Saas.Admin.Features.Timeline;

namespace Saas.Admin.Features.Console.Pages.Customers;

/// <summary>A user's or organization's whole billing story on one page (<see cref="CustomerTimeline"/>).</summary>
public sealed class TimelineModel(CustomerTimeline timeline) : ConsolePageModel
{
    [BindProperty(SupportsGet = true)]
    public string Kind { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public CustomerTimelineView? View { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var result = await timeline.GetAsync(Kind == "users" ? CustomerTimeline.User : CustomerTimeline.Organization, Id, ct);
        if (Succeeded(result))
        {
            View = System.Text.Json.JsonSerializer.Deserialize<CustomerTimelineView>(result.Body!.Value, System.Text.Json.JsonSerializerOptions.Web);
        }
    }
}
