using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Audit;

/// <summary>Filters of the audit log: a unit code, a person id, an action prefix, and an instant range [from, to) in UTC.</summary>
public sealed record AuditQuery(string? Unit, int? Person, string? Action, DateTime? From, DateTime? To);

public sealed record AuditEntryDto(long Id, DateTime OccurredUtc, int? ActorPersonId, string ActorName, string Action, string EntityType, string EntityId, string? UnitCode, string? Reason, string? Details);

public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", ListAsync).WithTags("Audit").RequireAuthorization(ApiAuth.City)
            .WithSummary("The audit log, newest first; filter by unit, person, action and time");
        return api;
    }

    private static async Task<Results<Ok<Paged<AuditEntryDto>>, ValidationProblem>> ListAsync(
        [AsParameters] AuditQuery filter, [AsParameters] PageQuery page, GuidanceDbContext db, CancellationToken ct)
    {
        var v = new Validator();
        page.Validate(v);
        if (filter.From is not null && filter.To is not null && filter.To < filter.From)
        {
            v.Add("to", ApiText.Get("field.date_order", "to", "from"));
        }
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        return TypedResults.Ok(await (await QueryAsync(db, filter, ct)).ToPagedAsync(page, ct));
    }

    /// <summary>The filtered log, newest first: the API's list and the tab's page read the same.</summary>
    public static async Task<IQueryable<AuditEntryDto>> QueryAsync(GuidanceDbContext db, AuditQuery filter, CancellationToken ct)
    {
        var query = db.AuditLog.AsNoTracking();
        if (filter.Unit is not null)
        {
            var unitId = await db.Units.Where(u => u.Code == filter.Unit).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct) ?? -1;
            query = query.Where(a => a.UnitId == unitId);
        }
        if (filter.Person is not null)
        {
            query = query.Where(a => a.ActorPersonId == filter.Person);
        }
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            query = query.Where(a => a.Action.StartsWith(filter.Action));
        }
        if (filter.From is { } from)
        {
            var f = from.ToUniversalTime();
            query = query.Where(a => a.OccurredUtc >= f);
        }
        if (filter.To is { } to)
        {
            var t = to.ToUniversalTime();
            query = query.Where(a => a.OccurredUtc < t);
        }
        return query.OrderByDescending(a => a.OccurredUtc).ThenByDescending(a => a.Id)
            .Select(a => new AuditEntryDto(a.Id, a.OccurredUtc, a.ActorPersonId, a.ActorName, a.Action, a.EntityType, a.EntityId,
                db.Units.Where(u => u.Id == a.UnitId).Select(u => u.Code).FirstOrDefault(), a.Reason, a.Details));
    }
}
