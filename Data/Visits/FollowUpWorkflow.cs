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

/// <summary>The photos a follow-up may hold: camera images, the material size limit.</summary>
public static class FollowUpPhotoRules
{
    public const int MaxPhotos = 20;

    public static readonly IReadOnlyDictionary<string, string> Types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["jpg"] = "image/jpeg", ["jpeg"] = "image/jpeg", ["png"] = "image/png",
    };

    /// <summary>Null when the photo may be kept; else why not, on the field <c>file</c>.</summary>
    public static DomainError? Check(string fileName, long? length, CultureInfo culture)
    {
        if (!Types.ContainsKey(MaterialFileRules.Extension(fileName)))
        {
            return DomainError.Create("materials.file_type", culture, F.File, fileName, "jpg, png");
        }
        if (length is > MaterialFileRules.MaxBytes)
        {
            return DomainError.Create("materials.file_too_large", culture, F.File, fileName, MaterialFileRules.MaxBytes / 1024 / 1024);
        }
        return length is 0 ? DomainError.Create("materials.file_empty", culture, F.File, fileName) : null;
    }
}

/// <summary>
/// 全过程跟踪, for both doors: during or after the visit city staff record, per enterprise drawn for it, the procedure, the
/// documents and their filling-in and the closing of the loop (<see cref="RecordAsync"/>), and add photos
/// (<see cref="AddPhotoAsync"/>). A record for an enterprise that was not drawn, before the visit's first day or by anyone but
/// city staff is refused and nothing is written. The findings may rest on a record (<see cref="VisitFinding.VisitFollowUpId"/>)
/// and the opinion letter shows them (<see cref="FollowUpQuery"/>).
/// </summary>
public sealed class FollowUpWorkflow(GuidanceDbContext db, TimeProvider time)
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

            var record = await db.VisitFollowUps.FirstOrDefaultAsync(f => f.GuidanceVisitId == visitId && f.EnterpriseId == input.EnterpriseId, ct);
            if (record is not null && record.Version != seenVersion || record is null && seenVersion is not null)
            {
                return WorkflowResult.Conflict(DomainError.Create("workflow.conflict", culture, F.Version));
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
    /// Adds a photo to the record of a drawn enterprise. <paramref name="upload"/> is a file whose bytes were stored for this step
    /// (<see cref="FileStore.SaveAsync"/>, owned by the visited unit): its row and <c>file.upload</c> audit entry are written with the
    /// step, or not at all (the caller then deletes the bytes). <see cref="WorkflowResult.Id"/> is the record.
    /// </summary>
    public async Task<WorkflowResult> AddPhotoAsync(int visitId, int enterpriseId, Guid seenVersion, StoredFile upload, Actor actor, CancellationToken ct = default)
    {
        var culture = actor.Language;
        if (!actor.IsCity)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.city_only", culture));
        }
        if (FollowUpPhotoRules.Check(upload.FileName, upload.Length, culture) is { } bad)
        {
            return WorkflowResult.Refused(bad);
        }
        var result = await runner.RunAsync<VisitFollowUp>(
            token => db.VisitFollowUps.Include(f => f.Photos).Include(f => f.Visit).FirstOrDefaultAsync(f => f.GuidanceVisitId == visitId && f.EnterpriseId == enterpriseId, token),
            nameof(VisitFollowUp),
            seenVersion,
            actor,
            (record, token) =>
            {
                if (upload.UnitId != record.Visit!.UnitId)
                {
                    return Task.FromResult<DomainError?>(DomainError.Create("materials.file_unknown", culture, F.File, upload.FileName));
                }
                if (record.Photos.Count >= FollowUpPhotoRules.MaxPhotos)
                {
                    return Task.FromResult<DomainError?>(DomainError.Create("followup.photos_full", culture, F.File, FollowUpPhotoRules.MaxPhotos));
                }
                db.Files.Add(upload);
                db.AuditLog.Add(FileStore.UploadAudit(upload, actor.Name, $"visit {visitId} follow-up {record.Id}"));
                record.Photos.Add(new VisitFollowUpPhoto { FileId = upload.Id, AddedUtc = runner.UtcNow });
                db.Entry(record).State = EntityState.Modified; // a new version: a card made before this is stale
                return Task.FromResult<DomainError?>(null);
            },
            record => AuditEntries.For(actor, PhotoAction, nameof(GuidanceVisit), visitId, record.Visit!.UnitId, runner.UtcNow, null,
                $"enterprise={enterpriseId}; file={upload.Id}"),
            ct);
        return result.Succeeded ? result with { Id = await db.VisitFollowUps.Where(f => f.GuidanceVisitId == visitId && f.EnterpriseId == enterpriseId).Select(f => f.Id).FirstAsync(ct) } : result;
    }

    /// <summary>An assessment by its name (<see cref="FindingOutcome"/>, any case); blank is not checked; null when no such name.</summary>
    public static FindingOutcome? Assessment(string? name) =>
        TextRule.IsBlank(name) ? FindingOutcome.NotChecked
        : !int.TryParse(name, out _) && Enum.TryParse<FindingOutcome>(name!.Trim(), ignoreCase: true, out var o) && Enum.IsDefined(o) ? o : null;

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
