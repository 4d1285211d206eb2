namespace GuidanceBot.Data.Years;

/// <summary>The year setup's limits, one set for both doors (the workflow's checks and the cards' inputs).</summary>
public static class YearLimits
{
    public const int TitleMax = 200;
    public const int CodeMax = 20;
    public const int CriteriaMax = 4000;
    public const int MaterialMax = 200;
    public const int MaterialsMax = 20;
    public const int AreasMax = 20;
    public const int ItemsMax = 200;

    /// <summary>The monthly progress day: a working day of the month (a month has at least 16).</summary>
    public const int ProgressWorkingDayMax = 16;

    public const int LetterDueWorkingDaysMax = 60;
    public const int RectificationWorkingDaysMax = 250;

    /// <summary>Largest template file the API's import takes.</summary>
    public const int TemplateFileBytesMax = 2 * 1024 * 1024;
}

/// <summary>The workflow's field names: the API's JSON names and the cards' input ids alike.</summary>
public static class YearFields
{
    public const string Year = "year", PlanFilingDue = "planFilingDue", ApprovalFilingDue = "approvalFilingDue", PublicationDue = "publicationDue",
        VisitsDoneBy = "visitsDoneBy", ProgressWorkingDay = "progressWorkingDay", LetterDueWorkingDays = "letterDueWorkingDays",
        RectificationWorkingDays = "rectificationWorkingDays", UnitCodes = "unitCodes", Template = "areas", Code = "code",
        Title = "title", TitleEn = "titleEn", Criteria = "criteria", Materials = "materials", MaterialsEn = "materialsEn", CityAssessment = "cityAssessment",
        File = "file";

    public static string Area(int a) => $"areas[{a}]";

    public static string AreaTitle(int a) => $"areas[{a}].title";

    public static string AreaTitleEn(int a) => $"areas[{a}].titleEn";

    public static string Item(int a, int i, string field) => $"areas[{a}].items[{i}].{field}";
}
