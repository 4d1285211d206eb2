using System.Globalization;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.TeamFigures;

/// <summary>The agency set-up and staff structure as the liaison enters it; null = left empty.</summary>
public sealed record TeamFiguresInput(
    int? ApprovedPosts, int? StaffOnPost, int? CertifiedStaff, string? Note,
    int? EducationPostgraduate, int? EducationBachelor, int? EducationCollege, int? EducationOther,
    int? RelatedFieldOfStudy,
    int? AgeUnder35, int? Age35To49, int? Age50AndOver,
    int? Men, int? Women);

public sealed record TrainingInput(DateOnly? HeldOn, string? Topic, decimal? Hours, int? Participants);

/// <summary>
/// A month's enforcement progress as a door received it (三.1): the counts, the penalties published in the national enterprise credit
/// system, and the day each list of the provincial system was last brought up to date (enterprises, staff, matters).
/// </summary>
public sealed record ProgressInput(int? Year, int? Month, int? InspectionsDone, int? PenaltiesDecided, int? RecordsEntered, int? DoubleRandomPublished,
    int? PenaltiesPublished = null, DateOnly? EnterpriseListUpdatedOn = null, DateOnly? StaffListUpdatedOn = null, DateOnly? MatterListUpdatedOn = null);

/// <summary>
/// 执法队伍建设 and 执行情况: the unit's team figures, training sessions and monthly enforcement progress.
/// One rule for the bot's cards and the API. Every filing is a new row, so the history is kept and the
/// latest row is the current one (for progress: the latest row of each month).
/// <para>Rules, decided here: every count is a whole number 0–<see cref="TeamFigureLimits.CountMax"/>; staff on post above
/// the approved posts needs a note; certified staff and staff with a related field of study are subsets
/// of the staff on post; the three structure breakdowns (education levels, age bands, men + women) must
/// each add up to the staff on post (each person has exactly one level, one band, one sex), the field of
/// study is one figure (how many studied a related discipline), so it is only bounded. A training date
/// is in the current year (China) and not ahead; hours 0.5–<see cref="TeamFigureLimits.HoursMax"/> with one decimal;
/// participants 1 to the staff on post of the current figures (1–<see cref="TeamFigureLimits.ParticipantsMax"/> before any
/// figures are filed). A progress month is of the current year and not ahead, or December of the previous
/// year while it is January (the nudge of January asks for it); the year-to-date entry rate (records entered
/// ÷ inspections + penalties), publication rate (双随机 results published ÷ inspections) and credit-system rate (penalties published in
/// the national enterprise credit system ÷ penalties) cannot exceed 100%. Each list of the provincial system (enterprises, staff,
/// matters) is reported with the day it was last brought up to date: not ahead, not after the reported month's end.</para>
/// </summary>
public sealed class TeamFiguresWorkflow(GuidanceDbContext db, TimeProvider time)
{
    private const int MaxCount = TeamFigureLimits.CountMax;
    private const int MaxParticipants = TeamFigureLimits.ParticipantsMax;
    private const decimal MinHours = TeamFigureLimits.HoursMin, MaxHours = TeamFigureLimits.HoursMax;
    private const int MaxNote = TeamFigureLimits.NoteMax, MaxTopic = TeamFigureLimits.TopicMax;

    /// <summary>Today in China (UTC+8, no daylight saving).</summary>
    public DateOnly ChinaToday => time.ChinaToday();

    private DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    /// <summary>The field names the rules report (the API's JSON names and the card's input ids alike).</summary>
    public static class Fields
    {
        public const string ApprovedPosts = "approvedPosts", StaffOnPost = "staffOnPost", CertifiedStaff = "certifiedStaff", Note = "note",
            EducationPostgraduate = "educationPostgraduate", EducationBachelor = "educationBachelor", EducationCollege = "educationCollege",
            EducationOther = "educationOther", RelatedFieldOfStudy = "relatedFieldOfStudy",
            AgeUnder35 = "ageUnder35", Age35To49 = "age35To49", Age50AndOver = "age50AndOver", Men = "men", Women = "women",
            HeldOn = "heldOn", Topic = "topic", Hours = "hours", Participants = "participants",
            Year = "year", Month = "month", InspectionsDone = "inspectionsDone", PenaltiesDecided = "penaltiesDecided",
            RecordsEntered = "recordsEntered", DoubleRandomPublished = "doubleRandomPublished",
            PenaltiesPublished = "penaltiesPublished", EnterpriseListUpdatedOn = "enterpriseListUpdatedOn", StaffListUpdatedOn = "staffListUpdatedOn",
            MatterListUpdatedOn = "matterListUpdatedOn";

        /// <summary>The three lists of the provincial system whose upkeep is reported monthly, in the plan's order.</summary>
        public static readonly IReadOnlyList<string> Lists = [EnterpriseListUpdatedOn, StaffListUpdatedOn, MatterListUpdatedOn];
    }

    public static bool MayFile(Actor actor, int unitId) =>
        actor.Role is PersonRole.CountyLiaison or PersonRole.CountyResponsible && actor.UnitId == unitId;

    // ---- team figures ----

    public static IReadOnlyList<DomainError> Check(TeamFiguresInput input, CultureInfo? culture)
    {
        var errors = new Errors(culture);
        var approved = errors.Count(Fields.ApprovedPosts, input.ApprovedPosts);
        var staff = errors.Count(Fields.StaffOnPost, input.StaffOnPost);
        var certified = errors.Count(Fields.CertifiedStaff, input.CertifiedStaff);
        var note = errors.Text(Fields.Note, input.Note, MaxNote, required: false, TextKind.Paragraphs);
        var education = new[]
        {
            errors.Count(Fields.EducationPostgraduate, input.EducationPostgraduate), errors.Count(Fields.EducationBachelor, input.EducationBachelor),
            errors.Count(Fields.EducationCollege, input.EducationCollege), errors.Count(Fields.EducationOther, input.EducationOther),
        };
        var related = errors.Count(Fields.RelatedFieldOfStudy, input.RelatedFieldOfStudy);
        var ages = new[] { errors.Count(Fields.AgeUnder35, input.AgeUnder35), errors.Count(Fields.Age35To49, input.Age35To49), errors.Count(Fields.Age50AndOver, input.Age50AndOver) };
        var sexes = new[] { errors.Count(Fields.Men, input.Men), errors.Count(Fields.Women, input.Women) };

        if (staff is { } s)
        {
            if (approved is { } a && s > a && note is null)
            {
                errors.Add(TeamsText.Error("teams.over_approved", culture, Fields.StaffOnPost, s, a));
            }
            if (certified is { } c && c > s)
            {
                errors.Add(TeamsText.Error("teams.certified_over_staff", culture, Fields.CertifiedStaff, c, s));
            }
            if (related is { } r && r > s)
            {
                errors.Add(TeamsText.Error("teams.related_over_staff", culture, Fields.RelatedFieldOfStudy, r, s));
            }
            // A sum that does not match is shown under the group's last field, where the eye ends.
            Sum(errors, education, s, "teams.education_sum", Fields.EducationOther);
            Sum(errors, ages, s, "teams.age_sum", Fields.Age50AndOver);
            Sum(errors, sexes, s, "teams.gender_sum", Fields.Women);
        }
        return errors.List;
    }

    private static void Sum(Errors errors, int?[] parts, int staff, string code, string field)
    {
        if (parts.All(p => p is not null) && parts.Sum() is var total && total != staff)
        {
            errors.Add(TeamsText.Error(code, errors.Culture, field, total!.Value, staff));
        }
    }

    /// <summary>Files the unit's figures as a new row (the latest is current), with an audit entry.</summary>
    public async Task<WorkflowResult> FileFiguresAsync(Actor actor, int unitId, TeamFiguresInput input, CancellationToken ct = default)
    {
        if (!MayFile(actor, unitId))
        {
            return Forbidden(actor);
        }
        var errors = Check(input, actor.Language);
        if (errors.Count > 0)
        {
            return WorkflowResult.Refused(errors);
        }
        var row = new TeamFiguresReport
        {
            UnitId = unitId, ReportedUtc = UtcNow, ReportedById = actor.PersonId ?? 0,
            ApprovedPosts = input.ApprovedPosts!.Value, StaffOnPost = input.StaffOnPost!.Value, CertifiedStaff = input.CertifiedStaff!.Value,
            Note = TextRule.IsBlank(input.Note) ? null : input.Note!.Trim(),
            EducationPostgraduate = input.EducationPostgraduate!.Value, EducationBachelor = input.EducationBachelor!.Value,
            EducationCollege = input.EducationCollege!.Value, EducationOther = input.EducationOther!.Value,
            RelatedFieldOfStudy = input.RelatedFieldOfStudy!.Value,
            AgeUnder35 = input.AgeUnder35!.Value, Age35To49 = input.Age35To49!.Value, Age50AndOver = input.Age50AndOver!.Value,
            Men = input.Men!.Value, Women = input.Women!.Value,
        };
        return await SaveAsync(row, actor, unitId, "team.figures", r => r.Id, r => $"{r.StaffOnPost}/{r.ApprovedPosts}", ct);
    }

    // ---- training ----

    public async Task<IReadOnlyList<DomainError>> CheckTrainingAsync(int unitId, TrainingInput input, CultureInfo? culture, CancellationToken ct = default)
    {
        var errors = new Errors(culture);
        var today = ChinaToday;
        if (input.HeldOn is not { } held)
        {
            errors.Add(TeamsText.Error("teams.required", culture, Fields.HeldOn));
        }
        else if (held.Year != today.Year)
        {
            errors.Add(TeamsText.Error("teams.date_year", culture, Fields.HeldOn, today.Year));
        }
        else if (held > today)
        {
            errors.Add(TeamsText.Error("teams.date_future", culture, Fields.HeldOn, Iso(today)));
        }
        errors.Text(Fields.Topic, input.Topic, MaxTopic, required: true);
        if (input.Hours is not { } hours)
        {
            errors.Add(TeamsText.Error("teams.required", culture, Fields.Hours));
        }
        else if (hours < MinHours || hours > MaxHours || decimal.Round(hours, 1) != hours)
        {
            errors.Add(TeamsText.Error("teams.hours_range", culture, Fields.Hours, MinHours, MaxHours));
        }
        if (errors.Count(Fields.Participants, input.Participants) is { } participants)
        {
            var staff = await db.TeamFigures.AsNoTracking().Where(f => f.UnitId == unitId)
                .OrderByDescending(f => f.ReportedUtc).ThenByDescending(f => f.Id).Select(f => (int?)f.StaffOnPost).FirstOrDefaultAsync(ct);
            if (staff is { } s && participants > s)
            {
                errors.Add(TeamsText.Error("teams.participants_over_staff", culture, Fields.Participants, participants, s));
            }
            else if (participants < 1 || participants > MaxParticipants)
            {
                errors.Add(TeamsText.Error("teams.count_range", culture, Fields.Participants, 1, staff ?? MaxParticipants));
            }
        }
        return errors.List;
    }

    public async Task<WorkflowResult> AddTrainingAsync(Actor actor, int unitId, TrainingInput input, CancellationToken ct = default)
    {
        if (!MayFile(actor, unitId))
        {
            return Forbidden(actor);
        }
        var errors = await CheckTrainingAsync(unitId, input, actor.Language, ct);
        if (errors.Count > 0)
        {
            return WorkflowResult.Refused(errors);
        }
        var row = new TrainingSession
        {
            UnitId = unitId, HeldOn = input.HeldOn!.Value, Topic = input.Topic!.Trim(), Hours = input.Hours!.Value,
            Participants = input.Participants!.Value, ReportedById = actor.PersonId ?? 0, ReportedUtc = UtcNow,
        };
        return await SaveAsync(row, actor, unitId, "team.training", r => r.Id, r => $"{Iso(r.HeldOn)} {r.Participants}×{r.Hours.ToString(CultureInfo.InvariantCulture)}h", ct);
    }

    // ---- monthly progress ----

    /// <summary>
    /// True when (<paramref name="year"/>, <paramref name="month"/>) may be reported on <paramref name="today"/>:
    /// a month of this year that has begun, or last December during January.
    /// </summary>
    public static bool IsReportable(int year, int month, DateOnly today) =>
        (year == today.Year && month >= 1 && month <= today.Month)
        || (today.Month == 1 && year == today.Year - 1 && month == 12);

    /// <summary>The month a report is owed for on <paramref name="today"/>: the previous month.</summary>
    public static (int Year, int Month) PreviousMonth(DateOnly today)
    {
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        return (first.Year, first.Month);
    }

    public async Task<IReadOnlyList<DomainError>> CheckProgressAsync(int unitId, ProgressInput input, CultureInfo? culture, CancellationToken ct = default)
    {
        var errors = new Errors(culture);
        var today = ChinaToday;
        if (input.Year is not { } year)
        {
            errors.Add(TeamsText.Error("teams.required", culture, Fields.Year));
        }
        if (input.Month is not { } month)
        {
            errors.Add(TeamsText.Error("teams.required", culture, Fields.Month));
        }
        else if (month is < 1 or > 12)
        {
            errors.Add(TeamsText.Error("teams.month_invalid", culture, Fields.Month));
        }
        else if (input.Year is { } y && !IsReportable(y, month, today))
        {
            var ahead = y > today.Year || (y == today.Year && month > today.Month);
            errors.Add(ahead
                ? TeamsText.Error("teams.month_future", culture, Fields.Month, Iso(today))
                : TeamsText.Error("teams.month_year", culture, Fields.Year, today.Year));
        }
        var inspections = errors.Count(Fields.InspectionsDone, input.InspectionsDone);
        var penalties = errors.Count(Fields.PenaltiesDecided, input.PenaltiesDecided);
        var entered = errors.Count(Fields.RecordsEntered, input.RecordsEntered);
        var published = errors.Count(Fields.DoubleRandomPublished, input.DoubleRandomPublished);
        var credit = errors.Count(Fields.PenaltiesPublished, input.PenaltiesPublished);
        var monthEnd = input.Year is { } yy && input.Month is { } mm && mm is >= 1 and <= 12 && FieldLimits.IsYear(yy)
            ? new DateOnly(yy, mm, 1).AddMonths(1).AddDays(-1) : (DateOnly?)null;
        foreach (var (field, value) in new[] { (Fields.EnterpriseListUpdatedOn, input.EnterpriseListUpdatedOn), (Fields.StaffListUpdatedOn, input.StaffListUpdatedOn),
                     (Fields.MatterListUpdatedOn, input.MatterListUpdatedOn) })
        {
            // As at the month's end: the last day the list was brought up to date, which may lie months back (then it is stale).
            if (value is not { } day)
            {
                errors.Add(TeamsText.Error("teams.required", culture, field));
            }
            else if (!FieldLimits.IsDate(day))
            {
                errors.Add(FieldLimits.DateOutOfRange(field, culture, field));
            }
            else if (day > today)
            {
                errors.Add(TeamsText.Error("teams.list_date_ahead", culture, field, Iso(day)));
            }
            else if (monthEnd is { } end && day > end)
            {
                errors.Add(TeamsText.Error("teams.list_date_after_month", culture, field, Iso(day), Iso(end)));
            }
        }
        if (errors.List.Count > 0)
        {
            return errors.List;
        }

        // Year to date, with this month's new figures in place of any earlier report of it: entries and
        // publications lag a little behind the inspections, so a single month may legitimately exceed.
        var others = await CurrentProgress(unitId, input.Year!.Value).Where(p => p.Month != input.Month)
            .Select(p => new { p.InspectionsDone, p.PenaltiesDecided, p.RecordsEnteredInProvincialSystem, p.DoubleRandomResultsPublished, p.PenaltiesPublishedInCreditSystem })
            .ToListAsync(ct);
        var ytdInspections = inspections!.Value + others.Sum(p => p.InspectionsDone);
        var ytdPenalties = penalties!.Value + others.Sum(p => p.PenaltiesDecided);
        var ytdEntered = entered!.Value + others.Sum(p => p.RecordsEnteredInProvincialSystem);
        var ytdPublished = published!.Value + others.Sum(p => p.DoubleRandomResultsPublished);
        if (ytdEntered > ytdInspections + ytdPenalties)
        {
            errors.Add(TeamsText.Error("teams.entry_rate_over", culture, Fields.RecordsEntered, ytdEntered, ytdInspections + ytdPenalties));
        }
        if (ytdPublished > ytdInspections)
        {
            errors.Add(TeamsText.Error("teams.publish_rate_over", culture, Fields.DoubleRandomPublished, ytdPublished, ytdInspections));
        }
        var ytdCredit = credit!.Value + others.Sum(p => p.PenaltiesPublishedInCreditSystem);
        if (ytdCredit > ytdPenalties)
        {
            errors.Add(TeamsText.Error("teams.credit_rate_over", culture, Fields.PenaltiesPublished, ytdCredit, ytdPenalties));
        }
        return errors.List;
    }

    /// <summary>Reports a month's progress: a new row, which becomes the month's current figures.</summary>
    public async Task<WorkflowResult> ReportProgressAsync(Actor actor, int unitId, ProgressInput input, CancellationToken ct = default)
    {
        if (!MayFile(actor, unitId))
        {
            return Forbidden(actor);
        }
        var errors = await CheckProgressAsync(unitId, input, actor.Language, ct);
        if (errors.Count > 0)
        {
            return WorkflowResult.Refused(errors);
        }
        var row = new EnforcementProgressReport
        {
            UnitId = unitId, Year = input.Year!.Value, Month = input.Month!.Value,
            InspectionsDone = input.InspectionsDone!.Value, PenaltiesDecided = input.PenaltiesDecided!.Value,
            RecordsEnteredInProvincialSystem = input.RecordsEntered!.Value, DoubleRandomResultsPublished = input.DoubleRandomPublished!.Value,
            PenaltiesPublishedInCreditSystem = input.PenaltiesPublished!.Value,
            EnterpriseListUpdatedOn = input.EnterpriseListUpdatedOn, StaffListUpdatedOn = input.StaffListUpdatedOn, MatterListUpdatedOn = input.MatterListUpdatedOn,
            ReportedById = actor.PersonId ?? 0, ReportedUtc = UtcNow,
        };
        return await SaveAsync(row, actor, unitId, "team.progress", r => r.Id, r => $"{r.Year}-{r.Month:00}: {r.InspectionsDone}", ct);
    }

    /// <summary>The current report of each month of <paramref name="year"/> (the latest filing per month).</summary>
    public IQueryable<EnforcementProgressReport> CurrentProgress(int unitId, int year) => CurrentProgress(db, year, unitId);

    /// <summary>The latest report of each (unit, month) of <paramref name="year"/>; all units when <paramref name="unitId"/> is null.</summary>
    public static IQueryable<EnforcementProgressReport> CurrentProgress(GuidanceDbContext db, int year, int? unitId) =>
        db.EnforcementProgress.AsNoTracking()
            .Where(p => p.Year == year && (unitId == null || p.UnitId == unitId))
            .Where(p => !db.EnforcementProgress.Any(q => q.UnitId == p.UnitId && q.Year == p.Year && q.Month == p.Month && q.Id > p.Id));

    /// <summary>The new row and its audit entry in one transaction (<see cref="AuditEntries.AddWithAuditAsync"/>): both or neither.</summary>
    private async Task<WorkflowResult> SaveAsync<T>(T row, Actor actor, int unitId, string action, Func<T, int> id, Func<T, string> details, CancellationToken ct)
        where T : class
    {
        try
        {
            await db.AddWithAuditAsync(row, id, actor, time, action, unitId, details(row), ct);
            return WorkflowResult.Done(null, id: id(row));
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static WorkflowResult Forbidden(Actor actor) =>
        WorkflowResult.Forbidden(TeamsText.Error("teams.county_only", actor.Language, "unit"));

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Collects one refusal per field (the first found for it).</summary>
    private sealed class Errors(CultureInfo? culture)
    {
        public List<DomainError> List { get; } = [];
        public CultureInfo? Culture => culture;

        public void Add(DomainError error)
        {
            if (List.All(e => e.Field != error.Field))
            {
                List.Add(error);
            }
        }

        public int? Count(string field, int? value)
        {
            switch (value)
            {
                case null:
                    Add(TeamsText.Error("teams.required", culture, field));
                    return null;
                case < 0:
                    Add(TeamsText.Error("teams.negative", culture, field));
                    return null;
                case > MaxCount:
                    Add(TeamsText.Error("teams.count_range", culture, field, 0, MaxCount));
                    return null;
                default:
                    return value;
            }
        }

        public string? Text(string field, string? value, int max, bool required, TextKind kind = TextKind.Line)
        {
            if (TextRule.IsBlank(value))
            {
                if (required) Add(TeamsText.Error("teams.required", culture, field));
                return null;
            }
            if (value!.Trim().Length > max)
            {
                Add(TeamsText.Error("teams.too_long", culture, field, max));
                return null;
            }
            if (TextRule.Check(value.Trim(), culture, kind, field: field) is { } refused)
            {
                Add(refused);
                return null;
            }
            return value.Trim();
        }
    }
}
