using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.TeamFigures;
using GuidanceBot.Data.Workflows;

namespace GuidanceBot.Bot.Flows.TeamFigures;

public enum FieldKind
{
    Count,
    Hours,
    Date,
    Text,
    LongText,
    Month,
}

/// <summary>An input of a team form; <see cref="Group"/> names a heading shown before it.</summary>
public sealed record FormField(string Id, string Label, FieldKind Kind, bool Required = true, string? Group = null);

/// <summary>Where a team form is: the turn, the sender's unit and the filing the card was made from.</summary>
public sealed record TeamFormContext(TurnContext Turn, int UnitId, DateOnly Today, int? BasedOn)
{
    public CultureInfo Culture => Turn.Culture;
    public Actor Actor => Actor.From(Turn.Person!, Turn.Culture);
}

/// <summary>
/// A county form of the team feature as a card conversation: open → the form (pre-filled where it makes
/// sense), submit → the same form with the input kept and an error under each bad field (nothing written),
/// or the filing saved through <see cref="TeamFiguresWorkflow"/> (the API's rule too) and a read-only receipt
/// in place of the form, so a second click cannot file twice. Role and unit come from the sender; a card
/// made before someone else filed (its <c>basedOn</c> is not the latest filing) is refused as stale.
/// </summary>
public abstract class TeamFormFlow(FlowGuard guard) : ITurnHandler
{
    protected FlowGuard Guard => guard;

    protected abstract string Verb { get; }
    protected abstract string TitleKey { get; }
    protected abstract IReadOnlyList<FormField> Fields(TeamFormContext context);

    /// <summary>The id of the latest filing a new one would replace; null when filings do not replace each other.</summary>
    protected virtual Task<int?> LatestAsync(TeamFormContext context, CardInput input, CancellationToken ct) => Task.FromResult<int?>(null);

    /// <summary>The values a freshly opened form shows.</summary>
    protected abstract Task<Dictionary<string, string?>> InitialAsync(TeamFormContext context, CardInput input, CancellationToken ct);

    /// <summary>Only the rules (nothing written), with the fields that could not be read left null.</summary>
    protected abstract Task<IReadOnlyList<DomainError>> CheckAsync(TeamFormContext context, Parsed values, CancellationToken ct);

    protected abstract Task<WorkflowResult> FileAsync(TeamFormContext context, Parsed values, CancellationToken ct);

    protected abstract Task<JsonObject> ReceiptAsync(TeamFormContext context, int id, CancellationToken ct);

    /// <summary>The form field a domain field's error is shown under.</summary>
    protected virtual string FieldFor(string domainField) => domainField;

    /// <summary>Text under the title of the form.</summary>
    protected virtual string? Intro(TeamFormContext context) => null;

    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var input = CardInput.From(turn);
        if (await guard.CheckCountyAsync(turn, Verb, ct) is { } refused)
        {
            return refused.Response;
        }
        var context = new TeamFormContext(turn, turn.Person!.UnitId, guard.ChinaToday, null);
        var latest = await LatestAsync(context, input, ct);
        context = context with { BasedOn = latest };
        var fields = Fields(context);
        if (input.Step != "submit")
        {
            return AdaptiveCardInvokeResponse.Card(Form(context, fields, await InitialAsync(context, input, ct), new Dictionary<string, string>()));
        }

        if (latest is not null && (input.Int("basedOn") ?? 0) != latest)
        {
            return await guard.StaleAsync(turn, Verb, ct, Verb);
        }
        var values = fields.ToDictionary(f => f.Id, f => input.Text(f.Id));
        var parsed = Parse(fields, values, turn.Culture);
        IReadOnlyList<DomainError> errors;
        if (parsed.Errors.Count > 0)
        {
            errors = await CheckAsync(context, parsed, ct);
        }
        else
        {
            var result = await FileAsync(context, parsed, ct);
            if (result.Succeeded)
            {
                return AdaptiveCardInvokeResponse.Card(await ReceiptAsync(context, result.Id!.Value, ct));
            }
            if (result.Status == WorkflowStatus.Forbidden)
            {
                return await guard.RefuseAsync(turn, Verb, Refusal.Role, ct);
            }
            errors = result.Errors;
        }
        var shown = new Dictionary<string, string>(parsed.Errors);
        foreach (var e in errors)
        {
            var field = e.Field is null ? "_" : FieldFor(e.Field);
            shown.TryAdd(fields.Any(f => f.Id == field) ? field : "_", e.Message);
        }
        return AdaptiveCardInvokeResponse.Card(Form(context, fields, values, shown));
    }

    private JsonObject Form(TeamFormContext context, IReadOnlyList<FormField> fields, IReadOnlyDictionary<string, string?> values, IReadOnlyDictionary<string, string> errors) =>
        TeamFigureCards.Form(new TeamFormView(Verb, TitleKey, Intro(context), context.UnitId, context.BasedOn, fields, values, errors,
            fields.Any(f => f.Kind == FieldKind.Month) ? [.. MonthChoices(context)] : []), context.Culture);

    /// <summary>The months a report may be filed for, newest first (the rule of <see cref="TeamFiguresWorkflow.IsReportable"/>).</summary>
    protected static IEnumerable<(string Title, string Value)> MonthChoices(TeamFormContext context)
    {
        var today = context.Today;
        for (var m = new DateOnly(today.Year, today.Month, 1); ; m = m.AddMonths(-1))
        {
            if (!TeamFiguresWorkflow.IsReportable(m.Year, m.Month, today))
            {
                yield break;
            }
            yield return (TeamFiguresText.Format("MonthTitle", context.Culture, m.Year, m.Month), MonthValue(m.Year, m.Month));
        }
    }

    public static string MonthValue(int year, int month) => string.Create(CultureInfo.InvariantCulture, $"{year:0000}-{month:00}");

    private static DateOnly? TryDate(string? v) => FieldLimits.ParseDate(v);

    /// <summary>The form's values read as numbers, dates and months; what cannot be read is null with an error.</summary>
    public sealed class Parsed
    {
        public Dictionary<string, string> Errors { get; } = [];
        public Dictionary<string, int?> Counts { get; } = [];
        public Dictionary<string, decimal?> Decimals { get; } = [];
        public Dictionary<string, DateOnly?> Dates { get; } = [];
        public Dictionary<string, string?> Texts { get; } = [];
        public Dictionary<string, (int Year, int Month)?> Months { get; } = [];

        public int? Count(string id) => Counts.GetValueOrDefault(id);
    }

    private static Parsed Parse(IReadOnlyList<FormField> fields, IReadOnlyDictionary<string, string?> values, CultureInfo culture)
    {
        var p = new Parsed();
        foreach (var f in fields)
        {
            var v = values.GetValueOrDefault(f.Id);
            switch (f.Kind)
            {
                case FieldKind.Count:
                    // Negative numbers are read here and refused by the rule, with its message.
                    if (v is null) p.Counts[f.Id] = null;
                    else if (decimal.TryParse(v, NumberStyles.Integer | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
                             && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue) p.Counts[f.Id] = (int)d;
                    else { p.Counts[f.Id] = null; p.Errors[f.Id] = TeamFiguresText.Get("ErrWholeNumber", culture); }
                    break;
                case FieldKind.Hours:
                    if (v is null) p.Decimals[f.Id] = null;
                    else if (decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var h)) p.Decimals[f.Id] = h;
                    else { p.Decimals[f.Id] = null; p.Errors[f.Id] = TeamFiguresText.Get("ErrNumber", culture); }
                    break;
                case FieldKind.Date:
                    if (v is null) p.Dates[f.Id] = null;
                    else if (TryDate(v) is { } date) p.Dates[f.Id] = date;
                    else { p.Dates[f.Id] = null; p.Errors[f.Id] = TeamFiguresText.Get("ErrDate", culture); }
                    break;
                case FieldKind.Month:
                    if (v is null) p.Months[f.Id] = null;
                    else if (FieldLimits.ParseDate(v + "-01") is { } m) p.Months[f.Id] = (m.Year, m.Month);
                    else { p.Months[f.Id] = null; p.Errors[f.Id] = TeamFiguresText.Get("ErrMonth", culture); }
                    break;
                default:
                    p.Texts[f.Id] = v;
                    break;
            }
        }
        return p;
    }
}
