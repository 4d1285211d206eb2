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
