using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using GuidanceBot.ApiBenchmark;
using GuidanceBot.Benchmarks;
using GuidanceBot.Data;
using GuidanceBot.Data.Seed;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

// Year overview and unit detail latency (and the tab's overview page) at N concurrent callers against the real API process over
// loopback HTTP, on a generated SQLite database of ten years of six units with 2,000 enterprises each.
//   dotnet run -c Release --project benchmarks/GuidanceBot.ApiBenchmark -- [--requests 4000] [--concurrency 20] [--data DIR]
var options = Args.Parse(args);
var dataFolder = options.Data ?? Path.Combine(Path.GetTempPath(), "guidancebot-bench");
const int FirstYear = 2017, Years = 10, PerUnit = 2000;
var year = FirstYear + Years - 1;

var dbFile = Path.Combine(dataFolder, "guidancebot.db");
if (!File.Exists(dbFile) || options.Regenerate)
{
    if (Directory.Exists(dataFolder))
    {
        Directory.Delete(dataFolder, recursive: true);
    }
    Console.WriteLine($"Generating {Years} years × 6 units × {PerUnit} enterprises in {dataFolder} …");
    var sw = Stopwatch.StartNew();
    var config = new ConfigurationBuilder().AddInMemoryCollection([new("Storage:DataFolder", dataFolder)]).Build();
    await using var provider = new ServiceCollection().AddLogging().AddGuidanceData(config).BuildServiceProvider();
    await using (var scope = provider.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        var db = scope.ServiceProvider.GetRequiredService<GuidanceDbContext>();
        await HistoryGenerator.GenerateAsync(db, FirstYear, Years, PerUnit);
        Console.WriteLine($"  rows: enterprises {await db.Enterprises.CountAsync()}, plan entries {await db.Set<GuidanceBot.Data.Plans.PlanEntry>().CountAsync()}, " +
                          $"letters {await db.Letters.CountAsync()}, cases {await db.TypicalCases.CountAsync()}, audit {await db.AuditLog.CountAsync()}");
    }
    SqliteClear();
    Console.WriteLine($"  generated in {sw.Elapsed.TotalSeconds:0.0} s, {new FileInfo(dbFile).Length / 1024 / 1024} MB");
}

// The API as its own process, trusting a key made for this run.
var key = RandomNumberGenerator.GetBytes(32);
const string Issuer = "guidancebot-bench", Audience = "api://guidancebot-bench";
var port = options.Port;
var apiDll = Path.Combine(AppContext.BaseDirectory, "GuidanceBot.Api.dll");
var start = new ProcessStartInfo("dotnet")
{
    WorkingDirectory = AppContext.BaseDirectory,
    RedirectStandardOutput = true,
    RedirectStandardError = true,
    ArgumentList =
    {
        apiDll, "--urls", $"http://127.0.0.1:{port}", "--Storage:DataFolder", dataFolder,
        "--Authentication:Schemes:Bearer:ValidIssuer", Issuer, "--Authentication:Schemes:Bearer:ValidAudiences:0", Audience,
        "--Authentication:Schemes:Bearer:SigningKeys:0:Issuer", Issuer, "--Authentication:Schemes:Bearer:SigningKeys:0:Value", Convert.ToBase64String(key),
        "--Logging:LogLevel:Default", "Warning",
        // The API alone: no bot identity (local mode, on loopback), and the address card links would start with.
        "--Bot:AllowUnauthenticatedLocalMode", "true", "--PublicLinks:BaseUrl", "https://guidance.example.cn/",
    },
};
start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
DeploymentEnvironment.ApplyTo(start);
using var api = Process.Start(start)!;
_ = api.StandardOutput.ReadToEndAsync();
var apiErrors = api.StandardError.ReadToEndAsync();
try
{
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer, Audience = Audience, Expires = DateTime.UtcNow.AddHours(2),
        Claims = new Dictionary<string, object> { ["role"] = "CityStaff", ["name"] = "benchmark" },
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
    }));
    await WaitForHealthAsync(http, api, apiErrors);

    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}");
foreach (var (name, url) in new[] { ("year overview", $"/api/v1/status/{year}"), ("unit detail", $"/api/v1/status/{year}/units/wuyang") })
    {
        var body = await http.GetStringAsync(url); // also the warm-up of this endpoint
        for (var i = 0; i < 200; i++)
        {
            (await http.GetAsync(url)).EnsureSuccessStatusCode();
        }
        api.Refresh();
        var cpuBefore = api.TotalProcessorTime;
        var result = await Load.RunAsync(http, url, options.Requests, options.Concurrency);
        api.Refresh();
        var cpuPerRequest = (api.TotalProcessorTime - cpuBefore).TotalMilliseconds / options.Requests;
        Console.WriteLine($"{name,-14} {url}: {options.Requests} requests at {options.Concurrency} concurrent, {body.Length} bytes each");
        Console.WriteLine($"  p50 {result.P(0.50):0.00} ms  p90 {result.P(0.90):0.00} ms  p99 {result.P(0.99):0.00} ms  max {result.Max:0.00} ms  {result.Throughput:0} req/s");
        Console.WriteLine($"  API process: {cpuPerRequest:0.00} ms CPU per request, working set {api.WorkingSet64 / 1024 / 1024} MB, peak {api.PeakWorkingSet64 / 1024 / 1024} MB");
    }

    // The tab's year overview page (issue 18): the same cached overview rendered as HTML with its charts' data, for a
    // session made as the Teams page makes it (POST /tab/session with the SSO token; here the benchmark's token).
    {
        using var session = new HttpRequestMessage(HttpMethod.Post, "/tab/session");
        session.Headers.Authorization = http.DefaultRequestHeaders.Authorization;
        using var signedIn = await http.SendAsync(session);
        signedIn.EnsureSuccessStatusCode();
        var cookie = signedIn.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("GuidanceBot.Tab=", StringComparison.Ordinal)).Split(';')[0];
        using var tab = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = http.BaseAddress };
        tab.DefaultRequestHeaders.Add("Cookie", cookie);
        var url = $"/tab?year={year}";
        var page = await tab.GetStringAsync(url);
        for (var i = 0; i < 200; i++)
        {
            (await tab.GetAsync(url)).EnsureSuccessStatusCode();
        }
        api.Refresh();
        var cpuBefore = api.TotalProcessorTime;
        var result = await Load.RunAsync(tab, url, options.Requests, options.Concurrency);
        api.Refresh();
        var cpuPerRequest = (api.TotalProcessorTime - cpuBefore).TotalMilliseconds / options.Requests;
        Console.WriteLine($"{"tab overview",-14} {url}: {options.Requests} requests at {options.Concurrency} concurrent, {page.Length} chars each");
        Console.WriteLine($"  p50 {result.P(0.50):0.00} ms  p90 {result.P(0.90):0.00} ms  p99 {result.P(0.99):0.00} ms  max {result.Max:0.00} ms  {result.Throughput:0} req/s");
        Console.WriteLine($"  API process: {cpuPerRequest:0.00} ms CPU per request; load average now {LoadAverage()}");
    }

    // The year dossier of a unit (letters, reports, audit CSV, manifest), generated on request.
    var dossierUrl = $"/api/v1/status/{year}/units/wuyang/dossier";
    var times = new List<double>();
    long size = 0;
    for (var i = 0; i < 5; i++)
    {
        var started = Stopwatch.GetTimestamp();
        var bytes = await http.GetByteArrayAsync(dossierUrl);
        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        size = bytes.Length;
    }
    api.Refresh();
    Console.WriteLine($"unit dossier   {dossierUrl}: {size / 1024} KB, first {times[0]:0} ms, then median {times.Skip(1).Order().ElementAt(2):0} ms; peak working set {api.PeakWorkingSet64 / 1024 / 1024} MB");
}
finally
{
    api.Kill(entireProcessTree: true);
    await api.WaitForExitAsync();
}

static async Task WaitForHealthAsync(HttpClient http, Process api, Task<string> apiErrors)
{
    var deadline = DateTime.UtcNow.AddSeconds(180); // a loaded shared machine starts the API slowly
    while (true)
    {
        try
        {
            if ((await http.GetAsync("/health")).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException) when (DateTime.UtcNow < deadline)
        {
        }
        if (api.HasExited)
        {
            // E.g. a data folder generated with an older migration: say why instead of "connection refused".
            throw new InvalidOperationException($"The API exited with code {api.ExitCode}:\n{await apiErrors}");
        }
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException("The API did not become healthy.");
        }
        await Task.Delay(200);
    }
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

static void SqliteClear() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

internal sealed record Args(int Requests, int Concurrency, string? Data, bool Regenerate, int Port)
{
    public static Args Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new(int.Parse(Value("--requests") ?? "4000"), int.Parse(Value("--concurrency") ?? "20"), Value("--data"),
            args.Contains("--regenerate"), int.Parse(Value("--port") ?? "39781"));
    }
}

internal sealed record LoadResult(double[] SortedMs, double Seconds)
{
    public double P(double q) => SortedMs[Math.Min(SortedMs.Length - 1, (int)Math.Ceiling(q * SortedMs.Length) - 1)];
    public double Max => SortedMs[^1];
    public double Throughput => SortedMs.Length / Seconds;
}

internal static class Load
{
    /// <summary><paramref name="concurrency"/> callers, each sending its next request as soon as the last answered.</summary>
    public static async Task<LoadResult> RunAsync(HttpClient http, string url, int requests, int concurrency)
    {
        var latencies = new double[requests];
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead);
                response.EnsureSuccessStatusCode();
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        Array.Sort(latencies);
        return new(latencies, total.Elapsed.TotalSeconds);
    }
}
