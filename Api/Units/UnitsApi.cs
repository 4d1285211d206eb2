using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.Units;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Units;

public sealed record UnitDto(int Id, string Code, string Name, string ShortName, string? NameEn, UnitLevel Level, string? ParentCode, bool IsActive);

public static class UnitsApi
{
    public static RouteGroupBuilder MapUnitsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/units").WithTags("Units");
        group.MapGet("/", ListAsync).WithSummary("The organisation units (a county liaison sees their own)");
        group.MapGet("/{code}", GetAsync).WithSummary("One unit by code");
        return api;
    }

    // Few rows (one city, a handful of counties): the list is bounded by the organisation itself.
    private static async Task<Ok<List<UnitDto>>> ListAsync(Caller caller, GuidanceDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Units.AsNoTracking()
            .Where(u => caller.Scope == null || u.Id == caller.Scope)
            .OrderBy(u => u.SortOrder).Take(PageQuery.MaxPageSize)
            .Select(u => new UnitDto(u.Id, u.Code, u.Name, u.ShortName, u.NameEn, u.Level, u.Parent == null ? null : u.Parent.Code, u.IsActive))
            .ToListAsync(ct));

    private static async Task<Results<Ok<UnitDto>, ProblemHttpResult>> GetAsync(string code, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().Where(u => u.Code == code && (caller.Scope == null || u.Id == caller.Scope))
            .Select(u => new UnitDto(u.Id, u.Code, u.Name, u.ShortName, u.NameEn, u.Level, u.Parent == null ? null : u.Parent.Code, u.IsActive))
            .FirstOrDefaultAsync(ct);
        return unit is null ? ApiProblems.NotFound() : TypedResults.Ok(unit);
    }
}
