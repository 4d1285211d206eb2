using System.Diagnostics;

namespace GuidanceBot.Testing;

/// <summary>Runs one of the Node scripts in tests/js (installed by scripts/test.sh with npm ci).</summary>
public static class NodeTool
{
    public static async Task<string> RunAsync(string script, params string[] args)
    {
        if (!Directory.Exists(Path.Combine(RepoPaths.NodeTools, "node_modules")))
        {
            throw new InvalidOperationException("tests/js/node_modules is missing: run scripts/test.sh (it runs npm ci).");
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = RepoPaths.NodeTools, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepoPaths.NodeTools, script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0 && (await stdout).Length == 0)
        {
            throw new InvalidOperationException($"node {script} exited {process.ExitCode}: {await stderr}");
        }
        return await stdout;
    }
}
