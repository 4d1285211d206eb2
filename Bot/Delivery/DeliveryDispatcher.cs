using System.Runtime.CompilerServices;
using System.Text.Json;
using GuidanceBot.Bot.Connector;
using GuidanceBot.Bot.Proactive;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data;
using GuidanceBot.Data.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using GuidanceBot.Bot.Telemetry;

namespace GuidanceBot.Bot.Delivery;

/// <summary>What one dispatch run did.</summary>
public sealed record DispatchSummary(int Sent, int Retried, int Unreachable, int Failed, int Released, int Unconfirmed, int LeaseLost);

/// <summary>
/// Sends what the outbox owes. A row moves Pending → Claimed (conditional update with a lease, so two
/// dispatchers never hold the same row) → Sending (the moment the activity leaves, after throttling)
/// → Sent / Pending again (retryable) / Unreachable (403, 404, never installed: city staff are told)
/// / Failed. A Claimed row whose dispatcher died is claimed again after the lease; a Sending row
/// whose dispatcher died becomes Unconfirmed and is not sent again (see docs/decisions.md).
/// </summary>
public sealed partial class DeliveryDispatcher(
    IServiceScopeFactory scopes,
    DeliveryLedger ledger,
    TimeProvider time,
    IOptions<DeliveryOptions> options,
    IOptions<ConnectorOptions> connectorOptions,
    ILogger<DeliveryDispatcher> logger)
{
    private long _claims;
    private long _pausedUntilTicks;

    /// <summary>Written to <c>ClaimedBy</c>: which process holds a row.</summary>
    public string Name { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>
    /// Sends every due row, then returns; the recurring job calls it again. Cancelling stops it like a
    /// crash would, except that rows not yet handed to the network are released at once.
    /// </summary>
    public async Task<DispatchSummary> DispatchDueAsync(CancellationToken ct = default)
    {
        await using var turn = await TakeTurnAsync(ct);
        if (turn is null)
        {
            LogNotMyTurn();
            return new Counts().ToSummary();
        }

        var counts = new Counts();
        counts.Unconfirmed = await SweepInterruptedAsync(ct);

        int unreachable;
        do
        {
            // Notices to city staff queued by this pass go out in the next one.
            unreachable = counts.Unreachable;
            await Parallel.ForEachAsync(
                ClaimAllAsync(ct),
                new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrency, CancellationToken = ct },
                async (entry, token) => await DeliverAsync(entry, counts, token));
        }
        while (counts.Unreachable > unreachable && PausedUntil is null);

        return counts.ToSummary();
    }

    private async Task<DispatchTurn?> TakeTurnAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await DispatchTurn.TryTakeAsync(scope.ServiceProvider.GetRequiredService<GuidanceDbContext>(), ct);
    }

    private async IAsyncEnumerable<DeliveryLedgerEntry> ClaimAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && PausedUntil is null)
        {
            var batch = await ClaimAsync(options.Value.BatchSize, ct);
            if (batch.Count == 0)
            {
                yield break;
            }

            foreach (var entry in batch)
            {
                yield return entry;
            }
        }
    }

    /// <summary>
    /// Claims up to <paramref name="count"/> due rows: Pending and due, or Claimed with an expired lease.
    /// The update re-checks that condition per row, so of two dispatchers racing for a row one wins.
    /// </summary>
    internal async Task<IReadOnlyList<DeliveryLedgerEntry>> ClaimAsync(int count, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuidanceDbContext>();
        var now = Now;
        var token = $"{Name}#{Interlocked.Increment(ref _claims)}";
        var lease = now + options.Value.Lease;
        if (db.Database.IsNpgsql())
        {
            // Several instances dispatch at once: each locks the due rows it takes and skips the ones another holds, so
            // they share the queue instead of queueing on each other's row locks (the WHERE is checked again per row).
            await db.Database.ExecuteSqlAsync($"""
                UPDATE "DeliveryLedger" SET "Status" = {nameof(DeliveryStatus.Claimed)}, "ClaimedBy" = {token},
                    "LeaseExpiresUtc" = {lease}, "Attempts" = "Attempts" + 1
                WHERE "Id" IN (
                    SELECT "Id" FROM "DeliveryLedger"
                    WHERE ("Status" = {nameof(DeliveryStatus.Pending)} AND "DueUtc" <= {now} AND ("NextAttemptUtc" IS NULL OR "NextAttemptUtc" <= {now}))
                       OR ("Status" = {nameof(DeliveryStatus.Claimed)} AND "LeaseExpiresUtc" <= {now})
                    ORDER BY "DueUtc", "Id"
                    LIMIT {count}
                    FOR UPDATE SKIP LOCKED)
                """, ct);
            return await Claimed(db, token).ToListAsync(ct);
        }

        var ids = await Due(db.DeliveryLedger.AsNoTracking(), now)
            .OrderBy(e => e.DueUtc).ThenBy(e => e.Id)
            .Select(e => e.Id)
            .Take(count)
            .ToListAsync(ct);
        if (ids.Count == 0)
        {
            return [];
        }

        await Due(db.DeliveryLedger.Where(e => ids.Contains(e.Id)), now).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Status, DeliveryStatus.Claimed)
            .SetProperty(e => e.ClaimedBy, token)
            .SetProperty(e => e.LeaseExpiresUtc, lease)
            .SetProperty(e => e.Attempts, e => e.Attempts + 1), ct);

        return await Claimed(db, token).ToListAsync(ct);
    }

    private static IQueryable<DeliveryLedgerEntry> Claimed(GuidanceDbContext db, string token) => db.DeliveryLedger.AsNoTracking()
        .Where(e => e.ClaimedBy == token && e.Status == DeliveryStatus.Claimed)
        .OrderBy(e => e.DueUtc).ThenBy(e => e.Id);

    private static IQueryable<DeliveryLedgerEntry> Due(IQueryable<DeliveryLedgerEntry> rows, DateTime now) => rows.Where(e =>
        (e.Status == DeliveryStatus.Pending && e.DueUtc <= now && (e.NextAttemptUtc == null || e.NextAttemptUtc <= now))
        || (e.Status == DeliveryStatus.Claimed && e.LeaseExpiresUtc <= now));

    /// <summary>Rows left Sending by a dispatcher that died mid-request: maybe delivered, so not sent again.</summary>
    private async Task<int> SweepInterruptedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuidanceDbContext>();
        var now = Now;
        var swept = await db.DeliveryLedger
            .Where(e => e.Status == DeliveryStatus.Sending && e.LeaseExpiresUtc <= now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, DeliveryStatus.Unconfirmed)
                .SetProperty(e => e.LastError, "The sender stopped while the request was with Teams; it may have arrived and is not sent again."), ct);
        if (swept > 0)
        {
            LogUnconfirmed(swept);
            GuidanceTelemetry.Delivered("unconfirmed", swept);
        }

        return swept;
    }

    internal async Task DeliverAsync(DeliveryLedgerEntry entry, Counts counts, CancellationToken ct)
    {
        if (PausedUntil is { } paused)
        {
            await UpdateAsync(entry, s => s
                .SetProperty(e => e.Status, DeliveryStatus.Pending)
                .SetProperty(e => e.NextAttemptUtc, paused.UtcDateTime)
                .SetProperty(e => e.Attempts, e => e.Attempts - 1)
                .SetProperty(e => e.ClaimedBy, (string?)null)
                .SetProperty(e => e.LeaseExpiresUtc, (DateTime?)null));
            counts.Add(ref counts.Released);
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var messenger = scope.ServiceProvider.GetRequiredService<ProactiveMessenger>();

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize<Activity>(entry.Payload, ProtocolJson.Options);
        }
        catch (JsonException ex)
        {
            activity = null;
            LogBadPayload(ex, entry.Id);
        }

        if (activity is null)
        {
            await FinishAsync(entry, DeliveryStatus.Failed, "The stored activity is not valid JSON.");
            counts.Add(ref counts.Failed);
            return;
        }

        ProactiveResult result;
        using (ActivitySendProbe.Begin(_ => MarkSendingAsync(entry), out var probe))
        {
            try
            {
                result = await messenger.SendToPersonAsync(entry.PersonId, activity, ct);
            }
            catch (LeaseLostException)
            {
                counts.Add(ref counts.LeaseLost);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested && !probe.Transmitted)
            {
                // Stopped before anything left: give the row back now rather than after the lease.
                await UpdateAsync(entry, s => s
                    .SetProperty(e => e.Status, DeliveryStatus.Pending)
                    .SetProperty(e => e.Attempts, e => e.Attempts - 1)
                    .SetProperty(e => e.ClaimedBy, (string?)null)
                    .SetProperty(e => e.LeaseExpiresUtc, (DateTime?)null));
                throw;
            }
        }

        // From here the outcome is recorded even if the run is being cancelled.
        var now = Now;
        switch (result.Outcome)
        {
            case ProactiveOutcome.Sent:
                await UpdateAsync(entry, s => s
                    .SetProperty(e => e.Status, DeliveryStatus.Sent)
                    .SetProperty(e => e.SentUtc, now)
                    .SetProperty(e => e.SentActivityId, result.ActivityId)
                    .SetProperty(e => e.LastError, (string?)null)
                    .SetProperty(e => e.LeaseExpiresUtc, (DateTime?)null));
                counts.Add(ref counts.Sent);
                GuidanceTelemetry.Delivered("sent");
                break;

            case ProactiveOutcome.Retry when entry.Attempts < options.Value.MaxAttempts:
                if (result.RetryAfter is { } wait && wait > connectorOptions.Value.MaxRetryAfter)
                {
                    Pause(time.GetUtcNow() + wait);
                }

                var next = now + RetryDelay(entry.Attempts, result.RetryAfter);
                await UpdateAsync(entry, s => s
                    .SetProperty(e => e.Status, DeliveryStatus.Pending)
                    .SetProperty(e => e.NextAttemptUtc, next)
                    .SetProperty(e => e.LastError, Describe(result))
                    .SetProperty(e => e.ClaimedBy, (string?)null)
                    .SetProperty(e => e.LeaseExpiresUtc, (DateTime?)null));
                counts.Add(ref counts.Retried);
                GuidanceTelemetry.Delivered("retried");
                break;

            case ProactiveOutcome.NeverInstalled or ProactiveOutcome.Unreachable:
                await MarkUnreachableAsync(entry, result, scope.ServiceProvider.GetRequiredService<GuidanceDbContext>());
                counts.Add(ref counts.Unreachable);
                GuidanceTelemetry.Delivered("unreachable");
                break;

            default:
                await FinishAsync(entry, DeliveryStatus.Failed, Describe(result));
                counts.Add(ref counts.Failed);
                GuidanceTelemetry.Delivered("failed");
                break;
        }
    }

    /// <summary>Right before the activity leaves: if our claim is gone, another dispatcher owns the row; do not send.</summary>
    private async Task MarkSendingAsync(DeliveryLedgerEntry entry)
    {
        var marked = await UpdateAsync(entry, s => s.SetProperty(e => e.Status, DeliveryStatus.Sending), onlyIf: DeliveryStatus.Claimed);
        if (marked == 0)
        {
            throw new LeaseLostException();
        }
    }

    /// <summary>The person cannot be reached: the row is closed and the city staff over their unit are told, in one transaction.</summary>
    private async Task MarkUnreachableAsync(DeliveryLedgerEntry entry, ProactiveResult result, GuidanceDbContext db)
    {
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await Owned(db, entry).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Status, DeliveryStatus.Unreachable)
            .SetProperty(e => e.LastError, Describe(result))
            .SetProperty(e => e.LeaseExpiresUtc, (DateTime?)null), CancellationToken.None);

        var person = await db.People.AsNoTracking().Include(p => p.Unit).FirstOrDefaultAsync(p => p.Id == entry.PersonId, CancellationToken.None);
        if (person is not null)
        {
            var cityUnitId = person.Unit is { Level: Data.Units.UnitLevel.County, ParentId: { } parent } ? parent : person.UnitId;
            var staff = await db.People.AsNoTracking()
                .Where(p => p.UnitId == cityUnitId && p.IsActive && p.Id != person.Id
                    && (p.Role == Data.People.PersonRole.CityStaff || p.Role == Data.People.PersonRole.CityAdmin))
                .ToListAsync(CancellationToken.None);

            // Once per episode: until the person is reachable again, more failed nudges add no notice.
            var stage = person.UnreachableSinceUtc is { } since
                ? since.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture)
                : result.ErrorCode ?? "unreachable";
            foreach (var member in staff)
            {
                await ledger.EnqueueAsync(db, new DeliveryKey(member.Id, UnreachableNotice.Kind, $"person:{person.Id}", stage),
                    UnreachableNotice.For(member, person, result.ErrorCode), ct: CancellationToken.None);
            }

            await DeliveryLedger.SaveChangesAsync(db, CancellationToken.None);
        }

        await tx.CommitAsync(CancellationToken.None);
    }

    private async Task FinishAsync(DeliveryLedgerEntry entry, DeliveryStatus status, string error) =>
        await UpdateAsync(entry, s => s
            .SetProperty(e => e.Status, status)
            .SetProperty(e => e.LastError, error)
            .SetProperty(e => e.LeaseExpiresUtc, (DateTime?)null));

    /// <summary>Changes a row only while this claim still holds it.</summary>
    private async Task<int> UpdateAsync(
        DeliveryLedgerEntry entry,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<DeliveryLedgerEntry>> set,
        DeliveryStatus? onlyIf = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuidanceDbContext>();
        var rows = Owned(db, entry);
        if (onlyIf is { } status)
        {
            rows = rows.Where(e => e.Status == status);
        }

        return await rows.ExecuteUpdateAsync(set, CancellationToken.None);
    }

    private static IQueryable<DeliveryLedgerEntry> Owned(GuidanceDbContext db, DeliveryLedgerEntry entry) =>
        db.DeliveryLedger.Where(e => e.Id == entry.Id && e.ClaimedBy == entry.ClaimedBy);

    private TimeSpan RetryDelay(int attempts, TimeSpan? retryAfter)
    {
        var o = options.Value;
        var backoff = o.RetryBaseDelay * Math.Pow(2, Math.Max(0, attempts - 1)) * (0.8 + Random.Shared.NextDouble() * 0.4);
        if (backoff > o.MaxRetryDelay)
        {
            backoff = o.MaxRetryDelay;
        }

        return retryAfter is { } wait && wait > backoff ? wait : backoff;
    }

    /// <summary>A long Retry-After stops this run: no more claims, and claimed rows go back untouched.</summary>
    private void Pause(DateTimeOffset until)
    {
        var ticks = until.UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _pausedUntilTicks);
            if (current >= ticks)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _pausedUntilTicks, ticks, current) != current);

        LogPaused(until);
    }

    private DateTimeOffset? PausedUntil
    {
        get
        {
            var ticks = Interlocked.Read(ref _pausedUntilTicks);
            return ticks > time.GetUtcNow().UtcTicks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
        }
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private static string Describe(ProactiveResult r) => $"{r.Outcome}: {r.ErrorCode} {r.Error}".Trim();

    internal sealed class Counts
    {
        public int Sent, Retried, Unreachable, Failed, Released, Unconfirmed, LeaseLost;

        public void Add(ref int counter) => Interlocked.Increment(ref counter);

        public DispatchSummary ToSummary() => new(Sent, Retried, Unreachable, Failed, Released, Unconfirmed, LeaseLost);
    }

    private sealed class LeaseLostException() : Exception("The claim on the delivery expired and another dispatcher holds it.");

    [LoggerMessage(Level = LogLevel.Debug, Message = "Another instance is dispatching; this run leaves the queue to it")]
    private partial void LogNotMyTurn();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} deliveries were interrupted mid-request and are marked Unconfirmed")]
    private partial void LogUnconfirmed(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {Id} has an unreadable payload")]
    private partial void LogBadPayload(Exception ex, long id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams asked to wait until {Until}; dispatching paused")]
    private partial void LogPaused(DateTimeOffset until);
}
