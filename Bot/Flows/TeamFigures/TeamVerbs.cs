namespace GuidanceBot.Bot.Flows.TeamFigures;

/// <summary>The verbs of the team, training and progress cards.</summary>
public static class TeamVerbs
{
    public const string Home = "team.home";
    public const string Figures = "team.figures";
    public const string Training = "team.training";
    public const string Progress = "team.progress";
}
