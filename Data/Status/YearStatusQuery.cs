using GuidanceBot.Data.Cases;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.TeamFigures;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Status;

/// <summary>
/// The one place a unit's year status is computed, for the API and the bot's status card alike.
/// Projection queries filtered by year (each backed by a (Year, …) index), no tracked entities, no
/// graphs: a handful of small result sets whatever the history holds. Results are immutable records
/// kept in <see cref="YearStatusCache"/> per (year, unit, China date, <see cref="ChangeGeneration"/>).
/// </summary>
public sealed class YearStatusQuery(GuidanceDbContext db, TimeProvider time, YearStatusCache cache)
{
    /// <summary>How many of the latest team filings the detail shows (the API pages the whole history).</summary>
    public const int TeamHistoryShown = 10;

    private Task<T> CachedAsync<T>(string kind, int year, int? unitId, Func<Task<T>> load) =>
        cache.GetAsync(kind, year, unitId, ChinaToday, load);

    /// <summary>
    /// The overview with the year's dovetailing (<see cref="Dovetailing"/>; a unit sees its own line only): the status API's and the
    /// city's status card's view. The dovetailing is read fresh, beside the cached rows.
    /// </summary>
    public async Task<YearOverview> OverviewWithDovetailingAsync(int year, int? onlyUnitId = null, CancellationToken ct = default)
    {
        var overview = await OverviewAsync(year, onlyUnitId, ct);
        var dovetailing = await new Dovetailing(db).LoadAsync(year, ct);
        return overview with
        {
            Dovetailing = onlyUnitId is null ? dovetailing : dovetailing with { Units = [.. dovetailing.Units.Where(u => u.UnitId == onlyUnitId)] },
        };
    }

    /// <summary>Every active county-level unit's row, or only <paramref name="onlyUnitId"/>'s.</summary>
    public Task<YearOverview> OverviewAsync(int year, int? onlyUnitId = null, CancellationToken ct = default) =>
        CachedAsync("overview", year, onlyUnitId, () => LoadOverviewAsync(year, onlyUnitId, ct));

    /// <summary>
    /// One unit's year as the unit's own people see it: a visit's drawn enterprises only from the visit's first day
    /// (<see cref="DrawSecrecy"/>). Null when the unit does not exist.
    /// </summary>
    public Task<UnitYearDetail?> UnitDetailAsync(int year, int unitId, CancellationToken ct = default) =>
        UnitDetailAsync(year, unitId, cityView: false, ct);

    /// <summary>One unit's year; <paramref name="cityView"/>: as city staff see it (the draw at once), else as the unit does.</summary>
    public Task<UnitYearDetail?> UnitDetailAsync(int year, int unitId, bool cityView, CancellationToken ct = default) =>
        CachedAsync(cityView ? "detail-city" : "detail", year, unitId, () => LoadUnitDetailAsync(year, unitId, cityView, ct));

    /// <summary>Today in China (UTC+8 all year, no daylight saving): deadlines are China calendar dates.</summary>
    public DateOnly ChinaToday => time.ChinaToday();

    private async Task<YearOverview> LoadOverviewAsync(int year, int? onlyUnitId = null, CancellationToken ct = default)
    {
        var today = ChinaToday;
        var units = await db.Units.AsNoTracking()
            .Where(u => u.Level == UnitLevel.County && u.IsActive && (onlyUnitId == null || u.Id == onlyUnitId))
            .OrderBy(u => u.SortOrder)
            .Select(u => new UnitRow(u.Id, u.Code, u.Name, u.NameEn))
            .ToListAsync(ct);
        var facts = await LoadFactsAsync(year, onlyUnitId, ct);
        var rows = new List<UnitYearStatus>(units.Count);
        var materials = new VisitMaterialsQuery(db); // the materials card's own count
        foreach (var unit in units)
        {
            var row = Row(unit, facts, today);
            rows.Add(row.Visit.Id is { } visitId ? row with { Materials = await materials.ProgressAsync(visitId, ct) } : row);
        }
        return new(year, today, rows) { ItemsByWeek = ItemsByWeek(year, today, facts.Items) };
    }

    /// <summary>Week by week (Monday to Sunday) from the year's first Monday to today's week: each item's state on that Sunday.</summary>
    private static List<WeekItemCounts> ItemsByWeek(int year, DateOnly today, IReadOnlyList<ItemRow> items)
    {
        var weeks = new List<WeekItemCounts>();
        var monday = new DateOnly(year, 1, 1);
        while (monday.DayOfWeek != DayOfWeek.Monday)
        {
            monday = monday.AddDays(1);
        }
        var last = today.Year > year ? new DateOnly(year, 12, 31) : today;
        for (; monday <= last && monday.Year == year; monday = monday.AddDays(7))
        {
            var sunday = monday.AddDays(6);
            var open = 0;
            var overdue = 0;
            var closed = 0;
            foreach (var item in items.Where(i => i.AssignedOn <= sunday))
            {
                if (item.ClosedOn is { } c && c <= sunday)
                {
                    closed++;
                }
                else if (item.DueDate < sunday)
                {
                    overdue++;
                }
                else
                {
                    open++;
                }
            }
            weeks.Add(new WeekItemCounts(monday, open, overdue, closed));
        }
        return weeks;
    }

    private async Task<UnitYearDetail?> LoadUnitDetailAsync(int year, int unitId, bool cityView, CancellationToken ct = default)
    {
        var today = ChinaToday;
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == unitId)
            .Select(u => new UnitRow(u.Id, u.Code, u.Name, u.NameEn)).FirstOrDefaultAsync(ct);
        if (unit is null)
        {
            return null;
        }

        var facts = await LoadFactsAsync(year, unitId, ct);
        var summary = Row(unit, facts, today);

        var plan = await db.AnnualPlans.AsNoTracking().Where(p => p.Year == year && p.UnitId == unitId)
            .Select(p => new { p.ReturnReason }).FirstOrDefaultAsync(ct);
        var approval = await db.PlanApprovals.AsNoTracking().Where(p => p.Year == year && p.UnitId == unitId)
            .Select(p => new { p.ReturnReason }).FirstOrDefaultAsync(ct);
        var publication = await db.PlanPublications.AsNoTracking().Where(p => p.Year == year && p.UnitId == unitId)
            .Select(p => new { p.ReturnReason, p.PlanUrl, p.DoubleRandomPlanUrl }).FirstOrDefaultAsync(ct);

        var visits = await db.Visits.AsNoTracking().Where(v => v.Year == year && v.UnitId == unitId)
            .OrderBy(v => v.PlannedMonth).ThenBy(v => v.Id)
            .Select(v => new VisitDetail(
                v.Id, v.Status, v.PlannedMonth, v.StartDate, v.EndDate,
                v.Draw == null ? new List<string>() : v.Draw.Enterprises.OrderBy(e => e.Order).Select(e => e.Enterprise!.Name).ToList(),
                v.Findings.Count(f => f.Outcome == FindingOutcome.Problem),
                v.Findings.Count(f => f.Outcome == FindingOutcome.Compliant), null))
            .ToListAsync(ct);
        var materials = new VisitMaterialsQuery(db); // the materials card's own count
        for (var i = 0; i < visits.Count; i++)
        {
            visits[i] = visits[i] with
            {
                Materials = await materials.ProgressAsync(visits[i].Id, ct),
                SpotCheckedEnterprises = DrawSecrecy.Shown(cityView, visits[i].StartDate, today) ? visits[i].SpotCheckedEnterprises : [],
            };
        }

        var letters = await db.Letters.AsNoTracking().Where(l => l.Year == year && l.UnitId == unitId)
            .OrderBy(l => l.Serial == null).ThenBy(l => l.Serial).ThenBy(l => l.Id)
            .Select(l => new
            {
                l.Id, l.Number, l.Status, l.VisitDate, l.IssuedOn, l.ReportDeadline,
                Problems = l.Problems.Count,
                Report = db.RectificationReports.Where(r => r.OpinionLetterId == l.Id).Select(r => new
                {
                    r.Status,
                    r.IsLate,
                    Accepted = r.Items.Count(i => i.Decision == ReviewDecision.Accepted),
                    Returned = r.Items.Count(i => i.Decision == ReviewDecision.Returned),
                }).FirstOrDefault(),
            })
            .ToListAsync(ct);

        var assignments = await db.Assignments.AsNoTracking().Where(a => a.Year == year && a.UnitId == unitId)
            .GroupBy(a => 1)
            .Select(g => new AssignmentCounts(
                g.Count(a => a.ClosedOn == null && a.DueDate >= today),
                g.Count(a => a.ClosedOn == null && a.DueDate < today),
                g.Count(a => a.ClosedOn != null)))
            .FirstOrDefaultAsync(ct) ?? new AssignmentCounts(0, 0, 0);

        var cases = await db.TypicalCases.AsNoTracking().Where(c => c.Year == year && c.UnitId == unitId)
            .OrderBy(c => c.ReportedOn).ThenBy(c => c.Id)
            .Select(c => new TypicalCaseLine(c.Id, c.Title, c.CaseNumber, c.ReportedOn, c.Qualification))
            .ToListAsync(ct);

        var history = await db.TeamFigures.AsNoTracking().Where(f => f.UnitId == unitId)
            .OrderByDescending(f => f.Id).Take(TeamHistoryShown).Select(FiguresSummary).ToListAsync(ct);
        var (yearStart, yearEnd) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var training = await db.TrainingSessions.AsNoTracking()
            .Where(t => t.UnitId == unitId && t.HeldOn >= yearStart && t.HeldOn <= yearEnd)
            .OrderByDescending(t => t.HeldOn).ThenByDescending(t => t.Id)
            .Select(t => new TrainingLine(t.Id, t.HeldOn, t.Topic, t.Hours, t.Participants, t.ReportedUtc))
            .ToListAsync(ct);
        var progress = await TeamFiguresWorkflow.CurrentProgress(db, year, unitId)
            .OrderByDescending(p => p.Month)
            .Select(p => new ProgressLine(p.Id, p.Year, p.Month, p.InspectionsDone, p.PenaltiesDecided, p.RecordsEnteredInProvincialSystem,
                p.DoubleRandomResultsPublished, p.ReportedUtc,
                db.EnforcementProgress.Count(q => q.UnitId == p.UnitId && q.Year == p.Year && q.Month == p.Month),
                p.PenaltiesPublishedInCreditSystem, p.EnterpriseListUpdatedOn, p.StaffListUpdatedOn, p.MatterListUpdatedOn))
            .ToListAsync(ct);

        return new(
            year, today, summary,
            plan?.ReturnReason,
            facts.Coverage.GetValueOrDefault(unitId) is { } coverage ? [.. coverage.Categories, .. coverage.Total is null ? [] : new[] { coverage.Total }] : [],
            approval?.ReturnReason,
            publication?.ReturnReason, publication?.PlanUrl, publication?.DoubleRandomPlanUrl,
            visits,
            [.. letters.Select(l => new LetterDetail(
                l.Id, l.Number, l.Status, l.VisitDate, l.IssuedOn, l.ReportDeadline, l.Problems,
                l.Report?.Status, l.Report?.IsLate ?? false, l.Report?.Accepted ?? 0, l.Report?.Returned ?? 0))],
            assignments,
            cases,
            new TeamDetail(history, training, progress));
    }

    private async Task<YearFacts> LoadFactsAsync(int year, int? unitId, CancellationToken ct)
    {
        var plans = await db.AnnualPlans.AsNoTracking().Where(p => p.Year == year && (unitId == null || p.UnitId == unitId))
            .Select(p => new FilingRow(p.Id, p.UnitId, p.Status, p.SubmittedUtc, p.ReturnCount)).ToListAsync(ct);
        var approvals = await db.PlanApprovals.AsNoTracking().Where(p => p.Year == year && (unitId == null || p.UnitId == unitId))
            .Select(p => new FilingRow(p.Id, p.UnitId, p.Status, p.SubmittedUtc, p.ReturnCount)).ToListAsync(ct);
        var publications = await db.PlanPublications.AsNoTracking().Where(p => p.Year == year && (unitId == null || p.UnitId == unitId))
            .Select(p => new FilingRow(p.Id, p.UnitId, p.Status, p.SubmittedUtc, p.ReturnCount)).ToListAsync(ct);

        var visits = await db.Visits.AsNoTracking()
            .Where(v => v.Year == year && (unitId == null || v.UnitId == unitId) && v.Status != VisitStatus.Cancelled)
            .Select(v => new { v.Id, v.UnitId, v.Status, v.PlannedMonth, v.StartDate }).ToListAsync(ct);

        var letters = await db.Letters.AsNoTracking()
            .Where(l => l.Year == year && (unitId == null || l.UnitId == unitId) && l.Status != LetterStatus.Draft)
            .Select(l => new
            {
                l.Id, l.UnitId, l.Number, l.Serial, l.Status, l.IssuedOn, l.ReportDeadline,
                Report = db.RectificationReports.Where(r => r.OpinionLetterId == l.Id)
                    .Select(r => new { r.Status, r.IsLate }).FirstOrDefault(),
            })
            .ToListAsync(ct);

        var cases = await db.TypicalCases.AsNoTracking().Where(c => c.Year == year && (unitId == null || c.UnitId == unitId))
            .GroupBy(c => c.UnitId)
            .Select(g => new { UnitId = g.Key, Reported = g.Count(), Qualified = g.Count(c => c.Qualification == CaseQualification.Qualified) })
            .ToListAsync(ct);

        var team = await LoadTeamAsync(year, unitId, ct);

        var items = await db.Assignments.AsNoTracking().Where(a => a.Year == year && (unitId == null || a.UnitId == unitId))
            .Select(a => new ItemRow(a.UnitId, a.AssignedOn, a.DueDate, a.ClosedOn)).ToListAsync(ct);
        var today = ChinaToday;

        return new YearFacts(
            plans.ToDictionary(p => p.UnitId),
            approvals.ToDictionary(p => p.UnitId),
            publications.ToDictionary(p => p.UnitId),
            await CoverageAsync(plans, ct),
            visits.GroupBy(v => v.UnitId).ToDictionary(
                g => g.Key,
                g => g.OrderByDescending(v => v.Status == VisitStatus.Done).ThenByDescending(v => v.PlannedMonth).ThenByDescending(v => v.Id)
                      .Select(v => new VisitStatusSummary(v.Id, v.Status, v.PlannedMonth, v.StartDate)).First()),
            letters.GroupBy(l => l.UnitId).ToDictionary(
                g => g.Key,
                g => g.OrderByDescending(l => l.Serial ?? 0).ThenByDescending(l => l.Id)
                      .Select(l => ((LetterStatusSummary?)new LetterStatusSummary(l.Id, l.Number, l.Status, l.IssuedOn, l.ReportDeadline), l.Report?.Status, l.Report?.IsLate ?? false))
                      .First()),
            cases.ToDictionary(c => c.UnitId, c => new TypicalCaseCounts(c.Reported, c.Qualified)),
            team)
        {
            Items = items,
            // One assignment rule: open while due, overdue past the due date, closed once closed (the detail's counts).
            ItemCounts = items.GroupBy(i => i.UnitId).ToDictionary(g => g.Key, g => new AssignmentCounts(
                g.Count(a => a.ClosedOn == null && a.DueDate >= today),
                g.Count(a => a.ClosedOn == null && a.DueDate < today),
                g.Count(a => a.ClosedOn != null))),
            LetterCounts = letters.GroupBy(l => l.UnitId).ToDictionary(g => g.Key, g => new LetterCounts(
                g.Count(l => l.Status != LetterStatus.Closed && !LetterOverdue(l.ReportDeadline, l.Report?.Status, l.Status, today)),
                g.Count(l => l.Status != LetterStatus.Closed && LetterOverdue(l.ReportDeadline, l.Report?.Status, l.Status, today)),
                g.Count(l => l.Status == LetterStatus.Closed))),
        };
    }

    /// <summary>The rectification report is missing (or back with the county) past the letter's deadline: the row's rule.</summary>
    private static bool LetterOverdue(DateOnly deadline, ReportStatus? report, LetterStatus letter, DateOnly today) =>
        deadline < today && report is null or ReportStatus.Draft or ReportStatus.Returned && letter != LetterStatus.Closed;

    /// <summary>The current team figures, the year's training and the year's current progress reports (small sets, summed here).</summary>
    private async Task<TeamFacts> LoadTeamAsync(int year, int? unitId, CancellationToken ct)
    {
        // The latest filing of each unit, whenever it was made: figures describe the team, not a year.
        var figures = await db.TeamFigures.AsNoTracking()
            .Where(f => (unitId == null || f.UnitId == unitId) && !db.TeamFigures.Any(g => g.UnitId == f.UnitId && g.Id > f.Id))
            .ToListAsync(ct);
        var (from, to) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var training = await db.TrainingSessions.AsNoTracking()
            .Where(t => (unitId == null || t.UnitId == unitId) && t.HeldOn >= from && t.HeldOn <= to)
            .Select(t => new { t.UnitId, t.Hours, t.Participants }).ToListAsync(ct);

        var today = ChinaToday;
        var owed = TeamFiguresWorkflow.PreviousMonth(today);
        var progress = await TeamFiguresWorkflow.CurrentProgress(db, year, unitId)
            .Select(p => new ProgressRow(p.UnitId, p.Year, p.Month, p.InspectionsDone, p.PenaltiesDecided, p.RecordsEnteredInProvincialSystem, p.DoubleRandomResultsPublished,
                p.PenaltiesPublishedInCreditSystem, p.EnterpriseListUpdatedOn, p.StaffListUpdatedOn, p.MatterListUpdatedOn))
            .ToListAsync(ct);
        var owedReported = owed.Year == year ? progress.Where(p => p.Month == owed.Month).Select(p => p.UnitId).ToHashSet() : null;

        return new TeamFacts(
            figures.ToDictionary(f => f.UnitId, ToFiguresSummary),
            training.GroupBy(t => t.UnitId).ToDictionary(g => g.Key, g => new TrainingSummary(
                g.Count(), g.Sum(t => t.Hours), g.Sum(t => t.Participants), g.Sum(t => t.Hours * t.Participants))),
            progress.ToLookup(p => p.UnitId),
            owedReported,
            year < today.Year ? 12 : year == today.Year ? today.Month - 1 : 0);
    }

    private static readonly System.Linq.Expressions.Expression<Func<TeamFiguresReport, TeamFiguresSummary>> FiguresSummary = f =>
        new TeamFiguresSummary(f.Id, f.ReportedUtc, f.ApprovedPosts, f.StaffOnPost, f.CertifiedStaff, f.Note,
            f.EducationPostgraduate, f.EducationBachelor, f.EducationCollege, f.EducationOther, f.RelatedFieldOfStudy,
            f.AgeUnder35, f.Age35To49, f.Age50AndOver, f.Men, f.Women);

    private static readonly Func<TeamFiguresReport, TeamFiguresSummary> ToFiguresSummary = FiguresSummary.Compile();

    private static TeamStatusSummary Team(int unitId, YearFacts facts, int? planned)
    {
        var team = facts.Team;
        var months = team.Progress[unitId].Where(p => p.Month <= team.MonthsEnded).ToList();
        var all = team.Progress[unitId].ToList();
        return new TeamStatusSummary(
            team.Figures.GetValueOrDefault(unitId),
            team.Training.GetValueOrDefault(unitId) ?? TrainingSummary.None,
            new ProgressSummary(
                planned, team.MonthsEnded, all.Count, all.Count == 0 ? null : all.Max(p => p.Month),
                team.OwedReported?.Contains(unitId),
                months.Sum(p => p.Inspections), months.Sum(p => p.Penalties), months.Sum(p => p.Entered), months.Sum(p => p.Published),
                months.Sum(p => p.CreditPublished),
                all.MaxBy(p => p.Month) is { } latest ? new ListUpkeep(latest.Year, latest.Month, latest.EnterpriseList, latest.StaffList, latest.MatterList) : null));
    }

    /// <summary>
    /// Coverage per plan, by <see cref="Coverage.OfPlan(AnnualPlan, System.Globalization.CultureInfo?)"/>'s rule: the
    /// enterprise list when the plan has one (aggregated in SQL, counts per category and tier, never loaded row by
    /// row), else the figures the unit filed.
    /// </summary>
    private async Task<Dictionary<int, CoverageResult>> CoverageAsync(List<FilingRow> plans, CancellationToken ct)
    {
        var result = new Dictionary<int, CoverageResult>();
        if (plans.Count == 0)
        {
            return result;
        }

        var planIds = plans.Select(p => p.Id).ToList();
        var counts = await (
            from e in db.Set<PlanEntry>().AsNoTracking()
            join ent in db.Enterprises on e.EnterpriseId equals ent.Id
            where planIds.Contains(e.AnnualPlanId)
            group e by new { e.AnnualPlanId, ent.CategoryCode, ent.Tier } into g
            select new { g.Key.AnnualPlanId, g.Key.CategoryCode, g.Key.Tier, Total = g.Count(), Planned = g.Count(x => x.Planned) })
            .ToListAsync(ct);
        var byPlan = new Dictionary<int, List<PlanCategoryFigures>>();
        foreach (var plan in counts.GroupBy(c => c.AnnualPlanId))
        {
            byPlan[plan.Key] = [.. plan.GroupBy(c => c.CategoryCode).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new PlanCategoryFigures
            {
                CategoryCode = g.Key,
                KeyTotal = g.Where(c => c.Tier == EnterpriseTier.Key).Sum(c => c.Total),
                KeyPlanned = g.Where(c => c.Tier == EnterpriseTier.Key).Sum(c => c.Planned),
                GeneralTotal = g.Where(c => c.Tier == EnterpriseTier.General).Sum(c => c.Total),
                GeneralPlanned = g.Where(c => c.Tier == EnterpriseTier.General).Sum(c => c.Planned),
            })];
        }

        var unlisted = planIds.Where(id => !byPlan.ContainsKey(id)).ToList();
        if (unlisted.Count > 0)
        {
            var figures = await db.Set<PlanCategoryFigures>().AsNoTracking()
                .Where(f => unlisted.Contains(f.AnnualPlanId))
                .Select(f => new { f.AnnualPlanId, Line = new PlanCategoryFigures { AnnualPlanId = f.AnnualPlanId, CategoryCode = f.CategoryCode, KeyTotal = f.KeyTotal, KeyPlanned = f.KeyPlanned, GeneralTotal = f.GeneralTotal, GeneralPlanned = f.GeneralPlanned } })
                .ToListAsync(ct);
            foreach (var plan in figures.GroupBy(f => f.AnnualPlanId))
            {
                byPlan[plan.Key] = [.. plan.Select(f => f.Line).OrderBy(l => l.CategoryCode, StringComparer.Ordinal)];
            }
        }

        foreach (var plan in plans)
        {
            if (byPlan.TryGetValue(plan.Id, out var lines) && lines.Count > 0)
            {
                // The rule itself decides: one definition of "coverage met" for the API, the bot and submit.
                result[plan.UnitId] = Coverage.FromFigures(lines);
            }
        }
        return result;
    }

    private static UnitYearStatus Row(UnitRow unit, YearFacts facts, DateOnly today)
    {
        var coverage = facts.Coverage.GetValueOrDefault(unit.Id);
        var letter = facts.Letters.TryGetValue(unit.Id, out var l) ? l : default;
        var rectification = letter.Letter is null
            ? RectificationStatusSummary.None
            : new RectificationStatusSummary(
                letter.Letter.ReportDeadline,
                letter.Report,
                letter.Late,
                IsOverdue: LetterOverdue(letter.Letter.ReportDeadline, letter.Report, letter.Letter.Status, today));
        return new UnitYearStatus(
            unit.Id, unit.Code, unit.Name, unit.NameEn,
            Filing(facts.Plans, unit.Id),
            coverage is null ? null : coverage.IsMet,
            Filing(facts.Approvals, unit.Id),
            Filing(facts.Publications, unit.Id),
            facts.Visits.GetValueOrDefault(unit.Id) ?? VisitStatusSummary.None,
            letter.Letter,
            rectification,
            facts.Cases.GetValueOrDefault(unit.Id) ?? TypicalCaseCounts.None,
            Team(unit.Id, facts, Filing(facts.Plans, unit.Id).IsSubmitted && coverage is not null
                ? coverage.Categories.Sum(c => c.KeyPlanned + c.GeneralPlanned) : null))
        {
            Letters = facts.LetterCounts.GetValueOrDefault(unit.Id) ?? LetterCounts.None,
            Items = facts.ItemCounts.GetValueOrDefault(unit.Id) ?? AssignmentCounts.None,
        };
    }

    private static FilingStatus Filing(Dictionary<int, FilingRow> rows, int unitId) =>
        rows.TryGetValue(unitId, out var r) ? new FilingStatus(r.Id, r.Status, r.SubmittedUtc, r.ReturnCount) : FilingStatus.None;

    private sealed record UnitRow(int Id, string Code, string Name, string? NameEn);

    private sealed record FilingRow(int Id, int UnitId, SubmissionStatus Status, DateTime? SubmittedUtc, int ReturnCount);

    private sealed record YearFacts(
        Dictionary<int, FilingRow> Plans,
        Dictionary<int, FilingRow> Approvals,
        Dictionary<int, FilingRow> Publications,
        Dictionary<int, CoverageResult> Coverage,
        Dictionary<int, VisitStatusSummary> Visits,
        Dictionary<int, (LetterStatusSummary? Letter, ReportStatus? Report, bool Late)> Letters,
        Dictionary<int, TypicalCaseCounts> Cases,
        TeamFacts Team)
    {
        public IReadOnlyList<ItemRow> Items { get; init; } = [];
        public Dictionary<int, AssignmentCounts> ItemCounts { get; init; } = [];
        public Dictionary<int, LetterCounts> LetterCounts { get; init; } = [];
    }

    private sealed record ItemRow(int UnitId, DateOnly AssignedOn, DateOnly DueDate, DateOnly? ClosedOn);

    private sealed record ProgressRow(int UnitId, int Year, int Month, int Inspections, int Penalties, int Entered, int Published,
        int CreditPublished, DateOnly? EnterpriseList, DateOnly? StaffList, DateOnly? MatterList);

    /// <summary><see cref="OwedReported"/>: units that reported the month owed today, null when that month is not of this year.</summary>
    private sealed record TeamFacts(
        Dictionary<int, TeamFiguresSummary> Figures,
        Dictionary<int, TrainingSummary> Training,
        ILookup<int, ProgressRow> Progress,
        HashSet<int>? OwedReported,
        int MonthsEnded);
}
