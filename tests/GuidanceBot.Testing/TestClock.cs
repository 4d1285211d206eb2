using Microsoft.Extensions.Time.Testing;

namespace GuidanceBot.Testing;

/// <summary>
/// The clock of every test: it starts at a fixed instant (<see cref="FixedStart"/>, 09:00 on 1 March 2022 in China, a
/// Tuesday in the year the seed's plan is for) and moves only when a test moves it — by hand (<see cref="FakeTimeProvider.Advance"/>)
/// or to the moment the code under test waits for (<see cref="AdvanceToNextTimer"/>): it knows every timer the code
/// started on it (a retry delay, a throttle's pause), so a test never moves it on a wall-clock guess.
/// </summary>
public class TestClock : FakeTimeProvider
{
    /// <summary>2022-03-01 01:00 UTC = 09:00 China time.</summary>
    public static readonly DateTimeOffset FixedStart = new(2022, 3, 1, 1, 0, 0, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private readonly List<Waiting> _waiting = [];
    private TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TestClock() : this(FixedStart)
    {
    }

    public TestClock(DateTimeOffset start) : base(start)
    {
    }

    /// <summary>When the earliest timer someone waits on is due; null when nothing waits on the clock.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count == 0 ? null : _waiting.Min(w => w.Due);
            }
        }
    }

    /// <summary>Completes once the code under test waits on the clock (at once if it already does).</summary>
    public Task WaitingAsync()
    {
        lock (_lock)
        {
            return _waiting.Count > 0 ? Task.CompletedTask : _started.Task;
        }
    }

    /// <summary>Moves the clock to the earliest timer someone waits on (which then fires); how far it moved, zero when nothing waits.</summary>
    public TimeSpan AdvanceToNextTimer()
    {
        var due = NextDue;
        var now = GetUtcNow();
        if (due is null)
        {
            return TimeSpan.Zero;
        }
        var by = due.Value > now ? due.Value - now : TimeSpan.Zero;
        Advance(by);
        return by;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var waiting = new Waiting(this, period);
        waiting.Inner = base.CreateTimer(s =>
        {
            waiting.Fired();
            callback(s);
        }, state, dueTime, period);
        waiting.Schedule(dueTime);
        return waiting;
    }

    private void Track(Waiting timer, bool waits)
    {
        TaskCompletionSource? started = null;
        lock (_lock)
        {
            _waiting.Remove(timer);
            if (waits)
            {
                _waiting.Add(timer);
                started = _started;
                _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        started?.TrySetResult();
    }

    /// <summary>A timer as the clock sees it: due at an instant, or not waiting (disposed, infinite, a one-shot that fired).</summary>
    private sealed class Waiting(TestClock clock, TimeSpan period) : ITimer
    {
        private TimeSpan _period = period;

        public ITimer Inner { get; set; } = null!;
        public DateTimeOffset Due { get; private set; }

        public void Schedule(TimeSpan dueTime)
        {
            var waits = dueTime != Timeout.InfiniteTimeSpan;
            if (waits)
            {
                Due = clock.GetUtcNow() + dueTime;
            }
            clock.Track(this, waits);
        }

        public void Fired() => Schedule(_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : _period);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            Schedule(dueTime);
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            clock.Track(this, waits: false);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            clock.Track(this, waits: false);
            return Inner.DisposeAsync();
        }
    }
}
