using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Delivery;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Flows.Reviews;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.Cases;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Flows.Cases;

public static class CaseFlowsExtensions
{
    /// <summary>典型案例报送: the county reports and sees its cases; the city judges them.</summary>
    public static IServiceCollection AddCaseFlows(this IServiceCollection services)
    {
        services.TryAddScoped<FlowGuard>();
        services.TryAddScoped<CaseReader>();
        services.AddBotVerb<CaseReportHandler>(CaseVerbs.Report);
        services.AddBotVerb<MyCasesHandler>(CaseVerbs.Mine);
        services.AddBotVerb<CaseQueueHandler>(CaseVerbs.Queue);
        services.AddBotVerb<CaseJudgeHandler>(CaseVerbs.Open);
        services.AddBotVerb<CaseJudgeHandler>(CaseVerbs.Judge);
        return services;
    }
}

/// <summary>Reads cases for the cards and the notices.</summary>
public sealed class CaseReader(GuidanceDbContext db)
{
    public async Task<CaseView?> FindAsync(int id, CancellationToken ct) =>
        (await ListAsync(db.TypicalCases.Where(c => c.Id == id), ct)).FirstOrDefault();

    public Task<List<CaseView>> OfUnitAsync(int unitId, int year, CancellationToken ct) =>
        ListAsync(db.TypicalCases.Where(c => c.UnitId == unitId && c.Year == year).OrderByDescending(c => c.ReportedOn).ThenByDescending(c => c.Id), ct);

    public Task<List<CaseView>> WaitingAsync(CancellationToken ct) =>
        ListAsync(db.TypicalCases.Where(c => c.Qualification == CaseQualification.Pending).OrderBy(c => c.ReportedOn).ThenBy(c => c.Id), ct);

    private static async Task<List<CaseView>> ListAsync(IQueryable<TypicalCase> query, CancellationToken ct) =>
        [.. (await query.AsNoTracking().Include(c => c.Unit).ToListAsync(ct)).Select(c => View(c, c.Unit!.Name, c.Unit.NameEn))];

    private static CaseView View(TypicalCase c, string unitName, string? unitNameEn) => new(
        c.Id, c.UnitId, unitName, unitNameEn, c.Year, c.Title, c.CaseNumber, c.ReportedOn, c.EnforcementType, c.Qualification,
        [c.ProcedureSound, c.ContentAccurate, c.EvidenceConclusive, c.LawCorrectlyApplied, c.FileComplete], c.QualificationReason, c.JudgedUtc, c.Version);
}

/// <summary>"case.report": the form, then the report through <see cref="CaseWorkflow"/>; a read-only receipt replaces the form.</summary>
public sealed class CaseReportHandler(CaseWorkflow workflow, CaseReader reader, FlowGuard guard) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var input = CardInput.From(turn);
        if (await guard.CheckCountyAsync(turn, CaseVerbs.Report, ct) is { } refused)
        {
            return refused.Response;
        }
        var culture = turn.Culture;
        var unitId = turn.Person!.UnitId;
        var year = guard.CurrentYear;
        if (input.Step != "submit")
        {
            return await turn.ShowAsync(CaseCards.ReportForm(unitId, year, culture), CaseText.Get("ReportTitle", culture), ct);
        }
        if (input.Int("year") != year)
        {
            // A form made last year: its date rules were that year's.
            return await guard.StaleAsync(turn, CaseVerbs.Report, ct, CaseVerbs.Report);
        }

        var values = CaseCards.ReportFields.ToDictionary(f => f, input.Text);
        var dateText = values[CaseCards.ReportedOn];
        var date = FieldLimits.ParseDate(dateText);
        var outcome = await workflow.ReportAsync(
            new CaseReport(year, values[CaseCards.Title], values[CaseCards.Number], date, values[CaseCards.Type]),
            turn.Actor(), ct);
        if (outcome.Status == WorkflowStatus.Forbidden)
        {
            return await guard.RefuseAsync(turn, CaseVerbs.Report, Refusal.Role, ct);
        }
        if (!outcome.Succeeded)
        {
            var errors = outcome.Errors.Where(e => e.Field is not null).GroupBy(e => e.Field!).ToDictionary(g => g.Key, g => g.First().Message);
            if (dateText is not null && date is null)
            {
                errors[CaseCards.ReportedOn] = CaseText.Get("ErrDate", culture);
            }
            return AdaptiveCardInvokeResponse.Card(CaseCards.ReportForm(unitId, year, culture, values, errors));
        }
        var view = await reader.FindAsync(outcome.Id!.Value, ct);
        return AdaptiveCardInvokeResponse.Card(CaseCards.ReportReceipt(view!, culture));
    }
}

/// <summary>"case.mine": the county's cases of the year and the city's decision on each.</summary>
public sealed class MyCasesHandler(CaseReader reader, FlowGuard guard) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (await guard.CheckCountyAsync(turn, CaseVerbs.Mine, ct) is { } refused)
        {
            return refused.Response;
        }
        var year = guard.CurrentYear;
        var cases = await reader.OfUnitAsync(turn.Person!.UnitId, year, ct);
        return await turn.ShowAsync(CaseCards.MyCases(cases, year, turn.Culture), CaseText.Format("MyCasesTitle", turn.Culture, year), ct);
    }
}

/// <summary>"case.queue": city staff's list of cases waiting to be judged.</summary>
public sealed class CaseQueueHandler(CaseReader reader, FlowGuard guard) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (await guard.CheckCityAsync(turn, CaseVerbs.Queue, ct) is { } refused)
        {
            return refused.Response;
        }
        var waiting = await reader.WaitingAsync(ct);
        return await turn.ShowAsync(CaseCards.Queue(waiting, turn.Culture), CaseText.Get("QueueTitle", turn.Culture), ct);
    }
}

/// <summary>
/// "case.open" shows the judgement form; "case.judge" judges through <see cref="CaseWorkflow"/> with the
/// version the card carries and tells the unit's liaisons in the same transaction.
/// </summary>
public sealed class CaseJudgeHandler(CaseWorkflow workflow, CaseReader reader, FlowGuard guard) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var input = CardInput.From(turn);
        var verb = turn.Activity.GetAdaptiveCardAction()?.Verb ?? CaseVerbs.Open;
        if (await guard.CheckCityAsync(turn, verb, ct) is { } refused)
        {
            return refused.Response;
        }
        var culture = turn.Culture;
        var view = input.Int("caseId") is { } id ? await reader.FindAsync(id, ct) : null;
        if (view is null)
        {
            return await guard.RefuseAsync(turn, verb, Refusal.Record, ct);
        }
        if (verb != CaseVerbs.Judge)
        {
            return await turn.ShowAsync(CaseCards.JudgeForm(view, culture), CaseText.Format("JudgeTitle", culture, view.Unit(culture)), ct);
        }
        if (input.Guid("version") is not { } version || version != view.Version)
        {
            return await guard.StaleAsync(turn, verb, ct, CaseVerbs.Open, new JsonObject { ["caseId"] = view.Id });
        }

        // The card's values as the workflow's decision; blank stays null, and the workflow's rule decides (a blank verdict
        // follows the five criteria, as through the API). Its refusals come back under their inputs (same ids). A verdict
        // the card never offered (a hand-edited card) cannot be read: that is the card's own error, and nothing is judged.
        string[] fields = [CaseCards.Qualified, .. CaseWorkflow.Criteria, CaseCards.Reason];
        var values = fields.ToDictionary(f => f, input.Text);
        bool? qualified = values[CaseCards.Qualified] switch { CaseCards.Yes => true, CaseCards.No => false, _ => null };
        if (qualified is null && values[CaseCards.Qualified] is not null)
        {
            return AdaptiveCardInvokeResponse.Card(CaseCards.JudgeForm(view, culture, values,
                new Dictionary<string, string> { [CaseCards.Qualified] = CaseText.Get("ErrDecision", culture) }));
        }
        bool? Toggle(string f) => values[f] switch { "true" => true, "false" => false, _ => null };
        var decision = new CaseDecision(qualified, Toggle(CaseFields.ProcedureSound), Toggle(CaseFields.ContentAccurate), Toggle(CaseFields.EvidenceConclusive),
            Toggle(CaseFields.LawCorrectlyApplied), Toggle(CaseFields.FileComplete), values[CaseCards.Reason]);

        var outcome = await workflow.JudgeAsync(view.Id, version, decision, turn.Actor(), ct);
        switch (outcome.Status)
        {
            case WorkflowStatus.Done:
                return AdaptiveCardInvokeResponse.Card(CaseCards.JudgeReceipt((await reader.FindAsync(view.Id, ct))!, turn.Person!.Name, culture));
            case WorkflowStatus.Conflict:
                return await guard.StaleAsync(turn, verb, ct, CaseVerbs.Open, new JsonObject { ["caseId"] = view.Id });
            case WorkflowStatus.Forbidden:
                return await guard.RefuseAsync(turn, verb, Refusal.Role, ct);
            case WorkflowStatus.NotFound:
                return await guard.RefuseAsync(turn, verb, Refusal.Record, ct);
            default:
                var fieldErrors = outcome.Errors.Where(e => e.Field is not null).GroupBy(e => e.Field!).ToDictionary(g => g.Key, g => g.First().Message);
                var top = outcome.Errors.FirstOrDefault(e => e.Field is null)?.Message;
                return AdaptiveCardInvokeResponse.Card(CaseCards.JudgeForm(view, culture, values, fieldErrors, top));
        }
    }
}
