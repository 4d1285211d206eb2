using Microsoft.Extensions.Options;

namespace GuidanceBot.Bot.Connector;

/// <summary>
/// Teams' send limits, shared by every call of this process: at most
/// <see cref="ConnectorOptions.ConversationSendsPerSecond"/> per conversation and
/// <see cref="ConnectorOptions.TenantSendsPerSecond"/> per tenant in any one-second window, and a
/// <c>429 Retry-After</c> pauses the whole tenant, not just the request that got it.
/// </summary>
/// <remarks>
/// Each caller reserves the earliest slot that keeps both windows within their limit, then waits for it
/// on the injected <see cref="TimeProvider"/>; slots are handed out in arrival order per tenant. The
/// built-in System.Threading.RateLimiting limiters replenish on their own wall-clock timers, which a
/// test cannot move, so the sliding window is kept here on the injected clock instead.
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

    /// <summary>Waits until one more send to the conversation is within the limits, and counts it.</summary>
    public async ValueTask WaitAsync(string tenantId, string? conversationId, CancellationToken ct)
    {
        while (true)
        {
            var (slot, pausedUntil) = Reserve(tenantId, conversationId);
            var delay = slot - _time.GetUtcNow();
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, ct);
            }

            // A 429 that arrived while waiting moves everyone behind the pause: take a new slot.
            lock (_lock)
            {
                var t = Tenant(tenantId);
                if (t.PausedUntil <= pausedUntil || t.PausedUntil <= _time.GetUtcNow())
                {
                    return;
                }
            }
        }
    }

    private (DateTimeOffset Slot, DateTimeOffset PausedUntil) Reserve(string tenantId, string? conversationId)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var t = Tenant(tenantId);
            var slot = Max(now, t.PausedUntil);
            slot = Max(slot, t.Sends.Earliest(_options.TenantSendsPerSecond, Window));

            SlidingLog? conversation = null;
            if (conversationId is not null)
            {
                if (!t.Conversations.TryGetValue(conversationId, out conversation))
                {
                    conversation = new SlidingLog();
                    t.Conversations[conversationId] = conversation;
                }

                slot = Max(slot, conversation.Earliest(_options.ConversationSendsPerSecond, Window));
                conversation.Add(slot);
            }

            t.Sends.Add(slot);
            if (t.Conversations.Count > 4096)
            {
                t.PruneConversations(now - Window);
            }

            return (slot, t.PausedUntil);
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

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed class TenantState
    {
        public DateTimeOffset PausedUntil { get; set; } = DateTimeOffset.MinValue;
        public SlidingLog Sends { get; } = new();
        public Dictionary<string, SlidingLog> Conversations { get; } = new(StringComparer.Ordinal);

        public void PruneConversations(DateTimeOffset before)
        {
            foreach (var (id, log) in Conversations)
            {
                if (log.Last < before)
                {
                    Conversations.Remove(id);
                }
            }
        }
    }

    /// <summary>Reserved send times in increasing order; only the last <c>limit</c> matter.</summary>
    private sealed class SlidingLog
    {
        private readonly Queue<DateTimeOffset> _times = new();

        public DateTimeOffset Last { get; private set; } = DateTimeOffset.MinValue;

        /// <summary>The earliest time at which one more send keeps every window within <paramref name="limit"/>.</summary>
        public DateTimeOffset Earliest(int limit, TimeSpan window)
        {
            while (_times.Count > limit)
            {
                _times.Dequeue();
            }

            // Slots are never earlier than the last one, so the oldest of the last `limit` decides.
            var earliest = _times.Count < limit ? DateTimeOffset.MinValue : _times.Peek() + window;
            return earliest > Last ? earliest : Last;
        }

        public void Add(DateTimeOffset slot)
        {
            _times.Enqueue(slot);
            if (slot > Last)
            {
                Last = slot;
            }
        }
    }
}
