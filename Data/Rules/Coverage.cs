using System.Globalization;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Plans;

namespace GuidanceBot.Data.Rules;

/// <summary>An enterprise named in a rule's result.</summary>
public sealed record EnterpriseRef(int Id, string Name, string CreditCode, string CategoryCode)
{
    public static EnterpriseRef From(Enterprise e) => new(e.Id, e.Name, e.CreditCode, e.CategoryCode);
}

/// <summary>Coverage of one category, or of all categories together (<see cref="Coverage.TotalKey"/>).</summary>
public sealed record CoverageLine(
    string CategoryCode,
    int KeyTotal,
    int KeyPlanned,
    int GeneralTotal,
    int GeneralPlanned,
    IReadOnlyList<EnterpriseRef> MissingKeyUnits)
{
    /// <summary>Key units not planned; from counts only the number is known.</summary>
    public int KeyMissing => KeyTotal - KeyPlanned;

    /// <summary>How many more general units must be planned: the smallest n with (planned + n) × 3 ≥ total.</summary>
    public int GeneralShort => Coverage.GeneralShortfall(GeneralPlanned, GeneralTotal);

    public bool KeyCovered => KeyMissing == 0;
    public bool GeneralCovered => GeneralPlanned * 3 >= GeneralTotal;
    public bool IsMet => KeyCovered && GeneralCovered;
}

/// <summary>
/// The result of the coverage rule. When the input could not be right (<see cref="Refusals"/> not empty)
/// the lines are empty and nothing else should be concluded.
/// </summary>
public sealed record CoverageResult(IReadOnlyList<CoverageLine> Categories, CoverageLine? Total, IReadOnlyList<DomainError> Refusals)
{
    public bool IsValid => Refusals.Count == 0;
    public bool IsMet => IsValid && Total is not null && Categories.All(c => c.IsMet) && Total.IsMet;

    /// <summary>
    /// One localized sentence per unmet category, for a card or a ProblemDetails. <paramref name="categoryNames"/>
    /// maps category codes to display names (<c>EnterpriseCategory.Name</c> / <c>NameEn</c>); codes are shown without it.
    /// </summary>
    public IReadOnlyList<DomainError> Shortfalls(CultureInfo? culture, IReadOnlyDictionary<string, string>? categoryNames = null)
    {
        string Name(string code) => categoryNames is not null && categoryNames.TryGetValue(code, out var name) ? name : code;
        var separator = culture?.TwoLetterISOLanguageName == "en" ? ", " : "、";
        return
        [
            .. Categories.Where(c => !c.KeyCovered).Select(c => DomainError.Create(
                "coverage.key_missing", culture, c.CategoryCode, Name(c.CategoryCode), c.KeyMissing,
                string.Join(separator, c.MissingKeyUnits.Select(u => u.Name)))),
            .. Categories.Where(c => !c.GeneralCovered).Select(c => DomainError.Create(
                "coverage.general_short", culture, c.CategoryCode, Name(c.CategoryCode), c.GeneralPlanned, c.GeneralTotal, c.GeneralShort)),
        ];
    }
}

/// <summary>
/// 重点生产经营单位全覆盖、一般生产经营单位不少于三分之一: per category and in total, every key unit is
/// planned and planned general × 3 ≥ all general. Integer arithmetic only, so "exactly one third" is exact.
/// </summary>
public static class Coverage
{
    public const string TotalKey = "total";

    /// <summary>Smallest n ≥ 0 with (planned + n) × 3 ≥ total.</summary>
    public static int GeneralShortfall(int planned, int total) => Math.Max(0, (total + 2) / 3 - planned);

    /// <summary>
    /// Which coverage counts for a plan, decided here once: its enterprise list when it has one (every entry with
    /// its <see cref="PlanEntry.Enterprise"/> loaded), else the figures filed per category. Submitting, the API's
    /// plan and the city's review card all read it so.
    /// </summary>
    public static CoverageResult OfPlan(AnnualPlan plan, CultureInfo? culture = null) => OfPlan(plan.Entries, plan.Categories, culture);

    /// <inheritdoc cref="OfPlan(AnnualPlan, CultureInfo?)"/>
    public static CoverageResult OfPlan(IReadOnlyCollection<PlanEntry> entries, IEnumerable<PlanCategoryFigures> figures, CultureInfo? culture = null) =>
        entries.Count > 0 ? FromEntries(entries, culture) : FromFigures(figures, culture);

    /// <summary>From the counts a unit filed per category.</summary>
    public static CoverageResult FromFigures(IEnumerable<PlanCategoryFigures> figures, CultureInfo? culture = null)
    {
        var refusals = new List<DomainError>();
        var lines = new List<CoverageLine>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in figures)
        {
            if (!seen.Add(f.CategoryCode))
            {
                refusals.Add(DomainError.Create("coverage.duplicate_category", culture, f.CategoryCode, f.CategoryCode));
                continue;
            }

            var before = refusals.Count;
            CheckCount(f.CategoryCode, nameof(f.KeyTotal), f.KeyTotal);
            CheckCount(f.CategoryCode, nameof(f.KeyPlanned), f.KeyPlanned);
            CheckCount(f.CategoryCode, nameof(f.GeneralTotal), f.GeneralTotal);
            CheckCount(f.CategoryCode, nameof(f.GeneralPlanned), f.GeneralPlanned);
            if (refusals.Count == before)
            {
                CheckPlanned(f.CategoryCode, nameof(f.KeyPlanned), f.KeyPlanned, f.KeyTotal);
                CheckPlanned(f.CategoryCode, nameof(f.GeneralPlanned), f.GeneralPlanned, f.GeneralTotal);
            }
            lines.Add(new(f.CategoryCode, f.KeyTotal, f.KeyPlanned, f.GeneralTotal, f.GeneralPlanned, []));
        }

        return Result(lines, refusals);

        void CheckCount(string category, string field, int value)
        {
            if (value < 0)
            {
                refusals.Add(DomainError.Create("coverage.negative", culture, $"{category}.{field}", category, value));
            }
        }

        void CheckPlanned(string category, string field, int planned, int total)
        {
            if (planned > total)
            {
                refusals.Add(DomainError.Create("coverage.planned_exceeds_total", culture, $"{category}.{field}", category, planned, total));
            }
        }
    }

    /// <summary>
    /// From the enterprise list: every entry is a supervised enterprise (its <see cref="PlanEntry.Enterprise"/>
    /// loaded), <see cref="PlanEntry.Planned"/> says whether it is inspected this year.
    /// </summary>
    public static CoverageResult FromEntries(IEnumerable<PlanEntry> entries, CultureInfo? culture = null)
    {
        var refusals = new List<DomainError>();
        var seen = new HashSet<int>();
        var rows = new List<(Enterprise Enterprise, bool Planned)>();
        foreach (var entry in entries)
        {
            if (entry.Enterprise is null)
            {
                refusals.Add(DomainError.Create("coverage.entry_without_enterprise", culture, "entries", entry.EnterpriseId));
                continue;
            }
            if (!seen.Add(entry.Enterprise.Id))
            {
                refusals.Add(DomainError.Create("coverage.duplicate_enterprise", culture, "entries", entry.Enterprise.Name, entry.Enterprise.CreditCode));
                continue;
            }
            rows.Add((entry.Enterprise, entry.Planned));
        }

        var lines = rows
            .GroupBy(r => r.Enterprise.CategoryCode, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var key = g.Where(r => r.Enterprise.Tier == EnterpriseTier.Key).ToList();
                var general = g.Where(r => r.Enterprise.Tier == EnterpriseTier.General).ToList();
                return new CoverageLine(
                    g.Key,
                    key.Count,
                    key.Count(r => r.Planned),
                    general.Count,
                    general.Count(r => r.Planned),
                    [.. key.Where(r => !r.Planned).Select(r => EnterpriseRef.From(r.Enterprise)).OrderBy(r => r.Id)]);
            })
            .ToList();
        return Result(lines, refusals);
    }

    private static CoverageResult Result(List<CoverageLine> lines, List<DomainError> refusals)
    {
        if (refusals.Count > 0)
        {
            return new([], null, refusals);
        }

        var total = new CoverageLine(
            TotalKey,
            lines.Sum(l => l.KeyTotal),
            lines.Sum(l => l.KeyPlanned),
            lines.Sum(l => l.GeneralTotal),
            lines.Sum(l => l.GeneralPlanned),
            [.. lines.SelectMany(l => l.MissingKeyUnits)]);
        return new(lines, total, []);
    }
}
