using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Turns;

/// <summary>
/// Teams retries a delivery it did not see answered; the same activity (channel + conversation + type + id)
/// is acted on once. The first delivery claims the key (see <see cref="ActivityClaims"/>: in memory, and a
/// committed conditional insert); an invoke's response is stored with it so a retry gets the same answer.
/// The type is part of the key: an invoke that reuses a message's id is not that message's retry (it would
/// wait for an invoke answer the message never stored, then get a 503).
/// </summary>
public sealed class ActivityDeduplicator(GuidanceDbContext db, TimeProvider time, TurnWriteGate gate, ActivityClaims claims)
{
    public static string? KeyOf(Activity activity) =>
        activity.Id is { Length: > 0 } id && activity.Conversation?.Id is { } conversation
            ? $"{activity.ChannelId}|{conversation}|{activity.Type}|{id}"
            : null;

    /// <summary>True when this delivery is the first one and must be handled.</summary>
    public Task<bool> TryClaimAsync(string key, CancellationToken ct) => claims.TryClaimAsync(key, ct);

    public Task SaveResponseAsync(string key, string response, CancellationToken ct) =>
        gate.RunAsync(() => db.ProcessedActivities.Where(p => p.Key == key).ExecuteUpdateAsync(s => s.SetProperty(p => p.Response, response), ct), ct);

    /// <summary>The handling failed: delete the claim so Teams' retry is handled.</summary>
    public Task ReleaseAsync(string key, CancellationToken ct) =>
        gate.RunAsync(() => db.ProcessedActivities.Where(p => p.Key == key).ExecuteDeleteAsync(ct), ct);

    /// <summary>
    /// The response stored by the first delivery of an invoke. The first delivery may still be running
    /// (Teams retried early): wait for it, up to <paramref name="wait"/>.
    /// </summary>
    public async Task<string?> GetResponseAsync(string key, TimeSpan wait, CancellationToken ct)
    {
        // Polls the row on the wall clock: this waits for another request, not for business time.
        var poll = TimeSpan.FromMilliseconds(100);
        for (var waited = TimeSpan.Zero; ; waited += poll)
        {
            var row = await db.ProcessedActivities.AsNoTracking().Where(p => p.Key == key).Select(p => new { p.Response }).FirstOrDefaultAsync(ct);
            if (row is null || row.Response is not null || waited >= wait)
            {
                return row?.Response;
            }
            await Task.Delay(poll, ct);
        }
    }

    /// <summary>Forgets ids older than the window (Teams does not retry for that long).</summary>
    public Task<int> PruneAsync(TimeSpan window, CancellationToken ct)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - window;
        return db.ProcessedActivities.Where(p => p.ReceivedUtc < cutoff).ExecuteDeleteAsync(ct);
    }
}
