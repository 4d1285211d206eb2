using System.Diagnostics;
using System.Reflection;

namespace GuidanceBot.Benchmarks;

/// <summary>Starting this benchmark's own program again, as its apphost or through <c>dotnet</c>.</summary>
internal static class ThisProgram
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
