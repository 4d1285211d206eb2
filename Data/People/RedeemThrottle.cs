using GuidanceBot.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.People;

/// <summary>
/// Wrong invite codes per sender (tenant + AAD object id): <see cref="MaxFailures"/> failures within
/// <see cref="Window"/> lock the sender out for <see cref="Lockout"/> after the last one. The failures are
/// audit entries in the database, not an in-process cache: the bot may run as several instances behind a
/// load balancer and restarts must not reset the count; the audit log already records who tried what, so
/// no extra table is needed. Attempts while locked are refused without being counted.
/// </summary>
internal sealed class RedeemThrottle(GuidanceDbContext db, TimeProvider time)
{
    public const string FailedAction = "invite.redeem_failed";
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    public static string SenderKey(string tenantId, string aadObjectId) => $"{tenantId}|{aadObjectId}";

    /// <summary>When the sender may try again (UTC), or null when they may now.</summary>
    public async Task<DateTime?> LockedUntilAsync(string sender, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = now - Window - Lockout;
        var failures = await db.AuditLog.AsNoTracking()
            .Where(a => a.Action == FailedAction && a.EntityId == sender && a.OccurredUtc > since)
            .OrderByDescending(a => a.OccurredUtc).Select(a => a.OccurredUtc).ToListAsync(ct);
        for (var i = 0; i + MaxFailures - 1 < failures.Count; i++)
        {
            if (failures[i] - failures[i + MaxFailures - 1] <= Window && failures[i] + Lockout > now)
            {
                return failures[i] + Lockout;
            }
        }
        return null;
    }

    public async Task RecordFailureAsync(string sender, string senderName, string reason, CancellationToken ct)
    {
        db.AuditLog.Add(AuditEntries.For(null, senderName, FailedAction, "InviteCode", sender, null, time.GetUtcNow().UtcDateTime, reason));
        await db.SaveChangesAsync(ct);
    }
}
