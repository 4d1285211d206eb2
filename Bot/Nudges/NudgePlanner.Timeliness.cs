using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Letters;
using GuidanceBot.Bot.Flows.Visits;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Visits;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Nudges;

public sealed partial class NudgePlanner
{
    /// <summary>
    /// 及时反馈 and 闭合. A visit done with problems and no letter issued: city staff before, on and after the letter's due day
    /// (the year's setup's <see cref="Data.Years.YearSetup.LetterDueWorkingDays"/> working days after the visit's last day; no
    /// setup in force for the visit's year, no nudge). A problem accepted as in
    /// progress: the unit's liaisons before, on and after the day promised until they report it done; then city staff weekly
    /// until they confirm it.
    /// </summary>
    private async Task PlanTimelinessAsync(CancellationToken ct)
    {
        await PlanLettersDueAsync(ct);
        await PlanCompletionsAsync(ct);
    }

    private async Task PlanLettersDueAsync(CancellationToken ct)
    {
        var visits = await LetterTimeliness.Owing(db.Visits.AsNoTracking())
            .Where(v => !db.Letters.Any(l => l.GuidanceVisitId == v.Id && l.Status != LetterStatus.Draft))
            .OrderBy(v => v.EndDate).ThenBy(v => v.Id)
            .Select(v => new { v.Id, v.UnitId, v.Year, End = v.EndDate!.Value })
            .ToListAsync(ct);
        foreach (var visit in visits)
        {
            if (!_units.TryGetValue(visit.UnitId, out var unit) || unit.ParentId is not { } city)
            {
                continue;
            }
            if (await letterTimeliness.DueAsync(visit.Year, visit.End, ct) is not var (due, within))
            {
                continue;
            }
            foreach (var (stage, position) in DeadlineStagesToday(due, O.Letter))
            {
                await SendAsync(_cityStaff[city], NudgeKinds.LetterDue, $"visit-letter:{visit.Id}", stage, c =>
                    TimelinessCard(NudgeText.Format(Title(position, "LetterDue"), c, Math.Abs(position.WorkingDaysLeft)),
                        NudgeText.Format("LetterDueBody", c, NudgeCards.UnitName(unit, c), NudgeText.Date(visit.End, c), within, NudgeText.Date(due, c)),
                        NudgeText.Get("LetterDueButton", c), VisitVerbs.VisitOpen, new JsonObject { ["visitId"] = visit.Id }, c), ct);
            }
        }
    }

    private async Task PlanCompletionsAsync(CancellationToken ct)
    {
        var items = await db.RectificationItems.AsNoTracking()
            .Where(i => i.Decision == ReviewDecision.Accepted && i.Progress == RectificationProgress.InProgress && i.CompletionConfirmedUtc == null
                && i.ExpectedCompletion != null)
            .Join(db.RectificationReports, i => i.RectificationReportId, r => r.Id, (i, r) => new { i, r.OpinionLetterId })
            .Join(db.Letters, x => x.OpinionLetterId, l => l.Id, (x, l) => new
            {
                x.i.Id, x.i.CompletedOn, Promised = x.i.ExpectedCompletion!.Value, LetterId = l.Id, l.Number, l.UnitId, l.IssuerUnitId,
                Order = l.Problems.Where(p => p.Id == x.i.LetterProblemId).Select(p => p.Order).FirstOrDefault(),
            })
            .OrderBy(x => x.Promised).ThenBy(x => x.Id)
            .ToListAsync(ct);
        foreach (var item in items)
        {
            if (!_units.TryGetValue(item.UnitId, out var unit))
            {
                continue;
            }
            var number = item.Number ?? item.LetterId.ToString(CultureInfo.InvariantCulture);
            var data = new JsonObject { ["letterId"] = item.LetterId, ["itemId"] = item.Id };
            if (item.CompletedOn is { } done)
            {
                // Reported done: city staff confirm it, reminded weekly until they do.
                await SendAsync(_cityStaff[item.IssuerUnitId], NudgeKinds.CompletionConfirm, $"completion:{item.Id}", WeekStage("confirm-" + done.ToString("yyyyMMdd", CultureInfo.InvariantCulture)), c =>
                    TimelinessCard(NudgeText.Get("CompletionConfirmTitle", c),
                        NudgeText.Format("CompletionConfirmBody", c, NudgeCards.UnitName(unit, c), number, item.Order, NudgeText.Date(done, c)),
                        NudgeText.Get("CompletionConfirmButton", c), CompletionVerbs.Open, data.DeepClone().AsObject(), c), ct);
                continue;
            }
            var due = calendar.WorkingDayOnOrAfter(item.Promised);
            foreach (var (stage, position) in DeadlineStagesToday(due, O.Completion))
            {
                await SendAsync(_liaisons[item.UnitId], NudgeKinds.CompletionDue, $"completion:{item.Id}", stage, c =>
                    TimelinessCard(NudgeText.Format(Title(position, "CompletionDue"), c, Math.Abs(position.WorkingDaysLeft)),
                        NudgeText.Format("CompletionDueBody", c, NudgeCards.UnitName(unit, c), number, item.Order, NudgeText.Date(item.Promised, c)),
                        NudgeText.Get("CompletionDueButton", c), CompletionVerbs.Open, data.DeepClone().AsObject(), c), ct);
            }
        }
    }

    private static string Title(DeadlinePosition position, string prefix) =>
        prefix + (position.WorkingDaysLeft switch { > 0 => "TitleBefore", 0 => "TitleDue", _ => "TitleOverdue" });

    private static Protocol.Activity TimelinessCard(string title, string body, string button, string verb, JsonObject data, CultureInfo c)
    {
        var card = AdaptiveCardBuilder.Create()
            .Title(title)
            .Text(body)
            .Execute(button, verb, data, ActionStyle.Positive, validateInputs: false)
            .Build();
        return NudgeMessage.Create(card, title, c);
    }
}
