using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Cases;
using GuidanceBot.Bot.Nudges;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Units;

namespace GuidanceBot.Bot.Flows.Tracking;

/// <summary>Verbs of the weekly and monthly lists.</summary>
public static class TrackingVerbs
{
    /// <summary>Another page of the weekly list: data <c>{ snapshotId, page }</c>; the lines are scoped again from the sender.</summary>
    public const string WeeklyPage = "weekly.page";
}

/// <summary>The 周交办 and 月讲评 cards. Unit names in the recipient's language when the unit has one.</summary>
public static class TrackingCards
{
    /// <summary>One page of the weekly list (all of it for city staff, one unit's lines for a liaison).</summary>
    /// <param name="unit">The unit whose part this is; null for the whole list.</param>
    /// <param name="withPager">A "next page" button (chat command) instead of one card per page (proactive).</param>
    public static JsonObject Weekly(WeeklyAssignmentSnapshot snapshot, IReadOnlyList<WeeklyAssignmentLine> lines, int page, int perPage,
        IReadOnlyDictionary<int, OrgUnit> units, OrgUnit? unit, CultureInfo culture, string? downloadUrl, bool withPager)
    {
        string T(string name) => TrackingText.Get(name, culture);
        var pages = Math.Max(1, (lines.Count + perPage - 1) / perPage);
        page = Math.Clamp(page, 1, pages);
        var week = NudgeText.Date(snapshot.WeekStart, culture);
        var builder = AdaptiveCardBuilder.Create().Title(unit is null
            ? TrackingText.Format("WeeklyTitle", culture, snapshot.Year, snapshot.Serial, week)
            : TrackingText.Format("WeeklyUnitTitle", culture, snapshot.Year, snapshot.Serial, NudgeCards.UnitName(unit, culture)));

        if (lines.Count == 0)
        {
            builder.Text(T("WeeklyEmpty"));
        }
        else
        {
            builder.Text(TrackingText.Format("WeeklySummary", culture, lines.Count,
                lines.Count(l => l.Status == AssignmentLineStatus.New),
                lines.Count(l => l.Status == AssignmentLineStatus.Open),
                lines.Count(l => l.Status == AssignmentLineStatus.Overdue)));
            var shown = lines.Skip((page - 1) * perPage).Take(perPage);
            builder.Table(
                [T("ColumnNo"), T("ColumnUnit"), T("ColumnItem"), T("ColumnDue"), T("ColumnStatus")],
                shown.Select(l => (IReadOnlyList<string>)[
                    l.Order.ToString(CultureInfo.InvariantCulture),
                    UnitName(l.UnitId, l.UnitName, units, culture),
                    $"[{T("Kind" + l.Kind)}] {l.Title}" + (l.OwnerName is { Length: > 0 } owner ? TrackingText.Format("OwnerSuffix", culture, owner) : ""),
                    l.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    T("Status" + l.Status),
                ]),
                [1, 2, 4, 2, 1]);
            if (pages > 1)
            {
                builder.Text(TrackingText.Format("WeeklyPage", culture, page, pages), subtle: true);
            }
        }

        if (page == 1)
        {
            WeeklyCases(builder, snapshot, units, unit, culture);
        }
        builder.Text(T(unit is null ? "WeeklyNextCity" : "WeeklyNextCounty"), bold: true);
        if (withPager && page < pages)
        {
            builder.Execute(T("WeeklyNextPage"), TrackingVerbs.WeeklyPage, new JsonObject { ["snapshotId"] = snapshot.Id, ["page"] = page + 1 });
        }
        if (downloadUrl is not null)
        {
            builder.OpenUrl(T("DownloadXlsx"), downloadUrl);
        }
        return builder.Build();
    }

    public static int PageCount(int lines, int perPage) => Math.Max(1, (lines + perPage - 1) / perPage);

    /// <summary>The monthly review: ranking, figures per unit, and what is overdue (the first lines; the rest in the XLSX).</summary>
    public static JsonObject Monthly(MonthlyReviewSnapshot snapshot, IReadOnlyDictionary<int, OrgUnit> units, CultureInfo culture, string? downloadUrl,
        int overdueShown = 20)
    {
        string T(string name) => TrackingText.Get(name, culture);
        var ranked = snapshot.Lines.OrderBy(l => l.Rank).ThenBy(l => l.UnitName, StringComparer.Ordinal).ToList();
        var builder = AdaptiveCardBuilder.Create()
            .Title(TrackingText.Format("MonthlyTitle", culture, snapshot.Year, snapshot.Month))
            .Heading(T("MonthlyRanking"))
            .Table([T("ColumnRank"), T("ColumnUnit"), T("ColumnRate"), T("ColumnChange")],
                ranked.Select(l => (IReadOnlyList<string>)[
                    l.Rank.ToString(CultureInfo.InvariantCulture),
                    UnitName(l.UnitId, l.UnitName, units, culture),
                    Rates.PercentOfPermille(l.OnTimePermille),
                    Rates.ChangeOfPermille(l.OnTimePermilleChange),
                ]),
                [1, 3, 2, 2])
            .Heading(T("MonthlyFigures"))
            .Table([T("ColumnUnit"), T("ColumnAssigned"), T("ColumnOnTime"), T("ColumnLate"), T("ColumnOverdue"), T("ColumnOpen")],
                ranked.Select(l => (IReadOnlyList<string>)[
                    UnitName(l.UnitId, l.UnitName, units, culture),
                    N(l.Assigned), N(l.ClosedOnTime), N(l.ClosedLate), N(l.Overdue), N(l.Open),
                ]),
                [3, 1, 1, 1, 1, 1]);

        if (ranked.Count > 0)
        {
            builder.Heading(CaseText.Get("ReviewCasesHeading", culture))
                .Table([T("ColumnUnit"), CaseText.Get("ColMonthReported", culture), CaseText.Get("ColMonthQualified", culture),
                        CaseText.Get("ColYearReported", culture), CaseText.Get("ColYearQualified", culture)],
                    ranked.Select(l => (IReadOnlyList<string>)[
                        UnitName(l.UnitId, l.UnitName, units, culture),
                        N(l.TypicalCasesReportedInMonth), N(l.TypicalCasesQualifiedInMonth), N(l.TypicalCasesReported), N(l.TypicalCasesQualified),
                    ]),
                    [3, 1, 1, 1, 1]);
            // 三.1 as each unit reported the month: penalties, those published in the credit system, lists brought up to date.
            builder.Heading(T("ReviewProgressHeading"))
                .Table([T("ColumnUnit"), T("ColumnPenalties"), T("ColumnCreditPublished"), T("ColumnListsUpdated")],
                    ranked.Select(l => (IReadOnlyList<string>)[
                        UnitName(l.UnitId, l.UnitName, units, culture),
                        l.PenaltiesInMonth is { } p ? N(p) : "—",
                        l.PenaltiesPublishedInMonth is { } c ? N(c) : "—",
                        l.ListsUpdatedInMonth is { } u ? TrackingText.Format("ListsUpdatedOf", culture, u) : "—",
                    ]),
                    [3, 1, 1, 1]);
        }

        var overdue = snapshot.Overdue.OrderByDescending(o => o.DaysOverdue).ThenBy(o => o.Id).ToList();
        builder.Heading(TrackingText.Format("MonthlyOverdue", culture, overdue.Count));
        if (overdue.Count == 0)
        {
            builder.Text(T("MonthlyNoOverdue"));
        }
        foreach (var o in overdue.Take(overdueShown))
        {
            builder.Text("• " + TrackingText.Format("MonthlyOverdueLine", culture, UnitName(o.UnitId, o.UnitName, units, culture), o.Title,
                o.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), o.DaysOverdue));
        }
        if (overdue.Count > overdueShown)
        {
            builder.Text(TrackingText.Format("MonthlyOverdueMore", culture, overdue.Count - overdueShown), subtle: true);
        }

        builder.Text(T("MonthlyNext"), bold: true);
        if (downloadUrl is not null)
        {
            builder.OpenUrl(T("DownloadXlsx"), downloadUrl);
        }
        return builder.Build();
    }

    /// <summary>
    /// 典型案例 on the weekly list: the whole table for city staff, the unit's own line for a county.
    /// Lists compiled before cases were counted have none, and show nothing.
    /// </summary>
    private static void WeeklyCases(AdaptiveCardBuilder builder, WeeklyAssignmentSnapshot snapshot, IReadOnlyDictionary<int, OrgUnit> units, OrgUnit? unit, CultureInfo culture)
    {
        var cases = snapshot.Cases.Where(c => unit is null || c.UnitId == unit.Id).OrderBy(c => c.Id).ToList();
        if (cases.Count == 0)
        {
            return;
        }
        builder.Heading(CaseText.Get("ReviewCasesHeading", culture));
        if (unit is not null)
        {
            var c = cases[0];
            builder.Text(CaseText.Format("WeeklyCasesUnit", culture, c.ReportedLastWeek, c.AwaitingJudgement, c.ReportedInYear, c.QualifiedInYear));
            return;
        }
        builder.Text(CaseText.Format("WeeklyCasesTotal", culture, cases.Sum(c => c.ReportedLastWeek), cases.Sum(c => c.AwaitingJudgement)), subtle: true)
            .Table([TrackingText.Get("ColumnUnit", culture), CaseText.Get("ColLastWeek", culture), CaseText.Get("ColAwaiting", culture),
                    CaseText.Get("ColYearReported", culture), CaseText.Get("ColYearQualified", culture)],
                cases.Select(c => (IReadOnlyList<string>)[
                    UnitName(c.UnitId, c.UnitName, units, culture),
                    N(c.ReportedLastWeek), N(c.AwaitingJudgement), N(c.ReportedInYear), N(c.QualifiedInYear),
                ]),
                [3, 1, 1, 1, 1]);
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string UnitName(int unitId, string stored, IReadOnlyDictionary<int, OrgUnit> units, CultureInfo culture) =>
        units.TryGetValue(unitId, out var unit) ? NudgeCards.UnitName(unit, culture) : stored;
}
