namespace GuidanceBot.Data.TeamFigures;

/// <summary>
/// The team feature's limits, one set for both doors: <see cref="TeamFiguresWorkflow"/>'s checks and the team cards'
/// inputs read these.
/// </summary>
public static class TeamFigureLimits
{
    /// <summary>Any head count or monthly figure: a whole number 0–this.</summary>
    public const int CountMax = 100_000;

    /// <summary>Participants of a training session before any team figures are filed (after: the staff on post).</summary>
    public const int ParticipantsMax = 1_000;

    /// <summary>A training session's hours, with one decimal.</summary>
    public const decimal HoursMin = 0.5m, HoursMax = 200m;

    /// <summary>The note explaining staff above the approved posts.</summary>
    public const int NoteMax = 500;

    /// <summary>A training session's topic.</summary>
    public const int TopicMax = 200;
}
