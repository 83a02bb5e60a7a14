using Saas.Admin.Features.Alerts;

namespace Saas.Admin.Features.Console.Pages.Alerts;

/// <summary>The alerts firing now, each with since-when and a link to what it is about.</summary>
public sealed class AlertsModel(AlertBoard board) : ConsolePageModel
{
    public IReadOnlyList<ActiveAlert> Active { get; private set; } = [];

    public DateTimeOffset? EvaluatedAt { get; private set; }

    public void OnGet() => (Active, EvaluatedAt) = (board.Active, board.EvaluatedAt);
}
