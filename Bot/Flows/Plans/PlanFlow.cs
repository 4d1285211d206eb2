using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Plans;

/// <summary>
/// 年度监督检查计划 by counts: per category (the categories table) the key and general units supervised
/// and planned. Checking shows the coverage result (<see cref="Coverage"/>): every key unit and at least a
/// third of the general ones, per category and in total, with exactly what is missing; a plan that falls
/// short is submitted only with an explanation. (The enterprise list arrives as a file: <see cref="PlanListUpload"/>.)
/// </summary>
public sealed class PlanFlow(GuidanceDbContext db, SubmissionWorkflow workflow, FlowGuard guard)
    : FilingFlow<AnnualPlan>(db, workflow, guard)
{
    public const string Explanation = PlanFields.ShortfallExplanation;
    private static readonly IReadOnlyList<string> Counts = PlanFields.Counts;

    private List<EnterpriseCategory> _categories = [];
    private List<string> _fields = [];

    protected override string Verb => Verbs.FilePlan;
    protected override string TitleKey => "PlanTitle";
    protected override IReadOnlyList<string> Fields => _fields;

    protected override async Task PrepareAsync(CancellationToken ct)
    {
        _categories = await Db.EnterpriseCategories.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync(ct);
        _fields = [.. _categories.SelectMany(c => Counts.Select(n => Field(c.Code, n))), Explanation];
    }

    private static string Field(string category, string count) => $"{category}.{count}";

    protected override IQueryable<AnnualPlan> Records(bool tracked) =>
        (tracked ? Db.AnnualPlans : Db.AnnualPlans.AsNoTracking()).Include(p => p.Categories).Include(p => p.Entries).AsSplitQuery();

    protected override Dictionary<string, string?> FromRecord(AnnualPlan r)
    {
        var values = _fields.ToDictionary(f => f, _ => (string?)null);
        foreach (var f in r.Categories)
        {
            values[Field(f.CategoryCode, "keyTotal")] = Str(f.KeyTotal);
            values[Field(f.CategoryCode, "keyPlanned")] = Str(f.KeyPlanned);
            values[Field(f.CategoryCode, "generalTotal")] = Str(f.GeneralTotal);
            values[Field(f.CategoryCode, "generalPlanned")] = Str(f.GeneralPlanned);
        }
        values[Explanation] = r.ShortfallExplanation;
        return values;

        static string Str(int n) => n.ToString(CultureInfo.InvariantCulture);
    }

    private string CategoryName(string code, CultureInfo c) =>
        _categories.FirstOrDefault(x => x.Code == code) is { } cat ? (c.Name == "en-US" ? cat.NameEn : cat.Name) : code;

    protected override void AddInputs(AdaptiveCardBuilder card, FilingContext<AnnualPlan> context, IReadOnlyDictionary<string, string?> v, IReadOnlyDictionary<string, string> e)
    {
        var c = context.Culture;
        card.Text(PlanText.Get("PlanFormHint", c), subtle: true);
        if (context.Record is { Entries.Count: > 0 })
        {
            card.Text(PlanText.Format("PlanHasList", c, context.Record.Entries.Count), subtle: true);
        }
        foreach (var category in _categories)
        {
            card.Heading(CategoryName(category.Code, c));
            foreach (var count in Counts)
            {
                var id = Field(category.Code, count);
                card.NumberInput(id, PlanText.Get("Count_" + count, c), decimal.TryParse(v[id], CultureInfo.InvariantCulture, out var n) ? n : null,
                    required: true, min: 0, error: e.GetValueOrDefault(id));
            }
        }
    }

    /// <summary>The card's counts as whole numbers (null: not one); the workflow checks the rest.</summary>
    private static int? Count(string? text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue
            ? (int)d : null;

    protected override Dictionary<string, string> Unreadable(FilingContext<AnnualPlan> context, IReadOnlyDictionary<string, string?> values) =>
        _categories.SelectMany(c => Counts.Select(n => Field(c.Code, n)))
            .Where(id => values[id] is not null && Count(values[id]) is null)
            .ToDictionary(id => id, _ => FlowText.Get("ErrCount", context.Culture));

    /// <summary>The form's figures, one per category in the card's order; the count form replaces an enterprise list (the card says so).</summary>
    protected override FilingDraft Draft(FilingContext<AnnualPlan> context, IReadOnlyDictionary<string, string?> values) =>
        new PlanDraft(context.UnitId, context.Year, Figures(values), values[Explanation], context.Record?.Version, FiguresReplaceList: true);

    private List<PlanFiguresInput?> Figures(IReadOnlyDictionary<string, string?> v) =>
        [.. _categories.Select(c => new PlanFiguresInput(c.Code, Count(v[Field(c.Code, PlanFields.KeyTotal)]), Count(v[Field(c.Code, PlanFields.KeyPlanned)]),
            Count(v[Field(c.Code, PlanFields.GeneralTotal)]), Count(v[Field(c.Code, PlanFields.GeneralPlanned)])))];

    /// <summary>The workflow names a count <c>figures[1].keyPlanned</c>; the card, by category, <c>hazardous-chemicals.keyPlanned</c>.</summary>
    protected override string InputId(string field) =>
        PlanFields.ParseFigure(field) is var (index, count) && index < _categories.Count ? Field(_categories[index].Code, count) : field;

    protected override bool OnConfirmCard(string inputId) => inputId == Explanation;

    /// <summary>The coverage the counts on the card give, by the one rule (the count form replaces any list).</summary>
    private CoverageResult CoverageOf(IReadOnlyDictionary<string, string?> values, CultureInfo c) =>
        Coverage.OfPlan([], Figures(values).Select(f => new PlanCategoryFigures
        {
            CategoryCode = f!.CategoryCode!, KeyTotal = f.KeyTotal ?? 0, KeyPlanned = f.KeyPlanned ?? 0, GeneralTotal = f.GeneralTotal ?? 0, GeneralPlanned = f.GeneralPlanned ?? 0,
        }), c);

    protected override Task<JsonObject> ConfirmCardAsync(FilingContext<AnnualPlan> context, IReadOnlyDictionary<string, string?> values, IReadOnlyDictionary<string, string> errors, CancellationToken ct)
    {
        var coverage = CoverageOf(values, context.Culture);
        var data = StepData(context, "confirm", values.Where(kv => kv.Key != Explanation).ToDictionary());
        // The explanation on file stays unless changed here: it is offered again whenever the plan falls short.
        var explanation = values[Explanation] ?? context.Record?.ShortfallExplanation;
        var card = CoverageCard(context.Culture, coverage, CategoryName, explanation, errors.GetValueOrDefault(Explanation), Verb, data);
        foreach (var (id, error) in errors.Where(e => e.Key != Explanation))
        {
            card.Error(error);
        }
        return Task.FromResult(card.Execute(PlanText.Get("Edit", context.Culture), Verb, StepData(context, "edit", values), validateInputs: false).Build());
    }

    /// <summary>
    /// Per category: key planned of total, general planned of total with the ratio, whether it is met; then
    /// exactly what is missing. Short of coverage, an explanation is asked for before submitting.
    /// </summary>
    public static AdaptiveCardBuilder CoverageCard(CultureInfo c, CoverageResult coverage, Func<string, CultureInfo, string> categoryName,
        string? explanation, string? explanationError, string verb, JsonObject submitData, string? note = null)
    {
        string T(string k) => PlanText.Get(k, c);
        string Ratio(int planned, int total) => Rates.Percent(Rates.Ratio(planned, total));
        string Line(int planned, int total) => $"{planned}/{total}";
        var rows = coverage.Categories.Append(coverage.Total!).Select(l => (IReadOnlyList<string>)
        [
            l.CategoryCode == Coverage.TotalKey ? T("CoverageTotal") : categoryName(l.CategoryCode, c),
            Line(l.KeyPlanned, l.KeyTotal),
            $"{Line(l.GeneralPlanned, l.GeneralTotal)} ({Ratio(l.GeneralPlanned, l.GeneralTotal)})",
            l.IsMet ? "✔" : "✘",
        ]);
        var names = coverage.Categories.ToDictionary(l => l.CategoryCode, l => categoryName(l.CategoryCode, c));
        var card = AdaptiveCardBuilder.Create(c).Title(T("CoverageTitle"));
        if (note is not null)
        {
            card.Text(note, subtle: true);
        }
        card.Table([T("CoverageCategory"), T("CoverageKey"), T("CoverageGeneral"), T("CoverageMet")], rows, [3, 2, 3, 1]);
        if (coverage.IsMet)
        {
            card.Text(T("CoverageMetText"), color: TextColor.Good, bold: true)
                .Execute(T("ConfirmSubmit"), verb, submitData, ActionStyle.Positive);
        }
        else
        {
            card.Text(T("CoverageNotMetText"), color: TextColor.Warning, bold: true);
            foreach (var shortfall in coverage.Shortfalls(c, names))
            {
                card.Text("• " + shortfall.Message);
            }
            card.TextInput(Explanation, T("ExplanationLabel"), explanation, required: true, multiline: true, maxLength: PlanLimits.ExplanationMax, error: explanationError)
                .Execute(T("SubmitWithExplanation"), verb, submitData, ActionStyle.Positive);
        }
        return card;
    }

    /// <summary>
    /// Submitting a plan filed as an enterprise list (the coverage card after an upload): the stored list is what counts,
    /// the explanation typed on that card is saved with it, and the workflow submits — the same step as the counts.
    /// </summary>
    protected override async Task<InvokeResponse?> HandleOtherStepAsync(FilingContext<AnnualPlan> context, CardInput input, CancellationToken ct)
    {
        if (input.Text("mode") != "list" || input.Step != "confirm")
        {
            return null;
        }
        var c = context.Culture;
        var explanation = input.Text(Explanation);
        var result = await Workflow.SubmitDraftAsync(new PlanDraft(context.UnitId, context.Year, null, explanation, context.Record!.Version),
            Actor.From(context.Turn.Person!, c), ct);
        var plan = await Db.AnnualPlans.AsNoTracking().Include(p => p.Entries).ThenInclude(e => e.Enterprise).Include(p => p.Categories).AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == context.Record.Id, ct);
        if (plan is null || plan.Entries.Count == 0 || result.Status == WorkflowStatus.Conflict)
        {
            return await Guard.StaleAsync(context.Turn, Verb, ct, Verb);
        }
        var coverage = Coverage.OfPlan(plan, c);
        if (result.Status == WorkflowStatus.Refused && result.Errors.All(e => e.Field == Explanation))
        {
            var data = StepData(context, "confirm");
            data["mode"] = "list";
            return AdaptiveCardInvokeResponse.Card(CoverageCard(c, coverage, CategoryName, explanation ?? plan.ShortfallExplanation, result.Error!.Message, Verb, data)
                .Execute(PlanText.Get("PlanUseCounts", c), Verb, new JsonObject { ["step"] = "open" }, validateInputs: false).Build());
        }
        if (!result.Succeeded)
        {
            return await Guard.FailedAsync(context.Turn, Verb, result, ct, Verb);
        }
        return AdaptiveCardInvokeResponse.Card(AdaptiveCardBuilder.Create()
            .Title(PlanText.Get(TitleKey, c))
            .Text(PlanText.Get("ReceiptSubmitted", c), color: TextColor.Good, bold: true)
            .Facts([
                (PlanText.Get("ListEnterprises", c), PlanText.Format("ListCounts", c, coverage.Total!.KeyTotal, coverage.Total.GeneralTotal,
                    coverage.Total.KeyPlanned + coverage.Total.GeneralPlanned)),
                .. string.IsNullOrEmpty(plan.ShortfallExplanation) ? Array.Empty<(string, string)>() : [(PlanText.Get("ExplanationLabel", c), plan.ShortfallExplanation)],
                (PlanText.Get("FactStatus", c), PlanText.Get("Status" + plan.Status, c)),
                (PlanText.Get("FactSubmittedAt", c), ChinaTime(plan.SubmittedUtc, c)),
            ])
            .Text(PlanText.Get("ReceiptNext", c), subtle: true)
            .Execute(PlanText.Get("MyTasks", c), Verbs.MyDeadlines, validateInputs: false)
            .Build());
    }

    protected override IEnumerable<(string Title, string Value)> Facts(FilingContext<AnnualPlan> context, IReadOnlyDictionary<string, string?> v)
    {
        var c = context.Culture;
        foreach (var category in _categories)
        {
            string N(string count) => v.GetValueOrDefault(Field(category.Code, count)) ?? "—";
            yield return (CategoryName(category.Code, c), PlanText.Format("PlanFigures", c, N("keyPlanned"), N("keyTotal"), N("generalPlanned"), N("generalTotal")));
        }
        if (!string.IsNullOrWhiteSpace(v.GetValueOrDefault(Explanation)))
        {
            yield return (PlanText.Get("ExplanationLabel", c), v[Explanation]!);
        }
    }
}
