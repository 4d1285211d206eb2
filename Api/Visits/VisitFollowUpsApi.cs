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
            .WithSummary("Add a photo (jpg, png) to a drawn enterprise's record: form fields file, version");
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
        int id, int enterpriseId, HttpRequest request, Caller caller, GuidanceDbContext db, FollowUpWorkflow workflow, FollowUpQuery query, FileStore store,
        CancellationToken ct)
    {
        if (await VisibleUnitAsync(id, caller, db, ct) is not { } unitId)
        {
            return ApiProblems.NotFound();
        }
        if (request.ContentLength > MaterialFileRules.MaxBytes + 64 * 1024)
        {
            return ApiProblems.Invalid("file", GuidanceBot.Data.Rules.DomainError.Create("materials.file_too_large", caller.Culture, null, "file", MaterialFileRules.MaxBytes / 1024 / 1024).Message);
        }
        if (!request.HasFormContentType)
        {
            return ApiProblems.Invalid("file", ApiText.Get("upload.required"));
        }
        var form = await request.ReadFormAsync(ct);
        var v = new Validator();
        var version = Guid.TryParse(form["version"], out var g) ? g : (Guid?)null;
        if (version is null)
        {
            v.Add("version", ApiText.Get("field.required", "version"));
        }
        var file = form.Files.GetFile("file");
        if (file is null)
        {
            v.Add("file", ApiText.Get("upload.required"));
        }
        else if (FollowUpPhotoRules.Check(file.FileName, file.Length, caller.Culture) is { } bad)
        {
            v.Add("file", bad.Message);
        }
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }

        // The bytes first, owned by the visited unit; the row and its file.upload entry only with the step.
        StoredFile stored;
        await using (var content = file!.OpenReadStream())
        {
            stored = await store.SaveAsync(content, file.FileName, FollowUpPhotoRules.Types[MaterialFileRules.Extension(file.FileName)], unitId, caller.PersonId,
                MaterialFileRules.MaxBytes, ct);
        }
        var result = await workflow.AddPhotoAsync(id, enterpriseId, version!.Value, stored, caller.ToActor(), ct);
        if (!result.Succeeded)
        {
            store.Delete(stored.Id);
            return result.Invalid() is { } invalid ? invalid : result.Problem();
        }
        return TypedResults.Ok(ToDto((await query.ForVisitAsync(id, ct)).First(f => f.Id == result.Id)));
    }
}
