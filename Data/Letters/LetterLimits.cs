namespace GuidanceBot.Data.Letters;

/// <summary>
/// The letter's field limits, one set for both doors: the workflow's checks, the API's documentation and the
/// cards' <c>maxLength</c> all read these.
/// </summary>
public static class LetterLimits
{
    /// <summary>One main problem, as found at the visit.</summary>
    public const int ProblemMax = 2000;

    /// <summary>The city's opinion on one problem.</summary>
    public const int OpinionMax = 2000;

    /// <summary>A person's name: the county's responsible person, the city's contact, who signed for the letter.</summary>
    public const int NameMax = 100;

    /// <summary>The city contact's telephone number.</summary>
    public const int PhoneMax = 40;

    /// <summary>Problems one letter lists (a visit checks a dozen items).</summary>
    public const int ProblemsMax = 50;
}

/// <summary>The workflow's field names: the API's JSON names and the issue card's input ids alike.</summary>
public static class LetterFields
{
    public const string UnitId = "unitId", Year = "year", VisitId = "guidanceVisitId", VisitDate = "visitDate", ReportDeadline = "reportDeadline",
        Problems = "problems", CountyResponsibleName = "countyResponsibleName", CityContactName = "cityContactName", CityContactPhone = "cityContactPhone",
        ReceivedBy = "receivedBy", Reason = "reason";

    public static string Problem(int index) => $"problems[{index}].problem";

    public static string Opinion(int index) => $"problems[{index}].opinion";

    public static string CheckItem(int index) => $"problems[{index}].checkItemCode";
}

/// <summary>The rectification report's limits, for both doors (the API's checks and the report card's <c>maxLength</c>).</summary>
public static class RectificationLimits
{
    /// <summary>The measures taken for one problem.</summary>
    public const int MeasuresMax = 4000;

    /// <summary>The city's note when it returns one problem's rectification.</summary>
    public const int ReviewNoteMax = 2000;

    /// <summary>Evidence links one problem may carry.</summary>
    public const int EvidenceMax = 10;

    /// <summary>How far ahead a rectification still in progress may be expected to finish.</summary>
    public const int ExpectedYearsMax = 3;
}

/// <summary>The report's field names: the API's JSON names (the card maps them onto its per-problem inputs).</summary>
public static class ReportFields
{
    public const string ResponsibleName = "responsibleName", Items = "items", Report = "report", Decision = "decision", Note = "note";

    public static string Item(int index) => $"items[{index}]";

    public static string ProblemId(int index) => $"items[{index}].letterProblemId";

    public static string Measures(int index) => $"items[{index}].measures";

    public static string Progress(int index) => $"items[{index}].progress";

    public static string Expected(int index) => $"items[{index}].expectedCompletion";

    public static string Evidence(int index) => $"items[{index}].evidenceUrls";

    public static string EvidenceUrl(int index, int n) => $"items[{index}].evidenceUrls[{n}]";

    /// <summary>One item's decision and note in a whole-report review, by the report item's id.</summary>
    public static string ReviewDecision(int itemId) => $"reviews[{itemId}].decision";

    public static string ReviewNote(int itemId) => $"reviews[{itemId}].note";
}
