using System.Globalization;
using GuidanceBot.Bot.Delivery;
using GuidanceBot.Bot.Nudges;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Visits;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Visits;

/// <summary>
/// Asks the unit's liaisons for a visit's materials when the visit gets its date: one card each, in their
/// language, queued in the caller's DbContext (<see cref="DeliveryLedger"/>) under (person, kind, visit,
/// date), so a retry sends nothing twice and a new date asks again.
/// </summary>
public sealed class MaterialsRequests(GuidanceDbContext db, DeliveryLedger ledger, VisitMaterialsQuery query, BotLanguage language)
{
    public const string Kind = "materials-request";

    /// <summary>Queues the request for the visit as it is now in the context (not yet saved); the number of liaisons asked.</summary>
    public async Task<int> EnqueueAsync(GuidanceVisit visit, CancellationToken ct)
    {
        if (visit.StartDate is not { } start || visit.Status is not (VisitStatus.Planned or VisitStatus.Scheduled)
            || await query.LoadAsync(visit.Id, ct) is not { } stored)
        {
            return 0;
        }
        var vm = stored with { StartDate = visit.StartDate, EndDate = visit.EndDate, Status = visit.Status };
        var liaisons = await db.People.AsNoTracking()
            .Where(p => p.IsActive && p.UnitId == visit.UnitId && p.Role == PersonRole.CountyLiaison)
            .OrderBy(p => p.Id).ToListAsync(ct);
        var queued = 0;
        foreach (var person in liaisons)
        {
            var c = language.Resolve(person);
            var banner = MaterialsText.Format("RequestBanner", c, start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            var card = MaterialsCards.Liaison(vm, c, banner, form: false);
            var key = new DeliveryKey(person.Id, Kind, $"visit:{visit.Id}", $"date-{start:yyyyMMdd}");
            if (await ledger.EnqueueAsync(db, key, NudgeMessage.Create(card, MaterialsText.Format("CardTitle", c, vm.DisplayUnit(c)), c), null, ct))
            {
                queued++;
            }
        }
        return queued;
    }
}
