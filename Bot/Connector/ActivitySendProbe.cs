namespace GuidanceBot.Bot.Connector;

/// <summary>
/// Lets a caller learn the moment an activity actually leaves for Teams (after any throttling wait),
/// so the outbox can tell "never sent" from "maybe delivered" if the process dies. Flows with the
/// async call; the Connector pipeline calls <see cref="OnTransmitAsync"/> before each attempt.
/// </summary>
public sealed class ActivitySendProbe
{
    private static readonly AsyncLocal<ActivitySendProbe?> CurrentProbe = new();
    private readonly Func<CancellationToken, Task> _beforeFirstTransmit;
    private int _transmitted;

    private ActivitySendProbe(Func<CancellationToken, Task> beforeFirstTransmit) => _beforeFirstTransmit = beforeFirstTransmit;

    internal static ActivitySendProbe? Current => CurrentProbe.Value;

    /// <summary>True once an activity request has been handed to the network.</summary>
    public bool Transmitted => Volatile.Read(ref _transmitted) == 1;

    /// <summary>Watches the activity sends made by the calling async flow until disposed.</summary>
    public static Scope Begin(Func<CancellationToken, Task> beforeFirstTransmit, out ActivitySendProbe probe)
    {
        probe = new ActivitySendProbe(beforeFirstTransmit);
        var previous = CurrentProbe.Value;
        CurrentProbe.Value = probe;
        return new Scope(previous);
    }

    internal async Task OnTransmitAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _transmitted, 1) == 0)
        {
            await _beforeFirstTransmit(ct);
        }
    }

    public readonly struct Scope(ActivitySendProbe? previous) : IDisposable
    {
        public void Dispose() => CurrentProbe.Value = previous;
    }
}
