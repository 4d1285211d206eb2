namespace GuidanceBot.Bot.Flows.Cases;

/// <summary>Card verbs of the typical-case flows.</summary>
public static class CaseVerbs
{
    /// <summary>County: the report form (no step) and its submission (step "submit").</summary>
    public const string Report = "case.report";
    /// <summary>County: the unit's cases of the year with each decision.</summary>
    public const string Mine = "case.mine";
    /// <summary>City: the cases waiting to be judged.</summary>
    public const string Queue = "case.queue";
    /// <summary>City: the judgement card of one case.</summary>
    public const string Open = "case.open";
    /// <summary>City: the judgement itself.</summary>
    public const string Judge = "case.judge";
}
