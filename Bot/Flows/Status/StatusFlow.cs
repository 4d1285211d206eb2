using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Documents;
using GuidanceBot.Bot.Flows.Calendars;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Status;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Visits;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Status;

/// <summary>
/// "进度" / "status" [unit] and the menu's status button: the year at a glance for the city, one unit's
/// detail on request; a county person gets their own unit's detail whatever they ask for.
/// </summary>
public sealed class StatusHandler(GuidanceDbContext db, YearStatusQuery status, VisitRisksQuery risks, TimeProvider time, FlowGuard guard,
    WorkingDayCalendar calendar, DocumentLinks links) : ITurnHandler
{
    public const int PageSize = 10;

    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var culture = turn.Culture;
        var today = time.ChinaToday();
        var person = turn.Person!;
        var input = CardInput.From(turn);
        // "进度 2022 舞阳" / "status wuyang 2022": a four-digit word is the year, the rest the unit; a card carries both.
        var words = turn.IsInvoke() ? [] : turn.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var typedYear = words.FirstOrDefault(w => w.Length == 4 && w.All(char.IsAsciiDigit));
        var year = input.Int("year") ?? (typedYear is null ? today.Year : int.Parse(typedYear, CultureInfo.InvariantCulture));
        if (year < FieldLimits.MinYear || year > today.Year + 1)
        {
            return await turn.RefuseAsync(400, "year", StatusText.Format("StatusYearRange", culture, FieldLimits.MinYear, today.Year + 1), ct);
        }
        var rest = string.Join(' ', words.Where(w => !ReferenceEquals(w, typedYear))).Trim();
        // The unit asked for: typed after the command, or chosen on the overview card.
        var asked = input.Text("unit") ?? (rest.Length > 0 ? rest : null);
        var years = await YearsAsync(today.Year, ct);

        if (!person.IsCity)
        {
            // A county person sees their own unit only. A card naming another unit was edited (theirs offers no
            // choice): refused; "进度 临颍" typed in the chat just gets their own unit.
            if (input.Text("unit") is { } fromCard && (await FindUnitAsync(db, fromCard, ct))?.Id != person.UnitId)
            {
                return await guard.RefuseAsync(turn, Verbs.StatusOverview, Refusal.Unit, ct);
            }
            var own = await status.UnitDetailAsync(year, person.UnitId, ct);
            return await turn.ShowAsync(StatusCards.Detail(own!, culture, years).WithWeekendsOnly(calendar, culture, year), StatusText.Get("StatusTitle", culture), ct);
        }

        if (asked is not null)
        {
            var unit = await FindUnitAsync(db, asked, ct);
            if (unit is null)
            {
                return await turn.RefuseAsync(404, "unknownUnit", StatusText.Format("UnknownUnit", culture, asked), ct);
            }
            var detail = await status.UnitDetailAsync(year, unit.Id, cityView: true, ct);
            // The dossier of the unit's year, signed for this person only and for a short time (DocumentLinks).
            return await turn.ShowAsync(StatusCards.Detail(detail!, culture, years, links.ForDossier(unit.Id, year, person.Id)).WithWeekendsOnly(calendar, culture, year),
                StatusText.Get("StatusTitle", culture), ct);
        }

        var overview = await status.OverviewWithDovetailingAsync(year, null, ct);
        var page = Math.Max(0, input.Int("page") ?? 0);
        var notes = (await risks.LoadAsync(year, culture, ct)).Assessment.Risks.Select(r => r.Message.Message)
            .Concat(overview.Dovetailing is { } dovetail ? Plans.DovetailingCards.ProblemLines(dovetail, culture) : []).ToList();
        return await turn.ShowAsync(StatusCards.Overview(overview, page, PageSize, culture, notes, years).WithWeekendsOnly(calendar, culture, year), StatusText.Get("StatusTitle", culture), ct);
    }

    /// <summary>The years the picker offers: every year something was filed, visited or assigned, and this year; newest first.</summary>
    private async Task<IReadOnlyList<int>> YearsAsync(int current, CancellationToken ct)
    {
        var years = await db.AnnualPlans.AsNoTracking().Select(p => p.Year)
            .Union(db.Visits.AsNoTracking().Select(v => v.Year))
            .Union(db.Assignments.AsNoTracking().Select(a => a.Year))
            .Distinct().ToListAsync(ct);
        return [.. years.Append(current).Where(y => y <= current + 1).Distinct().OrderDescending()];
    }

    /// <summary>A county-level unit by code, full or short name (Chinese or English), or the start of its name.</summary>
    public static async Task<OrgUnit?> FindUnitAsync(GuidanceDbContext db, string text, CancellationToken ct)
    {
        var units = await db.Units.AsNoTracking().Where(u => u.Level == UnitLevel.County && u.IsActive).OrderBy(u => u.SortOrder).ToListAsync(ct);
        var t = text.Trim();
        return units.FirstOrDefault(u => string.Equals(u.Code, t, StringComparison.OrdinalIgnoreCase)
                                         || u.Name == t || u.ShortName == t
                                         || string.Equals(u.NameEn, t, StringComparison.OrdinalIgnoreCase))
               ?? units.FirstOrDefault(u => u.Name.StartsWith(t, StringComparison.Ordinal)
                                            || (u.NameEn?.StartsWith(t, StringComparison.OrdinalIgnoreCase) ?? false)
                                            || (t.Length >= 2 && t.StartsWith(u.ShortName, StringComparison.Ordinal)));
    }
}

/// <summary>"逾期" / "overdue": what is past its date, with the days; the city sees every unit, a county its own.</summary>
public sealed class OverdueHandler(GuidanceDbContext db, TimeProvider time, WorkingDayCalendar calendar) : ITurnHandler
{
    public const int MaxRows = 30;

    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var culture = turn.Culture;
        var today = time.ChinaToday();
        int? scope = turn.Person!.IsCity ? null : turn.Person.UnitId;

        var items = await db.Assignments.AsNoTracking()
            .Where(a => a.ClosedOn == null && a.DueDate < today && (scope == null || a.UnitId == scope))
            .Select(a => new { a.SubjectKey, a.Title, a.DueDate, a.Unit!.Name, a.Unit.NameEn, a.Unit.SortOrder })
            .ToListAsync(ct);
        var rows = items.Select(a => new OverdueRow(FlowTurn.UnitName(a.Name, a.NameEn, culture), a.SortOrder, a.Title, a.DueDate)).ToList();

        // Letters whose report is late and not on the list as an item of their own.
        var keys = items.Select(a => a.SubjectKey).ToHashSet();
        var letters = await db.Letters.AsNoTracking()
            .Where(l => (l.Status == LetterStatus.Issued || l.Status == LetterStatus.Acknowledged || l.Status == LetterStatus.ReportReturned)
                        && l.ReportDeadline < today && (scope == null || l.UnitId == scope))
            .Select(l => new { l.Id, l.Number, l.ReportDeadline, l.Unit!.Name, l.Unit.NameEn, l.Unit.SortOrder })
            .ToListAsync(ct);
        rows.AddRange(letters.Where(l => !keys.Contains(AssignmentTracker.RectificationReportKey(l.Id)))
            .Select(l => new OverdueRow(FlowTurn.UnitName(l.Name, l.NameEn, culture), l.SortOrder, StatusText.Format("OverdueReport", culture, l.Number), l.ReportDeadline)));

        var ordered = rows.OrderBy(r => r.Due).ThenBy(r => r.Sort).ToList();
        var card = AdaptiveCardBuilder.Create().Title(StatusText.Get("OverdueTitle", culture))
            .Text(StatusText.Format("OverdueAsOf", culture, FlowTurn.Day(today), ordered.Count), subtle: true);
        if (ordered.Count == 0)
        {
            card.Text(StatusText.Get("OverdueNone", culture), color: TextColor.Good);
        }
        else
        {
            card.Table(
                [StatusText.Get("ColUnit", culture), StatusText.Get("ColItem", culture), StatusText.Get("ColDaysOverdue", culture)],
                ordered.Take(MaxRows).Select(r => (IReadOnlyList<string>)[r.Unit, r.Title, (today.DayNumber - r.Due.DayNumber).ToString(CultureInfo.InvariantCulture)]),
                [2, 5, 1]);
            if (ordered.Count > MaxRows)
            {
                card.Text(StatusText.Format("MoreRows", culture, ordered.Count - MaxRows), subtle: true);
            }
        }
        return await turn.ShowAsync(card.Build().WithWeekendsOnly(calendar, culture, today.Year), StatusText.Get("OverdueTitle", culture), ct);
    }

    private sealed record OverdueRow(string Unit, int Sort, string Title, DateOnly Due);
}

/// <summary>The status cards: few columns and symbols so a row fits a phone; long lists paged.</summary>
public static class StatusCards
{
    /// <param name="notes">What the city should look at beside the table (the visits' risks, plans that do not dovetail), each a line.</param>
    public static JsonObject Overview(YearOverview overview, int page, int pageSize, CultureInfo culture, IReadOnlyList<string>? notes = null, IReadOnlyList<int>? years = null)
    {
        string T(string n) => StatusText.Get(n, culture);
        var pages = Math.Max(1, (overview.Units.Count + pageSize - 1) / pageSize);
        page = Math.Min(page, pages - 1);
        var rows = overview.Units.Skip(page * pageSize).Take(pageSize).ToList();

        var card = AdaptiveCardBuilder.Create()
            .Title(StatusText.Format("StatusOverviewTitle", culture, overview.Year))
            .Text(StatusText.Format("StatusAsOf", culture, FlowTurn.Day(overview.Today)), subtle: true)
            .Table(
                [T("ColUnit"), T("ColFilings"), T("ColVisit"), T("ColLetter"), T("ColCases"), TeamFigures.TeamFiguresText.Get("ColExecution", culture)],
                rows.Select(u => (IReadOnlyList<string>)[
                    ShortUnit(u, culture),
                    Symbol(u.Plan) + (u.CoverageMet == false ? "⚠" : "") + " " + Symbol(u.Approval) + " " + Symbol(u.Publication),
                    Visit(u.Visit, culture),
                    Letter(u, culture),
                    $"{u.TypicalCases.Qualified}/{u.TypicalCases.Reported}",
                    Execution(u.Team.Progress),
                ]),
                [3, 3, 2, 3, 2, 2])
            .Text(T("StatusLegend"), subtle: true);
        foreach (var note in notes ?? [])
        {
            card.Text("⚠ " + note, color: TextColor.Warning);
        }
        card
            .Text(TeamFigures.TeamFiguresText.Get("ExecutionLegend", culture), subtle: true);
        if (pages > 1)
        {
            card.Text(StatusText.Format("PageOf", culture, page + 1, pages), subtle: true);
            if (page > 0) card.Execute(T("PagePrevious"), Verbs.StatusOverview, new JsonObject { ["page"] = page - 1, ["year"] = overview.Year }, validateInputs: false);
            if (page < pages - 1) card.Execute(T("PageNext"), Verbs.StatusOverview, new JsonObject { ["page"] = page + 1, ["year"] = overview.Year }, validateInputs: false);
        }
        YearPicker(card, overview.Year, years, culture);
        card.ChoiceInput("unit", T("StatusPickUnit"), rows.Select(u => (ShortUnit(u, culture), u.UnitCode)));
        card.Execute(T("StatusShowDetail"), Verbs.StatusOverview);
        return card.Build();
    }

    /// <summary>The year picker (input <c>year</c>, sent with the card's buttons): any year with records, not only this one.</summary>
    private static void YearPicker(AdaptiveCardBuilder card, int year, IReadOnlyList<int>? years, CultureInfo culture)
    {
        if (years is { Count: > 0 })
        {
            card.ChoiceInput("year", StatusText.Get("StatusPickYear", culture),
                years.Append(year).Distinct().OrderDescending().Select(y => (StatusText.Format("StatusYear", culture, y), y.ToString(CultureInfo.InvariantCulture))),
                value: year.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <param name="dossierUrl">A signed link to the unit's year dossier (归档备查), for city staff; null shows no button.</param>
    public static JsonObject Detail(UnitYearDetail d, CultureInfo culture, IReadOnlyList<int>? years = null, string? dossierUrl = null)
    {
        string T(string n) => StatusText.Get(n, culture);
        var s = d.Summary;
        var card = AdaptiveCardBuilder.Create()
            .Title(StatusText.Format("StatusUnitTitle", culture, FlowTurn.UnitName(s.UnitName, s.UnitNameEn, culture), d.Year))
            .Text(StatusText.Format("StatusAsOf", culture, FlowTurn.Day(d.Today)), subtle: true);

        var facts = new List<(string, string)>
        {
            (T("FactPlan"), Filing(s.Plan, culture) + (s.CoverageMet is { } met ? " · " + T(met ? "CoverageMet" : "CoverageNotMet") : "")),
            (T("FactApproval"), Filing(s.Approval, culture)),
            (T("FactPublication"), Filing(s.Publication, culture)),
            (T("FactVisit"), Visit(s.Visit, culture)
                + (d.Visits.FirstOrDefault(v => v.Id == s.Visit.Id)?.Materials is { } m ? " · " + StatusText.Format("MaterialsLine", culture, m.Provided, m.Required) : "")),
        };
        if (d.PlanReturnReason is { } pr) facts.Add((T("FactPlanReturned"), pr));
        if (d.ApprovalReturnReason is { } ar) facts.Add((T("FactApprovalReturned"), ar));
        if (d.PublicationReturnReason is { } ur) facts.Add((T("FactPublicationReturned"), ur));
        foreach (var l in d.Letters)
        {
            facts.Add((T("FactLetter"), StatusText.Format("LetterLine", culture, l.Number ?? T("LetterDraft"), T("LetterStatus." + l.Status),
                FlowTurn.Day(l.ReportDeadline), l.ItemsAccepted, l.Problems)
                + (l.ReportLate ? " · " + T("ReportLate") : "")));
        }
        facts.Add((T("FactRectification"), Rectification(s, culture)));
        facts.Add((T("FactAssignments"), StatusText.Format("AssignmentLine", culture, d.Assignments.Open, d.Assignments.Overdue, d.Assignments.Closed)));
        facts.Add((T("FactCases"), StatusText.Format("CasesLine", culture, s.TypicalCases.Reported, s.TypicalCases.Qualified,
            d.Cases.Count(c => c.Qualification == Data.Cases.CaseQualification.Pending))));
        // 执法队伍建设 and 执行情况: the same facts the liaison's team card shows, from the same query.
        facts.AddRange(TeamFigures.TeamFigureCards.SummaryFacts(s.Team, culture));
        card.Facts(facts);

        foreach (var v in d.Visits.Where(v => v.SpotCheckedEnterprises.Count > 0))
        {
            card.Text(StatusText.Format("SpotCheckedLine", culture, string.Join("、", v.SpotCheckedEnterprises)), subtle: true);
        }
        if (years is not null)
        {
            // Another year of the same unit: the picker and the unit go with the button.
            YearPicker(card, d.Year, years, culture);
            card.Execute(T("StatusShowYear"), Verbs.StatusOverview, new JsonObject { ["unit"] = s.UnitCode }, validateInputs: false);
        }
        if (dossierUrl is not null)
        {
            card.Text(T("DossierHint"), subtle: true).OpenUrl(T("DossierDownload"), dossierUrl);
        }
        return card.Build();
    }

    /// <summary>The execution rate to date; ❗ when last month's progress is not reported.</summary>
    private static string Execution(ProgressSummary p) =>
        (p.PreviousMonthReported == false ? "❗" : "") + Rates.Percent(p.ExecutionRate);

    private static string ShortUnit(UnitYearStatus u, CultureInfo culture)
    {
        var name = FlowTurn.UnitName(u.UnitName, u.UnitNameEn, culture);
        // 舞阳县应急管理局 → 舞阳县: the bureau suffix adds nothing in a table of bureaus.
        return name.EndsWith("应急管理局", StringComparison.Ordinal) ? name[..^5] : name;
    }

    private static string Symbol(FilingStatus f) => f.Status switch
    {
        SubmissionStatus.Accepted => "✅",
        SubmissionStatus.Submitted or SubmissionStatus.Resubmitted => "⏳",
        SubmissionStatus.Returned => "↩",
        _ => "✗",
    };

    public static string Filing(FilingStatus f, CultureInfo culture) =>
        Symbol(f) + " " + StatusText.Get("Filing." + (f.Status?.ToString() ?? "None"), culture) + (f.ReturnCount > 0 ? " " + StatusText.Format("Returns", culture, f.ReturnCount) : "");

    private static string Visit(VisitStatusSummary v, CultureInfo culture) =>
        v.IsDone ? "✅" + (v.StartDate is { } d ? d.ToString("M-d", CultureInfo.InvariantCulture) : "")
        : v.PlannedMonth is { } m && v.IsPlanned ? StatusText.Format("MonthShort", culture, m)
        : "—";

    private static string Letter(UnitYearStatus u, CultureInfo culture)
    {
        if (u.Letter is null) return "—";
        var number = u.Letter.Number is { } n && n.LastIndexOf('〕') is var i and >= 0 ? n[(i + 1)..] : u.Letter.Number ?? "";
        return number + " " + Rectification(u, culture);
    }

    private static string Rectification(UnitYearStatus u, CultureInfo culture)
    {
        var r = u.Rectification;
        if (u.Letter is null) return "—";
        if (u.Letter.Status == LetterStatus.Closed || r.IsAccepted) return "✅" + StatusText.Get("RectAccepted", culture);
        if (r.IsOverdue) return "❗" + StatusText.Get("RectOverdue", culture);
        if (r.ReportStatus is ReportStatus.Submitted) return "⏳" + StatusText.Get("RectSubmitted", culture);
        return StatusText.Format("RectDue", culture, r.DueDate?.ToString("M-d", CultureInfo.InvariantCulture));
    }
}
