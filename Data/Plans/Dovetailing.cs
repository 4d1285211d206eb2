using System.Security.Cryptography;
using System.Text;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Units;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Plans;

/// <summary>
/// One county and the city's plan (<see cref="PlanDovetailing"/>): enterprises both plan to inspect (doubled), key enterprises of
/// the county neither plans (left out). <see cref="CountyListFiled"/> false: the county filed counts only, so nothing can be matched.
/// </summary>
public sealed record UnitDovetailing(int UnitId, string UnitCode, string UnitName, string? UnitNameEn, bool CountyListFiled,
    IReadOnlyList<EnterpriseRef> PlannedInBoth, IReadOnlyList<EnterpriseRef> LeftOut)
{
    public bool Dovetails => PlannedInBoth.Count == 0 && LeftOut.Count == 0;

    /// <summary>What the unit's result is made of: the same fingerprint, the same result (a notice is sent once per result).</summary>
    public string Fingerprint => DovetailView.Hash($"{UnitId}|{CountyListFiled}|b:{string.Join(",", PlannedInBoth.Select(e => e.CreditCode))}|l:{string.Join(",", LeftOut.Select(e => e.CreditCode))}");
}

/// <summary>市县两级计划相互衔接 for a year: each active county against the city's own plan; <see cref="CityPlanFiled"/> false: nothing to compare yet.</summary>
public sealed record DovetailView(int Year, bool CityPlanFiled, int CityPlanned, IReadOnlyList<UnitDovetailing> Units)
{
    public bool Dovetails => CityPlanFiled && Units.All(u => u.Dovetails);

    public string Fingerprint => Hash(CityPlanFiled + "|" + CityPlanned + "|" + string.Join(";", Units.Select(u => u.Fingerprint)));

    internal static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}

/// <summary>The city staff's notice: the year's dovetailing changed (<paramref name="Fingerprint"/>: the new result; once per result).</summary>
public sealed record DovetailingNotice(int RecipientId, int Year, string Fingerprint) : Notice(RecipientId)
{
    public const string Name = "plan-dovetailing";

    public override string Kind => Name;
    public override string Subject => $"dovetailing:{Year}";
    public override string Stage => Fingerprint;
}

/// <summary>A county's notice: what of the dovetailing concerns it (its doubled and left-out enterprises), once per result.</summary>
public sealed record UnitDovetailingNotice(int RecipientId, int Year, int UnitId, string Fingerprint) : Notice(RecipientId)
{
    public const string Name = "plan-dovetailing-unit";

    public override string Kind => Name;
    public override string Subject => $"dovetailing:{Year}:{UnitId}";
    public override string Stage => Fingerprint;
}

/// <summary>
/// The dovetailing of the city's and the counties' plans, read (the status card, the API, the notices' cards) and run after
/// any plan of the year changes (<see cref="AfterChangeAsync"/>, inside the changing step's transaction): city staff are told
/// the new result, and each county with something doubled or left out is told what concerns it — nobody else.
/// </summary>
public sealed class Dovetailing(GuidanceDbContext db)
{
    public async Task<DovetailView> LoadAsync(int year, CancellationToken ct = default)
    {
        var city = await db.Units.AsNoTracking().Where(u => u.Level == UnitLevel.City).OrderBy(u => u.Id).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
        var plans = await db.AnnualPlans.AsNoTracking().Where(p => p.Year == year)
            .Include(p => p.Entries).ThenInclude(e => e.Enterprise).AsSplitQuery().ToListAsync(ct);
        var cityPlan = plans.FirstOrDefault(p => p.UnitId == city);
        var counties = await db.Units.AsNoTracking().Where(u => u.Level == UnitLevel.County && u.IsActive).OrderBy(u => u.SortOrder).ToListAsync(ct);
        if (cityPlan is null)
        {
            return new DovetailView(year, false, 0, []);
        }
        var units = new List<UnitDovetailing>();
        foreach (var county in counties)
        {
            var plan = plans.FirstOrDefault(p => p.UnitId == county.Id);
            var listed = plan is { Entries.Count: > 0 };
            var own = await db.Enterprises.AsNoTracking().Where(e => e.UnitId == county.Id && e.IsActive).ToListAsync(ct);
            var codes = own.Select(e => CreditCode.Normalize(e.CreditCode)).Concat(plan?.Entries.Select(e => CreditCode.Normalize(e.Enterprise!.CreditCode)) ?? [])
                .ToHashSet(StringComparer.Ordinal);
            // The city's entries that are this county's enterprises (by register or by credit code).
            var cityHere = cityPlan.Entries.Where(e => e.Enterprise!.UnitId == county.Id || codes.Contains(CreditCode.Normalize(e.Enterprise.CreditCode))).ToList();
            if (!listed)
            {
                units.Add(new(county.Id, county.Code, county.Name, county.NameEn, false, [], []));
                continue;
            }
            var result = PlanDovetailing.Compare(cityHere, plan!.Entries, own);
            units.Add(new(county.Id, county.Code, county.Name, county.NameEn, true, result.PlannedInBoth, result.KeyUnitsInNeither));
        }
        return new DovetailView(year, true, cityPlan.Entries.Count(e => e.Planned), units);
    }

    /// <summary>After a plan of <paramref name="year"/> changed, in the step's transaction: who is told what (nothing before the city's plan is filed).</summary>
    internal async Task AfterChangeAsync(int year, Workflows.WorkflowRunner runner, CancellationToken ct)
    {
        var view = await LoadAsync(year, ct);
        if (!view.CityPlanFiled)
        {
            return;
        }
        await runner.NotifyAsync(await Recipients.CityStaffAsync(db, ct), id => new DovetailingNotice(id, year, view.Fingerprint), ct);
        foreach (var unit in view.Units.Where(u => !u.Dovetails))
        {
            await runner.NotifyAsync(await Recipients.UnitLiaisonsAsync(db, unit.UnitId, ct), id => new UnitDovetailingNotice(id, year, unit.UnitId, unit.Fingerprint), ct);
        }
    }
}
