using System.Globalization;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Visits;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Visits;

/// <summary>The visit has its date: the liaison's materials card (what is provided, on file, missing), with the button that opens the form.</summary>
public sealed class MaterialsRequestRenderer : INoticeRenderer<MaterialsRequestNotice>
{
    public async Task<NoticeCard?> RenderAsync(GuidanceDbContext db, MaterialsRequestNotice notice, Person recipient, CultureInfo culture, CancellationToken ct)
    {
        if (await new VisitMaterialsQuery(db).LoadAsync(notice.VisitId, ct) is not { IsOpen: true } vm)
        {
            return null;
        }
        var banner = MaterialsText.Format("RequestBanner", culture, notice.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return new(MaterialsCards.Liaison(vm, culture, banner, form: false), MaterialsText.Format("CardTitle", culture, vm.DisplayUnit(culture)));
    }
}

/// <summary>The city moved or cancelled the unit's visit: what changed and why (the reason of the change's audit entry).</summary>
public sealed class VisitChangedRenderer : INoticeRenderer<VisitChangedNotice>
{
    public async Task<NoticeCard?> RenderAsync(GuidanceDbContext db, VisitChangedNotice notice, Person recipient, CultureInfo culture, CancellationToken ct)
    {
        var visit = await db.Visits.AsNoTracking().FirstOrDefaultAsync(v => v.Id == notice.VisitId, ct);
        if (visit is null)
        {
            return null;
        }
        var id = visit.Id.ToString(CultureInfo.InvariantCulture);
        var change = await db.AuditLog.AsNoTracking()
            .Where(a => a.EntityType == nameof(GuidanceVisit) && a.EntityId == id && (a.Action == VisitWorkflow.MoveAction || a.Action == VisitWorkflow.CancelAction))
            .OrderBy(a => a.Id).Skip(notice.Round - 1).FirstOrDefaultAsync(ct);
        var when = visit.StartDate is { } start
            ? start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + (visit.EndDate is { } end && end != start ? " – " + end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")
            : VisitText.Format("MonthOnly", culture, visit.PlannedMonth);
        var text = notice.Change == VisitChangedNotice.Cancelled
            ? VisitText.Format("ChangedCancelled", culture, visit.Year, when)
            : VisitText.Format("ChangedMoved", culture, visit.Year, when);
        var title = VisitText.Get("ChangedTitle." + notice.Change, culture);
        var card = AdaptiveCardBuilder.Create().Title(title).Text(text)
            .Facts([(VisitText.Get("ChangedReason", culture), change?.Reason ?? visit.CancelReason ?? "—")]);
        return new(card.Build(), title);
    }
}
