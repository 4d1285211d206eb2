namespace GuidanceBot.Data.Cases;

/// <summary>
/// A typical case's field limits, one set for both doors: the workflow's checks and the cards' <c>maxLength</c> read these.
/// </summary>
public static class CaseLimits
{
    /// <summary>The case's title as the county names it.</summary>
    public const int TitleMax = 200;

    /// <summary>The case number of the decision (e.g. 舞应急罚〔2022〕3号).</summary>
    public const int NumberMax = 100;

    /// <summary>The city's reason for its decision.</summary>
    public const int ReasonMax = 1000;
}

/// <summary>The workflow's field names: the API's JSON names and the cards' input ids alike.</summary>
public static class CaseFields
{
    public const string Year = "year", Title = "title", CaseNumber = "caseNumber", ReportedOn = "reportedOn", EnforcementType = "enforcementType",
        Qualified = "qualified", ProcedureSound = "procedureSound", ContentAccurate = "contentAccurate", EvidenceConclusive = "evidenceConclusive",
        LawCorrectlyApplied = "lawCorrectlyApplied", FileComplete = "fileComplete", Reason = "reason";
}
