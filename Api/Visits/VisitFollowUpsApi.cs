using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Visits;

public sealed record FollowUpPhotoDto(Guid FileId, string FileName, string ContentType, long Length, string Sha256, DateTime AddedUtc);

public sealed record FollowUpDto(int Id, int VisitId, int EnterpriseId, string EnterpriseName, string CreditCode, int DrawOrder, DateOnly ObservedOn,
    FindingOutcome Procedure, string? ProcedureNote, FindingOutcome Documents, string? DocumentsNote, FindingOutcome Closure, string? ClosureNote,
    string? Notes, IReadOnlyList<FollowUpPhotoDto> Photos, DateTime UpdatedUtc, Guid Version);

/// <summary>What the team saw of one drawn enterprise; assessments are <c>NotChecked</c>, <c>Compliant</c> or <c>Problem</c>; <c>version</c> only when replacing a record.</summary>
public sealed record FollowUpRequest(int? EnterpriseId, DateOnly? ObservedOn, string? Procedure, string? ProcedureNote, string? Documents, string? DocumentsNote,
    string? Closure, string? ClosureNote, string? Notes, Guid? Version);

/// <summary>
/// 全过程跟踪 (<c>/visits/{id}/follow-ups</c>): city staff record, per drawn enterprise, the procedure, the documents and the closing they
/// saw, with notes and photos. The same steps as the chat's follow-up card (<see cref="FollowUpWorkflow"/>).
/// </summary>
public static class VisitFollowUpsApi
{
    public static RouteGroupBuilder MapVisitFollowUpsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/visits/{id:int}/follow-ups").WithTags("Visits");
        group.MapGet("/", ListAsync).WithSummary("What the team saw of each drawn enterprise (procedure, documents, closing), in the draw's order");
        group.MapPost("/", RecordAsync).RequireAuthorization(ApiAuth.City)
            .WithSummary("Record what the team saw of a drawn enterprise during or after the visit: 201 new, 200 replaced (send the record's version)");
        group.MapPost("/{enterpriseId:int}/photos", PhotoAsync).RequireAuthorization(ApiAuth.City).DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Add a photo (JPG, PNG, HEIC by content, ≤ 20 MB, at most 20 per record) to a drawn enterprise's record: form fields file, version");
        return api;
    }

    private static FollowUpDto ToDto(FollowUpView f) => new(f.Id, f.VisitId, f.EnterpriseId, f.EnterpriseName, f.CreditCode, f.DrawOrder, f.ObservedOn,
        f.Procedure, f.ProcedureNote, f.Documents, f.DocumentsNote, f.Closure, f.ClosureNote, f.Notes,
        f.Photos.Select(p => new FollowUpPhotoDto(p.FileId, p.FileName, p.ContentType, p.Length, p.Sha256, p.AddedUtc)).ToList(), f.UpdatedUtc, f.Version);

    private static Task<int?> VisibleUnitAsync(int id, Caller caller, GuidanceDbContext db, CancellationToken ct) =>
        db.Visits.AsNoTracking().Where(v => v.Id == id && (caller.Scope == null || v.UnitId == caller.Scope)).Select(v => (int?)v.UnitId).FirstOrDefaultAsync(ct);

    private static async Task<Results<Ok<List<FollowUpDto>>, ProblemHttpResult>> ListAsync(int id, Caller caller, GuidanceDbContext db, FollowUpQuery query, CancellationToken ct) =>
        await VisibleUnitAsync(id, caller, db, ct) is null
            ? ApiProblems.NotFound()
            : TypedResults.Ok((await query.ForVisitAsync(id, ct)).Select(ToDto).ToList());

    private static async Task<Results<Created<FollowUpDto>, Ok<FollowUpDto>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        int id, FollowUpRequest? body, Caller caller, GuidanceDbContext db, FollowUpWorkflow workflow, FollowUpQuery query, CancellationToken ct)
    {
        if (await VisibleUnitAsync(id, caller, db, ct) is null)
        {
            return ApiProblems.NotFound();
        }
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        var result = await workflow.RecordAsync(id, new FollowUpInput(body.EnterpriseId, body.ObservedOn, body.Procedure, body.ProcedureNote,
            body.Documents, body.DocumentsNote, body.Closure, body.ClosureNote, body.Notes), body.Version, caller.ToActor(), ct);
        if (!result.Succeeded)
        {
            return result.Invalid() is { } invalid ? invalid : result.Problem();
        }
        var dto = ToDto((await query.ForVisitAsync(id, ct)).First(f => f.Id == result.Id));
        return result.Detail == "created" ? TypedResults.Created($"/api/v1/visits/{id}/follow-ups", dto) : TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<FollowUpDto>, ValidationProblem, ProblemHttpResult>> PhotoAsync(
        int id, int enterpriseId, HttpRequest request, Caller caller, GuidanceDbContext db, FollowUpWorkflow workflow, FollowUpQuery query, CancellationToken ct)
    {
        if (await VisibleUnitAsync(id, caller, db, ct) is null)
        {
            return ApiProblems.NotFound();
        }
        var (form, problem) = await UploadForm.ReadAsync(request, EvidenceFiles.MaxBytes, ct);
        if (form is null)
        {
            return problem!;
        }
        // The same step as a photo sent in the chat: the record, the version and the room are checked before a byte is written.
        WorkflowResult result;
        await using (var content = form.OpenRead())
        {
            result = await workflow.AddPhotoAsync(id, enterpriseId, form.Version, content, form.FileName, caller.ToActor(), ct);
        }
        if (!result.Succeeded)
        {
            return result.Invalid() is { } invalid ? invalid : result.Problem();
        }
        return TypedResults.Ok(ToDto((await query.ForVisitAsync(id, ct)).First(f => f.Id == result.Id)));
    }
}
