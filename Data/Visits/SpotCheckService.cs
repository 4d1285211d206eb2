using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Workflows;
using System.Security.Cryptography;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Visits;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Visits;

/// <summary>
/// Replays a visit's stored spot-check draw (seed, candidates, result) so an auditor can check it; the draw itself is a
/// step of <see cref="VisitWorkflow.DrawAsync"/>.
/// </summary>
public sealed class SpotCheckService(GuidanceDbContext db)
{
    /// <summary>Replays the stored draw of a visit; null when the visit has no draw.</summary>
    public async Task<SpotCheckReplay?> ReplayAsync(int visitId, System.Globalization.CultureInfo? culture = null, CancellationToken ct = default)
    {
        var draw = await db.SpotCheckDraws.AsNoTracking().Include(d => d.Enterprises)
            .SingleOrDefaultAsync(d => d.GuidanceVisitId == visitId, ct);
        return draw is null ? null : SpotCheck.Replay(draw, culture);
    }
}
