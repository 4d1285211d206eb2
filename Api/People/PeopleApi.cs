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

/// <summary>
/// An administration step on a person (city admin): the version seen and the reason always; <c>role</c> and <c>unitCode</c>
/// to change them; <c>successorId</c> to hand the person's open work over (required by <c>handover</c>, optional when
/// deactivating or moving to another unit).
/// </summary>
public sealed record PersonStepRequest(Guid? Version, string? Reason, string? Role = null, string? UnitCode = null, int? SuccessorId = null);

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

        // People administration (issue 14): the city admin's, each step through PeopleWorkflow as the chat's people card.
        var admin = people.MapGroup("/{id:int}").RequireAuthorization(ApiAuth.CityAdmin);
        admin.MapPost("/deactivate", (int id, PersonStepRequest? body, Caller caller, PeopleWorkflow workflow, CancellationToken ct) =>
            StepAsync(body, caller, (b, unit) => workflow.DeactivateAsync(new PersonChange(id, b.Version, b.Reason, SuccessorId: b.SuccessorId), caller.ToActor(), ct)))
            .WithSummary("Deactivate a person (reason required); with successorId, hand their open work over in the same step");
        admin.MapPost("/reactivate", (int id, PersonStepRequest? body, Caller caller, PeopleWorkflow workflow, CancellationToken ct) =>
            StepAsync(body, caller, (b, unit) => workflow.ReactivateAsync(new PersonChange(id, b.Version, b.Reason), caller.ToActor(), ct)))
            .WithSummary("Reactivate a deactivated person (reason required)");
        admin.MapPost("/change", (int id, PersonStepRequest? body, Caller caller, PeopleWorkflow workflow, CancellationToken ct) =>
            StepAsync(body, caller, (b, unit) => workflow.ChangeAsync(new PersonChange(id, b.Version, b.Reason, Role(b.Role), unit, b.SuccessorId), caller.ToActor(), ct)))
            .WithSummary("Change a person's role or unit (reason required)");
        admin.MapPost("/handover", (int id, PersonStepRequest? body, Caller caller, PeopleWorkflow workflow, CancellationToken ct) =>
            StepAsync(body, caller, (b, unit) => workflow.HandOverAsync(new PersonChange(id, b.Version, b.Reason, SuccessorId: b.SuccessorId), caller.ToActor(), ct)))
            .WithSummary("Hand a person's open work (open assigned items, queued messages) to a successor of the same unit");

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
    private static string JsonField(string field) => field is InviteFields.Unit or PeopleFields.Unit ? "unitCode" : field;

    private static PersonRole? Role(string? name) =>
        Enum.TryParse<PersonRole>(name?.Trim(), ignoreCase: true, out var role) && Enum.IsDefined(role) ? role : null;

    /// <summary>
    /// Reads what the workflow cannot (a unit code, a role's name) and hands the rest to the step, which checks every field
    /// at once; what could not be read is named in the same answer.
    /// </summary>
    private static async Task<Results<Ok<StepResult>, ValidationProblem, ProblemHttpResult>> StepAsync(
        PersonStepRequest? body, Caller caller, Func<PersonStepRequest, int?, Task<WorkflowResult>> step)
    {
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        var unreadable = new Dictionary<string, string[]>();
        int? unitId = null;
        if (!string.IsNullOrWhiteSpace(body.UnitCode))
        {
            unitId = caller.VisibleUnitId(body.UnitCode);
            if (unitId is null)
            {
                unreadable["unitCode"] = [ApiText.Get("field.unknown_unit", body.UnitCode.Trim())];
                unitId = -1; // the workflow names it too; the code's own message replaces that
            }
        }
        if (!string.IsNullOrWhiteSpace(body.Role) && Role(body.Role) is null)
        {
            unreadable["role"] = [ApiText.Get("field.unknown_value", body.Role.Trim(), string.Join(", ", Enum.GetNames<PersonRole>()))];
        }
        var outcome = await step(body, unitId);
        if (outcome.Succeeded)
        {
            return TypedResults.Ok(new StepResult(outcome.Version!.Value, outcome.Detail));
        }
        if (outcome.Invalid(JsonField) is { } invalid)
        {
            var errors = new Dictionary<string, string[]>(invalid.ProblemDetails.Errors);
            foreach (var (field, messages) in unreadable)
            {
                errors[field] = messages;
            }
            return ApiProblems.Invalid(errors);
        }
        return unreadable.Count > 0 ? ApiProblems.Invalid(unreadable) : outcome.Problem();
    }

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
