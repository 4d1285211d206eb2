using GuidanceBot.Bot.Flows.Common;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Bot.Connector;

/// <summary>
/// Teams' send limits, shared by every call of this process: at most
/// <see cref="ConnectorOptions.ConversationSendsPerSecond"/> per conversation and
/// <see cref="ConnectorOptions.TenantSendsPerSecond"/> per tenant in any rolling second, and a
/// <c>429 Retry-After</c> pauses the whole tenant, not just the request that got it.
/// </summary>
/// <remarks>
/// Teams counts requests per rolling second as they reach it. A send is counted here from the moment
/// it leaves (<see cref="SendSlot.Leaving"/>), and the next send over the limit waits until the oldest
/// counted one is a second old, plus <see cref="ConnectorOptions.SendWindowMargin"/>, plus how much
/// slower its round trip was than the fastest recent one (it may have reached Teams that much later).
/// Counting every send until a second after its answer instead would cost a round trip per window.
/// The built-in System.Threading.RateLimiting limiters replenish on their own wall-clock timers, so
/// the window is kept here, on the injected clock.
/// </remarks>
public sealed class ConnectorThrottle
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly ConnectorOptions _options;
    private readonly long _span;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TenantState> _tenants = new(StringComparer.Ordinal);

    public ConnectorThrottle(TimeProvider time, IOptions<ConnectorOptions> options)
    {
        _time = time;
        _options = options.Value;
        _span = (Window + (_options.SendWindowMargin > TimeSpan.Zero ? _options.SendWindowMargin : TimeSpan.Zero)).Ticks;
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
    /// Waits until one more send to the conversation stays within the limits and reserves its place;
    /// call <see cref="SendSlot.Leaving"/> right before the request goes out (it counts from then,
    /// and as "leaving now" until then), or <see cref="SendSlot.Abandon"/> if it never goes.
    /// </summary>
    public async ValueTask<SendSlot> AcquireAsync(string tenantId, string? conversationId, CancellationToken ct)
    {
        while (true)
        {
            TimeSpan wait;
            Task? pending = null;
            lock (_lock)
            {
                var now = _time.GetUtcNow().UtcTicks;
                var t = Tenant(tenantId);
                var conversation = conversationId is null ? null : t.Conversation(conversationId);
                var at = Earliest(t, conversation, now, ref pending);
                if (pending is null && at <= now)
                {
                    var slot = new SendSlot(this, t, now);
                    t.Sends.Add(slot, _options.TenantSendsPerSecond, now, _span);
                    conversation?.Add(slot, _options.ConversationSendsPerSecond, now, _span);
                    t.PruneConversations(now - _span);
                    return slot;
                }

                wait = TimeSpan.FromTicks(at - now);
            }

            if (pending is not null)
            {
                await pending.WaitAsync(ct);
            }
            else
            {
                await Task.Delay(wait, _time, ct);
            }
        }
    }

    /// <summary>When the next send to the conversation could leave; null while it waits for an answer.</summary>
    internal DateTimeOffset? NextSendAt(string tenantId, string? conversationId)
    {
        lock (_lock)
        {
            var t = Tenant(tenantId);
            Task? pending = null;
            var at = Earliest(t, conversationId is null ? null : t.Conversation(conversationId), _time.GetUtcNow().UtcTicks, ref pending);
            return pending is null ? new DateTimeOffset(at, TimeSpan.Zero) : null;
        }
    }

    private long Earliest(TenantState t, SendLog? conversation, long now, ref Task? pending)
    {
        var at = Math.Max(t.PausedUntil.UtcTicks, now);
        var fastest = t.RoundTrips.Fastest(now);
        at = t.Sends.Earliest(_options.TenantSendsPerSecond, _span, fastest, now, at, ref pending);
        return conversation is null ? at : conversation.Earliest(_options.ConversationSendsPerSecond, _span, fastest, now, at, ref pending);
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

    /// <summary>One admitted send: it counts against its tenant and conversation from when it leaves.</summary>
    public sealed class SendSlot
    {
        private readonly ConnectorThrottle _owner;
        private readonly TenantState _tenant;
        private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal SendSlot(ConnectorThrottle owner, TenantState tenant, long admitted)
        {
            _owner = owner;
            _tenant = tenant;
            At = admitted;
        }

        /// <summary>UTC ticks when it left; until <see cref="HasLeft"/>, when it was admitted.</summary>
        internal long At { get; private set; }
        internal bool HasLeft { get; private set; }
        /// <summary>It does not count: it never left, or its answer said it was refused.</summary>
        internal bool Abandoned { get; private set; }

        /// <summary>Ticks from leaving to the answer; null until answered.</summary>
        internal long? RoundTrip { get; private set; }

        /// <summary>Completes when the answer came back or the send was abandoned.</summary>
        internal Task Settled => _settled.Task;

        /// <summary>The request goes out now (work between admission and sending, e.g. a database write, is over).</summary>
        public void Leaving()
        {
            lock (_owner._lock)
            {
                if (!HasLeft && !Abandoned)
                {
                    At = Math.Max(At, _owner._time.GetUtcNow().UtcTicks);
                    HasLeft = true;
                }
            }
        }

        /// <summary>The answer (or a network failure) came back.</summary>
        public void Answered()
        {
            lock (_owner._lock)
            {
                if (HasLeft && RoundTrip is null)
                {
                    var now = _owner._time.GetUtcNow().UtcTicks;
                    RoundTrip = Math.Max(0, now - At);
                    _tenant.RoundTrips.Observe(RoundTrip.Value, now);
                }
            }

            _settled.TrySetResult();
        }

        /// <summary>
        /// The Connector refused the request (429, 503): it was not served, so it gives its place back, as
        /// rate limiters do with rejected requests (a 429 pauses the tenant anyway). Counting refusals would
        /// idle a fiftieth of the tenant's second for each. Were Teams to count them after all, the next send
        /// over the limit gets a 429 and its Retry-After is honoured: the cost of being wrong is one pause.
        /// </summary>
        public void Refused() => GiveBack(evenIfLeft: true);

        /// <summary>The request will not go out: its place is given back.</summary>
        public void Abandon() => GiveBack(evenIfLeft: false);

        private void GiveBack(bool evenIfLeft)
        {
            lock (_owner._lock)
            {
                Abandoned = evenIfLeft || !HasLeft;
            }

            _settled.TrySetResult();
        }
    }

    /// <summary>
    /// The tenant's fastest round trip of the last 5–10 s: the Connector's own time, which every send
    /// spends. Not only over the sends still counted: right after a burst (a pause ending, a run starting)
    /// those all queued behind each other, and their fastest would overstate the trip a quick send makes.
    /// </summary>
    internal sealed class RoundTripFloor
    {
        private static readonly long Bucket = TimeSpan.FromSeconds(5).Ticks;
        private long _bucketStart;
        private long _current = long.MaxValue;
        private long _previous = long.MaxValue;

        public void Observe(long roundTrip, long now)
        {
            Roll(now);
            _current = Math.Min(_current, roundTrip);
        }

        /// <summary>0 when nothing was answered lately.</summary>
        public long Fastest(long now)
        {
            Roll(now);
            var fastest = Math.Min(_current, _previous);
            return fastest == long.MaxValue ? 0 : fastest;
        }

        private void Roll(long now)
        {
            if (now - _bucketStart < Bucket)
            {
                return;
            }

            _previous = now - _bucketStart < 2 * Bucket ? _current : long.MaxValue;
            _current = long.MaxValue;
            _bucketStart = now;
        }
    }

    internal sealed class TenantState
    {
        private readonly Dictionary<string, SendLog> _conversations = new(StringComparer.Ordinal);
        private int _pruneAt = 1024;

        public DateTimeOffset PausedUntil { get; set; } = DateTimeOffset.MinValue;
        public SendLog Sends { get; } = new();
        public RoundTripFloor RoundTrips { get; } = new();

        public SendLog Conversation(string id)
        {
            if (!_conversations.TryGetValue(id, out var log))
            {
                log = new SendLog();
                _conversations[id] = log;
            }

            return log;
        }

        /// <summary>Forgets conversations with no send in the window; amortized, so a long list is not scanned per send.</summary>
        public void PruneConversations(long before)
        {
            if (_conversations.Count < _pruneAt)
            {
                return;
            }

            foreach (var (id, log) in _conversations)
            {
                if (log.Newest < before)
                {
                    _conversations.Remove(id);
                }
            }

            _pruneAt = Math.Max(1024, _conversations.Count * 2);
        }
    }

    /// <summary>The sends of one budget (a tenant or a conversation) that may still count.</summary>
    /// <remarks>
    /// Below its limit a log is not searched at all, so a generous limit costs nothing per send; it is
    /// pruned when it has doubled since the last prune, so it stays about as long as a window's sends.
    /// </remarks>
    internal sealed class SendLog
    {
        private const int MinimumPruneAt = 64;
        private readonly List<SendSlot> _slots = [];
        private int _pruneAt = MinimumPruneAt;

        public long Newest
        {
            get
            {
                var newest = long.MinValue;
                foreach (var s in _slots)
                {
                    newest = Math.Max(newest, s.At);
                }

                return newest;
            }
        }

        /// <summary>
        /// With <c>limit</c> sends counted, the next may leave once enough of them are a window old.
        /// Teams counts a send when it arrives, between leaving and the answer: a send whose round
        /// trip was slower than the tenant's fastest recent one (<paramref name="fastest"/>) may have
        /// arrived that much later, so it counts that much longer (on a quiet network almost nothing).
        /// A send not yet answered keeps its place until it is: when those alone fill
        /// the budget, <paramref name="pending"/> is set to wait for one.
        /// </summary>
        public long Earliest(int limit, long span, long fastest, long now, long at, ref Task? pending)
        {
            if (limit <= 0 || _slots.Count < limit)
            {
                return at;
            }

            _slots.RemoveAll(s => s.Abandoned || (s.RoundTrip is { } rtt && Expiry(s.At, rtt, span, fastest) <= now));
            if (_slots.Count < limit)
            {
                return at;
            }

            var answered = 0;
            SendSlot? waiting = null;
            Span<long> expiries = _slots.Count <= 256 ? stackalloc long[_slots.Count] : new long[_slots.Count];
            foreach (var s in _slots)
            {
                if (s.RoundTrip is { } rtt)
                {
                    expiries[answered++] = Expiry(s.At, rtt, span, fastest);
                }
                else
                {
                    waiting ??= s;
                }
            }

            var expire = _slots.Count - limit; // the sends that must expire, less one
            if (expire >= answered)
            {
                pending ??= waiting!.Settled;
                return at;
            }

            expiries = expiries[..answered];
            expiries.Sort();
            return Math.Max(at, expiries[expire]);
        }

        private static long Expiry(long left, long roundTrip, long span, long fastest) => left + span + Math.Max(0, roundTrip - fastest);

        public void Add(SendSlot slot, int limit, long now, long span)
        {
            if (limit <= 0)
            {
                return;
            }

            _slots.Add(slot);
            if (_slots.Count >= _pruneAt)
            {
                // Counting the full round trip (as if the fastest were 0) only ever keeps a send longer.
                _slots.RemoveAll(s => s.Abandoned || (s.RoundTrip is { } rtt && Expiry(s.At, rtt, span, 0) <= now));
                _pruneAt = Math.Max(MinimumPruneAt, _slots.Count * 2);
            }
        }
    }
}
