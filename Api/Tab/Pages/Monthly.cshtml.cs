using GuidanceBot.Api.Tracking;
using GuidanceBot.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tab.Pages;

/// <summary>The year's monthly reviews (月讲评), as <c>GET /api/v1/monthly</c> lists them.</summary>
public sealed class MonthlyModel(GuidanceDbContext db) : TabPageModel
{
    public IReadOnlyList<MonthlySummary> Reviews { get; private set; } = [];

    public override string Title => F("MonthlyTitle", ShownYear);
    public override string Section => "monthly";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await BeginAsync() is { } refused)
        {
            return refused;
        }
        Reviews = await SnapshotsApi.Monthly(db, ShownYear).ToListAsync(ct);
        return Page();
    }
}
