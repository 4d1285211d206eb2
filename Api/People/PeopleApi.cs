using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Api.Units;
using GuidanceBot.Data;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.People;

public sealed record PersonDto(int Id, string Name, PersonRole Role, string UnitCode, string? Phone, bool IsActive, bool LinkedToTeams, Guid Version);

public sealed record PeopleQuery(string? Unit, string? Role, string? Q);

public sealed record CreateInviteRequest(string? UnitCode, string? Role, string? InviteeName, int? ValidDays);

/// <summary>The code (as <see cref="InviteCodes"/> defines it, e.g. 7KQ2M-9XDTP) is in this answer only; the database keeps its SHA-256.</summary>
public sealed record CreatedInvite(int Id, string Code, string UnitCode, PersonRole Role, string InviteeName, DateTime ExpiresUtc);

public sealed record InviteDto(int Id, string UnitCode, PersonRole Role, string InviteeName, DateTime ExpiresUtc, DateTime CreatedUtc, bool Redeemed);

public static class PeopleApi
{
    public static RouteGroupBuilder MapPeopleApi(this RouteGroupBuilder api)
    {
        var people = api.MapGroup("/people").WithTags("People");
        people.MapGet("/", ListAsync).WithSummary("People, paged; filter by unit, role, name");
        people.MapGet("/{id:int}", GetAsync);

        var invites = api.MapGroup("/invite-codes").WithTags("People").RequireAuthorization(ApiAuth.CityAdmin);
        invites.MapPost("/", CreateInviteAsync).WithSummary("Create a one-time invite code (returned once)");
        invites.MapGet("/", ListInvitesAsync);
        return api;
    }

    private static readonly SortMap<Person> Sorts = new SortMap<Person>("name", q => q.ThenBy(p => p.Id))
        .Add("name", p => p.Name).Add("role", p => p.Role).Add("unit", p => p.UnitId).Add("created", p => p.CreatedUtc);

    private static async Task<Results<Ok<Paged<PersonDto>>, ValidationProblem>> ListAsync(
        [AsParameters] PeopleQuery filter, [AsParameters] PageQuery page, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        var v = new Validator();
        page.Validate(v);
        var role = filter.Role is null ? (PersonRole?)null : v.Enum<PersonRole>("role", filter.Role);
        var query = db.People.AsNoTracking().Where(p => caller.Scope == null || p.UnitId == caller.Scope);
        if (filter.Unit is not null)
        {
            query = query.Where(p => p.Unit!.Code == filter.Unit);
        }
        if (role is not null)
        {
            query = query.Where(p => p.Role == role);
        }
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            query = query.Where(p => p.Name.Contains(filter.Q.Trim()));
        }
        query = Sorts.Apply(query, page.Sort, v);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        return TypedResults.Ok(await query.Select(ToDto).ToPagedAsync(page, ct));
    }

    private static async Task<Results<Ok<PersonDto>, ProblemHttpResult>> GetAsync(int id, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().Where(p => p.Id == id && (caller.Scope == null || p.UnitId == caller.Scope))
            .Select(ToDto).FirstOrDefaultAsync(ct);
        return person is null ? ApiProblems.NotFound() : TypedResults.Ok(person);
    }

    private static readonly System.Linq.Expressions.Expression<Func<Person, PersonDto>> ToDto = p =>
        new PersonDto(p.Id, p.Name, p.Role, p.Unit!.Code, p.Phone, p.IsActive, p.AadObjectId != null, p.Version);

    /// <summary>The workflow's field names → this API's JSON names.</summary>
    private static string JsonField(string field) => field == InviteFields.Unit ? "unitCode" : field;

    /// <summary>
    /// Translates the request (a unit code to the unit, a role name to the role) and hands it to <see cref="InviteWorkflow.CreateAsync"/>,
    /// which checks every field at once; a code or a role that cannot be read is named in the same answer, in place of the
    /// workflow's "required" for that field.
    /// </summary>
    private static async Task<Results<Created<CreatedInvite>, ValidationProblem, ProblemHttpResult>> CreateInviteAsync(
        CreateInviteRequest? body, Caller caller, InviteWorkflow invites, GuidanceDbContext db, CancellationToken ct)
    {
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        var unreadable = new Validator();
        var unitCode = unreadable.Optional("unitCode", body.UnitCode, 64) ?? "";
        var unitId = unitCode.Length == 0 || unreadable.Errors.ContainsKey("unitCode") ? null : caller.VisibleUnitId(unitCode);
        if (unitCode.Length > 0 && unitId is null && !unreadable.Errors.ContainsKey("unitCode"))
        {
            unreadable.Add("unitCode", ApiText.Get("field.unknown_unit", unitCode));
        }
        PersonRole? role = null;
        if (!string.IsNullOrWhiteSpace(body.Role))
        {
            var parsed = unreadable.Enum<PersonRole>("role", body.Role);
            role = unreadable.Errors.ContainsKey("role") ? null : parsed;
        }

        var outcome = await invites.CreateAsync(new InviteRequest(unitId, role, body.InviteeName, body.ValidDays), caller.ToActor(), ct);
        if (!outcome.Succeeded)
        {
            if (outcome.Invalid(JsonField) is not { } invalid)
            {
                return outcome.Problem();
            }
            var errors = new Dictionary<string, string[]>(invalid.ProblemDetails.Errors);
            foreach (var (field, messages) in unreadable.Errors)
            {
                errors[field] = messages;
            }
            return ApiProblems.Invalid(errors);
        }
        var invite = await db.InviteCodes.AsNoTracking().FirstAsync(i => i.Id == outcome.Id, ct);
        return TypedResults.Created($"/api/v1/invite-codes/{invite.Id}", new CreatedInvite(invite.Id, outcome.Detail!, unitCode, invite.Role, invite.InviteeName, invite.ExpiresUtc));
    }

    private static async Task<Results<Ok<Paged<InviteDto>>, ValidationProblem>> ListInvitesAsync(
        [AsParameters] PageQuery page, GuidanceDbContext db, CancellationToken ct)
    {
        var v = new Validator();
        page.Validate(v);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        return TypedResults.Ok(await db.InviteCodes.AsNoTracking().OrderByDescending(i => i.CreatedUtc).ThenByDescending(i => i.Id)
            .Select(i => new InviteDto(i.Id, i.Unit!.Code, i.Role, i.InviteeName, i.ExpiresUtc, i.CreatedUtc, i.RedeemedUtc != null))
            .ToPagedAsync(page, ct));
    }
}
