using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GuidanceBot.Testing.Fakes;

/// <summary>One request the fake Connector received.</summary>
public sealed record RecordedRequest(
    string Method, string Path, string? Authorization, JsonNode? Body, DateTimeOffset ReceivedUtc, int Status)
{
    public string? ConversationId => Path.StartsWith("/v3/conversations/", StringComparison.Ordinal)
        ? Uri.UnescapeDataString(Path["/v3/conversations/".Length..].Split('/')[0])
        : null;

    public string? Text => Body?["text"]?.GetValue<string>();
}

/// <summary>Counts over everything the fake Connector received.</summary>
public sealed record FakeConnectorStats(
    int Requests, int Accepted, int DistinctTexts, int Duplicates,
    int Injected429, int Injected503, int Limited429, int PeakAcceptedPerSecond,
    DateTimeOffset? FirstAccepted, DateTimeOffset? LastAccepted, Dictionary<string, int> ByStatus);

/// <summary>A scripted answer: status, optional Retry-After header value and Teams error code.</summary>
public sealed record FakeAnswer(int Status, string? RetryAfter = null, string? Code = null, string? Message = null);

/// <summary>
/// Teams' send limits as the fake enforces them, counted per rolling window when a request arrives:
/// 429 once a window is full. <paramref name="ThreadWindows"/> adds Teams' longer per-thread windows
/// (8 per 2 s, 60 per 30 s, 1800 per hour) to the per-second one.
/// </summary>
public sealed record FakeTeamsLimits(int TenantPerSecond = 50, int ConversationPerSecond = 7, bool ThreadWindows = false)
{
    public IReadOnlyList<(TimeSpan Span, int Limit)> Conversation => ThreadWindows
        ? [(TimeSpan.FromSeconds(1), ConversationPerSecond), (TimeSpan.FromSeconds(2), 8), (TimeSpan.FromSeconds(30), 60), (TimeSpan.FromHours(1), 1800)]
        : [(TimeSpan.FromSeconds(1), ConversationPerSecond)];
}

/// <summary>
/// The Bot Connector REST v3 as Teams answers it, on Kestrel at 127.0.0.1:random: creates 1:1
/// conversations, accepts activities (201 with an id), updates (200), lists members; records every
/// request; answers from a script (429 with Retry-After, 503, 403 with Teams sub-codes, 404), per
/// conversation, by injection rate, or by enforcing Teams' per-tenant and per-conversation limits.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly TimeProvider _time;
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _windows = new(StringComparer.Ordinal);
    private long _nextActivityId = 1_795_707_307_802;
    private Random _random = new(42);
    private int _disposed;

    /// <summary>Answers for the next requests, in order, before anything else.</summary>
    public ConcurrentQueue<FakeAnswer> Script { get; } = new();

    /// <summary>A fixed answer for every request to a conversation (e.g. 403 ConversationBlockedByUser).</summary>
    public ConcurrentDictionary<string, FakeAnswer> ConversationAnswers { get; } = new(StringComparer.Ordinal);

    /// <summary>A fixed answer when creating a conversation with this user (e.g. 403 BotNotInConversationRoster).</summary>
    public ConcurrentDictionary<string, FakeAnswer> UserAnswers { get; } = new(StringComparer.Ordinal);

    public FakeTeamsLimits? Limits { get; set; }
    public double Inject429Rate { get; set; }
    public double Inject503Rate { get; set; }
    public int Injected429 { get; private set; }
    public int Injected503 { get; private set; }
    public int Limited429 { get; private set; }

    /// <summary>Images pasted into the chat, by attachment id: served at <c>GET /v3/attachments/{id}/views/{view}</c>.</summary>
    public ConcurrentDictionary<string, byte[]> Attachments { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs when a request arrives, before it is answered (e.g. to "kill" the sender).</summary>
    public Func<RecordedRequest, Task>? OnRequest { get; set; }

    public string ServiceUrl { get; private set; } = "";

    private FakeConnector(TimeProvider time) => _time = time;

    public static async Task<FakeConnector> StartAsync(TimeProvider? time = null)
    {
        var fake = new FakeConnector(time ?? TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        fake._app = builder.Build();
        fake._app.Run(fake.HandleAsync);
        await fake._app.StartAsync();
        fake.ServiceUrl = fake._app.Urls.First() + "/";
        return fake;
    }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public void Seed(int seed) => _random = new Random(seed);

    /// <summary>Forgets the requests recorded so far: a long benchmark keeps only those of its current phase.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _requests.Clear();
        }
    }

    /// <summary>Waits (without sleeping) until the recorded requests satisfy the condition.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<RecordedRequest>, bool> condition, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (condition(_requests))
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cts.Token);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path == "/_fake/stats")
        {
            // ?since=<ISO 8601>: only what arrived from then on (a benchmark leaves out its warm-up).
            DateTimeOffset? since = DateTimeOffset.TryParse(request.Query["since"], System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var from) ? from : null;
            await context.Response.WriteAsJsonAsync(Stats(since));
            return;
        }

        JsonNode? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            body = await JsonNode.ParseAsync(request.Body);
        }

        // The raw target, as sent: conversation ids must arrive escaped.
        var path = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
        var segments = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        if (request.Method == "GET" && segments is ["v3", "attachments", var attachmentId, "views", _] && Attachments.TryGetValue(attachmentId, out var bytes))
        {
            // An image pasted into the chat: Teams keeps it on the Connector, which gives it to the bot's token.
            Record(new RecordedRequest(request.Method, path, request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null, null, _time.GetUtcNow(), 200));
            context.Response.ContentType = "image/png";
            await context.Response.Body.WriteAsync(bytes);
            return;
        }
        // One arrival time for the limit check and the record, so the stats judge what the check saw.
        DateTimeOffset arrived;
        FakeAnswer? answer;
        lock (_lock)
        {
            arrived = _time.GetUtcNow();
            answer = Decide(request.Method, segments, body, arrived);
        }

        var status = answer?.Status ?? (request.Method == "POST" ? 201 : 200);
        var recorded = new RecordedRequest(request.Method, path, request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null,
            body, arrived, status);

        if (OnRequest is { } hook)
        {
            await hook(recorded);
        }

        Record(recorded);

        context.Response.StatusCode = status;
        if (answer is not null)
        {
            if (answer.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = answer.RetryAfter;
            }

            if (answer.Code is not null)
            {
                await context.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["error"] = new JsonObject { ["code"] = answer.Code, ["message"] = answer.Message ?? answer.Code },
                });
            }

            return;
        }

        await context.Response.WriteAsJsonAsync(Success(request.Method, segments, body));
    }

    private void Record(RecordedRequest recorded)
    {
        lock (_lock)
        {
            _requests.Add(recorded);
            var changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.SetResult();
        }
    }

    private FakeAnswer? Decide(string method, string[] segments, JsonNode? body, DateTimeOffset now)
    {
        if (Script.TryDequeue(out var scripted))
        {
            return scripted;
        }

        var conversation = segments.Length >= 3 ? segments[2] : null;
        if (conversation is not null && ConversationAnswers.TryGetValue(conversation, out var fixedAnswer))
        {
            return fixedAnswer;
        }

        if (conversation is null && method == "POST" && body?["members"]?[0]?["id"]?.GetValue<string>() is { } user
            && UserAnswers.TryGetValue(user, out var userAnswer))
        {
            return userAnswer;
        }

        lock (_lock)
        {
            var roll = _random.NextDouble();
            if (roll < Inject429Rate)
            {
                Injected429++;
                return new FakeAnswer(429, "1");
            }

            if (roll < Inject429Rate + Inject503Rate)
            {
                Injected503++;
                return new FakeAnswer(503);
            }

            if (Limits is { } limits && method != "GET")
            {
                var tenant = body?["conversation"]?["tenantId"]?.GetValue<string>()
                    ?? body?["tenantId"]?.GetValue<string>() ?? "-";
                var thread = limits.Conversation;
                var tenantWindow = Window("t:" + tenant, now, TimeSpan.FromSeconds(1));
                var conversationWindow = conversation is null ? null : Window("c:" + conversation, now, thread.Max(w => w.Span));
                if (tenantWindow.Count >= limits.TenantPerSecond
                    || (conversationWindow is not null && thread.Any(w => conversationWindow.Count(t => t > now - w.Span) >= w.Limit)))
                {
                    Limited429++;
                    return new FakeAnswer(429, "1");
                }

                tenantWindow.Enqueue(now);
                conversationWindow?.Enqueue(now);
            }
        }

        return null;
    }

    /// <summary>What a benchmark run in another process needs to judge the run.</summary>
    public FakeConnectorStats Stats(DateTimeOffset? since = null)
    {
        var requests = Requests.Where(r => since is null || r.ReceivedUtc >= since).ToList();
        var accepted = requests.Where(r => r.Status is 200 or 201 && r.Text is not null).ToList();
        var byText = accepted.GroupBy(r => r.Text!).ToList();
        var times = accepted.Select(r => r.ReceivedUtc).Order().ToList();
        var peak = 0;
        for (int i = 0, j = 0; i < times.Count; i++)
        {
            while (times[j] <= times[i] - TimeSpan.FromSeconds(1))
            {
                j++;
            }

            peak = Math.Max(peak, i - j + 1);
        }

        return new FakeConnectorStats(
            requests.Count, accepted.Count, byText.Count, byText.Sum(g => g.Count() - 1),
            Injected429, Injected503, Limited429, peak,
            times.Count > 0 ? times[0] : null, times.Count > 0 ? times[^1] : null,
            requests.GroupBy(r => r.Status).ToDictionary(g => g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), g => g.Count()));
    }

    private Queue<DateTimeOffset> Window(string key, DateTimeOffset now, TimeSpan span)
    {
        if (!_windows.TryGetValue(key, out var window))
        {
            window = new Queue<DateTimeOffset>();
            _windows[key] = window;
        }

        while (window.Count > 0 && window.Peek() <= now - span)
        {
            window.Dequeue();
        }

        return window;
    }

    private JsonNode Success(string method, string[] segments, JsonNode? body)
    {
        // POST v3/conversations: a 1:1 conversation whose id is stable for the user, as in Teams.
        if (segments.Length == 2 && method == "POST")
        {
            var user = body?["members"]?[0]?["id"]?.GetValue<string>() ?? "unknown";
            return new JsonObject { ["id"] = "a:conv-" + user };
        }

        if (segments.Length >= 4 && segments[3] == "members")
        {
            return new JsonArray(new JsonObject { ["id"] = "29:member-1", ["name"] = "Member One", ["aadObjectId"] = "00000000-0000-0000-0000-000000000101" });
        }

        if (method == "PUT")
        {
            return new JsonObject { ["id"] = segments[^1] };
        }

        return new JsonObject { ["id"] = Interlocked.Increment(ref _nextActivityId).ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
