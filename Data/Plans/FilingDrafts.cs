namespace GuidanceBot.Data.Plans;

/// <summary>One category's counts as a door received them (null: not given).</summary>
public sealed record PlanFiguresInput(string? CategoryCode, int? KeyTotal, int? KeyPlanned, int? GeneralTotal, int? GeneralPlanned);

/// <summary>
/// What a county enters for one of its filings of a year, as the door received it: the API's PUT body, the card's inputs.
/// <see cref="Version"/> is the version the caller saw (null for a filing it believes does not exist yet).
/// </summary>
public abstract record FilingDraft(int UnitId, int Year, Guid? Version);

/// <summary>
/// The annual plan. <paramref name="Figures"/> null: not sent, the figures stay as they are (only a plan filed as an
/// enterprise list may leave them out). <paramref name="ShortfallExplanation"/> null: not sent, the explanation stays;
/// blank clears it; it is kept as written whether or not coverage is met now. An enterprise list on file stays and is
/// what coverage counts (<see cref="Rules.Coverage.OfPlan(AnnualPlan, System.Globalization.CultureInfo?)"/>) unless
/// <paramref name="FiguresReplaceList"/>: the chat's count form says on the card that counts replace the list.
/// </summary>
public sealed record PlanDraft(int UnitId, int Year, IReadOnlyList<PlanFiguresInput?>? Figures, string? ShortfallExplanation, Guid? Version,
    bool FiguresReplaceList = false) : FilingDraft(UnitId, Year, Version);

/// <summary>审批报备: the kind of approval, its document and date, the filing's document and date.</summary>
public sealed record ApprovalDraft(int UnitId, int Year, string? ApprovalKind, string? ApprovalDocumentNumber, DateOnly? ApprovalDate,
    DateOnly? FilingDate, string? FilingDocumentNumber, Guid? Version) : FilingDraft(UnitId, Year, Version);

/// <summary>公示: the two links and the day they went up.</summary>
public sealed record PublicationDraft(int UnitId, int Year, string? PlanUrl, string? DoubleRandomPlanUrl, DateOnly? PublishedOn, Guid? Version)
    : FilingDraft(UnitId, Year, Version);
