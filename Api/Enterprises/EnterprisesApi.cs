using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Api.Units;
using GuidanceBot.Data;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Rules;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Api.Enterprises;

public sealed record EnterpriseDto(int Id, string UnitCode, string Name, string CreditCode, string CategoryCode, EnterpriseTier Tier, bool IsActive, Guid Version);

public sealed record EnterpriseQuery(string? Unit, string? Category, string? Tier, string? Q, bool? Active);

public sealed record EnterpriseRequest(string? UnitCode, string? Name, string? CreditCode, string? CategoryCode, string? Tier, bool? IsActive, Guid? Version);

public static class EnterprisesApi
{
    public static RouteGroupBuilder MapEnterprisesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/enterprises").WithTags("Enterprises");
        group.MapGet("/", ListAsync).WithSummary("Supervised enterprises, paged; filter by unit, category, tier, name or credit code");
        group.MapGet("/{id:int}", GetAsync);
        group.MapPost("/", CreateAsync).WithSummary("Register one enterprise");
        group.MapPut("/{id:int}", UpdateAsync).WithSummary("Change an enterprise (send the version you read)");
        group.MapPost("/import", ImportAsync).DisableAntiforgery()
            .WithSummary("Import a CSV or XLSX list with a per-row report; nothing is imported when a row is bad unless importValidRows=true")
            .Accepts<IFormFile>("multipart/form-data");
        group.MapGet("/import-template", TemplateAsync)
            .WithSummary("The XLSX to fill in for the import: the header row it reads (Chinese, or English with Accept-Language: en-US), an example row, and a sheet explaining each column");
        return api;
    }

    private static readonly SortMap<Enterprise> Sorts = new SortMap<Enterprise>("name", q => q.ThenBy(e => e.Id))
        .Add("name", e => e.Name).Add("creditCode", e => e.CreditCode).Add("category", e => e.CategoryCode)
        .Add("tier", e => e.Tier).Add("unit", e => e.UnitId).Add("updated", e => e.UpdatedUtc);

    public static readonly System.Linq.Expressions.Expression<Func<Enterprise, EnterpriseDto>> ToDto = e =>
        new EnterpriseDto(e.Id, e.Unit!.Code, e.Name, e.CreditCode, e.CategoryCode, e.Tier, e.IsActive, e.Version);

    private static async Task<Results<Ok<Paged<EnterpriseDto>>, ValidationProblem>> ListAsync(
        [AsParameters] EnterpriseQuery filter, [AsParameters] PageQuery page, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        var v = new Validator();
        page.Validate(v);
        var tier = filter.Tier is null ? (EnterpriseTier?)null : v.Enum<EnterpriseTier>("tier", filter.Tier);
        var query = Filter(db, caller.Scope, filter, tier);
        query = Sorts.Apply(query, page.Sort, v);
        return v.IsValid ? TypedResults.Ok(await query.Select(ToDto).ToPagedAsync(page, ct)) : ApiProblems.Invalid(v.Errors);
    }

    /// <summary>The enterprises the scope sees, filtered as the list's query says (the API's list and the tab's page).</summary>
    public static IQueryable<Enterprise> Filter(GuidanceDbContext db, int? scope, EnterpriseQuery filter, EnterpriseTier? tier)
    {
        var query = db.Enterprises.AsNoTracking().Where(e => scope == null || e.UnitId == scope);
        if (filter.Unit is not null)
        {
            query = query.Where(e => e.Unit!.Code == filter.Unit);
        }
        if (filter.Category is not null)
        {
            query = query.Where(e => e.CategoryCode == filter.Category);
        }
        if (tier is not null)
        {
            query = query.Where(e => e.Tier == tier);
        }
        if (filter.Active is not null)
        {
            query = query.Where(e => e.IsActive == filter.Active);
        }
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var q = filter.Q.Trim();
            query = query.Where(e => e.Name.Contains(q) || e.CreditCode.StartsWith(q.ToUpper()));
        }
        return query;
    }

    private static async Task<Results<Ok<EnterpriseDto>, ProblemHttpResult>> GetAsync(int id, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        var e = await db.Enterprises.AsNoTracking().Where(e => e.Id == id && (caller.Scope == null || e.UnitId == caller.Scope)).Select(ToDto).FirstOrDefaultAsync(ct);
        return e is null ? ApiProblems.NotFound() : TypedResults.Ok(e);
    }

    private static async Task<Results<Created<EnterpriseDto>, ValidationProblem>> CreateAsync(
        EnterpriseRequest? body, Caller caller, GuidanceDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        var v = new Validator();
        var (unitId, fields) = await ValidateAsync(body, caller, db, v, existingId: null, ct);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        var e = new Enterprise { UnitId = unitId, Name = fields.Name, CreditCode = fields.CreditCode, CategoryCode = fields.Category, Tier = fields.Tier, IsActive = body.IsActive ?? true };
        await db.AddWithAuditAsync(e, x => x.Id, caller.ToActor(), time, "enterprise.create", unitId, $"{e.CreditCode} {e.Name}", ct);
        return TypedResults.Created($"/api/v1/enterprises/{e.Id}", await db.Enterprises.AsNoTracking().Where(x => x.Id == e.Id).Select(ToDto).FirstAsync(ct));
    }

    private static async Task<Results<Ok<EnterpriseDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        int id, EnterpriseRequest? body, Caller caller, GuidanceDbContext db, TimeProvider time, CancellationToken ct)
    {
        var e = await db.Enterprises.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null || !caller.CanSee(e.UnitId))
        {
            return ApiProblems.NotFound();
        }
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        var v = new Validator();
        var version = v.Required("version", body.Version);
        var (unitId, fields) = await ValidateAsync(body with { UnitCode = body.UnitCode ?? await db.Units.Where(u => u.Id == e.UnitId).Select(u => u.Code).FirstAsync(ct) }, caller, db, v, id, ct);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        if (version != e.Version)
        {
            return ApiProblems.Conflict();
        }
        db.Entry(e).Property(x => x.Version).OriginalValue = version;
        e.UnitId = unitId;
        e.Name = fields.Name;
        e.CreditCode = fields.CreditCode;
        e.CategoryCode = fields.Category;
        e.Tier = fields.Tier;
        e.IsActive = body.IsActive ?? e.IsActive;
        db.AuditLog.Add(AuditEntries.For(caller.ToActor(), "enterprise.update", nameof(Enterprise), e.Id, e.UnitId, time.GetUtcNow().UtcDateTime, details: $"{e.CreditCode} {e.Name}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict();
        }
        return TypedResults.Ok(await db.Enterprises.AsNoTracking().Where(x => x.Id == e.Id).Select(ToDto).FirstAsync(ct));
    }

    private sealed record Fields(string Name, string CreditCode, string Category, EnterpriseTier Tier);

    private static async Task<(int UnitId, Fields Fields)> ValidateAsync(EnterpriseRequest body, Caller caller, GuidanceDbContext db, Validator v, int? existingId, CancellationToken ct)
    {
        var unitCode = v.Required("unitCode", body.UnitCode, 64);
        var name = v.Required("name", body.Name, 200);
        var category = v.Required("categoryCode", body.CategoryCode, 40);
        var tier = v.Enum<EnterpriseTier>("tier", body.Tier);
        var check = CreditCode.Validate(body.CreditCode);
        foreach (var error in check.Errors(ApiText.Culture))
        {
            v.Add("creditCode", error.Message);
        }
        var unitId = unitCode.Length == 0 ? null : caller.VisibleUnitId(unitCode);
        if (unitCode.Length > 0 && unitId is null)
        {
            v.Add("unitCode", ApiText.Get("field.unknown_unit", unitCode));
        }
        if (category.Length > 0 && !await db.EnterpriseCategories.AnyAsync(c => c.Code == category, ct))
        {
            v.Add("categoryCode", ApiText.Get("field.unknown_category", category));
        }
        if (check.IsValid)
        {
            var other = await db.Enterprises.AsNoTracking().Where(e => e.CreditCode == check.Normalized && e.Id != existingId).Select(e => e.Name).FirstOrDefaultAsync(ct);
            if (other is not null)
            {
                v.Add("creditCode", ApiText.Get("enterprise.duplicate", caller.IsCity ? other : check.Normalized));
            }
        }
        return (unitId ?? 0, new Fields(name, check.Normalized, category, tier));
    }

    private static async Task<FileContentHttpResult> TemplateAsync(GuidanceDbContext db, TimeProvider time, CancellationToken ct)
    {
        var categories = await db.EnterpriseCategories.AsNoTracking().ToListAsync(ct);
        var file = EnterpriseListTemplate.Create(categories, ApiText.Culture, time.GetUtcNow().UtcDateTime);
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    private static async Task<Results<Ok<ImportReport>, ValidationProblem>> ImportAsync(
        HttpRequest request, [FromQuery] string? unit, [FromQuery] bool? importValidRows, Caller caller,
        EnterpriseImporter importer, IOptions<ApiOptions> options, GuidanceDbContext db, CancellationToken ct)
    {
        var limit = options.Value.MaxImportBytes;
        var (form, problem) = await UploadForm.ReadFormAsync(request, limit, ct);
        if (problem is not null)
        {
            return problem;
        }
        var v = new Validator();
        var unitCode = v.Required("unit", unit ?? caller.UnitCode, 64);
        var unitId = unitCode.Length == 0 ? null : caller.VisibleUnitId(unitCode);
        if (unitCode.Length > 0 && unitId is null)
        {
            v.Add("unit", ApiText.Get("field.unknown_unit", unitCode));
        }
        var file = EnterpriseListForm.File(form!, v, limit);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }

        var report = await importer.ImportAsync(file!, unitId!.Value, importValidRows ?? false, caller, ct);
        if (report.FileError is not null)
        {
            return ApiProblems.Invalid("file", report.FileError);
        }
        if (report.InvalidRows > 0 && importValidRows != true)
        {
            // Rejected as a whole: each bad row and field named, and the full report alongside.
            var errors = report.Errors.GroupBy(e => $"rows[{e.Row}].{e.Field}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
            return TypedResults.ValidationProblem(errors, detail: ApiText.Get("import.rejected", report.InvalidRows),
                title: ApiText.Get("validation.title"), extensions: new Dictionary<string, object?> { ["report"] = report });
        }
        return TypedResults.Ok(report);
    }
}
