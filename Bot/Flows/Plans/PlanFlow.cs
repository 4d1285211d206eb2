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
    public const string Explanation = "shortfallExplanation";
    private static readonly string[] Counts = ["keyTotal", "keyPlanned", "generalTotal", "generalPlanned"];

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

    private (List<PlanCategoryFigures> Figures, CoverageResult? Coverage, Dictionary<string, string> Errors) Read(FilingContext<AnnualPlan> context, IReadOnlyDictionary<string, string?> values)
    {
        var check = new FieldChecks(values, context.Culture);
        var figures = new List<PlanCategoryFigures>();
        foreach (var category in _categories)
        {
            var n = Counts.Select(count => check.Count(Field(category.Code, count))).ToArray();
            if (n.All(x => x is not null))
            {
                figures.Add(new PlanCategoryFigures { CategoryCode = category.Code, KeyTotal = n[0]!.Value, KeyPlanned = n[1]!.Value, GeneralTotal = n[2]!.Value, GeneralPlanned = n[3]!.Value });
            }
        }
        check.Text(Explanation, required: false, 2000, TextKind.Paragraphs);
        if (check.Errors.Count > 0)
        {
            return (figures, null, check.Errors);
        }
        var coverage = Coverage.FromFigures(figures, context.Culture);
        foreach (var refusal in coverage.Refusals)
        {
            // The rule names fields "hazardous-chemicals.KeyPlanned"; the card's ids are camelCase.
            var field = refusal.Field is { } f && f.LastIndexOf('.') is var dot and > 0
                ? $"{f[..dot]}.{char.ToLowerInvariant(f[dot + 1])}{f[(dot + 2)..]}"
                : "_";
            check.Add(field, refusal.Message);
        }
        if (figures.Sum(f => f.KeyTotal + f.GeneralTotal) == 0)
        {
            check.Add("_", PlanText.Get("ErrPlanEmpty", context.Culture));
        }
        return (figures, coverage, check.Errors);
    }

    protected override Dictionary<string, string> Validate(FilingContext<AnnualPlan> context, IReadOnlyDictionary<string, string?> values) => Read(context, values).Errors;

    protected override Dictionary<string, string> ValidateForSubmit(FilingContext<AnnualPlan> context, IReadOnlyDictionary<string, string?> values)
    {
        var (_, coverage, errors) = Read(context, values);
        if (errors.Count == 0 && coverage is { IsMet: false } && string.IsNullOrWhiteSpace(values[Explanation]))
        {
            errors[Explanation] = PlanText.Get("ErrExplanationRequired", context.Culture);
        }
        return errors;
    }

    protected override Task<JsonObject> ConfirmCardAsync(FilingContext<AnnualPlan> context, IReadOnlyDictionary<string, string?> values, IReadOnlyDictionary<string, string> errors, CancellationToken ct)
    {
        var (_, coverage, _) = Read(context, values);
        var data = StepData(context, "confirm", values.Where(kv => kv.Key != Explanation).ToDictionary());
        var card = CoverageCard(context.Culture, coverage!, CategoryName, values[Explanation], errors.GetValueOrDefault(Explanation), Verb, data);
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
            card.TextInput(Explanation, T("ExplanationLabel"), explanation, required: true, multiline: true, maxLength: 2000, error: explanationError)
                .Execute(T("SubmitWithExplanation"), verb, submitData, ActionStyle.Positive);
        }
        return card;
    }

    /// <summary>
    /// Submitting a plan filed as an enterprise list (the coverage card after an upload): the stored list is
    /// checked again, a shortfall needs the explanation typed on that card.
    /// </summary>
    protected override async Task<InvokeResponse?> HandleOtherStepAsync(FilingContext<AnnualPlan> context, CardInput input, CancellationToken ct)
    {
        if (input.Text("mode") != "list" || input.Step != "confirm")
        {
            return null;
        }
        var c = context.Culture;
        var plan = await Db.AnnualPlans.Include(p => p.Entries).ThenInclude(e => e.Enterprise).Include(p => p.Categories).AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == context.Record!.Id, ct);
        if (plan is null || plan.Entries.Count == 0)
        {
            Db.ChangeTracker.Clear();
            return await Guard.StaleAsync(context.Turn, Verb, ct, Verb);
        }
        var coverage = Coverage.FromEntries(plan.Entries, c);
        var explanation = input.Text(Explanation);
        string? error = null;
        if (explanation is { Length: > 2000 })
        {
            error = PlanText.Format("ErrTooLong", c, 2000);
        }
        else if (!coverage.IsMet && explanation is null)
        {
            error = PlanText.Get("ErrExplanationRequired", c);
        }
        if (error is not null)
        {
            Db.ChangeTracker.Clear();
            var data = StepData(context, "confirm");
            data["mode"] = "list";
            return AdaptiveCardInvokeResponse.Card(CoverageCard(c, coverage, CategoryName, explanation, error, Verb, data)
                .Execute(PlanText.Get("PlanUseCounts", c), Verb, new JsonObject { ["step"] = "open" }, validateInputs: false).Build());
        }
        // The explanation rides in the submit step's SaveChanges (the workflow finds this tracked plan).
        plan.ShortfallExplanation = coverage.IsMet ? null : explanation;
        var result = await Workflow.SubmitAsync<AnnualPlan>(plan.Id, context.Record!.Version, Actor.From(context.Turn.Person!, c), ct);
        if (!result.Succeeded)
        {
            return await Guard.FailedAsync(context.Turn, Verb, result, ct, Verb);
        }
        var saved = await Db.AnnualPlans.AsNoTracking().FirstAsync(p => p.Id == plan.Id, ct);
        return AdaptiveCardInvokeResponse.Card(AdaptiveCardBuilder.Create()
            .Title(PlanText.Get(TitleKey, c))
            .Text(PlanText.Get("ReceiptSubmitted", c), color: TextColor.Good, bold: true)
            .Facts([
                (PlanText.Get("ListEnterprises", c), PlanText.Format("ListCounts", c, coverage.Total!.KeyTotal, coverage.Total.GeneralTotal,
                    coverage.Total.KeyPlanned + coverage.Total.GeneralPlanned)),
                .. string.IsNullOrEmpty(saved.ShortfallExplanation) ? Array.Empty<(string, string)>() : [(PlanText.Get("ExplanationLabel", c), saved.ShortfallExplanation)],
                (PlanText.Get("FactStatus", c), PlanText.Get("Status" + saved.Status, c)),
                (PlanText.Get("FactSubmittedAt", c), ChinaTime(saved.SubmittedUtc, c)),
            ])
            .Text(PlanText.Get("ReceiptNext", c), subtle: true)
            .Execute(PlanText.Get("MyTasks", c), Verbs.MyDeadlines, validateInputs: false)
            .Build());
    }

    protected override void Apply(AnnualPlan r, IReadOnlyDictionary<string, string?> v)
    {
        var figures = _categories.Select(c => new PlanCategoryFigures
        {
            CategoryCode = c.Code,
            KeyTotal = int.Parse(v[Field(c.Code, "keyTotal")]!, CultureInfo.InvariantCulture),
            KeyPlanned = int.Parse(v[Field(c.Code, "keyPlanned")]!, CultureInfo.InvariantCulture),
            GeneralTotal = int.Parse(v[Field(c.Code, "generalTotal")]!, CultureInfo.InvariantCulture),
            GeneralPlanned = int.Parse(v[Field(c.Code, "generalPlanned")]!, CultureInfo.InvariantCulture),
        }).ToList();
        r.Categories.Clear();
        r.Categories.AddRange(figures);
        // Counts replace a list filed earlier: the plan is one or the other.
        r.Entries.Clear();
        r.ShortfallExplanation = Coverage.FromFigures(figures).IsMet ? null : v[Explanation]?.Trim();
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
