using GuidanceBot.Bot.Flows.Visits;
using GuidanceBot.Data.Visits;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Nudges;

public sealed partial class NudgePlanner
{
    /// <summary>
    /// 7 and 3 working days (<see cref="NudgeOptions.MaterialsWorkingDaysBefore"/>) before a visit, the unit's
    /// liaisons are reminded while any material is still missing; once a stage is sent it is not sent again
    /// (the key carries the visit's date, so a new date starts over).
    /// </summary>
    private async Task PlanMaterialsAsync(CancellationToken ct)
    {
        var stages = O.MaterialsWorkingDaysBefore.Where(n => n > 0).Distinct().OrderByDescending(n => n).ToArray();
        if (stages.Length == 0)
        {
            return;
        }
        var visits = await db.Visits.AsNoTracking()
            .Where(v => (v.Status == VisitStatus.Planned || v.Status == VisitStatus.Scheduled) && v.StartDate != null && v.StartDate > _today)
            .OrderBy(v => v.StartDate).ThenBy(v => v.Id)
            .Select(v => new { v.Id, v.UnitId, Start = v.StartDate!.Value })
            .ToListAsync(ct);
        var query = new VisitMaterialsQuery(db);
        foreach (var visit in visits.Where(v => _units.ContainsKey(v.UnitId)))
        {
            foreach (var n in stages.Where(n => InWindow(calendar.AddWorkingDays(visit.Start, -n))))
            {
                if (await query.LoadAsync(visit.Id, ct) is not { Missing: > 0 } vm)
                {
                    break;
                }
                var left = calendar.WorkingDaysBetween(_today, visit.Start);
                await SendAsync(_liaisons[visit.UnitId], NudgeKinds.MaterialsMissing, $"visit:{visit.Id}", $"before-{n}-{visit.Start:yyyyMMdd}", c =>
                {
                    var banner = MaterialsText.Format("NudgeBanner", c, visit.Start.ToString("yyyy-MM-dd", DataCulture), left, vm.Missing);
                    return NudgeMessage.Create(MaterialsCards.Liaison(vm, c, banner, form: false), banner, c);
                }, ct);
            }
        }
    }
}
