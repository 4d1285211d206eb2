namespace GuidanceBot.Testing;

/// <summary>
/// Activities captured from the Microsoft 365 Agents Playground and the Bot Connector, kept in the repository
/// (<c>tests/Samples/teams-activities</c>) so a fresh clone tests with nothing beside it.
/// </summary>
public static class SharedFiles
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string TeamsActivities { get; } = Path.Combine(RepositoryRoot, "tests", "Samples", "teams-activities");

    public static string ReadActivity(string name) => File.ReadAllText(Path.Combine(TeamsActivities, name));

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GuidanceBot.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("GuidanceBot.sln not found above " + AppContext.BaseDirectory);
    }
}
