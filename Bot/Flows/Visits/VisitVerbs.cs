namespace GuidanceBot.Bot.Flows.Visits;

/// <summary>Card verbs of guidance visits, beyond the menu's own (<see cref="Cards.Verbs"/>); materials have <see cref="MaterialsVerbs"/>.</summary>
public static class VisitVerbs
{
    public const string VisitSave = "visit.schedule.save";
    public const string VisitOpen = "visit.open";
    public const string VisitDraw = "visit.draw";
    public const string VisitFindings = "visit.findings.save";
    public const string FollowUpOpen = "visit.followup.open";
    public const string FollowUpSave = "visit.followup.save";
    public const string FollowUpPhotos = "visit.followup.photos";
    public const string FollowUpPhotosDone = "visit.followup.photos.done";
    public const string VisitMove = "visit.move";
    public const string VisitCancel = "visit.cancel";
}
