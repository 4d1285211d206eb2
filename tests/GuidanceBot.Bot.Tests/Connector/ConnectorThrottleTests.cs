using GuidanceBot.Bot.Connector;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GuidanceBot.Bot.Tests.Connector;

/// <summary>
/// How the throttle counts sends against Teams' per-second limits: from the moment a send leaves (Teams
/// counts requests per rolling second as they arrive), not until a second after its answer.
/// </summary>
public sealed class ConnectorThrottleTests
{
    private const string Tenant = "tenant-a";
    private static readonly DateTimeOffset T0 = new(2022, 5, 9, 1, 0, 0, TimeSpan.Zero);

    private readonly TimerWatchingClock _time = new(T0);

    private ConnectorThrottle Throttle(int tenantPerSecond = 3, int conversationPerSecond = 7) => new(_time, Options.Create(new ConnectorOptions
    {
        TenantSendsPerSecond = tenantPerSecond,
        ConversationSendsPerSecond = conversationPerSecond,
        SendWindowMargin = TimeSpan.Zero,
    }));

    private static async Task<ConnectorThrottle.SendSlot> SendAsync(ConnectorThrottle throttle, string conversation, TimeSpan? roundTrip = null, FakeTimeProvider? time = null)
    {
        var slot = await throttle.AcquireAsync(Tenant, conversation, CancellationToken.None);
        slot.Leaving();
        if (roundTrip is { } rtt)
        {
            time!.Advance(rtt);
        }

        slot.Answered();
        return slot;
    }

    [Fact]
    public async Task A_full_second_frees_a_second_after_the_first_send_left_however_long_its_answer_took()
    {
        var throttle = Throttle(tenantPerSecond: 3);
        // Three sends one after another; every answer takes 150 ms, so the fastest is as slow as the rest.
        await SendAsync(throttle, "a", TimeSpan.FromMilliseconds(150), _time);
        await SendAsync(throttle, "b", TimeSpan.FromMilliseconds(150), _time);
        await SendAsync(throttle, "c", TimeSpan.FromMilliseconds(150), _time);

        // The old accounting (until a second after the answer) would say T0 + 1.15 s.
        Assert.Equal(T0.AddSeconds(1), throttle.NextSendAt(Tenant, "d"));

        _time.SetUtcNow(T0.AddSeconds(1));
        var fourth = throttle.AcquireAsync(Tenant, "d", CancellationToken.None);
        Assert.True(fourth.IsCompleted, "a send a second after the first left is within the limit");
        (await fourth).Leaving();
    }

    [Fact]
    public async Task A_large_budget_still_counts_every_send_of_the_window()
    {
        // Enough sends that the log prunes itself on the way (it does so when it has doubled).
        var throttle = Throttle(tenantPerSecond: 200, conversationPerSecond: 1000);
        for (var second = 0; second < 3; second++)
        {
            _time.SetUtcNow(T0.AddSeconds(second));
            for (var i = 0; i < 200; i++)
            {
                var slot = throttle.AcquireAsync(Tenant, $"c{i}", CancellationToken.None);
                Assert.True(slot.IsCompleted, $"send {i} of second {second} is within the budget");
                (await slot).Leaving();
                (await slot).Answered();
            }

            Assert.Equal(T0.AddSeconds(second + 1), throttle.NextSendAt(Tenant, "next"));
        }
    }

    [Fact]
    public async Task A_send_whose_answer_was_slower_than_the_fastest_counts_that_much_longer()
    {
        var throttle = Throttle(tenantPerSecond: 2);
        // The first answer took 300 ms where the fastest took none: it may have reached Teams 300 ms after leaving.
        await SendAsync(throttle, "a", TimeSpan.FromMilliseconds(300), _time);
        _time.SetUtcNow(T0.AddMilliseconds(400));
        await SendAsync(throttle, "b");

        Assert.Equal(T0.AddMilliseconds(1300), throttle.NextSendAt(Tenant, "c"));
    }

    [Fact]
    public async Task After_a_slow_burst_the_fastest_trip_of_the_last_seconds_still_counts()
    {
        var throttle = Throttle(tenantPerSecond: 2);
        await SendAsync(throttle, "a"); // a quick trip: the Connector itself takes no time
        // Two seconds later, two sends that queued behind each other: 100 ms each. The quick one is no longer
        // counted, but it still says how early these two may have arrived: 100 ms later than they left.
        _time.SetUtcNow(T0.AddSeconds(2));
        await SendAsync(throttle, "b", TimeSpan.FromMilliseconds(100), _time);
        await SendAsync(throttle, "c", TimeSpan.FromMilliseconds(100), _time);

        Assert.Equal(T0.AddMilliseconds(3100), throttle.NextSendAt(Tenant, "d"));
    }

    [Fact]
    public async Task A_send_admitted_but_not_yet_gone_holds_its_place_until_it_leaves()
    {
        var throttle = Throttle(tenantPerSecond: 1);
        var first = await throttle.AcquireAsync(Tenant, "a", CancellationToken.None); // e.g. its database write is still running

        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Null(throttle.NextSendAt(Tenant, "b")); // waits for the first to go, however long that takes
        var second = throttle.AcquireAsync(Tenant, "b", CancellationToken.None).AsTask();
        Assert.False(second.IsCompleted);

        var waiting = _time.NextTimer();
        first.Leaving();
        first.Answered();
        Assert.Equal(T0.AddSeconds(4), throttle.NextSendAt(Tenant, "b"));
        // The second wakes on another thread and starts waiting for its second; only then move the clock.
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(30)); // a guard against hanging, not a sleep
    }

    [Fact]
    public async Task An_abandoned_send_gives_its_place_back_at_once()
    {
        var throttle = Throttle(tenantPerSecond: 1);
        var first = await throttle.AcquireAsync(Tenant, "a", CancellationToken.None);
        var second = throttle.AcquireAsync(Tenant, "b", CancellationToken.None).AsTask();

        first.Abandon(); // e.g. another dispatcher took the row: nothing was sent

        (await second.WaitAsync(TimeSpan.FromSeconds(30))).Leaving();
        Assert.Equal(T0, _time.GetUtcNow());
    }

    [Fact]
    public async Task A_send_the_connector_refused_gives_its_place_back()
    {
        var throttle = Throttle(tenantPerSecond: 2);
        await SendAsync(throttle, "a");
        var refused = await throttle.AcquireAsync(Tenant, "b", CancellationToken.None);
        refused.Leaving();
        Assert.Equal(T0.AddSeconds(1), throttle.NextSendAt(Tenant, "c")); // while it is out, the second is full

        refused.Refused(); // 503: not served

        Assert.Equal(T0, throttle.NextSendAt(Tenant, "c"));
    }

    [Fact]
    public async Task A_conversation_gets_at_most_its_own_limit_within_the_tenant_budget()
    {
        var throttle = Throttle(tenantPerSecond: 50, conversationPerSecond: 2);
        await SendAsync(throttle, "a");
        _time.Advance(TimeSpan.FromMilliseconds(100));
        await SendAsync(throttle, "a");

        Assert.Equal(T0.AddSeconds(1), throttle.NextSendAt(Tenant, "a"));
        Assert.Equal(_time.GetUtcNow(), throttle.NextSendAt(Tenant, "other"));
    }

    [Fact]
    public async Task A_429_pause_holds_back_the_tenant_even_with_room_in_the_window()
    {
        var throttle = Throttle(tenantPerSecond: 50);
        await SendAsync(throttle, "a");
        throttle.Pause(Tenant, TimeSpan.FromSeconds(5));

        Assert.Equal(T0.AddSeconds(5), throttle.NextSendAt(Tenant, "b"));
        Assert.Equal(T0.AddSeconds(5), throttle.PausedUntil(Tenant));
    }

    /// <summary>A fake clock that tells when someone starts waiting on it.</summary>
    private sealed class TimerWatchingClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task NextTimer() => (_next = new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _next.TrySetResult();
            return timer;
        }
    }
}
