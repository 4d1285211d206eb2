using GuidanceBot.Api.Audit;
using GuidanceBot.Api.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.Units;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tab.Pages.City;

/// <summary>The audit log (city roles, as <c>GET /api/v1/audit</c>), filtered by unit, person, action and China dates.</summary>
public sealed class AuditModel(GuidanceDbContext db) : TabPageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public int? Person { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<AuditEntryDto> Entries { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<(string Code, string Name)> Units { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> People { get; private set; } = [];
    public string? Error { get; private set; }

    public override string Title => T("AuditTitle");
    public override string Section => "audit";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await BeginAsync() is { } refused)
        {
            return refused;
        }
        Units = [.. (await db.Units.AsNoTracking().OrderBy(u => u.SortOrder).Select(u => new { u.Code, u.Name, u.NameEn }).ToListAsync(ct))
            .Select(u => (u.Code, UnitName(u.Name, u.NameEn)))];
        People = [.. (await db.People.AsNoTracking().OrderBy(p => p.UnitId).ThenBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct))
            .Select(p => (p.Id, p.Name))];
        if (From is { } f && To is { } t && t < f)
        {
            Error = T("DateOrder");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        // China dates, both included: [from 00:00, the day after to 00:00) in China time, as UTC instants.
        var filter = new AuditQuery(string.IsNullOrWhiteSpace(Unit) ? null : Unit, Person, string.IsNullOrWhiteSpace(Action) ? null : Action.Trim(),
            From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8),
            To?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8));
        Entries = await (await AuditApi.QueryAsync(db, filter, ct)).ToPagedAsync(new PageQuery(Math.Max(1, PageNumber), PageSize, null), ct);
        return Page();
    }

    public string Instant(DateTime utc) => utc.AddHours(8).ToString("yyyy-MM-dd HH:mm", Culture);

    public string PageUrl(int page) =>
        $"/tab/city/audit?unit={Uri.EscapeDataString(Unit ?? "")}&person={Person}&action={Uri.EscapeDataString(Action ?? "")}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&page={page}";
}
