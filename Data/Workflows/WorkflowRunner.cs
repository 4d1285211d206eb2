using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Common;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.Rules;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Workflows;

/// <summary>
/// The shape every step shares: find the record, compare the version the caller saw, let the step
/// check and change it, write the audit entry in the same SaveChanges, then stage what needs the saved record
/// (the items it opens, the notices it queues: <paramref name="outbox"/>), all in one transaction. A refusal
/// or a conflict rolls back and forgets the tracked changes, so nothing is half-written.
/// </summary>
internal sealed class WorkflowRunner(GuidanceDbContext db, TimeProvider time, INoticeOutbox? outbox = null)
{
    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    /// <summary>Today in China (UTC+8 all year, no daylight saving).</summary>
    public DateOnly ChinaToday => time.ChinaToday();

    public async Task<WorkflowResult> RunAsync<T>(
        Func<CancellationToken, Task<T?>> load,
        string entityName,
        Guid seenVersion,
        Actor actor,
        Func<T, CancellationToken, Task<DomainError?>> step,
        Func<T, AuditEntry> audit,
        CancellationToken ct,
        Func<T, string?>? detail = null,
        Func<T, CancellationToken, Task>? afterSave = null)
        where T : class, IVersioned
    {
        var culture = actor.Language;
        // On SQLite this is BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default): the write lock is taken
        // first and a second writer waits (Default Timeout) instead of failing on a stale snapshot.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var entity = await load(ct);
            if (entity is null)
            {
                return WorkflowResult.NotFound(DomainError.Create("workflow.not_found", culture, null, new Resources.TextRef($"entity.{entityName}")));
            }
            if (entity.Version != seenVersion)
            {
                return WorkflowResult.Conflict(DomainError.Create("workflow.conflict", culture, "version"));
            }

            var refusal = await step(entity, ct);
            if (refusal is not null)
            {
                await RollbackAsync(tx, ct);
                return refusal.Code.StartsWith("auth.", StringComparison.Ordinal)
                    ? WorkflowResult.Forbidden(refusal)
                    : WorkflowResult.Refused(refusal);
            }

            db.AuditLog.Add(audit(entity));
            await db.SaveChangesAsync(ct);
            if (afterSave is not null)
            {
                // Saved but not committed: ids, numbers and the new version exist, and what is staged here commits with the step.
                await afterSave(entity, ct);
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
            return WorkflowResult.Done(entity.Version, detail?.Invoke(entity));
        }
        catch (DbUpdateConcurrencyException)
        {
            await RollbackAsync(tx, ct);
            return WorkflowResult.Conflict(DomainError.Create("workflow.conflict", culture, "version"));
        }
        finally
        {
            // Whatever happened, this context holds no half-applied change afterwards.
            db.ChangeTracker.Clear();
        }
    }


    /// <summary>Queues a notice to each recipient on the step's context (inside its transaction); how many were new (not queued or sent before).</summary>
    public async Task<int> NotifyAsync(IEnumerable<int> recipients, Func<int, Notice> notice, CancellationToken ct)
    {
        var to = outbox ?? throw new InvalidOperationException("This workflow was made without an outbox and has no one to tell.");
        var queued = 0;
        foreach (var id in recipients)
        {
            if (await to.QueueAsync(db, notice(id), ct))
            {
                queued++;
            }
        }
        return queued;
    }

    private static async Task RollbackAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, CancellationToken ct)
    {
        await tx.RollbackAsync(ct);
    }
}
