namespace GuidanceBot.Data.Plans;

/// <summary>
/// The filings' field limits, one set for both doors: the workflow's checks, the API and the cards' <c>maxLength</c> read
/// these. Links use <see cref="Rules.FieldLimits.UrlMax"/>, shared with the visits' material links.
/// </summary>
public static class PlanLimits
{
    /// <summary>Why a plan is submitted short of coverage; the city's reason for a return.</summary>
    public const int ExplanationMax = 2000;

    /// <summary>The city's reason for returning a filing.</summary>
    public const int ReasonMax = 2000;

    /// <summary>A document number (批复文号, 报备文号).</summary>
    public const int DocumentNumberMax = 100;

    /// <summary>A category code as the categories table has it.</summary>
    public const int CategoryCodeMax = 40;

    /// <summary>The most units one count may hold (a county supervises thousands, never a million).</summary>
    public const int CountMax = 1_000_000;
}

/// <summary>The workflow's field names: the API's JSON names and the cards' input ids alike (the plan card names its counts per category).</summary>
public static class PlanFields
{
    public const string Year = "year", Figures = "figures", Entries = "entries", ShortfallExplanation = "shortfallExplanation",
        ApprovalKind = "approvalKind", ApprovalDocumentNumber = "approvalDocumentNumber", ApprovalDate = "approvalDate",
        FilingDate = "filingDate", FilingDocumentNumber = "filingDocumentNumber",
        PlanUrl = "planUrl", DoubleRandomPlanUrl = "doubleRandomPlanUrl", PublishedOn = "publishedOn",
        Reason = "reason";

    public const string CategoryCode = "categoryCode", KeyTotal = "keyTotal", KeyPlanned = "keyPlanned", GeneralTotal = "generalTotal", GeneralPlanned = "generalPlanned";

    /// <summary>The four counts of a category, in the order the forms show them.</summary>
    public static readonly IReadOnlyList<string> Counts = [KeyTotal, KeyPlanned, GeneralTotal, GeneralPlanned];

    /// <summary><c>figures[1].keyPlanned</c>: a field of the <paramref name="index"/>th category's figures.</summary>
    public static string Figure(int index, string field) => $"figures[{index}].{field}";

    /// <summary>The index and field of <see cref="Figure"/>; null for any other field.</summary>
    public static (int Index, string Field)? ParseFigure(string field)
    {
        const string prefix = "figures[";
        var close = field.IndexOf("].", StringComparison.Ordinal);
        return field.StartsWith(prefix, StringComparison.Ordinal) && close > prefix.Length
            && int.TryParse(field.AsSpan(prefix.Length, close - prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i)
            ? (i, field[(close + 2)..]) : null;
    }
}
