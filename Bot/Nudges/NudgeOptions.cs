namespace GuidanceBot.Bot.Nudges;

/// <summary>How often an overdue deadline is nudged again.</summary>
public enum OverdueRepeat
{
    None,
    /// <summary>Every working day after the deadline.</summary>
    Daily,
    /// <summary>The first working day of every week after the deadline.</summary>
    Weekly,
}

/// <summary>The stages of one kind of deadline: before it (in working days), on the day, after it.</summary>
public sealed class DeadlineStages
{
    public int[] WorkingDaysBefore { get; set; } = [7, 3, 1];
    public bool OnTheDay { get; set; } = true;
    public OverdueRepeat Overdue { get; set; } = OverdueRepeat.Daily;
}

/// <summary>The year's filing dates; a date left out has no nudge.</summary>
public sealed class FilingDates
{
    /// <summary>年度监督检查计划.</summary>
    public DateOnly? Plan { get; set; }

    /// <summary>审批报备: the approval and the filing with the city bureau.</summary>
    public DateOnly? Approval { get; set; }

    /// <summary>公示.</summary>
    public DateOnly? Publication { get; set; }
}

/// <summary>The nudge schedule, bound from the <c>Nudges</c> section. All dates and times are China Standard Time.</summary>
public sealed class NudgeOptions
{
    public const string SectionName = "Nudges";

    /// <summary>Local time of day the nudges go out on working days.</summary>
    public TimeOnly SendAt { get; set; } = new(9, 0);

    public DeadlineStages Rectification { get; set; } = new();

    /// <summary>Weekly escalation of overdue rectification reports to city staff.</summary>
    public bool EscalateOverdueRectification { get; set; } = true;

    public DeadlineStages Filing { get; set; } = new() { Overdue = OverdueRepeat.Weekly };

    /// <summary>Filing dates per year, e.g. <c>Nudges:Years:2022:Plan = 2022-03-31</c>.</summary>
    public Dictionary<string, FilingDates> Years { get; set; } = [];

    /// <summary>A letter should be acknowledged within this many working days of its issue.</summary>
    public int AcknowledgeWithinWorkingDays { get; set; } = 3;

    /// <summary>A returned submission should be resubmitted within this many working days.</summary>
    public int ResubmitWithinWorkingDays { get; set; } = 5;

    /// <summary>
    /// 及时反馈: the opinion letter of a visit with problems is due this many working days after the visit's last day (the plan says
    /// "及时", no number: two working weeks). Engineer A's year setup takes this over as the year's <c>LetterDueWorkingDays</c>.
    /// </summary>
    public int LetterDueWorkingDays { get; set; } = 10;

    /// <summary>City staff are nudged before, on and after the letter's due day.</summary>
    public DeadlineStages Letter { get; set; } = new() { WorkingDaysBefore = [3, 1] };

    /// <summary>
    /// A problem accepted as in progress: the unit's liaisons before, on and after the day promised (weekly once late) until they
    /// report it done; city staff weekly while a reported completion waits for their confirmation.
    /// </summary>
    public DeadlineStages Completion { get; set; } = new() { WorkingDaysBefore = [3], Overdue = OverdueRepeat.Weekly };

    /// <summary>A guidance visit is announced this many days ahead.</summary>
    public int VisitNoticeDays { get; set; } = 7;

    /// <summary>Working days before a visit on which the unit is reminded of materials still missing.</summary>
    public int[] MaterialsWorkingDaysBefore { get; set; } = [7, 3];

    /// <summary>From this day of the year (month-day), city staff get the weekly list of units not yet guided.</summary>
    public string UnguidedFrom { get; set; } = "10-01";

    /// <summary>Every unit must be guided by this day of the year (month-day).</summary>
    public string GuidanceDeadline { get; set; } = "11-30";

    /// <summary>Kinds a person may mute; deadline nudges are never in this list.</summary>
    public string[] OptionalKinds { get; set; } = [NudgeKinds.VisitUpcoming, NudgeKinds.UnguidedUnits];

    /// <summary>The working day of the month by which the previous month's enforcement progress is due and nudged (0 = off).</summary>
    public int ProgressWorkingDay { get; set; } = 5;

    /// <summary>Lines per weekly-list card; longer lists are split over several cards.</summary>
    public int WeeklyLinesPerCard { get; set; } = 25;

    /// <summary>Whether a person may mute this kind: listed as optional and not a deadline.</summary>
    public bool IsOptional(string kind) => OptionalKinds.Contains(kind, StringComparer.Ordinal) && !NudgeKinds.Deadlines.Contains(kind);

    public FilingDates? DatesFor(int year) => Years.GetValueOrDefault(year.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static DateOnly DayOfYear(int year, string monthDay)
    {
        var parts = monthDay.Split('-');
        return new DateOnly(year, int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>The <c>Kind</c> of each nudge in the delivery ledger.</summary>
public static class NudgeKinds
{
    public const string RectificationDue = "rectification-due";
    public const string RectificationEscalation = "rectification-escalation";
    public const string LetterUnacknowledged = "letter-unacknowledged";
    public const string FilingDue = "filing-due";
    public const string SubmissionReturned = "submission-returned";
    public const string VisitUpcoming = "visit-upcoming";
    public const string UnguidedUnits = "unguided-units";
    public const string WeeklyAssignment = "weekly-assignment";
    public const string MonthlyReview = "monthly-review";
    public const string ProgressDue = "progress-due";
    public const string MaterialsMissing = "materials-missing";
    public const string LetterDue = "letter-due";
    public const string CompletionDue = "completion-due";
    public const string CompletionConfirm = "completion-confirm";

    /// <summary>Deadline nudges: never muted, whatever <see cref="NudgeOptions.OptionalKinds"/> says.</summary>
    public static readonly IReadOnlySet<string> Deadlines = new HashSet<string>(StringComparer.Ordinal)
    {
        RectificationDue, RectificationEscalation, LetterUnacknowledged, FilingDue, SubmissionReturned, ProgressDue,
        LetterDue, CompletionDue, CompletionConfirm,
    };
}

/// <summary>Verbs the nudges open that the core menu does not list.</summary>
public static class NudgeVerbs
{
    /// <summary>The letter flow's acknowledgement (签收) of an opinion letter.</summary>
    public const string AcknowledgeLetter = "letter.acknowledge";
}
