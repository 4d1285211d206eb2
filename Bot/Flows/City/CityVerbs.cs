namespace GuidanceBot.Bot.Flows.City;

/// <summary>Card verbs of the city staff flows and the letter, beyond the menu's own (<see cref="Cards.Verbs"/>).</summary>
public static class CityVerbs
{
    public const string ReviewOpen = "review.open";
    public const string ReviewAccept = "review.accept";
    public const string ReviewReturn = "review.return";
    public const string ReviewRefresh = "review.refresh";
    public const string ReviewPrivate = "review.private";
    public const string VisitSave = "visit.schedule.save";
    public const string VisitOpen = "visit.open";
    public const string VisitDraw = "visit.draw";
    public const string VisitFindings = "visit.findings.save";
    public const string LetterIssueConfirm = "letter.issue.confirm";
    public const string LetterAcknowledge = "letter.acknowledge";
    public const string RectificationReview = "rectification.review";
    public const string RectificationReviewSave = "rectification.review.save";
}
