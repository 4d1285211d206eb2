using GuidanceBot.Api.Auth;
using GuidanceBot.Data;
using GuidanceBot.Data.Audit;

namespace GuidanceBot.Api.Common;

/// <summary>Writes a new row and its audit entry in one transaction, so the entry can name the new id.</summary>
public static class AuditTrail
{
    public static async Task AddWithAuditAsync<T>(this GuidanceDbContext db, T entity, Func<T, int> id, Caller caller, TimeProvider time,
        string action, int? unitId, string? details, CancellationToken ct, Func<T, Task>? stageWithId = null) where T : class
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(entity);
        await db.SaveChangesAsync(ct);
        db.AuditLog.Add(Entry(caller, time, action, typeof(T).Name, id(entity), unitId, details));
        if (stageWithId is not null)
        {
            // What needs the new row's id (e.g. notices keyed by it) commits with the row, or not at all.
            await stageWithId(entity);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public static AuditEntry Entry(Caller caller, TimeProvider time, string action, string entityType, int entityId, int? unitId, string? details = null, string? reason = null) => new()
    {
        OccurredUtc = time.GetUtcNow().UtcDateTime,
        ActorPersonId = caller.PersonId,
        ActorName = caller.Name,
        Action = action,
        EntityType = entityType,
        EntityId = entityId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        UnitId = unitId,
        Details = details,
        Reason = reason,
    };
}
