using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Api.Units;
using GuidanceBot.Data;
using GuidanceBot.Data.Documents;
using GuidanceBot.Data.Status;
using GuidanceBot.Data.Visits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GuidanceBot.Api.Status;

/// <summary>The year at a glance, from <see cref="YearStatusQuery"/> (the bot's status card reads the same).</summary>
public static class StatusApi
{
    public static RouteGroupBuilder MapStatusApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/status/{year:int}").WithTags("Status");
        group.MapGet("/", OverviewAsync).WithSummary("One row per unit: plan, coverage, approval, publication, visit, letter, rectification, typical cases");
        group.MapGet("/units/{code}", DetailAsync).WithSummary("One unit's year in detail");
        group.MapGet("/units/{code}/dossier", DossierAsync).WithSummary("The unit's year dossier (ZIP with a SHA-256 manifest)");
        return api;
    }

    private static async Task<Results<StatusJson<YearOverview>, ValidationProblem>> OverviewAsync(int year, Caller caller, YearStatusQuery query,
        VisitRisksQuery risks, CancellationToken ct)
    {
        var v = new Validator();
        v.Year("year", year);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        var overview = await query.OverviewWithDovetailingAsync(year, caller.Scope, ct);
        // City staff's status card lists the visits' risks beside the table: so does their status here.
        return StatusJson.Ok(caller.IsCity ? overview with { VisitRisks = (await risks.LoadAsync(year, caller.Culture, ct)).Lines() } : overview);
    }

    private static async Task<Results<StatusJson<UnitYearDetail>, ValidationProblem, ProblemHttpResult>> DetailAsync(
        int year, string code, Caller caller, YearStatusQuery query, CancellationToken ct)
    {
        var v = new Validator();
        v.Year("year", year);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        var unitId = caller.VisibleUnitId(code);
        var detail = unitId is null ? null : await query.UnitDetailAsync(year, unitId.Value, caller.IsCity, ct);
        return detail is null ? ApiProblems.NotFound() : StatusJson.Ok(detail);
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> DossierAsync(
        int year, string code, Caller caller, GuidanceDocuments documents, CancellationToken ct)
    {
        var v = new Validator();
        v.Year("year", year);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        if (caller.VisibleUnitId(code) is not { } unitId)
        {
            return ApiProblems.NotFound();
        }
        return (await documents.UnitYearDossierAsync(unitId, year, caller.Scope, ct)).ToDownload().Result switch
        {
            FileContentHttpResult file => file,
            _ => ApiProblems.NotFound(),
        };
    }
}
