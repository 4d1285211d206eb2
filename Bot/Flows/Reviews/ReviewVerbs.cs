namespace GuidanceBot.Bot.Flows.Reviews;

/// <summary>Card verbs of the city's review of county filings, beyond the menu's own (<see cref="Cards.Verbs"/>).</summary>
public static class ReviewVerbs
{
    public const string ReviewOpen = "review.open";
    public const string ReviewAccept = "review.accept";
    public const string ReviewReturn = "review.return";
    public const string ReviewRefresh = "review.refresh";
    public const string ReviewPrivate = "review.private";
}
