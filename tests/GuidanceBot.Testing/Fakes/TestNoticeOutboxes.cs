using System.Text.Json;
using GuidanceBot.Data;
using GuidanceBot.Data.Messaging;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Testing.Fakes;

/// <summary>
/// The outbox of a Data test (no bot to render cards): each notice becomes a delivery-ledger row on the step's own
/// context, with the notice record itself as the payload — so a test sees what a step queued, committed with the step
/// or rolled back with it, exactly as the real outbox's rows would be.
/// </summary>
public sealed class LedgerNoticeOutbox(TimeProvider time) : INoticeOutbox
{
    public async Task<bool> QueueAsync(GuidanceDbContext db, Notice notice, CancellationToken ct)
    {
        // Once per key, as the real ledger: a step that leaves a result as it was (the same stage) queues nothing again.
        var key = $"{notice.RecipientId}|{notice.Kind}|{notice.Subject}|{notice.Stage}";
        if (db.DeliveryLedger.Local.Any(e => e.IdempotencyKey == key) || await db.DeliveryLedger.AsNoTracking().AnyAsync(e => e.IdempotencyKey == key, ct))
        {
            return false;
        }
        var now = time.GetUtcNow().UtcDateTime;
        db.DeliveryLedger.Add(new DeliveryLedgerEntry
        {
            IdempotencyKey = key,
            PersonId = notice.RecipientId, Kind = notice.Kind, Subject = notice.Subject, Stage = notice.Stage,
            Payload = JsonSerializer.Serialize(notice, notice.GetType()), DueUtc = now, CreatedUtc = now, Status = DeliveryStatus.Pending,
        });
        return true;
    }
}

/// <summary>
/// An outbox that sends nothing, for a test about something else that takes steps with someone to tell (the nudge year:
/// its nudges are checked to the minute; the steps' own notices are tested with the flows).
/// </summary>
public sealed class DiscardingNoticeOutbox : INoticeOutbox
{
    public Task<bool> QueueAsync(GuidanceDbContext db, Notice notice, CancellationToken ct) => Task.FromResult(false);
}
