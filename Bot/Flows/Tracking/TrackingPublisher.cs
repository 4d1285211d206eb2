using GuidanceBot.Bot.Delivery;
using GuidanceBot.Bot.Documents;
using GuidanceBot.Bot.Nudges;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Bot.Flows.Tracking;

/// <summary>
/// Queues the weekly list and the monthly review in the delivery ledger: city staff get the whole list
/// (one card per page), each unit's liaisons their unit's part; city staff get the monthly ranking.
/// Keys are (person, kind, snapshot, page), so publishing a snapshot again queues nothing twice.
/// </summary>
public sealed class TrackingPublisher(GuidanceDbContext db, DeliveryLedger ledger, BotLanguage language, DocumentLinks links, IOptions<NudgeOptions> options)
{
    /// <summary>Queues the weekly list; returns how many messages were queued.</summary>
    public async Task<int> PublishWeeklyAsync(WeeklyAssignmentSnapshot snapshot, DateTime dueUtc, CancellationToken ct = default)
    {
        var units = await UnitsAsync(ct);
        var people = await db.People.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Id).ToListAsync(ct);
        var lines = snapshot.Lines.OrderBy(l => l.Order).ToList();
        var perPage = options.Value.WeeklyLinesPerCard;
        var subject = $"weekly:{snapshot.Id}";
        var queued = 0;

        foreach (var person in people.Where(p => p.IsCity))
        {
            var culture = language.Resolve(person);
            var pages = TrackingCards.PageCount(lines.Count, perPage);
            for (var page = 1; page <= pages; page++)
            {
                var card = TrackingCards.Weekly(snapshot, lines, page, perPage, units, null, culture, WeeklyLink(snapshot.Id, person), withPager: false);
                if (await ledger.EnqueueAsync(db, new DeliveryKey(person.Id, NudgeKinds.WeeklyAssignment, subject, $"page-{page}"),
                        NudgeMessage.Create(card, Summary(card), culture), dueUtc, ct))
                {
                    queued++;
                }
            }
        }

        foreach (var person in people.Where(p => p.Role == PersonRole.CountyLiaison))
        {
            var mine = lines.Where(l => l.UnitId == person.UnitId).ToList();
            if (mine.Count == 0 || !units.TryGetValue(person.UnitId, out var unit))
            {
                continue;
            }

            var culture = language.Resolve(person);
            var pages = TrackingCards.PageCount(mine.Count, perPage);
            for (var page = 1; page <= pages; page++)
            {
                var card = TrackingCards.Weekly(snapshot, mine, page, perPage, units, unit, culture, WeeklyLink(snapshot.Id, person), withPager: false);
                if (await ledger.EnqueueAsync(db, new DeliveryKey(person.Id, NudgeKinds.WeeklyAssignment, subject, $"unit-page-{page}"),
                        NudgeMessage.Create(card, Summary(card), culture), dueUtc, ct))
                {
                    queued++;
                }
            }
        }

        await DeliveryLedger.SaveChangesAsync(db, ct);
        return queued;
    }

    /// <summary>Queues the monthly ranking to city staff; returns how many messages were queued.</summary>
    public async Task<int> PublishMonthlyAsync(MonthlyReviewSnapshot snapshot, DateTime dueUtc, CancellationToken ct = default)
    {
        var units = await UnitsAsync(ct);
        var staff = await db.People.AsNoTracking().Where(p => p.IsActive && (p.Role == PersonRole.CityStaff || p.Role == PersonRole.CityAdmin))
            .OrderBy(p => p.Id).ToListAsync(ct);
        var queued = 0;
        foreach (var person in staff)
        {
            var culture = language.Resolve(person);
            var card = TrackingCards.Monthly(snapshot, units, culture, MonthlyLink(snapshot.Id, person));
            if (await ledger.EnqueueAsync(db, new DeliveryKey(person.Id, NudgeKinds.MonthlyReview, $"monthly:{snapshot.Id}", "ranking"),
                    NudgeMessage.Create(card, Summary(card), culture), dueUtc, ct))
            {
                queued++;
            }
        }

        await DeliveryLedger.SaveChangesAsync(db, ct);
        return queued;
    }

    public Task<Dictionary<int, OrgUnit>> UnitsAsync(CancellationToken ct) => db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, ct);

    /// <summary>The weekly list's XLSX, as a signed link for <paramref name="person"/> (their unit's part for a liaison).</summary>
    public string WeeklyLink(int snapshotId, Person person) => links.For(LinkedDocument.WeeklyAssignment, snapshotId, person.Id);

    /// <summary>The monthly review's XLSX, as a signed link for <paramref name="person"/>.</summary>
    public string MonthlyLink(int snapshotId, Person person) => links.For(LinkedDocument.MonthlyReview, snapshotId, person.Id);

    private static string Summary(System.Text.Json.Nodes.JsonObject card) => card["body"]?[0]?["text"]?.GetValue<string>() ?? "";
}
