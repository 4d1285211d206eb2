namespace GuidanceBot.Testing;

/// <summary>Where the repository is, found from the test binary.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string NodeTools => Path.Combine(Root, "tests", "js");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GuidanceBot.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("GuidanceBot.sln not found above " + AppContext.BaseDirectory);
    }
}
