using System.Globalization;
using System.Reflection;
using System.Security.Claims;
using GuidanceBot.Api.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Units;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Auth;

/// <summary>
/// Who is calling, from the token alone: the role and unit claims decide what the caller may see and do.
/// When the token's object id and tenant match a <see cref="Person"/>, the person's id and name are used
/// for the audit trail; otherwise the caller acts under the token's name.
/// </summary>
public sealed record Caller(PersonRole Role, int? UnitId, string? UnitCode, int? PersonId, string Name, CultureInfo Culture, IReadOnlyList<UnitRef> Units)
{
    /// <summary>The id of the unit with <paramref name="code"/> the caller may act for, or null (unknown or not theirs: the same answer).</summary>
    public int? VisibleUnitId(string? code)
    {
        var unit = string.IsNullOrWhiteSpace(code) ? null : Units.FirstOrDefault(u => u.Code == code.Trim());
        return unit is not null && CanSee(unit.Id) ? unit.Id : null;
    }

    public bool IsCity => Role is PersonRole.CityAdmin or PersonRole.CityStaff;

    /// <summary>City roles see every unit; a county liaison only their own.</summary>
    public bool CanSee(int unitId) => IsCity || unitId == UnitId;

    /// <summary>The unit a list is limited to: null for city roles.</summary>
    public int? Scope => IsCity ? null : UnitId ?? -1;

    /// <summary>Minimal APIs bind a <see cref="Caller"/> parameter through this.</summary>
    public static async ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        if (context.Items.TryGetValue(typeof(Caller), out var cached) && cached is Caller c)
        {
            return c;
        }

        var user = context.User;
        var role = user.IsInRole(nameof(PersonRole.CityAdmin)) ? PersonRole.CityAdmin
            : user.IsInRole(nameof(PersonRole.CityStaff)) ? PersonRole.CityStaff
            : PersonRole.CountyLiaison;
        var unitCode = user.FindFirstValue(ApiAuth.UnitClaim);
        var units = context.RequestServices.GetRequiredService<UnitDirectory>();
        var unit = await units.FindAsync(unitCode, context.RequestAborted);

        var oid = user.FindFirstValue("oid") ?? user.FindFirstValue("http://schemas.microsoft.com/identity/claims/objectidentifier");
        var tid = user.FindFirstValue("tid") ?? user.FindFirstValue("http://schemas.microsoft.com/identity/claims/tenantid");
        var person = oid is null || tid is null ? null : await context.RequestServices.GetRequiredService<GuidanceDbContext>().People.AsNoTracking()
            .Where(p => p.AadObjectId == oid && p.TenantId == tid && p.IsActive)
            .Select(p => new { p.Id, p.Name }).FirstOrDefaultAsync(context.RequestAborted);

        var name = person?.Name ?? user.FindFirstValue("name") ?? user.Identity?.Name ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "api";
        var unitId = unit?.Id;
        if (role != PersonRole.CountyLiaison && unitId is null)
        {
            // City callers act for the city bureau when the token names no unit.
            unitId = (await units.CityAsync(context.RequestAborted))?.Id;
        }

        var caller = new Caller(role, unitId, unit?.Code, person?.Id, name, ApiText.Culture, await units.AllAsync(context.RequestAborted));
        context.Items[typeof(Caller)] = caller;
        return caller;
    }
}
