using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Plans;

namespace GuidanceBot.Data.Rules;

/// <summary>What is wrong between the city's plan and one county's plan.</summary>
public sealed record DovetailResult(IReadOnlyList<EnterpriseRef> KeyUnitsInNeither, IReadOnlyList<EnterpriseRef> PlannedInBoth)
{
    public bool Dovetails => KeyUnitsInNeither.Count == 0 && PlannedInBoth.Count == 0;
}

/// <summary>
/// 市县两级年度监督检查计划相互衔接: no key unit left out of both plans, no unit planned by both.
/// Enterprises are matched by credit code (normalized), or by id when a row has no code, so the same
/// enterprise recorded twice still matches.
/// </summary>
public static class PlanDovetailing
{
    /// <param name="cityEntries">The city plan's entries (enterprises loaded).</param>
    /// <param name="countyEntries">The county plan's entries (enterprises loaded).</param>
    /// <param name="supervised">Further enterprises in the county that must be considered even when neither plan lists them.</param>
    public static DovetailResult Compare(
        IEnumerable<PlanEntry> cityEntries,
        IEnumerable<PlanEntry> countyEntries,
        IEnumerable<Enterprise>? supervised = null)
    {
        var city = Index(cityEntries);
        var county = Index(countyEntries);

        var universe = new Dictionary<string, Enterprise>(StringComparer.Ordinal);
        foreach (var (key, (enterprise, _)) in city.Concat(county))
        {
            universe.TryAdd(key, enterprise);
        }
        foreach (var e in supervised ?? [])
        {
            universe.TryAdd(KeyOf(e), e);
        }

        bool PlannedIn(Dictionary<string, (Enterprise, bool Planned)> plan, string key) =>
            plan.TryGetValue(key, out var row) && row.Planned;

        var inNeither = universe
            .Where(kv => kv.Value.Tier == EnterpriseTier.Key && !PlannedIn(city, kv.Key) && !PlannedIn(county, kv.Key))
            .Select(kv => EnterpriseRef.From(kv.Value));
        var inBoth = universe
            .Where(kv => PlannedIn(city, kv.Key) && PlannedIn(county, kv.Key))
            .Select(kv => EnterpriseRef.From(kv.Value));

        return new([.. inNeither.OrderBy(r => r.Id)], [.. inBoth.OrderBy(r => r.Id)]);
    }

    private static Dictionary<string, (Enterprise Enterprise, bool Planned)> Index(IEnumerable<PlanEntry> entries)
    {
        var index = new Dictionary<string, (Enterprise, bool)>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var enterprise = entry.Enterprise
                ?? throw new ArgumentException($"Plan entry {entry.Id} has no enterprise loaded.", nameof(entries));
            var key = KeyOf(enterprise);
            // Listed twice in one plan: planned if either row says so.
            index[key] = index.TryGetValue(key, out var existing)
                ? (enterprise, existing.Item2 || entry.Planned)
                : (enterprise, entry.Planned);
        }
        return index;
    }

    private static string KeyOf(Enterprise e)
    {
        var code = CreditCode.Normalize(e.CreditCode);
        return code.Length > 0 ? "code:" + code : "id:" + e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
