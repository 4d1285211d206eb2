using GuidanceBot.Data;
using GuidanceBot.Data.Status;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc;

namespace GuidanceBot.Api.Tab.Pages;

/// <summary>One unit's year: the API's unit detail (<see cref="YearStatusQuery.UnitDetailAsync"/>), with links to each document.</summary>
public sealed class UnitModel(YearStatusQuery query, GuidanceDbContext db) : TabPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Code { get; set; } = "";

    public UnitYearDetail Detail { get; private set; } = null!;

    /// <summary>The plan's categories by code, named in the page's language.</summary>
    public IReadOnlyDictionary<string, string> CategoryNames { get; private set; } = new Dictionary<string, string>();

    public override string Title => Detail is null ? "" : F("UnitTitle", UnitName(Detail.Summary.UnitName, Detail.Summary.UnitNameEn), ShownYear);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await BeginAsync() is { } refused)
        {
            return refused;
        }
        // Another unit's page answers as a unit that does not exist: the API's rule (VisibleUnitId).
        var unitId = Caller.VisibleUnitId(Code);
        var detail = unitId is null ? null : await query.UnitDetailAsync(ShownYear, unitId.Value, cityView: Caller.IsCity, ct);
        if (detail is null)
        {
            return NotFoundPage();
        }
        Detail = detail;
        CategoryNames = await db.EnterpriseCategories.AsNoTracking().ToDictionaryAsync(c => c.Code, c => English ? c.NameEn : c.Name, ct);
        return Page();
    }
}
