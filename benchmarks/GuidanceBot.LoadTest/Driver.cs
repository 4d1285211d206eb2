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
/// bot's telemetry to a local OTLP/HTTP collector (this process). <c>--otel compare</c> measures what that costs: two
/// bots, telemetry off and on, both started and warmed up alike, then measured in turn for <c>--seconds</c> each,
/// <c>--rounds</c> times (off, on, off, on, …), so what else runs on the machine weighs on both sides alike.
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
        if (options.GetValueOrDefault("instances", "1") == "2" && OffBotCores(options.GetValueOrDefault("cpus", "0,1"), args) is { } offBoth)
        {
            return offBoth;
        }
        if (cpu is not null && OffBotCores(cpu, args) is { } relaunched)
        {
            return relaunched;
        }

        var seconds = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("seconds", "20")));
        var warmup = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("warmup", "5")));
        var otel = options.GetValueOrDefault("otel", "off");
        if (options.GetValueOrDefault("instances", "1") == "2")
        {
            return await TwoInstancesAsync(options, warmup, seconds);
        }
        if (otel != "compare")
        {
            await using var bot = await BotUnderTest.StartAsync(options, otel == "on");
            if (bot is null)
            {
                return 1;
            }
            Console.WriteLine($"warm-up {warmup.TotalSeconds}s…");
            await bot.WarmUpAsync(warmup);
            Console.WriteLine($"measuring {seconds.TotalSeconds}s with {bot.Conversations} concurrent conversations…");
            var round = await bot.MeasureAsync(seconds);
            Console.WriteLine(round.Report(cpu));
            return round.Passed ? 0 : 2;
        }

        var rounds = int.Parse(options.GetValueOrDefault("rounds", "8"));
        await using var off = await BotUnderTest.StartAsync(options, otel: false);
        await using var on = await BotUnderTest.StartAsync(options, otel: true);
        if (off is null || on is null)
        {
            return 1;
        }
        Console.WriteLine($"warm-up {warmup.TotalSeconds}s each; then {rounds} rounds of {seconds.TotalSeconds}s each, off and on in turn, {off.Conversations} concurrent conversations");
        await off.WarmUpAsync(warmup);
        await on.WarmUpAsync(warmup);
        var results = new List<(bool On, Round Round)>();
        for (var i = 1; i <= rounds; i++)
        {
            foreach (var bot in (BotUnderTest[])[off, on])
            {
                var round = await bot.MeasureAsync(seconds);
                results.Add((bot.Otel, round));
                Console.WriteLine($"round {i,2} {(bot.Otel ? "on " : "off")}  {round.Summary}");
            }
        }

        double Median(bool side, Func<Round, double> figure)
        {
            var xs = results.Where(r => r.On == side).Select(r => figure(r.Round)).Order().ToArray();
            return xs.Length % 2 == 1 ? xs[xs.Length / 2] : (xs[xs.Length / 2 - 1] + xs[xs.Length / 2]) / 2;
        }
        double offCpu = Median(false, r => r.CpuPerTurnMs), onCpu = Median(true, r => r.CpuPerTurnMs);
        double offRate = Median(false, r => r.TurnsPerSecond), onRate = Median(true, r => r.TurnsPerSecond);
        var pairs = results.Chunk(2).Select(p => (p[1].Round.CpuPerTurnMs / p[0].Round.CpuPerTurnMs - 1) * 100).Order().ToArray();
        Console.WriteLine($"""

            rounds             {rounds} off + {rounds} on, alternating, {seconds.TotalSeconds}s each; bots pinned to cpu {cpu ?? "(not pinned)"}
            median off         {offCpu:F3} ms CPU per turn, {offRate:F0} turns/s
            median on          {onCpu:F3} ms CPU per turn, {onRate:F0} turns/s
            telemetry cost     {(onCpu / offCpu - 1) * 100:+0.0;-0.0}% CPU per turn (median of each side); {(1 - onRate / offRate) * 100:+0.0;-0.0}% fewer turns/s
            per round pair     {string.Join(" ", pairs.Select(x => x.ToString("+0;-0")))} % CPU per turn
            exported           {on.Telemetry}
            load average       {LoadAverage()}
            """);
        return results.All(r => r.Round.Passed) ? 0 : 2;
    }

    /// <summary>
    /// Issue 17: two identical bots on one PostgreSQL database (<c>--connection</c>), each pinned to its core
    /// (<c>--cpus 0,1</c>), driven at once with <c>--conversations</c> each; each bot's figures and their sum.
    /// </summary>
    private static async Task<int> TwoInstancesAsync(Dictionary<string, string> options, TimeSpan warmup, TimeSpan seconds)
    {
        var cpus = options.GetValueOrDefault("cpus", "0,1").Split(',');
        var bots = new List<BotUnderTest>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var own = new Dictionary<string, string>(options) { ["cpu"] = cpus[i], ["tag"] = $"i{i}" };
                bots.Add(await BotUnderTest.StartAsync(own, otel: false) ?? throw new InvalidOperationException($"bot {i} did not start"));
            }
            Console.WriteLine($"two bots on one database, pinned to cpus {string.Join(" and ", cpus)}; warm-up {warmup.TotalSeconds}s, then {seconds.TotalSeconds}s with {bots[0].Conversations} conversations each…");
            await Task.WhenAll(bots.Select(b => b.WarmUpAsync(warmup)));
            var rounds = await Task.WhenAll(bots.Select(b => b.MeasureAsync(seconds)));
            for (var i = 0; i < 2; i++)
            {
                Console.WriteLine($"bot {i} (cpu {cpus[i]})  {rounds[i].Summary}");
            }
            Console.WriteLine($"together          {rounds.Sum(r => r.TurnsPerSecond):F0} turns/s; load average {LoadAverage()}");
            return rounds.All(r => r.Passed) ? 0 : 2;
        }
        finally
        {
            foreach (var bot in bots)
            {
                await bot.DisposeAsync();
            }
        }
    }

    /// <summary>What one measurement found: the bot's CPU per turn is the figure to compare on a shared machine.</summary>
    private sealed record Round(
        string Type, int Conversations, long Ok, long Failed, long Replies, long ExpectedReplies, TimeSpan Elapsed, TimeSpan CpuUsed,
        double[] Latencies, long RssKb, long PeakKb, string Telemetry, string Load)
    {
        public bool Passed => Failed == 0 && Replies == ExpectedReplies;
        public double TurnsPerSecond => Ok / Elapsed.TotalSeconds;
        public double CpuPerTurnMs => CpuUsed.TotalMilliseconds / Math.Max(1, Ok);

        private double P(double q) => Latencies.Length == 0 ? 0 : Latencies[Math.Min(Latencies.Length - 1, (int)Math.Ceiling(q * Latencies.Length) - 1)];

        public string Summary =>
            $"{CpuPerTurnMs:F3} ms CPU/turn  {TurnsPerSecond,5:F0} turns/s  p50 {P(0.50):F2} ms  p99 {P(0.99):F2} ms  ok/failed {Ok}/{Failed}  load {Load}";

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

    /// <summary>
    /// One bot process with its own stand-ins for Teams' cloud (and its OTLP collector when telemetry is on), started
    /// and checked with one turn; it can be warmed up and measured any number of times.
    /// </summary>
    private sealed class BotUnderTest : IAsyncDisposable
    {
        private readonly List<IAsyncDisposable> _parts = [];
        private Process _bot = null!;
        private HttpClient _http = null!;
        private FakeConnector _connector = null!;
        private OtlpReceiver? _collector;
        private JsonObject _template = null!;
        private string _token = "", _type = "message", _dataFolder = "";
        private int _phase;

        public bool Otel { get; private init; }

        /// <summary>Prefixes activity ids, so two bots on one database are not sent each other's ids (they would be retries).</summary>
        public string Tag { get; private init; } = "";
        public int Conversations { get; private init; }

        public string Telemetry => _collector is null ? "off"
            : $"OTLP: {_collector.Requests("traces")} trace, {_collector.Requests("metrics")} metric, {_collector.Requests("logs")} log exports, {_collector.SpanNames.Count} spans";

        public static async Task<BotUnderTest?> StartAsync(Dictionary<string, string> options, bool otel)
        {
            var bot = new BotUnderTest { Otel = otel, Conversations = int.Parse(options.GetValueOrDefault("conversations", "50")), Tag = options.GetValueOrDefault("tag", "") };
            try
            {
                if (await bot.StartCoreAsync(options))
                {
                    return bot;
                }
            }
            catch
            {
                await bot.DisposeAsync();
                throw;
            }
            await bot.DisposeAsync();
            return null;
        }

        private async Task<bool> StartCoreAsync(Dictionary<string, string> options)
        {
            var cpu = options.GetValueOrDefault("cpu");
            var issuer = await ChannelTokenIssuer.StartAsync();
            _parts.Add(issuer);
            _connector = await FakeConnector.StartAsync();
            _parts.Add(_connector);
            var msal = await FakeTokenIssuer.StartAsync();
            _parts.Add(msal);
            if (Otel)
            {
                // The bot exports traces, metrics and logs by OTLP/HTTP to a local collector in this process.
                _collector = await OtlpReceiver.StartAsync();
                _parts.Add(_collector);
            }
            var port = FreePort();
            _dataFolder = Path.Combine(Path.GetTempPath(), "guidancebot-loadtest", Guid.NewGuid().ToString("N"));
            var settings = new Dictionary<string, string>
            {
                ["bench:port"] = port.ToString(),
                ["bench:certHash"] = msal.Certificate.GetCertHashString(),
                ["bench:people"] = Conversations.ToString(),
                ["Storage:DataFolder"] = _dataFolder,
                ["Storage:ConnectionString"] = options.GetValueOrDefault("connection", $"Data Source={Path.Combine(_dataFolder, "guidancebot.db")};Cache=Shared;Pooling=True"),
                // --provider PostgreSql with --connection "Host=…": the bot on a PostgreSQL database (issue 17).
                ["Storage:Provider"] = options.GetValueOrDefault("provider", "Sqlite"),
                ["Bot:AppId"] = AppId,
                ["Bot:AppType"] = "SingleTenant",
                ["Bot:TenantId"] = Tenant,
                ["Bot:ClientSecret"] = "bench-secret",
                ["Bot:TokenAuthority"] = msal.Authority,
                ["Bot:ChannelMetadataUrl"] = issuer.ChannelMetadataUrl,
                ["Bot:EntraMetadataUrl"] = issuer.EntraMetadataUrl,
                ["Bot:RequireHttpsMetadata"] = "false",
                ["Bot:AllowUnauthenticatedLocalMode"] = "false",
                ["Bot:ConnectorHosts:0"] = _connector.ServiceUrl, // the fake Connector on loopback
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
            if (_collector is not null)
            {
                start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = _collector.Endpoint;
                start.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            }
            start.ArgumentList.Add(self);
            start.ArgumentList.Add("host");
            foreach (var (k, v) in settings)
            {
                start.ArgumentList.Add($"{k}={v}");
            }

            _bot = Process.Start(start)!;
            while (await _bot.StandardOutput.ReadLineAsync() is { } line && line != "READY")
            {
            }

            _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Conversations * 2, UseProxy = false })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            };
            _token = ChannelTokenIssuer.CreateToken(issuer.TeamsKey, AppId, _connector.ServiceUrl, DateTimeOffset.UtcNow, lifetime: TimeSpan.FromHours(2));
            _template = JsonNode.Parse(SharedFiles.ReadActivity("message-personal.json"))!.AsObject();
            _template["serviceUrl"] = _connector.ServiceUrl;
            _template["text"] = "menu";
            _type = options.GetValueOrDefault("type", "message");

            // Sanity: one turn gets exactly one card reply.
            var probe = await SendAsync(_http, _token, Turn(_template, 0, $"{Tag}probe")); // each bot its own id: a shared one is handled once across instances
            await _connector.WaitUntilAsync(r => r.Count == 1);
            if (probe != HttpStatusCode.OK || _connector.Requests[0].Body?["attachments"]?[0]?["contentType"]?.GetValue<string>() != "application/vnd.microsoft.card.adaptive")
            {
                Console.Error.WriteLine($"probe failed: {probe} {_connector.Requests[0].Body?.ToJsonString()}");
                return false;
            }
            return true;
        }

        public async Task WarmUpAsync(TimeSpan duration)
        {
            await RunPhaseAsync(_http, _token, _template, Conversations, duration, $"{Tag}w{_phase++}");
            _connector.Clear();
        }

        public async Task<Round> MeasureAsync(TimeSpan duration)
        {
            _connector.Clear(); // replies of earlier phases are not kept (a long comparison would hold millions)
            var cpuBefore = CpuTime(_bot.Id);
            var clock = Stopwatch.StartNew();
            // --type typing measures the protocol alone (auth, parse, 200) without the turn.
            var template = _template.DeepClone().AsObject();
            template["type"] = _type;
            var result = await RunPhaseAsync(_http, _token, template, Conversations, duration, $"{Tag}m{_phase++}");
            var elapsed = clock.Elapsed;
            var cpuUsed = CpuTime(_bot.Id) - cpuBefore;
            var expectedReplies = _type == "message" ? result.Ok : 0;
            long replies = 0;
            await _connector.WaitUntilAsync(r => (replies = r.Count) >= expectedReplies, TimeSpan.FromSeconds(30));
            var (rss, hwm) = Memory(_bot.Id);
            return new Round(_type, Conversations, result.Ok, result.Failed, replies, expectedReplies, elapsed, cpuUsed,
                [.. result.Latencies.Order()], rss, hwm, Telemetry, LoadAverage());
        }

        public async ValueTask DisposeAsync()
        {
            if (_bot is not null)
            {
                _bot.StandardInput.Close();
                if (!_bot.WaitForExit(TimeSpan.FromSeconds(10)))
                {
                    _bot.Kill(entireProcessTree: true);
                }
                _bot.Dispose();
            }
            _http?.Dispose();
            foreach (var part in Enumerable.Reverse(_parts))
            {
                await part.DisposeAsync();
            }
            try { Directory.Delete(_dataFolder, true); } catch (IOException) { } catch (ArgumentException) { }
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
