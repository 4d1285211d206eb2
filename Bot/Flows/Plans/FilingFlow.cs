using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Plans;

/// <summary>Where a filing flow is: who, which unit and year, today in China, the record as stored.</summary>
public sealed record FilingContext<T>(TurnContext Turn, int UnitId, int Year, DateOnly Today, T? Record) where T : ReviewableSubmission
{
    public CultureInfo Culture => Turn.Culture;
}

/// <summary>
/// One county filing (plan, approval and filing, publication) as a card conversation: open → form,
/// check → the same form with an error under each bad field or a confirmation card, confirm → the draft is
/// saved and submitted in one step of <see cref="SubmissionWorkflow"/> → a read-only receipt replaces the card. Every rule
/// is the workflow's (the same the API's PUT and submit apply); the flow reads the card into a <see cref="FilingDraft"/>.
/// Every card carries the unit, the year and the record's version; the confirmation carries the values,
/// which are checked again (they may have been edited). A card made from an older version is refused.
/// </summary>
public abstract class FilingFlow<T>(GuidanceDbContext db, SubmissionWorkflow workflow, FlowGuard guard) : ITurnHandler
    where T : ReviewableSubmission, new()
{
    protected GuidanceDbContext Db => db;
    protected FlowGuard Guard => guard;
    protected SubmissionWorkflow Workflow => workflow;

    protected abstract string Verb { get; }
    protected abstract string TitleKey { get; }

    /// <summary>The field ids the form and the confirmation carry.</summary>
    protected abstract IReadOnlyList<string> Fields { get; }

    protected abstract Dictionary<string, string?> FromRecord(T record);
    protected abstract void AddInputs(AdaptiveCardBuilder card, FilingContext<T> context, IReadOnlyDictionary<string, string?> values, IReadOnlyDictionary<string, string> errors);

    /// <summary>The draft the card's values make: the command the API's PUT gives the workflow too.</summary>
    protected abstract FilingDraft Draft(FilingContext<T> context, IReadOnlyDictionary<string, string?> values);

    /// <summary>What the card itself could not read (a date, a count that is no number), by input id; shown before the workflow's errors.</summary>
    protected virtual Dictionary<string, string> Unreadable(FilingContext<T> context, IReadOnlyDictionary<string, string?> values) => [];

    /// <summary>The card input showing a workflow field (the same name, unless the feature's card names it otherwise).</summary>
    protected virtual string InputId(string field) => field;

    /// <summary>Errors of inputs the confirmation card has (the plan's explanation of a shortfall): shown there, not on the form.</summary>
    protected virtual bool OnConfirmCard(string inputId) => false;

    protected abstract IEnumerable<(string Title, string Value)> Facts(FilingContext<T> context, IReadOnlyDictionary<string, string?> values);

    /// <summary>A step of the flow's own (the plan's list mode), after the role, unit and version checks; null for the usual steps.</summary>
    protected virtual Task<InvokeResponse?> HandleOtherStepAsync(FilingContext<T> context, CardInput input, CancellationToken ct) =>
        Task.FromResult<InvokeResponse?>(null);

    /// <summary>Loads what the field list depends on (the plan: the categories table).</summary>
    protected virtual Task PrepareAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Loads the unit's record of the year; tracked when the flow is about to change it.</summary>
    protected virtual IQueryable<T> Records(bool tracked) => tracked ? db.Set<T>() : db.Set<T>().AsNoTracking();

    /// <summary>The confirmation: what will be filed, with submit and edit.</summary>
    protected virtual Task<JsonObject> ConfirmCardAsync(FilingContext<T> context, IReadOnlyDictionary<string, string?> values, IReadOnlyDictionary<string, string> errors, CancellationToken ct)
    {
        var c = context.Culture;
        var card = AdaptiveCardBuilder.Create()
            .Title(PlanText.Get(TitleKey, c))
            .Text(PlanText.Get("ConfirmIntro", c))
            .Facts(Facts(context, values));
        foreach (var error in errors.Values)
        {
            card.Error(error);
        }
        return Task.FromResult(card
            .Execute(PlanText.Get("ConfirmSubmit", c), Verb, StepData(context, "confirm", values), ActionStyle.Positive)
            .Execute(PlanText.Get("Edit", c), Verb, StepData(context, "edit", values), validateInputs: false)
            .Build());
    }

    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var input = CardInput.From(turn);
        if (await guard.CheckCountyAsync(turn, Verb, ct) is { } refused)
        {
            return refused.Response;
        }
        await PrepareAsync(ct);
        var person = turn.Person!;
        var year = guard.CurrentYear;
        if (input.Has("year") && input.Int("year") != year)
        {
            return await guard.StaleAsync(turn, Verb, ct, Verb);
        }
        var record = await Records(tracked: false).FirstOrDefaultAsync(r => r.UnitId == person.UnitId && r.Year == year, ct);
        var context = new FilingContext<T>(turn, person.UnitId, year, guard.ChinaToday, record);

        var step = input.Step;
        if (step is "check" or "confirm" && input.Guid("version") != record?.Version)
        {
            return await guard.StaleAsync(turn, Verb, ct, Verb);
        }
        if (record is not null && !SubmissionWorkflow.IsEditable(record))
        {
            return AdaptiveCardInvokeResponse.Card(StatusCard(context, record));
        }

        if (await HandleOtherStepAsync(context, input, ct) is { } other)
        {
            return other;
        }
        var values = Fields.ToDictionary(f => f, input.Text);
        switch (step)
        {
            case "check":
            {
                var errors = await CheckAsync(context, values, ct);
                return AdaptiveCardInvokeResponse.Card(errors.Count > 0 ? Form(context, values, errors) : await ConfirmCardAsync(context, values, errors, ct));
            }
            case "confirm":
                return await ConfirmAsync(context, values, ct);
            case "edit":
                return AdaptiveCardInvokeResponse.Card(Form(context, values, new Dictionary<string, string>()));
            default:
                var stored = record is null ? Fields.ToDictionary(f => f, _ => (string?)null) : FromRecord(record);
                return AdaptiveCardInvokeResponse.Card(Form(context, stored, new Dictionary<string, string>()));
        }
    }

    /// <summary>Every reason the values cannot be submitted, by input id ("_" for none): the card's own, then the workflow's.</summary>
    private async Task<Dictionary<string, string>> CheckAsync(FilingContext<T> context, IReadOnlyDictionary<string, string?> values, CancellationToken ct)
    {
        var errors = Unreadable(context, values);
        if (errors.Count == 0)
        {
            Add(errors, await workflow.CheckDraftAsync(Draft(context, values), Actor.From(context.Turn.Person!, context.Culture), ct));
        }
        return errors;
    }

    private void Add(Dictionary<string, string> errors, IEnumerable<DomainError> refusals)
    {
        foreach (var e in refusals)
        {
            var id = e.Field is { } f ? InputId(f) : "_";
            errors.TryAdd(Fields.Contains(id) ? id : "_", e.Message);
        }
    }

    /// <summary>The draft saved and submitted in one step of the workflow, the same the API's PUT and submit take.</summary>
    private async Task<InvokeResponse?> ConfirmAsync(FilingContext<T> context, Dictionary<string, string?> values, CancellationToken ct)
    {
        var unreadable = Unreadable(context, values);
        if (unreadable.Count > 0)
        {
            return AdaptiveCardInvokeResponse.Card(Form(context, values, unreadable));
        }
        var turn = context.Turn;
        var result = await workflow.SubmitDraftAsync(Draft(context, values), Actor.From(turn.Person!, turn.Culture), ct);
        if (result.Status == WorkflowStatus.Conflict)
        {
            return await guard.StaleAsync(turn, Verb, ct, Verb);
        }
        if (result.Status == WorkflowStatus.Refused)
        {
            var errors = new Dictionary<string, string>();
            Add(errors, result.Errors);
            return AdaptiveCardInvokeResponse.Card(errors.Keys.All(OnConfirmCard)
                ? await ConfirmCardAsync(context, values, errors, ct)
                : Form(context, values, errors));
        }
        if (!result.Succeeded)
        {
            return await guard.FailedAsync(turn, Verb, result, ct, Verb);
        }
        var saved = await Records(tracked: false).FirstAsync(r => r.Id == result.Id, ct);
        return AdaptiveCardInvokeResponse.Card(Receipt(context with { Record = saved }, values));
    }

    /// <summary>The data every button of the flow carries: step, unit, year, the version the card was made from.</summary>
    protected JsonObject StepData(FilingContext<T> context, string step, IReadOnlyDictionary<string, string?>? values = null)
    {
        var data = new JsonObject
        {
            ["step"] = step,
            ["unitId"] = context.UnitId,
            ["year"] = context.Year,
            ["version"] = context.Record?.Version.ToString() ?? "",
        };
        foreach (var (key, value) in values ?? new Dictionary<string, string?>())
        {
            if (value is not null)
            {
                data[key] = value;
            }
        }
        return data;
    }

    protected JsonObject Form(FilingContext<T> context, IReadOnlyDictionary<string, string?> values, IReadOnlyDictionary<string, string> errors)
    {
        var c = context.Culture;
        var card = AdaptiveCardBuilder.Create(c)
            .Title(PlanText.Get(TitleKey, c))
            .Text(PlanText.Format("FormYear", c, context.Year), subtle: true);
        if (context.Record is { Status: SubmissionStatus.Returned, ReturnReason: { } reason })
        {
            card.Error(PlanText.Format("ReturnedReason", c, reason));
        }
        if (errors.TryGetValue("_", out var general))
        {
            card.Error(general);
        }
        AddInputs(card, context, values, errors);
        return card
            .Execute(PlanText.Get("Check", c), Verb, StepData(context, "check"))
            .Execute(BotTextMenu(c), Verbs.Menu, validateInputs: false)
            .Build();
    }

    private JsonObject Receipt(FilingContext<T> context, IReadOnlyDictionary<string, string?> values)
    {
        var c = context.Culture;
        var record = context.Record!;
        return AdaptiveCardBuilder.Create()
            .Title(PlanText.Get(TitleKey, c))
            .Text(PlanText.Get("ReceiptSubmitted", c), color: TextColor.Good, bold: true)
            .Facts([
                .. Facts(context, values),
                (PlanText.Get("FactStatus", c), PlanText.Get("Status" + record.Status, c)),
                (PlanText.Get("FactSubmittedAt", c), ChinaTime(record.SubmittedUtc, c)),
            ])
            .Text(PlanText.Get("ReceiptNext", c), subtle: true)
            .Execute(PlanText.Get("MyTasks", c), Verbs.MyDeadlines, validateInputs: false)
            .Build();
    }

    /// <summary>A filing that is submitted or accepted is shown, not edited.</summary>
    private JsonObject StatusCard(FilingContext<T> context, T record)
    {
        var c = context.Culture;
        return AdaptiveCardBuilder.Create()
            .Title(PlanText.Get(TitleKey, c))
            .Text(PlanText.Get(record.Status == SubmissionStatus.Accepted ? "AlreadyAccepted" : "AlreadySubmitted", c))
            .Facts([
                .. Facts(context, FromRecord(record)),
                (PlanText.Get("FactStatus", c), PlanText.Get("Status" + record.Status, c)),
                (PlanText.Get("FactSubmittedAt", c), ChinaTime(record.SubmittedUtc, c)),
            ])
            .Execute(PlanText.Get("MyTasks", c), Verbs.MyDeadlines, validateInputs: false)
            .Build();
    }

    public static string ChinaTime(DateTime? utc, CultureInfo c) =>
        utc is null ? "—" : Data.Rules.ChinaTime.Local(utc.Value).ToString("yyyy-MM-dd HH:mm", c);

    protected static string BotTextMenu(CultureInfo c) => Resources.BotText.Get("MenuTitle", c);
}
