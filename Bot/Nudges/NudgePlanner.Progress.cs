using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Flows.TeamFigures;
using GuidanceBot.Data.TeamFigures;
using GuidanceBot.Data.Units;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Nudges;

public sealed partial class NudgePlanner
{
    /// <summary>
    /// On the setup's <see cref="Data.Years.YearSetup.ProgressWorkingDay"/>-th working day of each month (the setup in force:
    /// the year's once published, else the latest published before it — so January follows last year's until the new one is
    /// published), the liaisons of every
    /// county unit that has not reported the previous month's enforcement progress. A deadline nudge (the report
    /// is due by that day), so it is never muted. In January it asks for December of the previous year, which
    /// the rule accepts during January; once a month is reported, nothing is sent for it.
    /// </summary>
    private async Task PlanProgressAsync(CancellationToken ct)
    {
        var day = (await years.InForceAsync(_today.Year, ct))?.ProgressWorkingDay ?? 0;
        var lastOfPrevious = new DateOnly(_today.Year, _today.Month, 1).AddDays(-1);
        if (day <= 0 || !InWindow(calendar.AddWorkingDays(lastOfPrevious, day)))
        {
            return;
        }

        var (year, month) = TeamFiguresWorkflow.PreviousMonth(_today);
        var reported = (await db.EnforcementProgress.AsNoTracking().Where(p => p.Year == year && p.Month == month)
            .Select(p => p.UnitId).Distinct().ToListAsync(ct)).ToHashSet();
        foreach (var unit in _units.Values.Where(u => u.Level == UnitLevel.County && !reported.Contains(u.Id)).OrderBy(u => u.SortOrder))
        {
            await SendAsync(_liaisons[unit.Id], NudgeKinds.ProgressDue, $"progress:{unit.Id}:{year:0000}-{month:00}", "working-day-" + day,
                c => ProgressCard(unit, year, month, c), ct);
        }
    }

    private static Protocol.Activity ProgressCard(OrgUnit unit, int year, int month, CultureInfo c)
    {
        var card = AdaptiveCardBuilder.Create()
            .Title(TeamFiguresText.Format("NudgeTitle", c, year, month))
            .Text(TeamFiguresText.Format("NudgeBody", c, year, month, FlowTurn.UnitName(unit, c)))
            .Execute(TeamFiguresText.Get("OpenProgress", c), TeamVerbs.Progress, new JsonObject { ["year"] = year, ["month"] = month }, ActionStyle.Positive, validateInputs: false)
            .Build();
        return NudgeMessage.Create(card, TeamFiguresText.Format("NudgeSummary", c, year, month), c);
    }
}
