using GuidanceBot.Api.Tracking;
using GuidanceBot.Data;
using Microsoft.AspNetCore.Mvc;

namespace GuidanceBot.Api.Tab.Pages;

/// <summary>One monthly review: the ranking and the overdue items (<c>GET /api/v1/monthly/{id}</c>'s answer), with its XLSX.</summary>
public sealed class MonthlyReviewModel(GuidanceDbContext db) : TabPageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    public MonthlyDetail Review { get; private set; } = null!;

    public override string Title => Review is null ? "" : F("MonthlyReviewTitle", Review.Snapshot.Year, Month(Review.Snapshot.Month));
    public override string Section => "monthly";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await BeginAsync() is { } refused)
        {
            return refused;
        }
        var review = await SnapshotsApi.MonthlyDetailAsync(db, Id, ct);
        if (review is null)
        {
            return NotFoundPage();
        }
        Review = review;
        return Page();
    }
}
