using Microsoft.Extensions.Options;

namespace GuidanceBot.Bot.Connector;

/// <summary>
/// Teams' send limits, shared by every call of this process: at most
/// <see cref="ConnectorOptions.ConversationSendsPerSecond"/> per conversation and
/// <see cref="ConnectorOptions.TenantSendsPerSecond"/> per tenant in any one-second window, and a
/// <c>429 Retry-After</c> pauses the whole tenant, not just the request that got it.
/// </summary>
/// <remarks>
/// Teams counts a request when it arrives, which is somewhere between our start and the answer. So a
/// send counts in our window from its start until one second after its answer: the next send over
/// the limit waits for that, which costs one round trip per second instead of a fixed safety margin.
/// The built-in System.Threading.RateLimiting limiters replenish on their own wall-clock timers and
/// cannot see when Teams received a request, so the window is kept here, on the injected clock.
/// </remarks>
public sealed class ConnectorThrottle
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly ConnectorOptions _options;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TenantState> _tenants = new(StringComparer.Ordinal);

    public ConnectorThrottle(TimeProvider time, IOptions<ConnectorOptions> options)
    {
        _time = time;
        _options = options.Value;
    }

    /// <summary>When the tenant may send again after a 429; null when it is not paused.</summary>
    public DateTimeOffset? PausedUntil(string tenantId)
    {
        lock (_lock)
        {
            return _tenants.TryGetValue(tenantId, out var t) && t.PausedUntil > _time.GetUtcNow() ? t.PausedUntil : null;
        }
    }

    /// <summary>A 429 with <c>Retry-After</c>: every send for the tenant waits until then.</summary>
    public void Pause(string tenantId, TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var t = Tenant(tenantId);
            var until = _time.GetUtcNow() + retryAfter;
            if (until > t.PausedUntil)
            {
                t.PausedUntil = until;
            }
        }
    }

    /// <summary>
    /// Waits until one more send to the conversation stays within the limits and counts it; dispose the
    /// returned lease when the answer has come back (or the send failed).
    /// </summary>
    public async ValueTask<IDisposable> AcquireAsync(string tenantId, string? conversationId, CancellationToken ct)
    {
        while (true)
        {
            Task? inFlight = null;
            TimeSpan wait;
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                var t = Tenant(tenantId);
                var at = t.PausedUntil > now ? t.PausedUntil : now;
                t.Sends.Earliest(_options.TenantSendsPerSecond, ref at, ref inFlight);
                var conversation = conversationId is null ? null : t.Conversation(conversationId);
                conversation?.Earliest(_options.ConversationSendsPerSecond, ref at, ref inFlight);

                if (inFlight is null && at <= now)
                {
                    var send = new SendLease(this);
                    t.Sends.Add(send);
                    conversation?.Add(send);
                    if (t.ConversationCount > 4096)
                    {
                        t.PruneConversations(now - Window);
                    }

                    return send;
                }

                wait = at - now;
            }

            if (inFlight is not null)
            {
                await inFlight.WaitAsync(ct);
            }
            else
            {
                await Task.Delay(wait, _time, ct);
            }
        }
    }

    private TenantState Tenant(string tenantId)
    {
        if (!_tenants.TryGetValue(tenantId, out var t))
        {
            t = new TenantState();
            _tenants[tenantId] = t;
        }

        return t;
    }

    private sealed class SendLease(ConnectorThrottle owner) : IDisposable
    {
        private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>When the answer came back; null while in flight.</summary>
        public DateTimeOffset? Done { get; private set; }
        public Task Answered => _answered.Task;

        public void Dispose()
        {
            lock (owner._lock)
            {
                Done ??= owner._time.GetUtcNow();
            }

            _answered.TrySetResult();
        }
    }

    private sealed class TenantState
    {
        private readonly Dictionary<string, SendLog> _conversations = new(StringComparer.Ordinal);

        public DateTimeOffset PausedUntil { get; set; } = DateTimeOffset.MinValue;
        public SendLog Sends { get; } = new();
        public int ConversationCount => _conversations.Count;

        public SendLog Conversation(string id)
        {
            if (!_conversations.TryGetValue(id, out var log))
            {
                log = new SendLog();
                _conversations[id] = log;
            }

            return log;
        }

        public void PruneConversations(DateTimeOffset before)
        {
            foreach (var (id, log) in _conversations)
            {
                if (log.IdleSince(before))
                {
                    _conversations.Remove(id);
                }
            }
        }
    }

    /// <summary>The sends of one budget (a tenant or a conversation), newest last.</summary>
    private sealed class SendLog
    {
        private readonly Queue<SendLease> _sends = new();

        /// <summary>The latest answer among sends no longer kept: all of them must be a window old.</summary>
        private DateTimeOffset _droppedDone = DateTimeOffset.MinValue;

        /// <summary>
        /// One more send may start once all but the newest <c>limit - 1</c> sends were answered a window
        /// ago. Moves <paramref name="at"/> later, or sets <paramref name="inFlight"/> to the answer to wait for.
        /// </summary>
        public void Earliest(int limit, ref DateTimeOffset at, ref Task? inFlight)
        {
            while (_sends.Count > limit - 1 && _sends.Peek().Done is { } done)
            {
                _sends.Dequeue();
                if (done > _droppedDone)
                {
                    _droppedDone = done;
                }
            }

            if (_sends.Count > limit - 1)
            {
                inFlight ??= _sends.Peek().Answered;
                return;
            }

            if (_droppedDone != DateTimeOffset.MinValue && _droppedDone + Window > at)
            {
                at = _droppedDone + Window;
            }
        }

        public void Add(SendLease send) => _sends.Enqueue(send);

        public bool IdleSince(DateTimeOffset before) =>
            _droppedDone < before && _sends.All(s => s.Done is { } d && d < before);
    }
}
