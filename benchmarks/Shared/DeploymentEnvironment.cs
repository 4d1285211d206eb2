using System.Diagnostics;

namespace GuidanceBot.Benchmarks;

/// <summary>
/// The environment the deployment gives the bot's host (<c>deploy/runtime.env</c>), so a benchmark
/// measures the process as it runs in production.
/// </summary>
internal static class DeploymentEnvironment
{
    public static IReadOnlyDictionary<string, string> Read()
    {
        var file = FindUpwards(AppContext.BaseDirectory, Path.Combine("deploy", "runtime.env"))
            ?? throw new FileNotFoundException("deploy/runtime.env not found above " + AppContext.BaseDirectory);
        return File.ReadLines(file)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim());
    }

    public static void ApplyTo(ProcessStartInfo start)
    {
        foreach (var (name, value) in Read())
        {
            start.Environment[name] = value;
        }
    }

    /// <summary>
    /// For a benchmark that is itself the measured process: runs this program again with the deployment's
    /// environment unless it already has it. Returns the child's exit code, or null when this is the child.
    /// </summary>
    public static int? RunUnderIt(string[] args)
    {
        if (Read().All(p => Environment.GetEnvironmentVariable(p.Key) == p.Value))
        {
            return null;
        }

        var start = ThisProgram.StartInfo(args);
        ApplyTo(start);
        using var child = Process.Start(start)!;
        child.WaitForExit();
        return child.ExitCode;
    }

    private static string? FindUpwards(string from, string relative)
    {
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
