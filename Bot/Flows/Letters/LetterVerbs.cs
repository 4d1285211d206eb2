namespace GuidanceBot.Bot.Flows.Letters;

/// <summary>Card verbs of the opinion letter and its rectification, beyond the menu's own (<see cref="Cards.Verbs"/>).</summary>
public static class LetterVerbs
{
    public const string LetterIssueConfirm = "letter.issue.confirm";
    public const string LetterAcknowledge = "letter.acknowledge";
    public const string RectificationReview = "rectification.review";
    public const string RectificationReviewSave = "rectification.review.save";
}
