using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.Audit;
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
/// saved and submitted through <see cref="SubmissionWorkflow"/> → a read-only receipt replaces the card.
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

    /// <summary>Field id → the localized reason it is wrong; empty when the values can be filed.</summary>
    protected abstract Dictionary<string, string> Validate(FilingContext<T> context, IReadOnlyDictionary<string, string?> values);

    /// <summary>Writes the checked values onto the (tracked) record.</summary>
    protected abstract void Apply(T record, IReadOnlyDictionary<string, string?> values);

    protected abstract IEnumerable<(string Title, string Value)> Facts(FilingContext<T> context, IReadOnlyDictionary<string, string?> values);

    /// <summary>A step of the flow's own (the plan's list mode), after the role, unit and version checks; null for the usual steps.</summary>
    protected virtual Task<InvokeResponse?> HandleOtherStepAsync(FilingContext<T> context, CardInput input, CancellationToken ct) =>
        Task.FromResult<InvokeResponse?>(null);

    /// <summary>Loads what the field list depends on (the plan: the categories table).</summary>
    protected virtual Task PrepareAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Loads the unit's record of the year; tracked when the flow is about to change it.</summary>
    protected virtual IQueryable<T> Records(bool tracked) => tracked ? db.Set<T>() : db.Set<T>().AsNoTracking();

    /// <summary>Checks that only the confirmation card can fail (the plan's explanation of a shortfall).</summary>
    protected virtual Dictionary<string, string> ValidateForSubmit(FilingContext<T> context, IReadOnlyDictionary<string, string?> values) => Validate(context, values);

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
        if (record is not null && !IsEditable(record))
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
                var errors = Validate(context, values);
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

    private async Task<InvokeResponse?> ConfirmAsync(FilingContext<T> context, Dictionary<string, string?> values, CancellationToken ct)
    {
        var errors = Validate(context, values);
        if (errors.Count > 0)
        {
            return AdaptiveCardInvokeResponse.Card(Form(context, values, errors));
        }
        errors = ValidateForSubmit(context, values);
        if (errors.Count > 0)
        {
            return AdaptiveCardInvokeResponse.Card(await ConfirmCardAsync(context, values, errors, ct));
        }

        var turn = context.Turn;
        var actor = Actor.From(turn.Person!, turn.Culture);
        Guid version;
        int id;
        try
        {
            // The draft's fields first (as the API's PUT does), then the workflow's submit step.
            var record = context.Record is null ? null : await Records(tracked: true).FirstAsync(r => r.Id == context.Record.Id, ct);
            if (record is null)
            {
                record = new T { UnitId = context.UnitId, Year = context.Year };
                db.Set<T>().Add(record);
            }
            else
            {
                db.Entry(record).Property(r => r.Version).OriginalValue = context.Record!.Version;
                db.Entry(record).State = EntityState.Modified;
            }
            Apply(record, values);
            await db.SaveChangesAsync(ct);
            db.AuditLog.Add(AuditEntries.For(actor, $"{SubmissionWorkflow.Subject<T>()}.edit", typeof(T).Name, record.Id, record.UnitId, guard.UtcNow,
                details: record.Year.ToString(CultureInfo.InvariantCulture)));
            await db.SaveChangesAsync(ct);
            (id, version) = (record.Id, record.Version);
        }
        catch (DbUpdateException)
        {
            // Someone saved the same filing in between (a concurrent first draft, or a newer version).
            db.ChangeTracker.Clear();
            return await guard.StaleAsync(turn, Verb, ct, Verb);
        }
        db.ChangeTracker.Clear();

        var result = await workflow.SubmitAsync<T>(id, version, actor, ct);
        if (result.Status == WorkflowStatus.Conflict)
        {
            return await guard.StaleAsync(turn, Verb, ct, Verb);
        }
        if (!result.Succeeded)
        {
            var field = result.Error!.Field;
            var shown = new Dictionary<string, string> { [field is not null && Fields.Contains(field) ? field : "_"] = result.Error.Message };
            return AdaptiveCardInvokeResponse.Card(Form(context, values, shown));
        }
        var saved = await Records(tracked: false).FirstAsync(r => r.Id == id, ct);
        return AdaptiveCardInvokeResponse.Card(Receipt(context with { Record = saved }, values));
    }

    private static bool IsEditable(T record) => record.Status is SubmissionStatus.Draft or SubmissionStatus.Returned;

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
