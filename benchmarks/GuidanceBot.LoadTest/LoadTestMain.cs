namespace GuidanceBot.LoadTest;

/// <summary>
/// dotnet run -c Release --project benchmarks/GuidanceBot.LoadTest -- [--conversations 50] [--seconds 20] [--warmup 5] [--cpu 0] [--otel off|on|compare] [--rounds 4]
/// "host" mode is the bot itself, started by the driver (pinned with taskset when --cpu is given).
/// </summary>
internal static class LoadTestMain
{
    public static async Task<int> Main(string[] args) =>
        args switch
        {
            ["host", ..] => await BenchHost.RunAsync(args[1..]),
            ["micro", ..] => await Micro.RunAsync(),
            _ => await Driver.RunAsync(args),
        };
}
