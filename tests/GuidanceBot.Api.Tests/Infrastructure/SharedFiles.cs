namespace GuidanceBot.Testing;

/// <summary>
/// The project's shared facts live next to the repository (<c>../shared</c>): from a worktree that is
/// further up. Walks up from the repository root until a <c>shared/teams-activities</c> folder appears.
/// </summary>
public static class SharedFiles
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string TeamsActivities { get; } = FindShared("teams-activities");

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

    private static string FindShared(string folder)
    {
        for (var dir = new DirectoryInfo(RepositoryRoot).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", folder);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"../shared/{folder} not found above {RepositoryRoot}");
    }
}
