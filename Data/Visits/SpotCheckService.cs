using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Workflows;
using System.Security.Cryptography;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Visits;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Visits;

/// <summary>
/// Draws the 1–2 enterprises a guidance visit spot-checks, from the planned enterprises of the visited
/// unit's plan for that year, and stores seed, candidates and result so an auditor can replay it.
/// </summary>
public sealed class SpotCheckService(GuidanceDbContext db, TimeProvider time)
{
    private readonly WorkflowRunner runner = new(db, time);

    public Task<WorkflowResult> DrawAsync(int visitId, Guid seenVersion, int count, Actor actor, CancellationToken ct = default)
    {
        var culture = actor.Language;
        SpotCheckOutcome? outcome = null;
        return runner.RunAsync<GuidanceVisit>(
            token => db.Visits.Include(v => v.Draw).SingleOrDefaultAsync(v => v.Id == visitId, token),
            nameof(GuidanceVisit),
            seenVersion,
            actor,
            async (visit, token) =>
            {
                if (!actor.IsCity)
                {
                    return DomainError.Create("auth.city_only", culture);
                }
                if (visit.Draw is not null)
                {
                    return DomainError.Create("draw.exists", culture, "visit");
                }

                var candidates = await db.AnnualPlans
                    .Where(p => p.UnitId == visit.UnitId && p.Year == visit.Year)
                    .SelectMany(p => p.Entries.Where(e => e.Planned).Select(e => e.EnterpriseId))
                    .ToListAsync(token);

                // The seed is secret until used, so nobody can pick it to steer the draw.
                var drawn = SpotCheck.Draw(candidates, count, RandomNumberGenerator.GetInt32(int.MaxValue), culture);
                if (!drawn.IsSuccess)
                {
                    return drawn.Error;
                }

                outcome = drawn.Value;
                visit.Draw = outcome.ToEntity(visit.Id, actor.PersonId ?? 0, runner.UtcNow);
                db.Entry(visit).State = EntityState.Modified; // the visit gets a new version: a second draw conflicts
                return null;
            },
            visit => AuditEntries.For(actor, "visit.draw", nameof(GuidanceVisit), visit.Id, visit.UnitId, runner.UtcNow, null,
                $"seed={outcome!.Seed};candidates={SpotCheck.FormatIds(outcome.CandidateIds)};chosen={SpotCheck.FormatIds(outcome.ChosenIds)}"),
            ct,
            _ => SpotCheck.FormatIds(outcome!.ChosenIds));
    }

    /// <summary>Replays the stored draw of a visit; null when the visit has no draw.</summary>
    public async Task<SpotCheckReplay?> ReplayAsync(int visitId, System.Globalization.CultureInfo? culture = null, CancellationToken ct = default)
    {
        var draw = await db.SpotCheckDraws.AsNoTracking().Include(d => d.Enterprises)
            .SingleOrDefaultAsync(d => d.GuidanceVisitId == visitId, ct);
        return draw is null ? null : SpotCheck.Replay(draw, culture);
    }
}
