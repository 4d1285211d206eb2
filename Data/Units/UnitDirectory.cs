using GuidanceBot.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace GuidanceBot.Data.Units;

/// <summary>A unit as callers resolve it: by code from a token claim or a URL.</summary>
public sealed record UnitRef(int Id, string Code, UnitLevel Level, int? ParentId, bool IsActive);

/// <summary>
/// The organisation units, read once per <see cref="ChangeGeneration"/>: every authenticated request
/// resolves a unit code, and the list changes only when an admin edits the units file.
/// </summary>
public sealed class UnitDirectory(GuidanceDbContext db, IMemoryCache cache, ChangeGeneration generation)
{
    public async Task<IReadOnlyList<UnitRef>> AllAsync(CancellationToken ct = default)
    {
        var key = (nameof(UnitDirectory), generation.Value);
        if (cache.TryGetValue(key, out IReadOnlyList<UnitRef>? units) && units is not null)
        {
            return units;
        }
        units = await db.Units.AsNoTracking().OrderBy(u => u.SortOrder).ThenBy(u => u.Id)
            .Select(u => new UnitRef(u.Id, u.Code, u.Level, u.ParentId, u.IsActive)).ToListAsync(ct);
        cache.Set(key, units, TimeSpan.FromMinutes(5));
        return units;
    }

    public async Task<UnitRef?> FindAsync(string? code, CancellationToken ct = default) =>
        string.IsNullOrWhiteSpace(code) ? null : (await AllAsync(ct)).FirstOrDefault(u => u.Code == code.Trim());

    /// <summary>The city bureau (the issuer of letters and the home of city staff).</summary>
    public async Task<UnitRef?> CityAsync(CancellationToken ct = default) =>
        (await AllAsync(ct)).FirstOrDefault(u => u.Level == UnitLevel.City);
}
