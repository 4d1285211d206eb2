using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using GuidanceBot.Benchmarks;
using GuidanceBot.Testing;
using GuidanceBot.Testing.Fakes;

namespace GuidanceBot.LoadTest;

/// <summary>
/// Starts the local issuer, the MSAL token endpoint and the fake Connector in this process, the bot in
/// another (pinned to one core when asked), then sends "menu" turns from N concurrent conversations with
/// valid channel tokens and reports turns/s, latency percentiles and the bot's memory. <c>--otel on</c> exports the
/// bot's telemetry to a local OTLP/HTTP collector (this process); <c>--otel compare</c> measures what that costs:
/// <c>--rounds</c> (4) rounds each of off and on, alternating, and the median of each side.
/// </summary>
internal static class Driver
{
    public const string Tenant = ChannelTokenIssuer.Tenant;
    public const string AppId = "11111111-2222-3333-4444-555555555555";

    public static string AadObjectId(int i) => $"00000000-0000-0000-0001-{i:D12}";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = args.Chunk(2).Where(c => c.Length == 2).ToDictionary(c => c[0].TrimStart('-'), c => c[1]);
        var cpu = options.GetValueOrDefault("cpu");
        if (cpu is not null && OffBotCores(cpu, args) is { } relaunched)
        {
            return relaunched;
        }

        var otel = options.GetValueOrDefault("otel", "off");
        if (otel != "compare")
        {
            var round = await RoundAsync(options, otel == "on");
            if (round is null)
            {
                return 1;
            }
            Console.WriteLine(round.Report(cpu));
            return round.Passed ? 0 : 2;
        }

        // --otel compare: the same build with telemetry off and on, alternately (off, on, off, on, …), each round a
        // fresh host with the same warm-up, so what else runs on the machine weighs on both sides alike.
        var rounds = int.Parse(options.GetValueOrDefault("rounds", "4"));
        var results = new List<(bool On, Round Round)>();
        for (var i = 1; i <= rounds; i++)
        {
            foreach (var on in (bool[])[false, true])
            {
                var round = await RoundAsync(options, on);
                if (round is null)
                {
                    return 1;
                }
                results.Add((on, round));
                Console.WriteLine($"round {i} {(on ? "on " : "off")}  {round.Summary}");
            }
        }

        double Median(bool on, Func<Round, double> figure)
        {
            var xs = results.Where(r => r.On == on).Select(r => figure(r.Round)).Order().ToArray();
            return xs.Length % 2 == 1 ? xs[xs.Length / 2] : (xs[xs.Length / 2 - 1] + xs[xs.Length / 2]) / 2;
        }
        double offCpu = Median(false, r => r.CpuPerTurnMs), onCpu = Median(true, r => r.CpuPerTurnMs);
        double offRate = Median(false, r => r.TurnsPerSecond), onRate = Median(true, r => r.TurnsPerSecond);
        Console.WriteLine($"""

            rounds             {rounds} off + {rounds} on, alternating; bot pinned to cpu {cpu ?? "(not pinned)"}
            median off         {offCpu:F3} ms CPU per turn, {offRate:F0} turns/s
            median on          {onCpu:F3} ms CPU per turn, {onRate:F0} turns/s
            telemetry cost     {(onCpu / offCpu - 1) * 100:+0.0;-0.0}% CPU per turn, {(1 - onRate / offRate) * 100:+0.0;-0.0}% turns/s
            load average       {LoadAverage()}
            """);
        return results.All(r => r.Round.Passed) ? 0 : 2;
    }

    /// <summary>What one round measured: the bot's CPU per turn is the figure to compare on a shared machine.</summary>
    private sealed record Round(
        string Type, int Conversations, long Ok, long Failed, long Replies, long ExpectedReplies, TimeSpan Elapsed, TimeSpan CpuUsed,
        double[] Latencies, long RssKb, long PeakKb, string Telemetry, string Load)
    {
        public bool Passed => Failed == 0 && Replies == ExpectedReplies;
        public double TurnsPerSecond => Ok / Elapsed.TotalSeconds;
        public double CpuPerTurnMs => CpuUsed.TotalMilliseconds / Math.Max(1, Ok);

        private double P(double q) => Latencies.Length == 0 ? 0 : Latencies[Math.Min(Latencies.Length - 1, (int)Math.Ceiling(q * Latencies.Length) - 1)];

        public string Summary =>
            $"{CpuPerTurnMs:F3} ms CPU/turn  {TurnsPerSecond,5:F0} turns/s  p50 {P(0.50):F2} ms  p99 {P(0.99):F2} ms  ok/failed {Ok}/{Failed}  load {Load}  {Telemetry}";

        public string Report(string? cpu) => $"""

            activity type      {Type}
            conversations      {Conversations}
            bot pinned to cpu  {cpu ?? "(not pinned)"}
            driver on cpus     {File.ReadLines("/proc/self/status").First(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)).Split(':')[1].Trim()}
            turns ok / failed  {Ok} / {Failed}
            replies received   {Replies}
            turns/s            {TurnsPerSecond:F0}
            latency p50        {P(0.50):F2} ms
            latency p90        {P(0.90):F2} ms
            latency p99        {P(0.99):F2} ms
            latency max        {Latencies.LastOrDefault():F2} ms
            bot CPU            {CpuUsed.TotalSeconds / Elapsed.TotalSeconds * 100:F0}% of one core
            bot CPU per turn   {CpuPerTurnMs:F3} ms
            load average       {Load}
            bot memory         RSS {RssKb / 1024.0:F0} MB, peak {PeakKb / 1024.0:F0} MB
            telemetry          {Telemetry}
            """;
    }

    /// <summary>One host started, probed, warmed up, measured and stopped, with its own stand-ins for Teams' cloud.</summary>
    private static async Task<Round?> RoundAsync(Dictionary<string, string> options, bool otel)
    {
        var conversations = int.Parse(options.GetValueOrDefault("conversations", "50"));
        var seconds = int.Parse(options.GetValueOrDefault("seconds", "20"));
        var warmup = int.Parse(options.GetValueOrDefault("warmup", "5"));
        var cpu = options.GetValueOrDefault("cpu");

        await using var issuer = await ChannelTokenIssuer.StartAsync();
        await using var connector = await FakeConnector.StartAsync();
        await using var msal = await FakeTokenIssuer.StartAsync();
        // Telemetry on: the bot exports traces, metrics and logs by OTLP/HTTP to a local collector in this process.
        await using var collector = otel ? await OtlpReceiver.StartAsync() : null;
        var port = FreePort();
        var dataFolder = Path.Combine(Path.GetTempPath(), "guidancebot-loadtest", Guid.NewGuid().ToString("N"));

        var settings = new Dictionary<string, string>
        {
            ["bench:port"] = port.ToString(),
            ["bench:certHash"] = msal.Certificate.GetCertHashString(),
            ["bench:people"] = conversations.ToString(),
            ["Storage:DataFolder"] = dataFolder,
            ["Storage:ConnectionString"] = options.GetValueOrDefault("connection", $"Data Source={Path.Combine(dataFolder, "guidancebot.db")};Cache=Shared;Pooling=True"),
            ["Bot:AppId"] = AppId,
            ["Bot:AppType"] = "SingleTenant",
            ["Bot:TenantId"] = Tenant,
            ["Bot:ClientSecret"] = "bench-secret",
            ["Bot:TokenAuthority"] = msal.Authority,
            ["Bot:ChannelMetadataUrl"] = issuer.ChannelMetadataUrl,
            ["Bot:EntraMetadataUrl"] = issuer.EntraMetadataUrl,
            ["Bot:RequireHttpsMetadata"] = "false",
            ["Bot:AllowUnauthenticatedLocalMode"] = "false",
            ["Bot:ConnectorHosts:0"] = connector.ServiceUrl, // the fake Connector on loopback
            // The fake Connector does not enforce Teams' limits (7/s per conversation, 50/s per tenant);
            // the client's own throttle would otherwise cap the run at 50 turns/s.
            ["Bot:ConversationSendsPerSecond"] = "1000000",
            ["Bot:TenantSendsPerSecond"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
            // A production configuration passes the start checks: card links' address and the API's token issuer.
            ["PublicLinks:BaseUrl"] = "https://guidance.example.cn/",
            ["Authentication:Schemes:Bearer:Authority"] = $"https://127.0.0.1:9/{Tenant}/v2.0",
            ["Authentication:Schemes:Bearer:ValidAudiences:0"] = "api://guidancebot-bench",
        };

        var self = typeof(Driver).Assembly.Location;
        var start = new ProcessStartInfo(cpu is null ? "dotnet" : "taskset")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(self)!,
        };
        if (cpu is not null)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(cpu);
            start.ArgumentList.Add("dotnet");
        }
        // As the deployment runs the bot (deploy/runtime.env); --bare true measures the process without it.
        if (options.GetValueOrDefault("bare") != "true")
        {
            DeploymentEnvironment.ApplyTo(start);
        }
        if (collector is not null)
        {
            start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint;
            start.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        }
        start.ArgumentList.Add(self);
        start.ArgumentList.Add("host");
        foreach (var (k, v) in settings)
        {
            start.ArgumentList.Add($"{k}={v}");
        }

        using var bot = Process.Start(start)!;
        try
        {
            while (await bot.StandardOutput.ReadLineAsync() is { } line && line != "READY")
            {
            }

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = conversations * 2, UseProxy = false })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            };
            var token = ChannelTokenIssuer.CreateToken(issuer.TeamsKey, AppId, connector.ServiceUrl, DateTimeOffset.UtcNow, lifetime: TimeSpan.FromHours(2));
            var template = JsonNode.Parse(SharedFiles.ReadActivity("message-personal.json"))!.AsObject();
            template["serviceUrl"] = connector.ServiceUrl;
            template["text"] = "menu";
            var measuredType = options.GetValueOrDefault("type", "message");

            // Sanity: one turn gets exactly one card reply.
            var probe = await SendAsync(http, token, Turn(template, 0, "probe"));
            await connector.WaitUntilAsync(r => r.Count == 1);
            if (probe != HttpStatusCode.OK || connector.Requests[0].Body?["attachments"]?[0]?["contentType"]?.GetValue<string>() != "application/vnd.microsoft.card.adaptive")
            {
                Console.Error.WriteLine($"probe failed: {probe} {connector.Requests[0].Body?.ToJsonString()}");
                return null;
            }

            Console.WriteLine($"warm-up {warmup}s…");
            await RunPhaseAsync(http, token, template, conversations, TimeSpan.FromSeconds(warmup), "w");
            var sentBefore = connector.Requests.Count;
            var cpuBefore = CpuTime(bot.Id);

            Console.WriteLine($"measuring {seconds}s with {conversations} concurrent conversations…");
            var clock = Stopwatch.StartNew();
            // --type typing measures the protocol alone (auth, parse, 200) without the turn.
            template["type"] = measuredType;
            var result = await RunPhaseAsync(http, token, template, conversations, TimeSpan.FromSeconds(seconds), "m");
            var elapsed = clock.Elapsed;
            var cpuUsed = CpuTime(bot.Id) - cpuBefore;
            var expectedReplies = measuredType == "message" ? result.Ok : 0;
            await connector.WaitUntilAsync(r => r.Count - sentBefore >= expectedReplies, TimeSpan.FromSeconds(30));
            var replies = connector.Requests.Count - sentBefore;

            var (rss, hwm) = Memory(bot.Id);
            return new Round(measuredType, conversations, result.Ok, result.Failed, replies, expectedReplies, elapsed, cpuUsed,
                [.. result.Latencies.Order()], rss, hwm,
                collector is null ? "off" : $"OTLP: {collector.Requests("traces")} trace, {collector.Requests("metrics")} metric, {collector.Requests("logs")} log exports, {collector.SpanNames.Count} spans",
                LoadAverage());
        }
        finally
        {
            bot.StandardInput.Close();
            if (!bot.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                bot.Kill(entireProcessTree: true);
            }
            try { Directory.Delete(dataFolder, true); } catch (IOException) { }
        }
    }

    private sealed record Phase(long Ok, long Failed, List<double> Latencies);

    private static async Task<Phase> RunPhaseAsync(HttpClient http, string token, JsonObject template, int conversations, TimeSpan duration, string tag)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, conversations).Select(async c =>
        {
            var body = Turn(template, c, "__ID__"); // one body per conversation; only the activity id changes
            var latencies = new List<double>(8192);
            long ok = 0, failed = 0, n = 0;
            while (Stopwatch.GetTimestamp() < until)
            {
                var t0 = Stopwatch.GetTimestamp();
                var status = await SendAsync(http, token, body.Replace("__ID__", $"{tag}-{c}-{n++}"));
                latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                if (status == HttpStatusCode.OK) { ok++; } else { failed++; }
            }
            return new Phase(ok, failed, latencies);
        }).ToArray();
        var results = await Task.WhenAll(workers);
        return new Phase(results.Sum(r => r.Ok), results.Sum(r => r.Failed), results.SelectMany(r => r.Latencies).ToList());
    }

    private static string Turn(JsonObject template, int conversation, string id)
    {
        var turn = template.DeepClone().AsObject();
        turn["id"] = id;
        turn["conversation"]!["id"] = $"a:bench-conversation-{conversation}";
        turn["from"]!["id"] = $"29:bench-user-{conversation}";
        turn["from"]!["aadObjectId"] = AadObjectId(conversation);
        return turn.ToJsonString();
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient http, string token, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>
    /// The load generator, the channel issuer and the fake Connector are not the bot: when the bot is
    /// pinned, this process runs on the other cores (re-launched under taskset), so the bot's core and its
    /// CPU time count the bot alone.
    /// </summary>
    private static int? OffBotCores(string botCpus, string[] args)
    {
        var bot = ParseCpuList(botCpus);
        var allowed = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)).Split(':')[1].Trim();
        var mine = ParseCpuList(allowed);
        var rest = mine.Except(bot).ToArray();
        if (!mine.Overlaps(bot))
        {
            return null; // already off the bot's cores
        }
        if (rest.Length == 0)
        {
            Console.Error.WriteLine($"cannot keep the driver off cpu {botCpus}: this process may only run on {allowed}");
            return null;
        }

        var start = new ProcessStartInfo("taskset") { UseShellExecute = false };
        foreach (var a in (string[])["-c", string.Join(',', rest), "dotnet", typeof(Driver).Assembly.Location, .. args])
        {
            start.ArgumentList.Add(a);
        }
        using var child = Process.Start(start)!;
        child.WaitForExit();
        return child.ExitCode;
    }

    private static HashSet<int> ParseCpuList(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(part => part.Split('-') is [var a, var b] ? Enumerable.Range(int.Parse(a), int.Parse(b) - int.Parse(a) + 1) : [int.Parse(part)])
            .ToHashSet();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);

    private static TimeSpan CpuTime(int pid)
    {
        // utime + stime in clock ticks (100 Hz on Linux).
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return TimeSpan.FromSeconds((long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0);
    }

    private static (long RssKb, long PeakKb) Memory(int pid)
    {
        long Read(string key) => File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith(key, StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])).FirstOrDefault();
        return (Read("VmRSS:"), Read("VmHWM:"));
    }
}
