using System.Collections.Concurrent;
using GuidanceBot.Data.Common;

namespace GuidanceBot.Data.Status;

/// <summary>
/// The computed year overviews and unit details, shared by every request of this process (API and
/// bot). An entry is good for its <see cref="ChangeGeneration"/> and China date: a local write is
/// visible to the next read. Writes by another instance (scale-out) cannot move the generation, so an
/// entry is also recomputed after <see cref="CrossInstanceStaleness"/>; while one caller does that the
/// others keep getting the previous value, and after a local write one caller computes while the
/// others wait for its result instead of all querying at once.
/// </summary>
public sealed class YearStatusCache(ChangeGeneration generation, TimeProvider time)
{
    public static readonly TimeSpan CrossInstanceStaleness = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(string Kind, int Year, int? UnitId), Entry> _entries = new();

    public async Task<T> GetAsync<T>(string kind, int year, int? unitId, DateOnly today, Func<Task<T>> load)
    {
        var key = (kind, year, unitId);
        var current = generation.Value;
        var now = time.GetUtcNow();
        _entries.TryGetValue(key, out var entry);

        if (entry is not null && entry.Generation == current && entry.Today == today)
        {
            if (!entry.Value.IsCompleted)
            {
                return await Shared<T>(entry, load);
            }

            if (entry.Value.IsCompletedSuccessfully)
            {
                if (now - entry.LoadedAt < CrossInstanceStaleness || Interlocked.Exchange(ref entry.Refreshing, 1) == 1)
                {
                    return ((Task<T>)entry.Value).Result;
                }

                // This caller refreshes; the others keep the previous value until it is done.
                try
                {
                    var refreshed = await load();
                    _entries.TryUpdate(key, new Entry(current, today, now) { Value = Task.FromResult(refreshed) }, entry);
                    return refreshed;
                }
                catch
                {
                    Volatile.Write(ref entry.Refreshing, 0);
                    throw;
                }
            }
        }

        var fresh = new Entry(current, today, now);
        var value = load();
        fresh.Value = value;
        if (entry is null ? !_entries.TryAdd(key, fresh) : !_entries.TryUpdate(key, fresh, entry))
        {
            // Another caller stored an entry first; ours is still right for this request.
            return await value;
        }

        try
        {
            return await value;
        }
        catch
        {
            _entries.TryRemove(new KeyValuePair<(string, int, int?), Entry>(key, fresh));
            throw;
        }
    }

    /// <summary>Waits for the computation another caller started; if it failed (e.g. that request was aborted), computes.</summary>
    private static async Task<T> Shared<T>(Entry entry, Func<Task<T>> load)
    {
        try
        {
            return await (Task<T>)entry.Value;
        }
        catch
        {
            return await load();
        }
    }

    private sealed class Entry(long generation, DateOnly today, DateTimeOffset loadedAt)
    {
        public long Generation { get; } = generation;
        public DateOnly Today { get; } = today;
        public DateTimeOffset LoadedAt { get; } = loadedAt;
        public Task Value { get; set; } = Task.CompletedTask;
        public int Refreshing;
    }
}
