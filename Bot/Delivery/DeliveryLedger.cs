using System.Text.Json;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data;
using GuidanceBot.Data.Messaging;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Delivery;

/// <summary>What makes a message unique: the same person, kind, subject and stage is sent once.</summary>
/// <param name="Kind">e.g. <c>rectification-due</c>, <c>unreachable-notice</c>.</param>
/// <param name="Subject">What it is about, e.g. <c>rectification:42</c>.</param>
/// <param name="Stage">Which step, e.g. <c>due-7</c>, <c>overdue-2022-05-03</c>.</param>
public sealed record DeliveryKey(int PersonId, string Kind, string Subject, string Stage)
{
    public string Value => $"{PersonId}|{Kind}|{Subject}|{Stage}";
}

/// <summary>
/// The outbox. <see cref="EnqueueAsync"/> adds the message to the caller's DbContext, so it commits in
/// the same transaction as the change that caused it; <see cref="SaveChangesAsync"/> commits that
/// transaction and turns a concurrent duplicate key into "already queued" instead of a failure.
/// </summary>
public sealed class DeliveryLedger(TimeProvider time)
{
    // Keys queued per context, so a job queueing thousands of rows does not scan the change tracker each
    // time; per lease, since a pooled context is reused by later scopes.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<GuidanceDbContext, Queued> _queued = new();

    private sealed class Queued
    {
        public int Lease = -1;
        public Dictionary<string, DeliveryLedgerEntry> Keys { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Queues the activity for the person unless the key is already queued or sent; false then.</summary>
    public async Task<bool> EnqueueAsync(GuidanceDbContext db, DeliveryKey key, Activity activity, DateTime? dueUtc = null, CancellationToken ct = default)
    {
        var value = key.Value;
        var state = _queued.GetOrCreateValue(db);
        if (state.Lease != db.ContextId.Lease)
        {
            state.Keys.Clear();
            state.Lease = db.ContextId.Lease;
        }

        var queued = state.Keys;
        if ((queued.TryGetValue(value, out var local) && db.Entry(local).State != EntityState.Detached)
            || await db.DeliveryLedger.AsNoTracking().AnyAsync(e => e.IdempotencyKey == value, ct))
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var entry = new DeliveryLedgerEntry
        {
            IdempotencyKey = value,
            PersonId = key.PersonId,
            Kind = key.Kind,
            Subject = key.Subject,
            Stage = key.Stage,
            Payload = JsonSerializer.Serialize(activity, ProtocolJson.Options),
            DueUtc = dueUtc ?? now,
            Status = DeliveryStatus.Pending,
            CreatedUtc = now,
        };
        db.DeliveryLedger.Add(entry);
        queued[value] = entry;
        return true;
    }

    /// <summary>
    /// <c>SaveChangesAsync</c> for a context with queued messages: when another transaction queued the
    /// same key first (the unique index refuses ours), our copy is dropped and the rest is saved.
    /// </summary>
    public static async Task<int> SaveChangesAsync(GuidanceDbContext db, CancellationToken ct = default)
    {
        while (true)
        {
            try
            {
                return await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (db.ChangeTracker.Entries<DeliveryLedgerEntry>().Any(e => e.State == EntityState.Added))
            {
                if (!await DropDuplicatesAsync(db, ct))
                {
                    throw; // not a duplicate key: let it surface
                }
            }
        }
    }

    private static async Task<bool> DropDuplicatesAsync(GuidanceDbContext db, CancellationToken ct)
    {
        var added = db.ChangeTracker.Entries<DeliveryLedgerEntry>().Where(e => e.State == EntityState.Added).ToList();
        var keys = added.Select(e => e.Entity.IdempotencyKey).ToList();
        var existing = await db.DeliveryLedger.AsNoTracking().Where(e => keys.Contains(e.IdempotencyKey)).Select(e => e.IdempotencyKey).ToListAsync(ct);
        var dropped = false;
        foreach (var entry in added.Where(e => existing.Contains(e.Entity.IdempotencyKey)))
        {
            entry.State = EntityState.Detached;
            dropped = true;
        }

        return dropped;
    }
}
