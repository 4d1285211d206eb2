using System.Globalization;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;
using F = GuidanceBot.Data.Visits.FollowUpFields;

namespace GuidanceBot.Data.Visits;

/// <summary>The follow-up record's field names: the API's JSON names and the follow-up card's input ids.</summary>
public static class FollowUpFields
{
    public const string EnterpriseId = "enterpriseId", ObservedOn = "observedOn",
        Procedure = "procedure", ProcedureNote = "procedureNote",
        Documents = "documents", DocumentsNote = "documentsNote",
        Closure = "closure", ClosureNote = "closureNote",
        Notes = "notes", Version = "version", File = "file", Status = "status";

    /// <summary>The three things the plan asks the team to follow (二.(一).4), in the order they are shown.</summary>
    public static readonly IReadOnlyList<(string Assessment, string Note)> Aspects =
        [(Procedure, ProcedureNote), (Documents, DocumentsNote), (Closure, ClosureNote)];
}

/// <summary>What the team recorded of one drawn enterprise, as a door received it: assessments by name (<see cref="FindingOutcome"/>).</summary>
public sealed record FollowUpInput(int? EnterpriseId, DateOnly? ObservedOn,
    string? Procedure, string? ProcedureNote, string? Documents, string? DocumentsNote, string? Closure, string? ClosureNote, string? Notes);

/// <summary>Named limits of follow-up records (the notes share <see cref="VisitLimits.NoteMax"/>).</summary>
public static class FollowUpLimits
{
    /// <summary>Photos one record (one drawn enterprise of a visit) may hold.</summary>
    public const int PhotosPerRecordMax = 20;

    /// <summary>How long files sent in the chat go to a record after its "add photos" (each photo kept restarts it).</summary>
    public static readonly TimeSpan PhotoTargetLifetime = TimeSpan.FromMinutes(30);
}

/// <summary>The record a chat's files go to (<see cref="FollowUpWorkflow.OpenPhotosAsync"/>): the record, its visit and enterprise, the version seen.</summary>
public sealed record FollowUpPhotoTarget(int FollowUpId, int VisitId, int EnterpriseId, Guid Version);

/// <summary>
/// 全过程跟踪, for both doors: during or after the visit city staff record, per enterprise drawn for it, the procedure, the
/// documents and their filling-in and the closing of the loop (<see cref="RecordAsync"/>), and add photos
/// (<see cref="AddPhotoAsync"/>). A record for an enterprise that was not drawn, before the visit's first day or by anyone but
/// city staff is refused and nothing is written. The findings may rest on a record (<see cref="VisitFinding.VisitFollowUpId"/>)
/// and the opinion letter shows them (<see cref="FollowUpQuery"/>).
/// </summary>
public sealed class FollowUpWorkflow(GuidanceDbContext db, TimeProvider time, EvidenceFiles files)
{
    private readonly WorkflowRunner runner = new(db, time);

    public const string RecordAction = "visit.followup", PhotoAction = "visit.followup_photo";

    /// <summary>
    /// Records (or replaces) what the team saw of one drawn enterprise. <paramref name="seenVersion"/> is the record's version
    /// when replacing one (null for the first record of the enterprise). Every field is checked at once. <see cref="WorkflowResult.Id"/>
    /// is the record.
    /// </summary>
    public async Task<WorkflowResult> RecordAsync(int visitId, FollowUpInput input, Guid? seenVersion, Actor actor, CancellationToken ct = default)
    {
        var culture = actor.Language;
        if (!actor.IsCity)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.city_only", culture));
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var visit = await db.Visits.Include(v => v.Draw).ThenInclude(d => d!.Enterprises).FirstOrDefaultAsync(v => v.Id == visitId, ct);
            if (visit is null)
            {
                return WorkflowResult.NotFound(DomainError.Create("workflow.not_found", culture, null, new Resources.TextRef("entity.GuidanceVisit")));
            }

            // The version first, as every step: a card or request made before the record changed is stale, whatever it holds.
            var record = input.EnterpriseId is { } id
                ? await db.VisitFollowUps.FirstOrDefaultAsync(f => f.GuidanceVisitId == visitId && f.EnterpriseId == id, ct)
                : null;
            if (record is not null && record.Version != seenVersion || record is null && seenVersion is not null)
            {
                return WorkflowResult.Conflict(DomainError.Create("workflow.conflict", culture, F.Version));
            }

            var check = new InputCheck(culture);
            if (check.Required(F.EnterpriseId, input.EnterpriseId) is { } enterpriseId
                && visit.Draw?.Enterprises.Any(e => e.EnterpriseId == enterpriseId) != true)
            {
                check.Add("followup.not_drawn", F.EnterpriseId, enterpriseId);
            }
            var observed = check.Date(F.ObservedOn, input.ObservedOn, F.ObservedOn, required: false) ?? (check.Has(F.ObservedOn) ? null : runner.ChinaToday);
            if (observed is { } day && !check.Has(F.ObservedOn))
            {
                if (day > runner.ChinaToday)
                {
                    check.Add("followup.observed_ahead", F.ObservedOn, Iso(day));
                }
                else if (visit.StartDate is { } start && start <= runner.ChinaToday && day < start)
                {
                    check.Add("followup.observed_before_visit", F.ObservedOn, Iso(start));
                }
            }
            var aspects = new List<(FindingOutcome Outcome, string? Note)>();
            foreach (var (field, noteField) in F.Aspects)
            {
                var raw = field switch { F.Procedure => input.Procedure, F.Documents => input.Documents, _ => input.Closure };
                var note = check.Text(noteField, field switch { F.Procedure => input.ProcedureNote, F.Documents => input.DocumentsNote, _ => input.ClosureNote },
                    VisitLimits.NoteMax, required: false, kind: TextKind.Paragraphs);
                var outcome = Assessment(raw);
                if (outcome is null)
                {
                    check.Add("visit.outcome_unknown", field, string.Join(", ", Enum.GetNames<FindingOutcome>()));
                }
                else if (outcome == FindingOutcome.Problem && note is null && !check.Has(noteField))
                {
                    check.Add("visit.problem_note_required", noteField);
                }
                aspects.Add((outcome ?? FindingOutcome.NotChecked, note));
            }
            if (F.Aspects.All(a => !check.Has(a.Assessment)) && aspects.All(a => a.Outcome == FindingOutcome.NotChecked))
            {
                check.Add("followup.nothing_seen", F.Procedure);
            }
            var notes = check.Text(F.Notes, input.Notes, VisitLimits.NoteMax, required: false, kind: TextKind.Paragraphs);
            if (!check.IsValid)
            {
                return WorkflowResult.Refused(check.Errors);
            }
            // The state comes after the fields: a visit not yet begun refuses whatever was typed.
            if (visit.Status == VisitStatus.Cancelled)
            {
                return WorkflowResult.Refused(DomainError.Create("followup.visit_cancelled", culture, F.Status));
            }
            if (visit.StartDate is not { } first || first > runner.ChinaToday)
            {
                return WorkflowResult.Refused(DomainError.Create("followup.before_visit", culture, F.Status,
                    visit.StartDate is { } s ? Iso(s) : "—"));
            }

            var created = record is null;
            if (record is null)
            {
                record = new VisitFollowUp { GuidanceVisitId = visitId, EnterpriseId = input.EnterpriseId!.Value };
                db.VisitFollowUps.Add(record);
            }
            record.ObservedOn = observed!.Value;
            (record.Procedure, record.ProcedureNote) = aspects[0];
            (record.Documents, record.DocumentsNote) = aspects[1];
            (record.Closure, record.ClosureNote) = aspects[2];
            record.Notes = notes;
            record.RecordedById = actor.PersonId ?? 0;
            await db.SaveChangesAsync(ct);
            db.AuditLog.Add(AuditEntries.For(actor, RecordAction, nameof(GuidanceVisit), visit.Id, visit.UnitId, runner.UtcNow, null,
                $"{(created ? "new" : "replaced")} enterprise={record.EnterpriseId}; procedure={aspects[0].Outcome}; documents={aspects[1].Outcome}; closure={aspects[2].Outcome}"));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return WorkflowResult.Done(record.Version, created ? "created" : "replaced", record.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            return WorkflowResult.Conflict(DomainError.Create("workflow.conflict", culture, F.Version));
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Adds a photo to the record of a drawn enterprise — the one step for both doors (the API's upload, a file sent in the chat
    /// after the record's "add photos"). The actor, the record, the version seen, the visit's state and the room left are
    /// checked before a byte is written; the bytes are then judged as every kept image (<see cref="EvidenceFiles.SaveAsync"/>:
    /// type by content, <see cref="EvidenceFiles.MaxBytes"/> counted while written, SHA-256; <see cref="EvidenceFiles.Photos"/>),
    /// owned by the visited unit; the file's row, its <c>file.upload</c> entry, the photo and its <c>visit.followup_photo</c> entry
    /// are saved in one transaction, or nothing is and the bytes are gone. <see cref="WorkflowResult.Id"/> is the record,
    /// <see cref="WorkflowResult.Version"/> its new version, <see cref="WorkflowResult.Detail"/> the stored file's id.
    /// </summary>
    public async Task<WorkflowResult> AddPhotoAsync(int visitId, int enterpriseId, Guid? seenVersion, Stream content, string? fileName, Actor actor,
        CancellationToken ct = default)
    {
        var culture = actor.Language;
        if (!actor.IsCity)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.city_only", culture));
        }
        var check = new InputCheck(culture);
        check.Required(F.Version, seenVersion);
        if (string.IsNullOrWhiteSpace(fileName))
        {
            check.Add("upload.file_required", F.File);
        }
        if (!check.IsValid)
        {
            return WorkflowResult.Refused(check.Errors);
        }
        var (target, unitId) = await PhotoRuleAsync(visitId, enterpriseId, seenVersion!.Value, actor, ct);
        if (target.Status != WorkflowStatus.Done)
        {
            return target;
        }
        var (upload, error) = await files.SaveAsync(content, fileName!, unitId, actor.PersonId, culture, F.File, ct, EvidenceFiles.Photos);
        if (upload is null)
        {
            return WorkflowResult.Refused(error!);
        }
        var result = await runner.RunAsync<VisitFollowUp>(
            token => db.VisitFollowUps.Include(f => f.Photos).Include(f => f.Visit).FirstOrDefaultAsync(f => f.GuidanceVisitId == visitId && f.EnterpriseId == enterpriseId, token),
            nameof(VisitFollowUp),
            seenVersion.Value,
            actor,
            (record, token) =>
            {
                // Again with the write lock held: another photo may have filled the record meanwhile.
                if (PhotoRule(record, record.Visit!, actor) is { } refused)
                {
                    return Task.FromResult<DomainError?>(refused);
                }
                db.Files.Add(upload);
                db.AuditLog.Add(FileStore.UploadAudit(upload, actor.Name, $"visit {visitId} follow-up {record.Id}"));
                record.Photos.Add(new VisitFollowUpPhoto { FileId = upload.Id, AddedUtc = runner.UtcNow });
                db.Entry(record).State = EntityState.Modified; // a new version: a card made before this is stale
                return Task.FromResult<DomainError?>(null);
            },
            record => AuditEntries.For(actor, PhotoAction, nameof(GuidanceVisit), visitId, record.Visit!.UnitId, runner.UtcNow, null,
                $"enterprise={enterpriseId}; file={upload.Id}; {upload.FileName} ({upload.ContentType}, {upload.Length} bytes, sha256 {upload.Sha256})"),
            ct);
        if (!result.Succeeded)
        {
            files.Discard(upload);
            return result;
        }
        return result with { Id = target.Id, Detail = upload.Id.ToString("D") };
    }

    /// <summary>
    /// The follow-up card's "add photos": from now on (for <see cref="FollowUpLimits.PhotoTargetLifetime"/>) the files this person
    /// sends in this chat go to the record (<see cref="AddPhotoAsync"/>, one by one). Checked as a photo would be (actor, record,
    /// version seen, visit, room left); nothing of the record changes. <paramref name="channelId"/> and
    /// <paramref name="conversationId"/> name the chat (its stored <see cref="Messaging.ConversationReference"/>).
    /// </summary>
    public async Task<WorkflowResult> OpenPhotosAsync(int visitId, int enterpriseId, Guid? seenVersion, string channelId, string conversationId, Actor actor,
        CancellationToken ct = default)
    {
        if (!actor.IsCity)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.city_only", actor.Language));
        }
        if (seenVersion is null)
        {
            return WorkflowResult.Conflict(DomainError.Create("workflow.conflict", actor.Language, F.Version));
        }
        var (result, _) = await PhotoRuleAsync(visitId, enterpriseId, seenVersion.Value, actor, ct);
        if (result.Succeeded)
        {
            await SetPhotoTargetAsync(channelId, conversationId, actor, result.Id, result.Version, ct);
        }
        return result;
    }

    /// <summary>The record this person's files in this chat go to now, or null (none chosen, ended or expired).</summary>
    public async Task<FollowUpPhotoTarget?> PhotoTargetAsync(string channelId, string conversationId, Actor actor, CancellationToken ct = default)
    {
        var now = runner.UtcNow;
        var chosen = await db.ConversationReferences.AsNoTracking()
            .Where(r => r.ChannelId == channelId && r.ConversationId == conversationId && r.PersonId == actor.PersonId
                        && r.PhotoTargetFollowUpId != null && r.PhotoTargetUntilUtc > now)
            .Select(r => new { Id = r.PhotoTargetFollowUpId!.Value, Version = r.PhotoTargetVersion!.Value })
            .FirstOrDefaultAsync(ct);
        if (chosen is null)
        {
            return null;
        }
        return await db.VisitFollowUps.AsNoTracking().Where(f => f.Id == chosen.Id)
            .Select(f => new FollowUpPhotoTarget(f.Id, f.GuidanceVisitId, f.EnterpriseId, chosen.Version)).FirstOrDefaultAsync(ct);
    }

    /// <summary>After a photo was kept through the chat: the next file goes to the same record, at its new version, for another lifetime.</summary>
    public Task KeepPhotoTargetAsync(string channelId, string conversationId, Actor actor, int followUpId, Guid? version, CancellationToken ct = default) =>
        SetPhotoTargetAsync(channelId, conversationId, actor, followUpId, version, ct);

    /// <summary>"Done": files sent in this chat go where they went before "add photos".</summary>
    public Task ClosePhotosAsync(string channelId, string conversationId, Actor actor, CancellationToken ct = default) =>
        db.ConversationReferences.Where(r => r.ChannelId == channelId && r.ConversationId == conversationId && r.PersonId == actor.PersonId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.PhotoTargetFollowUpId, (int?)null).SetProperty(r => r.PhotoTargetVersion, (Guid?)null)
                .SetProperty(r => r.PhotoTargetUntilUtc, (DateTime?)null), ct);

    private Task SetPhotoTargetAsync(string channelId, string conversationId, Actor actor, int? followUpId, Guid? version, CancellationToken ct)
    {
        var until = runner.UtcNow + FollowUpLimits.PhotoTargetLifetime;
        return db.ConversationReferences.Where(r => r.ChannelId == channelId && r.ConversationId == conversationId && r.PersonId == actor.PersonId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.PhotoTargetFollowUpId, followUpId).SetProperty(r => r.PhotoTargetVersion, version)
                .SetProperty(r => r.PhotoTargetUntilUtc, until), ct);
    }

    /// <summary>
    /// Whether a photo may be added now (nothing written): the visit, a record of a drawn enterprise, the version seen, then the
    /// state and the room left. Done carries the record's id and version, and the visited unit (the photo's owner).
    /// </summary>
    private async Task<(WorkflowResult Result, int UnitId)> PhotoRuleAsync(int visitId, int enterpriseId, Guid seenVersion, Actor actor, CancellationToken ct)
    {
        var culture = actor.Language;
        var visit = await db.Visits.AsNoTracking().Include(v => v.Draw).ThenInclude(d => d!.Enterprises).FirstOrDefaultAsync(v => v.Id == visitId, ct);
        if (visit is null)
        {
            return (WorkflowResult.NotFound(DomainError.Create("workflow.not_found", culture, null, new Resources.TextRef("entity.GuidanceVisit"))), 0);
        }
        if (visit.Draw?.Enterprises.Any(e => e.EnterpriseId == enterpriseId) != true)
        {
            return (WorkflowResult.Refused(DomainError.Create("followup.not_drawn", culture, F.EnterpriseId, enterpriseId)), 0);
        }
        var record = await db.VisitFollowUps.AsNoTracking().Include(f => f.Photos)
            .FirstOrDefaultAsync(f => f.GuidanceVisitId == visitId && f.EnterpriseId == enterpriseId, ct);
        if (record is null)
        {
            return (WorkflowResult.Refused(DomainError.Create("followup.photo_no_record", culture, F.EnterpriseId)), 0);
        }
        if (record.Version != seenVersion)
        {
            return (WorkflowResult.Conflict(DomainError.Create("workflow.conflict", culture, F.Version)), 0);
        }
        return PhotoRule(record, visit, actor) is { } refused
            ? (WorkflowResult.Refused(refused), 0)
            : (WorkflowResult.Done(record.Version, null, record.Id), visit.UnitId);
    }

    /// <summary>A record takes a photo while its visit is not cancelled and it holds fewer than <see cref="FollowUpLimits.PhotosPerRecordMax"/>.</summary>
    private static DomainError? PhotoRule(VisitFollowUp record, GuidanceVisit visit, Actor actor) =>
        visit.Status == VisitStatus.Cancelled
            ? DomainError.Create("followup.visit_cancelled", actor.Language, F.Status)
            : record.Photos.Count >= FollowUpLimits.PhotosPerRecordMax
                ? DomainError.Create("followup.photos_full", actor.Language, F.File, FollowUpLimits.PhotosPerRecordMax)
                : null;

    /// <summary>An assessment by its name (<see cref="FindingOutcome"/>, any case); blank is not checked; null when no such name.</summary>
    public static FindingOutcome? Assessment(string? name) =>
        TextRule.IsBlank(name) ? FindingOutcome.NotChecked
        : !int.TryParse(name, out _) && Enum.TryParse<FindingOutcome>(name!.Trim(), ignoreCase: true, out var o) && Enum.IsDefined(o) ? o : null;

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
