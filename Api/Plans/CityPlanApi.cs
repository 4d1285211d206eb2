using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Api.Enterprises;
using GuidanceBot.Data;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Imports;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Api.Plans;

/// <summary>The city's plan as filed: its id, version (send it to replace the list), how many enterprises it lists and plans.</summary>
public sealed record CityPlanDto(int Id, int Year, Guid Version, int Enterprises, int Planned);

public sealed record DovetailEnterpriseDto(int Id, string Name, string CreditCode, string CategoryCode);

public sealed record DovetailUnitDto(string UnitCode, string UnitName, bool CountyListFiled, bool Dovetails,
    IReadOnlyList<DovetailEnterpriseDto> PlannedInBoth, IReadOnlyList<DovetailEnterpriseDto> LeftOut);

/// <summary>市县两级计划衔接 of a year: whether the city's plan is filed, how many it plans, each county's doubled and left-out enterprises.</summary>
public sealed record DovetailingDto(int Year, bool CityPlanFiled, int CityPlanned, bool Dovetails, IReadOnlyList<DovetailUnitDto> Units);

/// <summary>
/// The city bureau's own plan (<see cref="CityPlanWorkflow"/>, the chat's list upload by city staff does the same step) and the
/// dovetailing of the year's plans (<see cref="Dovetailing"/>); city staff only.
/// </summary>
public static class CityPlanApi
{
    public static RouteGroupBuilder MapCityPlanApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/years/{year:int}").WithTags("Plans");
        group.MapPost("/city-plan", FileAsync).RequireAuthorization(ApiAuth.City).DisableAntiforgery().Accepts<IFormFile>("multipart/form-data")
            .WithSummary("File the city bureau's own plan of the year as an enterprise list (CSV/XLSX with credit codes and the planned column); once a year");
        group.MapPut("/city-plan", ReplaceAsync).RequireAuthorization(ApiAuth.City).DisableAntiforgery().Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Replace the city plan's list (form field version: the version seen)");
        group.MapGet("/dovetailing", DovetailingAsync).RequireAuthorization(ApiAuth.City)
            .WithSummary("City and county plans dovetailing: per unit, enterprises planned by both and key enterprises in no plan");
        return api;
    }

    private static Task<Results<Created<CityPlanDto>, Ok<CityPlanDto>, ValidationProblem, ProblemHttpResult>> FileAsync(int year, HttpRequest request, Caller caller,
        CityPlanWorkflow workflow, GuidanceDbContext db, IOptions<ApiOptions> options, CancellationToken ct) =>
        UploadAsync(year, request, caller, workflow, db, options, replace: false, ct);

    private static Task<Results<Created<CityPlanDto>, Ok<CityPlanDto>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(int year, HttpRequest request, Caller caller,
        CityPlanWorkflow workflow, GuidanceDbContext db, IOptions<ApiOptions> options, CancellationToken ct) =>
        UploadAsync(year, request, caller, workflow, db, options, replace: true, ct);

    private static async Task<Results<Created<CityPlanDto>, Ok<CityPlanDto>, ValidationProblem, ProblemHttpResult>> UploadAsync(int year, HttpRequest request,
        Caller caller, CityPlanWorkflow workflow, GuidanceDbContext db, IOptions<ApiOptions> options, bool replace, CancellationToken ct)
    {
        var limit = options.Value.MaxImportBytes;
        var (form, problem) = await UploadForm.ReadFormAsync(request, limit, ct);
        if (problem is not null)
        {
            return problem;
        }
        var v = new Validator();
        v.Year("year", year);
        Guid? version = null;
        if (replace)
        {
            if (Guid.TryParse(form!["version"].ToString(), out var seen))
            {
                version = seen;
            }
            else
            {
                v.Add("version", ApiText.Get("field.required", "version"));
            }
        }
        var file = EnterpriseListForm.File(form!, v, limit);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }

        var categories = await db.EnterpriseCategories.AsNoTracking().ToListAsync(ct);
        EnterpriseListResult list;
        using (var buffer = new MemoryStream())
        {
            await file!.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            list = EnterpriseList.Read(buffer, TableReader.FormatOf(file.FileName)!.Value, categories, ApiText.Culture,
                (key, args) => key == EnterpriseList.Keys.TooManyRows ? ApiText.Get("field.range", "rows", 1, EnterpriseList.MaxImportRows) : ApiText.Get(key, args),
                EnterpriseList.MaxImportRows, requirePlanned: true);
        }
        if (list.FileError is not null)
        {
            return ApiProblems.Invalid("file", list.FileError);
        }
        if (list.Errors.Count > 0)
        {
            return ApiProblems.Invalid(list.Errors.GroupBy(e => $"rows[{e.Row}].{e.Field}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }
        var result = await workflow.FileAsync(year, list.Rows, file.FileName, version, caller.ToActor(), ct);
        if (!result.Succeeded)
        {
            return result.Invalid() is { } invalid ? invalid : result.Problem();
        }
        var plan = await db.AnnualPlans.AsNoTracking().Where(p => p.Id == result.Id)
            .Select(p => new CityPlanDto(p.Id, p.Year, p.Version, p.Entries.Count, p.Entries.Count(e => e.Planned))).FirstAsync(ct);
        return replace ? TypedResults.Ok(plan) : TypedResults.Created($"/api/v1/plans/{plan.Id}", plan);
    }

    private static async Task<Results<Ok<DovetailingDto>, ValidationProblem>> DovetailingAsync(int year, Caller caller, Dovetailing dovetailing, CancellationToken ct)
    {
        var v = new Validator();
        v.Year("year", year);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        var view = await dovetailing.LoadAsync(year, ct);
        static DovetailEnterpriseDto E(EnterpriseRef e) => new(e.Id, e.Name, e.CreditCode, e.CategoryCode);
        return TypedResults.Ok(new DovetailingDto(year, view.CityPlanFiled, view.CityPlanned, view.Dovetails,
            [.. view.Units.Select(u => new DovetailUnitDto(u.UnitCode, caller.Culture.Name == "en-US" && u.UnitNameEn is { Length: > 0 } en ? en : u.UnitName,
                u.CountyListFiled, u.Dovetails, [.. u.PlannedInBoth.Select(E)], [.. u.LeftOut.Select(E)]))]));
    }
}
