using GuidanceBot.Api.Tracking;
using GuidanceBot.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tab.Pages;

/// <summary>The year's weekly assignment lists (周交办), as <c>GET /api/v1/weekly</c> lists them for the caller.</summary>
public sealed class WeeklyModel(GuidanceDbContext db) : TabPageModel
{
    public IReadOnlyList<WeeklySummary> Lists { get; private set; } = [];

    public override string Title => F("WeeklyTitle", ShownYear);
    public override string Section => "weekly";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await BeginAsync() is { } refused)
        {
            return refused;
        }
        Lists = await SnapshotsApi.Weekly(db, ShownYear, Caller.Scope).ToListAsync(ct);
        return Page();
    }
}
