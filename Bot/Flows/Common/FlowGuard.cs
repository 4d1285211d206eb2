using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.People;
using Microsoft.Extensions.Logging;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Bot.Flows.County;

/// <summary>
/// The checks every flow makes before it reads a field: the sender's role and unit come from the
/// identity (<see cref="TurnContext.Person"/>); a card naming another unit or a verb the role may not use
/// is refused, written to the audit log (nothing else is written) and logged as a warning.
/// </summary>
public sealed partial class FlowGuard(GuidanceDbContext db, TimeProvider time, ILogger<FlowGuard> logger)
{
    public const string RefusedAction = "bot.refused";

    public static bool IsCounty(Person person) => person.Role is PersonRole.CountyLiaison or PersonRole.CountyResponsible;

    /// <summary>The year a filing is for: the current year in China.</summary>
    public int CurrentYear => ChinaToday.Year;

    public DateOnly ChinaToday => time.ChinaToday();

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Null when a county person acts for their own unit; else the refusal to answer with. A card's
    /// <c>unitId</c>, when present, must be the sender's unit.
    /// </summary>
    public async Task<InvokeResponse?> CheckCountyAsync(TurnContext turn, string verb, CardInput input, CancellationToken ct)
    {
        var person = turn.Person!;
        if (!IsCounty(person))
        {
            return await RefuseAsync(turn, verb, "role", input, ct);
        }
        if (input.Has("unitId") && input.Int("unitId") != person.UnitId)
        {
            return await RefuseAsync(turn, verb, "unit", input, ct);
        }
        return null;
    }

    /// <summary>Refuses the action: an error the user sees, an audit entry, a warning in the log.</summary>
    public async Task<InvokeResponse> RefuseAsync(TurnContext turn, string verb, string reason, CardInput input, CancellationToken ct)
    {
        var person = turn.Person;
        db.ChangeTracker.Clear();
        var data = input.Data.ToJsonString();
        db.AuditLog.Add(new AuditEntry
        {
            OccurredUtc = UtcNow,
            ActorPersonId = person?.Id,
            ActorName = person?.Name ?? turn.Activity.From?.Name ?? "?",
            Action = RefusedAction,
            EntityType = "CardAction",
            EntityId = verb,
            UnitId = person?.UnitId,
            Reason = reason,
            Details = data.Length > 2000 ? data[..2000] : data,
        });
        await db.SaveChangesAsync(ct);
        LogRefused(verb, reason, person?.Id, person?.UnitId);
        var key = reason switch
        {
            "role" => "RefusedRole",
            "unit" => "RefusedUnit",
            _ => "RefusedRecord",
        };
        return AdaptiveCardInvokeResponse.Error(403, "forbidden", CountyText.Get(key, turn.Culture));
    }

    /// <summary>The card was made from an older state of the record: nothing is written, the form can be opened again.</summary>
    public static InvokeResponse Stale(CultureInfo culture, string verb) =>
        AdaptiveCardInvokeResponse.Card(AdaptiveCardBuilder.Create()
            .Title(CountyText.Get("StaleTitle", culture))
            .Error(CountyText.Get("StaleBody", culture))
            .Execute(CountyText.Get("Reopen", culture), verb, validateInputs: false)
            .Build());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused card action {Verb} ({Reason}) of person {PersonId} of unit {UnitId}")]
    private partial void LogRefused(string verb, string reason, int? personId, int? unitId);
}
