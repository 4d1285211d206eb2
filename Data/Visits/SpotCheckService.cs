using System.Globalization;
using GuidanceBot.Data.Rules;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Visits;

/// <summary>One enterprise drawn, in draw order.</summary>
public sealed record DrawnEnterpriseLine(int Order, int EnterpriseId, string Name, string CreditCode);

/// <summary>
/// A visit's stored draw with everything needed to reproduce it (seed, algorithm, count, the candidates in the order the
/// shuffle takes them) and the outcome of replaying it now. City staff only: it names the enterprises (<see cref="DrawSecrecy"/>).
/// </summary>
public sealed record DrawRecord(
    int VisitId, int Seed, int Count, string Algorithm, IReadOnlyList<int> CandidateIds, IReadOnlyList<DrawnEnterpriseLine> Chosen,
    DateTime DrawnUtc, int DrawnById, SpotCheckReplay Replay);

/// <summary>
/// Reads and replays a visit's stored spot-check draw (the <c>SpotCheckDraws</c> row and its enterprises: the replay data,
/// for the visit card, the API and the unit's dossier); the draw itself is a step of <see cref="VisitWorkflow.DrawAsync"/>.
/// </summary>
public sealed class SpotCheckService(GuidanceDbContext db)
{
    /// <summary>Replays the stored draw of a visit; null when the visit has no draw.</summary>
    public async Task<SpotCheckReplay?> ReplayAsync(int visitId, CultureInfo? culture = null, CancellationToken ct = default) =>
        (await LoadAsync(visitId, culture, ct))?.Replay;

    /// <summary>The visit's draw and its replay; null when the visit has no draw.</summary>
    public async Task<DrawRecord?> LoadAsync(int visitId, CultureInfo? culture = null, CancellationToken ct = default)
    {
        var draw = await db.SpotCheckDraws.AsNoTracking().Include(d => d.Enterprises).ThenInclude(e => e.Enterprise)
            .SingleOrDefaultAsync(d => d.GuidanceVisitId == visitId, ct);
        if (draw is null)
        {
            return null;
        }
        var candidates = draw.CandidateIds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(id => int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToList();
        return new DrawRecord(visitId, draw.Seed, draw.Count, draw.Algorithm, candidates,
            [.. draw.Enterprises.OrderBy(e => e.Order).Select(e => new DrawnEnterpriseLine(e.Order, e.EnterpriseId, e.Enterprise!.Name, e.Enterprise.CreditCode))],
            draw.DrawnUtc, draw.DrawnById, SpotCheck.Replay(draw, culture));
    }
}
