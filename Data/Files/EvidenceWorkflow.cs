using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Files;

/// <summary>Where a file is kept as evidence.</summary>
public abstract record EvidenceTarget;

/// <summary>The rectification of one problem of an opinion letter (整改佐证), by the letter's county.</summary>
public sealed record ReportEvidenceTarget(int LetterId, int LetterProblemId) : EvidenceTarget;

/// <summary>The guidance team's documents and images of a visit (文书、影像资料), by city staff.</summary>
public sealed record VisitDocumentTarget(int VisitId) : EvidenceTarget;

/// <summary>Named limits and the shared field names of evidence steps.</summary>
public static class EvidenceLimits
{
    /// <summary>Files one problem's rectification may carry (links are counted apart: <see cref="RectificationLimits.EvidenceMax"/>).</summary>
    public const int FilesPerItemMax = 10;

    /// <summary>The team's documents and images one visit may keep.</summary>
    public const int DocumentsPerVisitMax = 100;

    public const int CaptionMax = 200;

    public const string File = "file", FileId = "fileId", Caption = "caption", LetterProblemId = "letterProblemId", Visit = "visit";
}

/// <summary>
/// Files kept as evidence — the one door for both doors. A file comes as bytes with the step (<see cref="AttachNewAsync"/>:
/// the API's upload), or was held first (<see cref="HoldAsync"/>: a file sent in the chat, kept until the sender says what
/// it proves) and is then attached by its id (<see cref="AttachHeldAsync"/>). Every way checks the bytes
/// (<see cref="EvidenceFiles"/>: type by content, size while streaming, SHA-256), the actor's right (a county for its own
/// unit's rectification; city staff for a visit's team documents) and the target's state; writes the file's row, the
/// evidence row and the audit entries in one save; and leaves no bytes behind when refused.
/// </summary>
public sealed class EvidenceWorkflow(GuidanceDbContext db, EvidenceFiles files, TimeProvider time)
{
    private DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Keeps <paramref name="content"/> and attaches it to <paramref name="target"/> in one step. The target and the actor's
    /// right are checked before a byte is written, and again with the save. <see cref="WorkflowResult.Id"/> is the evidence
    /// row; <see cref="WorkflowResult.Detail"/> the stored file's id.
    /// </summary>
    public async Task<WorkflowResult> AttachNewAsync(EvidenceTarget target, Stream content, string? fileName, string? caption, Actor actor, CancellationToken ct = default)
    {
        var check = new InputCheck(actor.Language);
        caption = check.Text(EvidenceLimits.Caption, caption, EvidenceLimits.CaptionMax, required: false);
        if (string.IsNullOrWhiteSpace(fileName))
        {
            check.Add("upload.file_required", EvidenceLimits.File);
        }
        if (!check.IsValid)
        {
            return WorkflowResult.Refused(check.Errors);
        }
        if (await CheckTargetAsync(target, actor, ct) is { Status: not WorkflowStatus.Done } refused)
        {
            return refused;
        }
        var (stored, error) = await files.SaveAsync(content, fileName!, actor.UnitId, actor.PersonId, actor.Language, EvidenceLimits.File, ct);
        if (stored is null)
        {
            return WorkflowResult.Refused(error!);
        }
        var result = await AttachAsync(target, stored.Id, stored, caption, actor, ct);
        if (!result.Succeeded)
        {
            files.Discard(stored);
        }
        return result;
    }

    /// <summary>
    /// Keeps a file sent in the chat (checked as any evidence, owned by the sender's unit, audited as an upload) until the
    /// sender says what it proves. Refused: nothing kept.
    /// </summary>
    public async Task<(StoredFile? File, DomainError? Error)> HoldAsync(Stream content, string fileName, Actor actor, CancellationToken ct = default)
    {
        var (stored, error) = await files.SaveAsync(content, fileName, actor.UnitId, actor.PersonId, actor.Language, EvidenceLimits.File, ct);
        if (stored is null)
        {
            return (null, error);
        }
        db.Files.Add(stored);
        db.AuditLog.Add(FileStore.UploadAudit(stored, actor.Name, "evidence"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            files.Discard(stored);
            throw;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
        return (stored, null);
    }

    /// <summary>Attaches a file held before (<see cref="HoldAsync"/>); the file must belong to the target's owner and be evidence-checked.</summary>
    public Task<WorkflowResult> AttachHeldAsync(EvidenceTarget target, Guid fileId, string? caption, Actor actor, CancellationToken ct = default)
    {
        var check = new InputCheck(actor.Language);
        caption = check.Text(EvidenceLimits.Caption, caption, EvidenceLimits.CaptionMax, required: false);
        return check.IsValid ? AttachAsync(target, fileId, null, caption, actor, ct) : Task.FromResult(WorkflowResult.Refused(check.Errors));
    }

    /// <summary>Whether the actor may add a file to the target now (nothing is written).</summary>
    public async Task<WorkflowResult> CheckTargetAsync(EvidenceTarget target, Actor actor, CancellationToken ct = default)
    {
        switch (target)
        {
            case ReportEvidenceTarget r:
            {
                var (letter, report, error) = await LoadReportTargetAsync(r, actor, tracked: false, ct);
                return error ?? ReportRule(r, letter!, report, actor, out _) ?? WorkflowResult.Done(report?.Version);
            }
            case VisitDocumentTarget v:
            {
                var visit = await db.Visits.AsNoTracking().FirstOrDefaultAsync(x => x.Id == v.VisitId, ct);
                return VisitRule(visit, actor) ?? WorkflowResult.Done(visit!.Version);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(target));
        }
    }

    private async Task<WorkflowResult> AttachAsync(EvidenceTarget target, Guid fileId, StoredFile? upload, string? caption, Actor actor, CancellationToken ct)
    {
        var culture = actor.Language;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var file = upload ?? await db.Files.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId, ct);
            // A held file is the actor's unit's, checked as evidence when it was held (its type is one evidence may have).
            if (file is null || file.UnitId != actor.UnitId || (upload is null && !IsEvidenceType(file.ContentType)))
            {
                return WorkflowResult.Refused(DomainError.Create("evidence.file_unknown", culture, EvidenceLimits.FileId));
            }
            if (upload is not null)
            {
                db.Files.Add(upload);
                db.AuditLog.Add(FileStore.UploadAudit(upload, actor.Name, "evidence"));
            }

            int id;
            switch (target)
            {
                case ReportEvidenceTarget r:
                {
                    var (letter, report, error) = await LoadReportTargetAsync(r, actor, tracked: true, ct);
                    if (error is not null)
                    {
                        return error;
                    }
                    if (ReportRule(r, letter!, report, actor, out var item) is { } refused)
                    {
                        return refused;
                    }
                    if (item?.Evidence.Any(e => e.FileId == file.Id) == true)
                    {
                        return WorkflowResult.Refused(DomainError.Create("evidence.already_attached", culture, EvidenceLimits.FileId, file.FileName));
                    }
                    if (report is null)
                    {
                        report = new RectificationReport { OpinionLetterId = letter!.Id, UnitId = letter.UnitId, Status = ReportStatus.Draft };
                        db.RectificationReports.Add(report);
                    }
                    else
                    {
                        db.Entry(report).State = EntityState.Modified; // a new version: a card or a client that read the report is stale
                    }
                    if (item is null)
                    {
                        // The problem is not answered yet: the evidence waits in an item without measures, which submitting still asks for.
                        item = new RectificationItem { LetterProblemId = r.LetterProblemId };
                        report.Items.Add(item);
                    }
                    var evidence = new RectificationEvidence { FileId = file.Id, Caption = caption };
                    item.Evidence.Add(evidence);
                    await db.SaveChangesAsync(ct);
                    var order = letter!.Problems.First(p => p.Id == r.LetterProblemId).Order;
                    db.AuditLog.Add(AuditEntries.For(actor, "report.evidence", nameof(RectificationReport), report.Id, report.UnitId, UtcNow, null,
                        $"problem {order}: {file.FileName} ({file.ContentType}, {file.Length} bytes, sha256 {file.Sha256})"));
                    id = evidence.Id;
                    break;
                }
                case VisitDocumentTarget v:
                {
                    var visit = await db.Visits.FirstOrDefaultAsync(x => x.Id == v.VisitId, ct);
                    if (VisitRule(visit, actor) is { } refused)
                    {
                        return refused;
                    }
                    if (await db.VisitDocuments.CountAsync(d => d.GuidanceVisitId == visit!.Id, ct) >= EvidenceLimits.DocumentsPerVisitMax)
                    {
                        return WorkflowResult.Refused(DomainError.Create("evidence.too_many", culture, EvidenceLimits.File, EvidenceLimits.DocumentsPerVisitMax));
                    }
                    var document = new VisitDocument { GuidanceVisitId = visit!.Id, FileId = file.Id, Caption = caption, AddedUtc = UtcNow, AddedById = actor.PersonId };
                    db.VisitDocuments.Add(document);
                    db.Entry(visit).State = EntityState.Modified;
                    await db.SaveChangesAsync(ct);
                    db.AuditLog.Add(AuditEntries.For(actor, "visit.document", nameof(GuidanceVisit), visit.Id, visit.UnitId, UtcNow, null,
                        $"{file.FileName} ({file.ContentType}, {file.Length} bytes, sha256 {file.Sha256})"));
                    id = document.Id;
                    break;
                }
                default:
                    throw new ArgumentOutOfRangeException(nameof(target));
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return WorkflowResult.Done(null, file.Id.ToString("D"), id);
        }
        catch (DbUpdateConcurrencyException)
        {
            return WorkflowResult.Conflict(DomainError.Create("workflow.conflict", culture, "version"));
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static bool IsEvidenceType(string contentType) =>
        contentType == EvidenceFiles.Jpeg.ContentType || contentType == EvidenceFiles.Png.ContentType || contentType == EvidenceFiles.Heic.ContentType
        || contentType == EvidenceFiles.Pdf.ContentType || contentType == EvidenceFiles.Docx.ContentType;

    private async Task<(OpinionLetter? Letter, RectificationReport? Report, WorkflowResult? Error)> LoadReportTargetAsync(
        ReportEvidenceTarget target, Actor actor, bool tracked, CancellationToken ct)
    {
        var letter = await db.Letters.AsNoTracking().Include(l => l.Problems)
            .FirstOrDefaultAsync(l => l.Id == target.LetterId && l.Status != LetterStatus.Draft, ct);
        if (letter is null)
        {
            return (null, null, WorkflowResult.NotFound(DomainError.Create("workflow.not_found", actor.Language, null, new Resources.TextRef($"entity.{nameof(OpinionLetter)}"))));
        }
        var query = db.RectificationReports.Include(r => r.Items).ThenInclude(i => i.Evidence).AsSplitQuery();
        var report = await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(r => r.OpinionLetterId == letter.Id, ct);
        return (letter, report, null);
    }

    /// <summary>The county of the letter, while its report can be changed, on a problem of the letter not yet accepted, with room for one more file.</summary>
    private static WorkflowResult? ReportRule(ReportEvidenceTarget target, OpinionLetter letter, RectificationReport? report, Actor actor, out RectificationItem? item)
    {
        var culture = actor.Language;
        item = null;
        if (actor.IsCity || actor.UnitId != letter.UnitId)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.own_unit_only", culture));
        }
        var problem = letter.Problems.FirstOrDefault(p => p.Id == target.LetterProblemId);
        if (problem is null)
        {
            return WorkflowResult.Refused(DomainError.Create("report.unknown_problem", culture, EvidenceLimits.LetterProblemId, target.LetterProblemId));
        }
        if (letter.Status == LetterStatus.Closed || report is { Status: not (ReportStatus.Draft or ReportStatus.Returned) })
        {
            return WorkflowResult.Refused(DomainError.Create("report.not_editable", culture, "status"));
        }
        item = report?.Items.FirstOrDefault(i => i.LetterProblemId == problem.Id);
        if (item is { Decision: ReviewDecision.Accepted } && report!.Status != ReportStatus.Draft)
        {
            return WorkflowResult.Refused(DomainError.Create("report.item_accepted", culture, EvidenceLimits.LetterProblemId, problem.Order));
        }
        if (item is not null && item.Evidence.Count(e => e.FileId is not null) >= EvidenceLimits.FilesPerItemMax)
        {
            return WorkflowResult.Refused(DomainError.Create("evidence.too_many", culture, EvidenceLimits.File, EvidenceLimits.FilesPerItemMax));
        }
        return null;
    }

    private static WorkflowResult? VisitRule(GuidanceVisit? visit, Actor actor)
    {
        var culture = actor.Language;
        if (!actor.IsCity)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.city_only", culture));
        }
        if (visit is null)
        {
            return WorkflowResult.NotFound(DomainError.Create("workflow.not_found", culture, null, new Resources.TextRef($"entity.{nameof(GuidanceVisit)}")));
        }
        return visit.Status == VisitStatus.Cancelled
            ? WorkflowResult.Refused(DomainError.Create("evidence.visit_cancelled", culture, EvidenceLimits.Visit))
            : null;
    }
}
