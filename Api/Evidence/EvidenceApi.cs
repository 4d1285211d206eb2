using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Evidence;

/// <summary>One file kept as evidence: what it proves, and the file as stored (its SHA-256 taken as the bytes were written).</summary>
public sealed record EvidenceFileDto(int Id, int? LetterProblemId, int? VisitId, Guid FileId, string FileName, string ContentType, long Size, string Sha256,
    string? Caption, DateTime UploadedUtc, string Download);

/// <summary>
/// Files as evidence, through <see cref="EvidenceWorkflow"/> as in the chat (every rule, limit and audit entry there):
/// a county uploads rectification evidence for a problem of its letter (<c>POST /letters/{id}/report/evidence</c>,
/// multipart: <c>file</c>, <c>letterProblemId</c>, <c>caption</c>); city staff upload the team's documents and images of a
/// visit (<c>POST /visits/{id}/documents</c>); <c>GET /files/{fileId}</c> downloads a stored file the caller may see (a
/// county: its own unit's; city staff: every unit's).
/// </summary>
public static class EvidenceApi
{
    public static RouteGroupBuilder MapEvidenceApi(this RouteGroupBuilder api)
    {
        api.MapGet("/letters/{id:int}/report/evidence", ReportEvidenceAsync).WithTags("Letters")
            .WithSummary("The files kept as evidence of the report's problems");
        api.MapPost("/letters/{id:int}/report/evidence", UploadReportEvidenceAsync).WithTags("Letters").RequireAuthorization(ApiAuth.County).DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Upload one evidence file (JPG, PNG, HEIC, PDF, DOCX; checked by content) for one problem: form fields letterProblemId, caption, file");
        api.MapGet("/visits/{id:int}/documents", VisitDocumentsAsync).WithTags("Visits").RequireAuthorization(ApiAuth.City)
            .WithSummary("The guidance team's documents and images of the visit");
        api.MapPost("/visits/{id:int}/documents", UploadVisitDocumentAsync).WithTags("Visits").RequireAuthorization(ApiAuth.City).DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Upload one of the team's documents or images of the visit: form fields caption, file");
        api.MapGet("/files/{fileId:guid}", DownloadAsync).WithTags("Documents")
            .WithSummary("A stored file (evidence, a material, a document) the caller may see");
        return api;
    }

    public static string DownloadPath(Guid fileId) => $"/api/v1/files/{fileId:D}";

    private static async Task<Results<Ok<List<EvidenceFileDto>>, ProblemHttpResult>> ReportEvidenceAsync(int id, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        if (!await db.Letters.AsNoTracking().AnyAsync(l => l.Id == id && l.Status != LetterStatus.Draft && (caller.Scope == null || l.UnitId == caller.Scope), ct))
        {
            return ApiProblems.NotFound();
        }
        return TypedResults.Ok(await LoadReportEvidenceAsync(db, id, ct));
    }

    private static async Task<List<EvidenceFileDto>> LoadReportEvidenceAsync(GuidanceDbContext db, int letterId, CancellationToken ct)
    {
        var items = await db.RectificationItems.AsNoTracking().Include(i => i.Problem).Include(i => i.Evidence)
            .Where(i => db.RectificationReports.Any(r => r.Id == i.RectificationReportId && r.OpinionLetterId == letterId))
            .ToListAsync(ct);
        var fileIds = items.SelectMany(i => i.Evidence).Where(e => e.FileId != null).Select(e => e.FileId!.Value).ToList();
        var files = await db.Files.AsNoTracking().Where(f => fileIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, ct);
        return items.OrderBy(i => i.Problem?.Order).ThenBy(i => i.Id)
            .SelectMany(i => i.Evidence.Where(e => e.FileId is { } id && files.ContainsKey(id)).OrderBy(e => e.Id)
                .Select(e => Dto(e.Id, i.LetterProblemId, null, files[e.FileId!.Value], e.Caption)))
            .ToList();
    }

    private static EvidenceFileDto Dto(int id, int? problemId, int? visitId, StoredFile f, string? caption) =>
        new(id, problemId, visitId, f.Id, f.FileName, f.ContentType, f.Length, f.Sha256, caption, f.UploadedUtc, DownloadPath(f.Id));

    private static async Task<Results<Created<EvidenceFileDto>, ValidationProblem, ProblemHttpResult>> UploadReportEvidenceAsync(
        int id, HttpRequest request, Caller caller, GuidanceDbContext db, EvidenceWorkflow workflow, CancellationToken ct)
    {
        if (!await db.Letters.AsNoTracking().AnyAsync(l => l.Id == id && l.Status != LetterStatus.Draft && (caller.Scope == null || l.UnitId == caller.Scope), ct))
        {
            return ApiProblems.NotFound();
        }
        return await UploadAsync(request, caller, db, form =>
        {
            var problem = form.Int(EvidenceLimits.LetterProblemId);
            return problem is null
                ? (null, ApiProblems.Invalid(EvidenceLimits.LetterProblemId, ApiText.Get("field.required", EvidenceLimits.LetterProblemId)))
                : (new ReportEvidenceTarget(id, problem.Value), null);
        }, workflow, ct);
    }

    private static async Task<Results<Ok<List<EvidenceFileDto>>, ProblemHttpResult>> VisitDocumentsAsync(int id, GuidanceDbContext db, CancellationToken ct)
    {
        if (!await db.Visits.AsNoTracking().AnyAsync(v => v.Id == id, ct))
        {
            return ApiProblems.NotFound();
        }
        return TypedResults.Ok(await LoadVisitDocumentsAsync(db, id, ct));
    }

    private static async Task<List<EvidenceFileDto>> LoadVisitDocumentsAsync(GuidanceDbContext db, int visitId, CancellationToken ct) =>
        (await db.VisitDocuments.AsNoTracking().Include(d => d.File).Where(d => d.GuidanceVisitId == visitId).OrderBy(d => d.Id).ToListAsync(ct))
            .Select(d => Dto(d.Id, null, d.GuidanceVisitId, d.File!, d.Caption)).ToList();

    private static Task<Results<Created<EvidenceFileDto>, ValidationProblem, ProblemHttpResult>> UploadVisitDocumentAsync(
        int id, HttpRequest request, Caller caller, GuidanceDbContext db, EvidenceWorkflow workflow, CancellationToken ct) =>
        UploadAsync(request, caller, db, _ => (new VisitDocumentTarget(id), null), workflow, ct);

    /// <summary>
    /// Reads the form (a body plainly larger than the limit is refused before it is read; the store counts the bytes again as
    /// it writes them) and hands the file's stream to the workflow; 201 with the evidence as stored.
    /// </summary>
    private static async Task<Results<Created<EvidenceFileDto>, ValidationProblem, ProblemHttpResult>> UploadAsync(HttpRequest request, Caller caller,
        GuidanceDbContext db, Func<UploadForm, (EvidenceTarget?, ValidationProblem?)> target, EvidenceWorkflow workflow, CancellationToken ct)
    {
        var (form, problem) = await UploadForm.ReadAsync(request, EvidenceFiles.MaxBytes, ct);
        if (form is null)
        {
            return problem!;
        }
        var (to, invalid) = target(form);
        if (invalid is not null)
        {
            return invalid;
        }
        WorkflowResult result;
        await using (var content = form.OpenRead())
        {
            result = await workflow.AttachNewAsync(to!, content, form.FileName, form.Text(EvidenceLimits.Caption), caller.ToActor(), ct);
        }
        if (!result.Succeeded)
        {
            return result.Invalid() is { } refused ? refused : result.Problem();
        }
        var evidenceId = result.Id!.Value;
        var dto = to is VisitDocumentTarget v
            ? (await LoadVisitDocumentsAsync(db, v.VisitId, ct)).First(d => d.Id == evidenceId)
            : (await LoadReportEvidenceAsync(db, ((ReportEvidenceTarget)to!).LetterId, ct)).First(d => d.Id == evidenceId);
        return TypedResults.Created(dto.Download, dto);
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(Guid fileId, Caller caller, GuidanceDbContext db, FileStore store,
        CancellationToken ct)
    {
        var file = await db.Files.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId, ct);
        // Another unit's file is as absent as one that does not exist.
        if (file is null || !caller.CanSee(file.UnitId) || !store.Exists(file.Id))
        {
            return ApiProblems.NotFound();
        }
        return TypedResults.File(store.Open(file.Id), file.ContentType, file.FileName);
    }
}
