using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Resources;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Workflows;
using Microsoft.Extensions.Logging;

namespace GuidanceBot.Bot.Flows.Common;

/// <summary>Why a card action was refused; written as the audit entry's reason.</summary>
public enum Refusal
{
    /// <summary>The sender's role may not take this step.</summary>
    Role,

    /// <summary>The card names a record or unit that is another unit's.</summary>
    Unit,

    /// <summary>The card names a record that does not exist (or not as the card says).</summary>
    Record,

    /// <summary>The card was made from an older version of the record.</summary>
    Stale,
}

/// <summary>A check that failed: the answer to return (null for a message turn, answered in the chat already).</summary>
public sealed record Refused(InvokeResponse? Response);

/// <summary>
/// The one door for refusals, for every role and every flow. Who may act comes from the sender
/// (<see cref="TurnContext.Person"/>: role and unit), never from the card's data: a card naming another unit or a
/// record that is not the sender's, a verb the role may not use, and a card older than its record are refused
/// the same way: the user sees why, one <c>bot.refused</c> audit entry is written (nothing else: whatever the
/// handler had staged is dropped), a warning is logged, and nothing is sent but the answer itself.
/// A stale card is audited too (reason <c>stale</c>): pressing an outdated card is rare and is the one trace of a
/// "but I did accept it" (docs/decisions.md, "Refused card actions").
/// </summary>
public sealed partial class FlowGuard(GuidanceDbContext db, TimeProvider time, ILogger<FlowGuard> logger)
{
    public const string RefusedAction = "bot.refused";
    private const int MaxDetails = 2000;

    public static bool IsCounty(Person person) => person.Role is PersonRole.CountyLiaison or PersonRole.CountyResponsible;

    /// <summary>The year a filing is for: the current year in China.</summary>
    public int CurrentYear => ChinaToday.Year;

    public DateOnly ChinaToday => time.ChinaToday();

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Null when a county person acts for their own unit; else the refusal. A card's <c>unitId</c>, when
    /// present, must be the sender's unit.
    /// </summary>
    public async Task<Refused?> CheckCountyAsync(TurnContext turn, string verb, CancellationToken ct)
    {
        var person = turn.Person!;
        if (!IsCounty(person))
        {
            return new(await RefuseAsync(turn, verb, Refusal.Role, ct));
        }
        var input = CardInput.From(turn);
        if (input.Has("unitId") && input.Int("unitId") != person.UnitId)
        {
            return new(await RefuseAsync(turn, verb, Refusal.Unit, ct));
        }
        return null;
    }

    /// <summary>Null for city staff and admins; else the refusal.</summary>
    public async Task<Refused?> CheckCityAsync(TurnContext turn, string verb, CancellationToken ct) =>
        turn.Person!.IsCity ? null : new(await RefuseAsync(turn, verb, Refusal.Role, ct));

    /// <summary>
    /// A record the card names, by the unit it belongs to as stored (null: there is no such record): null when
    /// the sender may act on it (city staff on any unit's, a county person on their own unit's); else the refusal.
    /// </summary>
    public async Task<Refused?> CheckRecordAsync(TurnContext turn, string verb, int? recordUnitId, CancellationToken ct)
    {
        if (recordUnitId is null)
        {
            return new(await RefuseAsync(turn, verb, Refusal.Record, ct));
        }
        var person = turn.Person!;
        return person.IsCity || recordUnitId == person.UnitId ? null : new(await RefuseAsync(turn, verb, Refusal.Unit, ct));
    }

    /// <summary>
    /// Refuses the action: the reason shown to the user, one audit entry, a warning in the log. The entry's details
    /// are the card's data, or <paramref name="details"/> for what is not a card (a file sent in the chat).
    /// </summary>
    public async Task<InvokeResponse?> RefuseAsync(TurnContext turn, string verb, Refusal reason, CancellationToken ct, JsonObject? details = null)
    {
        await RecordAsync(turn, verb, reason, ct, details);
        if (reason == Refusal.Stale)
        {
            return await AnswerStaleAsync(turn, StaleCard(turn.Culture, null, null), ct);
        }
        var message = BotText.Get(reason switch
        {
            Refusal.Role => "RefusedRole",
            Refusal.Unit => "RefusedUnit",
            _ => "RefusedRecord",
        }, turn.Culture);
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            return AdaptiveCardInvokeResponse.Error(403, "forbidden", message);
        }
        await turn.ReplyAsync(message, ct); // a typed command or Action.Submit: no invoke response to carry it
        return null;
    }

    /// <summary>
    /// The card was made from an older version of the record: nothing is written but the audit entry; the answer
    /// says so, with a button that opens the record again (<paramref name="reopenVerb"/>, default: none).
    /// </summary>
    public async Task<InvokeResponse?> StaleAsync(TurnContext turn, string verb, CancellationToken ct, string? reopenVerb = null, JsonObject? reopenData = null)
    {
        await RecordAsync(turn, verb, Refusal.Stale, ct);
        return await AnswerStaleAsync(turn, StaleCard(turn.Culture, reopenVerb, reopenData), ct);
    }

    /// <summary>As <see cref="StaleAsync(TurnContext, string, CancellationToken, string?, JsonObject?)"/>, answering with the record as it is now, under the stale notice.</summary>
    public async Task<InvokeResponse?> StaleAsync(TurnContext turn, string verb, JsonObject current, CancellationToken ct)
    {
        await RecordAsync(turn, verb, Refusal.Stale, ct);
        var body = current["body"]!.AsArray();
        body.Insert(Math.Min(1, body.Count), new JsonObject
        {
            ["type"] = "TextBlock", ["text"] = BotText.Get("StaleTitle", turn.Culture) + " · " + BotText.Get("StaleCurrent", turn.Culture),
            ["wrap"] = true, ["color"] = nameof(TextColor.Attention), ["weight"] = "Bolder",
        });
        return await AnswerStaleAsync(turn, current, ct);
    }

    /// <summary>
    /// The one mapping of a workflow step that did not go through to what the user reads, for every handler: a forbidden
    /// step or a missing record is a refusal (audited), a version conflict is a stale card (audited, with a button that
    /// opens the record again: <paramref name="reopenVerb"/>); a refusal naming fields is the form again with each error
    /// under its input (<paramref name="form"/>, given the errors by input id; <see cref="CardErrors"/>), and anything
    /// else is the rule's own message (not audited: the rule refused the step, not the sender). <paramref name="inputErrors"/> are
    /// what the handler could not read from the card (<see cref="CardInput.DateRefusal"/>), shown before the workflow's.
    /// </summary>
    public async Task<InvokeResponse?> FailedAsync(TurnContext turn, string verb, WorkflowResult result, CancellationToken ct,
        string? reopenVerb = null, JsonObject? reopenData = null, Func<CardErrors, JsonObject>? form = null, Func<string, string>? inputId = null,
        IReadOnlyList<DomainError>? inputErrors = null)
    {
        var error = result.Error!; // in the sender's language: the actor carried it
        switch (result.Status)
        {
            case WorkflowStatus.Forbidden:
                return await RefuseAsync(turn, verb, Refusal.Role, ct);
            case WorkflowStatus.NotFound:
                return await RefuseAsync(turn, verb, Refusal.Record, ct);
            case WorkflowStatus.Conflict:
                return await StaleAsync(turn, verb, ct, reopenVerb, reopenData);
            case WorkflowStatus.Refused when form is not null && result.Errors.Any(e => e.Field is not null):
                // What the card itself could not read (a date) comes first: it says more than "required".
                var card = form(CardErrors.From([.. inputErrors ?? [], .. result.Errors], inputId));
                if (turn.Activity.Type == ActivityTypes.Invoke)
                {
                    return AdaptiveCardInvokeResponse.Card(card);
                }
                await turn.ReplyAsync(card, error.Message, ct);
                return null;
            default:
                if (turn.Activity.Type == ActivityTypes.Invoke)
                {
                    return AdaptiveCardInvokeResponse.Error(422, error.Code, error.Message);
                }
                await turn.ReplyAsync(error.Message, ct);
                return null;
        }
    }

    private async Task RecordAsync(TurnContext turn, string verb, Refusal reason, CancellationToken ct, JsonObject? details = null)
    {
        var person = turn.Person;
        // The verb pressed, as Teams sent it; the handler's name for the step when there is none (a typed command).
        var pressed = turn.Activity.GetAdaptiveCardAction()?.Verb
                      ?? (turn.Activity.Value is JsonObject v && v["verb"] is JsonValue s && s.TryGetValue<string>(out var submitted) ? submitted : null)
                      ?? verb;
        var data = (details ?? CardInput.From(turn).Data).ToJsonString();
        db.ChangeTracker.Clear(); // whatever the handler staged is dropped: the refusal writes only its entry
        db.AuditLog.Add(AuditEntries.For(person?.Id, person?.Name ?? turn.Activity.From?.Name ?? "?", RefusedAction, "CardAction",
            pressed.Length > 100 ? pressed[..100] : pressed, person?.UnitId, UtcNow, Reason(reason), data.Length > MaxDetails ? data[..MaxDetails] : data));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        LogRefused(pressed, Reason(reason), person?.Id, person?.Role.ToString(), person?.UnitId);
    }

    private static string Reason(Refusal reason) => reason.ToString().ToLowerInvariant();

    private static async Task<InvokeResponse?> AnswerStaleAsync(TurnContext turn, JsonObject card, CancellationToken ct)
    {
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            return AdaptiveCardInvokeResponse.Card(card);
        }
        await turn.ReplyAsync(BotText.Get("StaleBody", turn.Culture), ct);
        return null;
    }

    private static JsonObject StaleCard(CultureInfo culture, string? reopenVerb, JsonObject? reopenData)
    {
        var card = AdaptiveCardBuilder.Create()
            .Title(BotText.Get("StaleTitle", culture))
            .Error(BotText.Get("StaleBody", culture));
        if (reopenVerb is not null)
        {
            card.Execute(BotText.Get("Reopen", culture), reopenVerb, reopenData, validateInputs: false);
        }
        return card.Build();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused card action {Verb} ({Reason}) of person {PersonId} ({Role}) of unit {UnitId}")]
    private partial void LogRefused(string verb, string reason, int? personId, string? role, int? unitId);
}
