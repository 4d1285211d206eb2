using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using GuidanceBot.Benchmarks;
using GuidanceBot.Bot.Delivery;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Seed;
using GuidanceBot.Testing.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Issue 5 "Measure": N queued nudges to N people in one tenant, dispatched through the real outbox,
// messenger and Connector pipeline to a fake Connector (in a child process) that enforces Teams'
// limits (429 beyond 50/s per tenant or 7/s per conversation) and injects 429 and 503.
//
//   dotnet run -c Release --project benchmarks/GuidanceBot.DeliveryBenchmark -- [--count 10000] [--inject429 0.0003] [--inject503 0.005] [--concurrency 16]
//     [--provider PostgreSql --connection "Host=…;Database=<empty>"] [--dispatchers 2]   (issue 17: two dispatchers, as two instances, on one database)

var options = Args.Parse(args);
if (options.ContainsKey("connector"))
{
    await RunConnectorAsync(options);
    return;
}

// The dispatcher runs in the bot's host in production: same runtime settings (HostRuntime.props, imported
// by this project) and the deployment's environment (deploy/runtime.env), unless --bare.
if (!options.ContainsKey("bare") && DeploymentEnvironment.RunUnderIt(args) is { } exitCode)
{
    Environment.ExitCode = exitCode;
    return;
}

var count = int.Parse(options.GetValueOrDefault("count", "10000"), CultureInfo.InvariantCulture);
var inject429 = options.GetValueOrDefault("inject429", "0.0003");
var inject503 = options.GetValueOrDefault("inject503", "0.005");
var concurrency = options.GetValueOrDefault("concurrency", "16");
const string Tenant = "00000000-0000-0000-0000-0000000000001";

using var connector = StartConnectorProcess(inject429, inject503);
var serviceUrl = await ReadUrlAsync(connector);
Console.WriteLine($"fake Connector (pid {connector.Id}) at {serviceUrl}; limits 50/s per tenant, 7/s per conversation; injecting 429 at {inject429}, 503 at {inject503}");

var folder = Path.Combine(Path.GetTempPath(), "guidancebot-bench", Guid.NewGuid().ToString("N"));
var dispatcherCount = int.Parse(options.GetValueOrDefault("dispatchers", "1"), CultureInfo.InvariantCulture);
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Storage:DataFolder"] = folder,
    ["Storage:Provider"] = options.GetValueOrDefault("provider", "Sqlite"),
    ["Storage:ConnectionString"] = options.GetValueOrDefault("connection"),
    ["Bot:AllowUnauthenticatedLocalMode"] = "true",
    ["Bot:AppId"] = "00000000-0000-0000-0000-00000000000011",
    ["Delivery:BatchSize"] = "200",
    ["Delivery:MaxConcurrency"] = concurrency,
    ["Bot:SendWindowMargin"] = options.GetValueOrDefault("margin"),
}).Build();
// Each dispatcher has its own container, as each instance has its own process: its own throttle, pools and caches.
ServiceProvider Build()
{
    var services = new ServiceCollection();
    services.AddLogging(l => l.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error));
    services.AddGuidanceData(configuration);
    services.AddDelivery(configuration);
    return services.BuildServiceProvider();
}
await using var provider = Build();
var others = Enumerable.Range(1, dispatcherCount - 1).Select(_ => Build()).ToList();

await using (var scope = provider.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
}

// In production the recurring job has run before: one nudge to someone in another tenant compiles the
// dispatcher's queries and the Connector pipeline first. The Connector's figures below leave it out.
await WarmUpAsync(provider, serviceUrl);
var measuredFrom = DateTimeOffset.UtcNow;

var seedClock = Stopwatch.StartNew();
await SeedAsync(provider, serviceUrl, count);
Console.WriteLine($"seeded {count} people and queued {count} nudges in {seedClock.Elapsed.TotalSeconds:F1} s");

GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();
var seedPeak = PeakResidentMegabytes();
ResetPeakResident(); // the run's peak, not the seeding's
var dispatchers = new[] { provider }.Concat(others).Select(p => p.GetRequiredService<DeliveryDispatcher>()).ToList();
var samples = new List<(double Seconds, long WorkingSet, long Heap)>();
using var sampling = new CancellationTokenSource();
var run = Stopwatch.StartNew();
var sampler = Task.Run(async () =>
{
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
    do
    {
        using var self = Process.GetCurrentProcess();
        lock (samples)
        {
            samples.Add((run.Elapsed.TotalSeconds, self.WorkingSet64, GC.GetTotalMemory(false)));
        }
    }
    while (await timer.WaitForNextTickAsync(sampling.Token).AsTask().ContinueWith(t => !t.IsCanceled && t.Result));
});

var runs = 0;
var totals = new Dictionary<string, int>();
while (true)
{
    foreach (var summary in await Task.WhenAll(dispatchers.Select(d => d.DispatchDueAsync())))
    {
        runs++;
        foreach (var (name, value) in new[] { ("sent", summary.Sent), ("retried", summary.Retried), ("failed", summary.Failed), ("unreachable", summary.Unreachable), ("released", summary.Released) })
        {
            totals[name] = totals.GetValueOrDefault(name) + value;
        }
    }

    var open = await CountAsync(provider, e => e.Status != DeliveryStatus.Sent && e.Status != DeliveryStatus.Failed && e.Status != DeliveryStatus.Unreachable);
    if (open == 0)
    {
        break;
    }

    await Task.Delay(TimeSpan.FromMilliseconds(200)); // the recurring job's next tick, compressed
}

var elapsed = run.Elapsed;
sampling.Cancel();
await sampler;

using var http = new HttpClient();
var stats = (await http.GetFromJsonAsync<FakeConnectorStats>(serviceUrl + "_fake/stats?since=" + Uri.EscapeDataString(measuredFrom.ToString("O", CultureInfo.InvariantCulture))))!;
connector.Kill();

var sentRows = await CountAsync(provider, e => e.Status == DeliveryStatus.Sent) - 1; // less the warm-up
var notSent = count - sentRows;
var minimum = TimeSpan.FromSeconds(count / 50.0);
using var me = Process.GetCurrentProcess();
var steady = samples.Where(s => s.Seconds >= 10).ToList();

Console.WriteLine();
Console.WriteLine("| measure | value |");
Console.WriteLine("|---|---|");
Console.WriteLine($"| nudges queued | {count} (dispatcher concurrency {concurrency}; {dispatcherCount} dispatcher(s); {configuration["Storage:Provider"]}) |");
Console.WriteLine($"| total dispatch time | {elapsed.TotalSeconds:F1} s |");
Console.WriteLine($"| theoretical minimum at 50/s | {minimum.TotalSeconds:F0} s |");
Console.WriteLine($"| over the minimum | {(elapsed / minimum - 1) * 100:F2} % |");
Console.WriteLine($"| first → last accepted at the Connector | {(stats.LastAccepted - stats.FirstAccepted)?.TotalSeconds:F1} s |");
Console.WriteLine($"| ledger rows Sent | {sentRows} |");
Console.WriteLine($"| distinct nudges received | {stats.DistinctTexts} |");
Console.WriteLine($"| duplicates received | {stats.Duplicates} |");
Console.WriteLine($"| losses (queued but not received) | {count - stats.DistinctTexts} (rows not Sent: {notSent}) |");
Console.WriteLine($"| requests / accepted | {stats.Requests} / {stats.Accepted} |");
Console.WriteLine($"| injected 429 / injected 503 | {stats.Injected429} / {stats.Injected503} |");
Console.WriteLine($"| 429 for exceeding Teams' limits | {stats.Limited429} |");
Console.WriteLine($"| peak accepted in any 1 s | {stats.PeakAcceptedPerSecond} |");
Console.WriteLine($"| answers by status | {string.Join(", ", stats.ByStatus.OrderBy(k => k.Key).Select(k => $"{k.Key}: {k.Value}"))} |");
Console.WriteLine($"| dispatcher runs | {runs}; sent {totals["sent"]}, retried {totals["retried"]}, released {totals["released"]}, failed {totals["failed"]} |");
Console.WriteLine($"| dispatcher peak working set during the run | {PeakResidentMegabytes():F0} MB (process peak incl. seeding: {me.PeakWorkingSet64 / 1048576.0:F0} MB; seeding only: {seedPeak:F0} MB) |");
if (steady.Count > 0)
{
    Console.WriteLine($"| working set after 10 s (min–max) | {steady.Min(s => s.WorkingSet) / 1048576.0:F0}–{steady.Max(s => s.WorkingSet) / 1048576.0:F0} MB |");
    Console.WriteLine($"| managed heap after 10 s (min–max) | {steady.Min(s => s.Heap) / 1048576.0:F0}–{steady.Max(s => s.Heap) / 1048576.0:F0} MB |");
}

foreach (var other in others)
{
    await other.DisposeAsync();
}
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
try
{
    Directory.Delete(folder, recursive: true);
}
catch (IOException)
{
}

static async Task WarmUpAsync(IServiceProvider provider, string serviceUrl)
{
    await using (var scope = provider.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<GuidanceDbContext>();
        var person = (await AddReachablePeopleAsync(db, serviceUrl, "warm-up-tenant", 1, "warm-up"))[0];
        await provider.GetRequiredService<DeliveryLedger>().EnqueueAsync(db, new DeliveryKey(person, "warm-up", "warm-up", "warm-up"),
            new GuidanceBot.Bot.Protocol.Activity { Type = ActivityTypes.Message, Text = "warm-up" });
        await DeliveryLedger.SaveChangesAsync(db);
    }

    var summary = await provider.GetRequiredService<DeliveryDispatcher>().DispatchDueAsync();
    if (summary.Sent != 1)
    {
        throw new InvalidOperationException($"The warm-up nudge was not sent: {summary}");
    }
}

// Liaisons of 舞阳 in the tenant, each with a stored 1:1 conversation at the fake Connector; their ids.
static async Task<List<int>> AddReachablePeopleAsync(GuidanceDbContext db, string serviceUrl, string tenant, int count, string userPrefix)
{
    var unit = await db.Units.SingleAsync(u => u.Code == "wuyang");
    var people = Enumerable.Range(0, count)
        .Select(i => new Person { Name = $"联络员{userPrefix}{i:D5}", Role = PersonRole.CountyLiaison, UnitId = unit.Id, TenantId = tenant })
        .ToList();
    db.People.AddRange(people);
    await db.SaveChangesAsync();

    var now = DateTime.UtcNow;
    db.ConversationReferences.AddRange(people.Select((p, i) => new ConversationReference
    {
        PersonId = p.Id,
        ChannelId = "msteams",
        ServiceUrl = serviceUrl,
        ConversationId = $"a:conv-29:{userPrefix}-{i}",
        ConversationType = "personal",
        TenantId = tenant,
        UserId = $"29:{userPrefix}-{i}",
        BotId = "28:00000000-0000-0000-0000-00000000000011",
        FirstSeenUtc = now,
        LastSeenUtc = now,
    }));
    await db.SaveChangesAsync();
    db.ChangeTracker.Clear();
    return people.Select(p => p.Id).ToList();
}

static async Task SeedAsync(IServiceProvider provider, string serviceUrl, int count)
{
    await using var scope = provider.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<GuidanceDbContext>();
    var ids = await AddReachablePeopleAsync(db, serviceUrl, Tenant, count, "user");

    // One transaction, as a nightly job would queue them, saved in chunks so the tracker stays small.
    var ledger = provider.GetRequiredService<DeliveryLedger>();
    await using var tx = await db.Database.BeginTransactionAsync();
    foreach (var chunk in ids.Chunk(1000))
    {
        foreach (var id in chunk)
        {
            await ledger.EnqueueAsync(db, new DeliveryKey(id, "rectification-due", $"rectification:{id}", "due-3"),
                new GuidanceBot.Bot.Protocol.Activity { Type = ActivityTypes.Message, Text = $"nudge {id}: 整改报告还有3个工作日到期" });
        }

        await DeliveryLedger.SaveChangesAsync(db);
        db.ChangeTracker.Clear();
    }

    await tx.CommitAsync();
}

// VmHWM, the peak resident set; writing 5 to clear_refs restarts it (Linux).
static double PeakResidentMegabytes()
{
    var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
}

static void ResetPeakResident()
{
    try
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
    }
    catch (IOException)
    {
    }
    catch (UnauthorizedAccessException)
    {
    }
}

static async Task<int> CountAsync(IServiceProvider provider, System.Linq.Expressions.Expression<Func<DeliveryLedgerEntry, bool>> filter)
{
    await using var scope = provider.CreateAsyncScope();
    return await scope.ServiceProvider.GetRequiredService<GuidanceDbContext>().DeliveryLedger.CountAsync(filter);
}

static Process StartConnectorProcess(string inject429, string inject503)
{
    var start = ThisProgram.StartInfo(["--connector", "--inject429", inject429, "--inject503", inject503]);
    start.RedirectStandardOutput = true;
    start.RedirectStandardInput = true;
    return Process.Start(start)!;
}

static async Task<string> ReadUrlAsync(Process connector)
{
    while (await connector.StandardOutput.ReadLineAsync() is { } line)
    {
        if (line.StartsWith("URL ", StringComparison.Ordinal))
        {
            return line[4..];
        }
    }

    throw new InvalidOperationException("The fake Connector did not start.");
}

static async Task RunConnectorAsync(Dictionary<string, string> options)
{
    await using var fake = await FakeConnector.StartAsync();
    fake.Limits = new FakeTeamsLimits(TenantPerSecond: 50, ConversationPerSecond: 7, ThreadWindows: true);
    fake.Inject429Rate = double.Parse(options.GetValueOrDefault("inject429", "0"), CultureInfo.InvariantCulture);
    fake.Inject503Rate = double.Parse(options.GetValueOrDefault("inject503", "0"), CultureInfo.InvariantCulture);
    fake.Seed(20221001);
    Console.WriteLine("URL " + fake.ServiceUrl);

    // Ends with its parent: the parent holds our stdin open.
    while (await Console.In.ReadLineAsync() is not null)
    {
    }
}

internal static class Args
{
    public static Dictionary<string, string> Parse(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var name = args[i][2..];
                result[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
            }
        }

        return result;
    }
}
