using GuidanceBot.Api.Common;
using GuidanceBot.Api.Enterprises;
using GuidanceBot.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Api.Tab.Pages;

/// <summary>
/// The supervised enterprises the caller sees (the API's list query) and the list import (the API's importer, its
/// limits and messages). The form carries an antiforgery token: Razor Pages refuse a POST without it.
/// </summary>
public sealed class EnterprisesModel(GuidanceDbContext db, EnterpriseImporter importer, IOptions<ApiOptions> options) : TabPageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public bool ImportValidRows { get; set; }

    public Paged<EnterpriseDto> Enterprises { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<(string Code, string Name)> Units { get; private set; } = [];
    public ImportReport? Report { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public override string Title => T("EnterprisesTitle");
    public override string Section => "enterprises";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await BeginAsync() is { } refused)
        {
            return refused;
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        if (await BeginAsync() is { } refused)
        {
            return refused;
        }
        var errors = new List<string>();
        var unitCode = string.IsNullOrWhiteSpace(Unit) ? Caller.UnitCode : Unit.Trim();
        var unitId = Caller.IsCity ? Caller.VisibleUnitId(unitCode) : Caller.UnitId;
        if (unitId is null)
        {
            errors.Add(ApiText.Get("field.unknown_unit", unitCode ?? ""));
        }
        var limit = options.Value.MaxImportBytes;
        if (Upload is null || Upload.Length == 0)
        {
            errors.Add(ApiText.Get("upload.required"));
        }
        else if (Upload.Length > limit)
        {
            errors.Add(ApiText.Get("upload.too_large", Upload.Length, limit));
        }
        else if (!EnterpriseImporter.IsSupported(Upload.FileName))
        {
            errors.Add(ApiText.Get("upload.format"));
        }
        if (errors.Count == 0)
        {
            Report = await importer.ImportAsync(Upload!, unitId!.Value, ImportValidRows, Caller, ct);
            if (Report.FileError is { } fileError)
            {
                errors.Add(fileError);
            }
            else if (Report.InvalidRows > 0 && !ImportValidRows)
            {
                errors.Add(ApiText.Get("import.rejected", Report.InvalidRows));
            }
        }
        Errors = errors;
        if (errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Units = [.. (await db.Units.AsNoTracking().Where(u => u.Level == Data.Units.UnitLevel.County && u.IsActive && (Caller.Scope == null || u.Id == Caller.Scope))
            .OrderBy(u => u.SortOrder).Select(u => new { u.Code, u.Name, u.NameEn }).ToListAsync(ct)).Select(u => (u.Code, UnitName(u.Name, u.NameEn)))];
        var filter = new EnterpriseQuery(string.IsNullOrWhiteSpace(Unit) ? null : Unit.Trim(), null, null, Q, null);
        Enterprises = await EnterprisesApi.Filter(db, Caller.Scope, filter, null)
            .OrderBy(e => e.UnitId).ThenBy(e => e.Name).ThenBy(e => e.Id)
            .Select(EnterprisesApi.ToDto).ToPagedAsync(new PageQuery(Math.Max(1, PageNumber), PageSize, null), ct);
    }

    public string PageUrl(int page) => $"/tab/enterprises?unit={Uri.EscapeDataString(Unit ?? "")}&q={Uri.EscapeDataString(Q ?? "")}&page={page}";
}
