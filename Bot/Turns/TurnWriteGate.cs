namespace GuidanceBot.Bot.Turns;

/// <summary>
/// SQLite has one writer at a time; concurrent turns that write at once would otherwise meet SQLITE_BUSY
/// and sleep in the driver's retry loop (tens to hundreds of milliseconds). The turn pipeline's small
/// writes queue here instead, in process. On PostgreSQL it only orders this process's writes.
/// </summary>
public sealed class TurnWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<T> RunAsync<T>(Func<Task<T>> write, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await write();
        }
        finally
        {
            _gate.Release();
        }
    }
}
