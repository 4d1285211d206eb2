using System.Globalization;
using GuidanceBot.Data.Workflows;

namespace GuidanceBot.Data.Audit;

/// <summary>
/// The one way an audit entry is made, whoever writes it: a workflow step, the refusal guard, an upload, a
/// wrong invite code. The entry is added to the step's context and commits with it, or not at all.
/// </summary>
public static class AuditEntries
{
    /// <summary>The entry of a step <paramref name="actor"/> took on a record.</summary>
    public static AuditEntry For(Actor actor, string action, string entityType, int entityId, int? unitId, DateTime utcNow,
        string? reason = null, string? details = null) =>
        For(actor.PersonId, actor.Name, action, entityType, entityId.ToString(CultureInfo.InvariantCulture), unitId, utcNow, reason, details);

    /// <summary>
    /// The entry of something done by someone who may not be a registered person (<paramref name="actorPersonId"/> null:
    /// a sender before redeeming an invite), on something that may not be a row (a card action, a file's Guid).
    /// </summary>
    public static AuditEntry For(int? actorPersonId, string actorName, string action, string entityType, string entityId, int? unitId, DateTime utcNow,
        string? reason = null, string? details = null) => new()
    {
        OccurredUtc = utcNow,
        ActorPersonId = actorPersonId,
        ActorName = actorName,
        Action = action,
        EntityType = entityType,
        EntityId = entityId,
        UnitId = unitId,
        Reason = reason,
        Details = details,
    };

    /// <summary>
    /// Adds a new row and its audit entry in one transaction, so the entry can name the new id. <paramref name="stageWithId"/>
    /// stages what needs the new id (e.g. notices keyed by it); it commits with the row, or not at all.
    /// </summary>
    public static async Task AddWithAuditAsync<T>(this GuidanceDbContext db, T entity, Func<T, int> id, Actor actor, TimeProvider time,
        string action, int? unitId, string? details, CancellationToken ct, Func<T, Task>? stageWithId = null) where T : class
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(entity);
        await db.SaveChangesAsync(ct);
        db.AuditLog.Add(For(actor, action, typeof(T).Name, id(entity), unitId, time.GetUtcNow().UtcDateTime, details: details));
        if (stageWithId is not null)
        {
            await stageWithId(entity);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
