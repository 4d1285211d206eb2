using System.Collections.Concurrent;
using GuidanceBot.Data;
using GuidanceBot.Data.Common;
using GuidanceBot.Data.People;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Turns;

/// <summary>
/// Who sent an activity, by (tenant id, AAD object id): the <see cref="Person"/> with their unit (a deactivated one too:
/// the turn pipeline answers them, <see cref="BotTurnProcessor"/>), or null. Every turn asks, and people change rarely, so the answer is kept per <see cref="ChangeGeneration"/>
/// like the other read models: any committed SaveChanges of this process (an invite redeemed, a role or
/// language changed, a person deactivated) makes every remembered answer stale.
/// </summary>
/// <remarks>
/// The Person instances are shared between turns and must not be modified or attached by handlers;
/// handlers that change a person load it into their own context.
/// </remarks>
public sealed class KnownSenders(ChangeGeneration generation)
{
    private const int MaxEntries = 20_000;

    // Not an EF compiled query: one of those is bound to the first model it meets, and a process may serve two (SQLite and
    // PostgreSQL hosts side by side in the tests); EF's own query cache is per model, and the cache below spares most lookups.
    private static Task<Person?> FindPerson(GuidanceDbContext db, string tenantId, string aadObjectId) =>
        db.People.AsNoTracking().Include(p => p.Unit)
            .Where(p => p.TenantId == tenantId && p.AadObjectId == aadObjectId)
            .OrderByDescending(p => p.IsActive).FirstOrDefaultAsync();

    private readonly ConcurrentDictionary<(string Tenant, string Aad), Entry> _entries = new();

    public async Task<Person?> FindAsync(GuidanceDbContext db, string tenantId, string aadObjectId)
    {
        // Read before the query: a change committed while it runs moves the generation past this one.
        var current = generation.Value;
        if (_entries.TryGetValue((tenantId, aadObjectId), out var known) && known.Generation == current)
        {
            return known.Person;
        }

        var person = await FindPerson(db, tenantId, aadObjectId);
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
        _entries[(tenantId, aadObjectId)] = new Entry(current, person);
        return person;
    }

    private sealed record Entry(long Generation, Person? Person);
}
