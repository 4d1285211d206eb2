using System.Globalization;
using GuidanceBot.Data.Resources;
using GuidanceBot.Data.Visits;

namespace GuidanceBot.Data.Rules;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014): a 64-bit state advanced by 0x9E3779B97F4A7C15 and mixed by
/// two multiply-xorshift rounds. Written out here so a stored draw replays identically on any runtime,
/// whatever <see cref="Random"/> does in a later .NET.
/// </summary>
public struct SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong Next()
    {
        unchecked
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Uniform in [0, bound): rejection of the biased low range, then modulo.</summary>
    public ulong NextBelow(ulong bound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        var threshold = (0UL - bound) % bound; // 2^64 mod bound
        while (true)
        {
            var r = Next();
            if (r >= threshold)
            {
                return r % bound;
            }
        }
    }
}

/// <summary>The enterprises drawn, in draw order, with everything needed to replay the draw.</summary>
public sealed record SpotCheckOutcome(int Seed, int Count, IReadOnlyList<int> CandidateIds, IReadOnlyList<int> ChosenIds, string Algorithm)
{
    /// <summary>The stored form; <see cref="SpotCheckDraw.Enterprises"/> keep the draw order.</summary>
    public SpotCheckDraw ToEntity(int visitId, int drawnById, DateTime drawnUtc) => new()
    {
        GuidanceVisitId = visitId,
        Seed = Seed,
        Count = Count,
        CandidateIds = SpotCheck.FormatIds(CandidateIds),
        Algorithm = Algorithm,
        DrawnById = drawnById,
        DrawnUtc = drawnUtc,
        Enterprises = [.. ChosenIds.Select((id, i) => new SpotCheckedEnterprise { EnterpriseId = id, Order = i + 1 })],
    };
}

/// <summary>The outcome of replaying a stored draw.</summary>
public sealed record SpotCheckReplay(bool Matches, IReadOnlyList<int> Expected, IReadOnlyList<int> Stored, DomainError? Error);

/// <summary>
/// 随机抽查 1–2 家: candidates are the unit's planned enterprise ids, sorted ascending and de-duplicated;
/// a Fisher–Yates shuffle driven by <see cref="SplitMix64"/> seeded with the stored seed; the first
/// <c>count</c> ids are chosen. Same seed and candidates, same enterprises, on any machine.
/// </summary>
public static class SpotCheck
{
    public const string Algorithm = "splitmix64-fisher-yates-v1";
    public const int MinCount = 1;
    public const int MaxCount = 2;

    /// <summary>
    /// The draw's method as people read it (the card shows this; the id stays in the data for the replay). An id
    /// this version does not know is shown as it is.
    /// </summary>
    public static string Describe(string algorithm, int candidates, int count, CultureInfo culture)
    {
        var code = "draw.method." + algorithm;
        return DomainText.Has(code, CultureInfo.InvariantCulture) ? DomainText.Get(code, culture, candidates, count) : algorithm;
    }

    public static DomainResult<SpotCheckOutcome> Draw(IEnumerable<int> candidateIds, int count, int seed, CultureInfo? culture = null)
    {
        var candidates = candidateIds.Distinct().Order().ToList();
        if (candidates.Count == 0)
        {
            return DomainError.Create("draw.no_candidates", culture, "candidates");
        }
        if (count is < MinCount or > MaxCount)
        {
            return DomainError.Create("draw.count", culture, "count", count, MinCount, MaxCount);
        }

        var effective = Math.Min(count, candidates.Count); // one candidate: the draw is that one
        return new SpotCheckOutcome(seed, effective, candidates, Shuffle(candidates, seed)[..effective], Algorithm);
    }

    /// <summary>Recomputes a stored draw and compares it with the enterprises stored for it.</summary>
    public static SpotCheckReplay Replay(SpotCheckDraw stored, CultureInfo? culture = null)
    {
        var storedIds = stored.Enterprises.OrderBy(e => e.Order).Select(e => e.EnterpriseId).ToList();
        if (stored.Algorithm != Algorithm)
        {
            return new(false, [], storedIds, DomainError.Create("draw.unknown_algorithm", culture, "algorithm", stored.Algorithm));
        }
        if (!TryParseIds(stored.CandidateIds, out var candidates) || candidates.Count == 0)
        {
            return new(false, [], storedIds, DomainError.Create("draw.bad_candidates", culture, "candidateIds"));
        }

        var expected = Shuffle(candidates, stored.Seed)[..Math.Min(stored.Count, candidates.Count)];
        var matches = expected.SequenceEqual(storedIds);
        return new(matches, expected, storedIds, matches ? null : DomainError.Create("draw.replay_mismatch", culture, null,
            FormatIds(expected), FormatIds(storedIds)));
    }

    internal static int[] Shuffle(IReadOnlyList<int> sortedCandidates, int seed)
    {
        var ids = sortedCandidates.ToArray();
        var rng = new SplitMix64(unchecked((ulong)(uint)seed));
        for (var i = ids.Length - 1; i > 0; i--)
        {
            var j = (int)rng.NextBelow((ulong)(i + 1));
            (ids[i], ids[j]) = (ids[j], ids[i]);
        }
        return ids;
    }

    public static string FormatIds(IEnumerable<int> ids) => string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));

    private static bool TryParseIds(string text, out List<int> ids)
    {
        ids = [];
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return false;
            }
            ids.Add(id);
        }
        // Stored ascending; anything else was edited by hand.
        return ids.SequenceEqual(ids.Distinct().Order());
    }
}
