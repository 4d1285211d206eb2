using GuidanceBot.Api.Tracking;
using GuidanceBot.Data;
using Microsoft.AspNetCore.Mvc;

namespace GuidanceBot.Api.Tab.Pages;

/// <summary>One weekly list's lines and case counts (<c>GET /api/v1/weekly/{id}</c>'s answer), with its XLSX.</summary>
public sealed class WeeklyListModel(GuidanceDbContext db) : TabPageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    public WeeklyDetail List { get; private set; } = null!;

    public override string Title => List is null ? "" : F("WeeklyListTitle", List.Snapshot.Year, List.Snapshot.Serial);
    public override string Section => "weekly";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await BeginAsync() is { } refused)
        {
            return refused;
        }
        var list = await SnapshotsApi.WeeklyDetailAsync(db, Id, Caller, ct);
        if (list is null)
        {
            return NotFoundPage();
        }
        List = list;
        return Page();
    }
}
