using System.Text.Json;
using GuidanceBot.Data.Status;
using Microsoft.AspNetCore.Mvc;

namespace GuidanceBot.Api.Tab.Pages;

/// <summary>The year at a glance: the API's year overview (<see cref="YearStatusQuery.OverviewAsync"/>, the same cached record) as a table and three charts.</summary>
public sealed class IndexModel(YearStatusQuery query) : TabPageModel
{
    public YearOverview Overview { get; private set; } = null!;

    public override string Title => F("OverviewTitle", ShownYear);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await BeginAsync() is { } refused)
        {
            return refused;
        }
        Overview = await query.OverviewAsync(ShownYear, Caller.Scope, ct);
        return Page();
    }

    /// <summary>The steps of the year a unit has taken, of <see cref="StepCount"/>: what the progress chart shows.</summary>
    public static int Steps(UnitYearStatus u) =>
        (u.Plan.IsSubmitted ? 1 : 0) + (u.Approval.IsSubmitted ? 1 : 0) + (u.Publication.IsSubmitted ? 1 : 0)
        + (u.Visit.IsDone ? 1 : 0) + (u.Letter is not null ? 1 : 0) + (u.Rectification.IsAccepted ? 1 : 0);

    public const int StepCount = 6;

    // The overview records are shared and immutable (the status cache): their charts' JSON is made once per language.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<YearOverview, System.Collections.Concurrent.ConcurrentDictionary<string, string>> Charts = new();

    /// <summary>The charts' data and labels, read by tab.js from a JSON block (no inline script: the CSP forbids it).</summary>
    public string ChartJson() => Charts.GetOrCreateValue(Overview).GetOrAdd(Culture.Name, _ => MakeChartJson());

    private string MakeChartJson()
    {
        var units = Overview.Units;
        var visitsPlanned = new int[12];
        var visitsDone = new int[12];
        foreach (var u in units)
        {
            var month = u.Visit.StartDate?.Month ?? u.Visit.PlannedMonth;
            if (month is >= 1 and <= 12)
            {
                (u.Visit.IsDone ? visitsDone : visitsPlanned)[month.Value - 1]++;
            }
        }
        return JsonSerializer.Serialize(new
        {
            progress = new
            {
                title = T("ChartProgress"),
                units = units.Select(u => UnitName(u.UnitName, u.UnitNameEn)).ToArray(),
                steps = units.Select(Steps).ToArray(),
                max = StepCount,
                stepsLabel = T("ChartSteps"),
            },
            items = new
            {
                title = T("ChartItems"),
                weeks = Overview.ItemsByWeek.Select(w => w.WeekStart.ToString("MM-dd", Culture)).ToArray(),
                series = new[]
                {
                    new { name = T("ItemsOpen"), data = Overview.ItemsByWeek.Select(w => w.Open).ToArray() },
                    new { name = T("ItemsOverdue"), data = Overview.ItemsByWeek.Select(w => w.Overdue).ToArray() },
                    new { name = T("ItemsClosed"), data = Overview.ItemsByWeek.Select(w => w.Closed).ToArray() },
                },
            },
            visits = new
            {
                title = T("ChartVisits"),
                months = Enumerable.Range(1, 12).Select(m => Month(m)).ToArray(),
                planned = visitsPlanned,
                done = visitsDone,
                plannedLabel = T("VisitsPlanned"),
                doneLabel = T("VisitsDone"),
                deadline = Month(11),
                deadlineLabel = T("VisitsDeadline"),
            },
        });
    }
}
