using System.Diagnostics;

namespace GuidanceBot.Api.Tests.Infrastructure;

/// <summary>
/// Runs the built host as an operator does (README: <c>cd out &amp;&amp; dotnet GuidanceBot.Api.dll COMMAND …</c>): its own
/// process, started in the folder that holds GuidanceBot.Api.dll and appsettings.json.
/// </summary>
public static class HostCommand
{
    public static string Folder => Path.GetDirectoryName(typeof(Program).Assembly.Location)!;

    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("GuidanceBot.Api.dll");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT"); // Production, as deployed
        start.Environment.Remove("DOTNET_ENVIRONMENT");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
