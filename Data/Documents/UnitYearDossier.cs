using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Visits;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Documents;

/// <summary>One file of the dossier as the manifest lists it.</summary>
/// <param name="RecordedSha256">For evidence: the hash taken at upload; differs from <paramref name="Sha256"/> if the stored bytes changed since.</param>
public sealed record DossierEntry(string Path, string Kind, long Size, string Sha256, string? RecordedSha256 = null, string? Source = null);

/// <summary>manifest.json: what the dossier holds, so an auditor can check that nothing was altered.</summary>
public sealed record DossierManifest(
    int UnitId, string UnitCode, string UnitName, int Year, DateTime GeneratedUtc,
    IReadOnlyList<DossierEntry> Files, IReadOnlyList<string> MissingFiles)
{
    /// <summary>How <see cref="DossierEntry.Sha256"/> is computed: over the entry's bytes as extracted.</summary>
    public string HashAlgorithm { get; init; } = "SHA-256";
}

/// <summary>
/// 归档备查: a unit's year as a ZIP — the plan, its approval and filing (with their documents), the publications; each
/// visit's record (dates, team, the draw with its replay data and replay result, the follow-up records, the findings,
/// the materials provided and the team's own documents and images, as files); the issued letters, the submitted
/// reports, the evidence files; the typical cases, the team's figures and training, the monthly progress; the audit
/// trail (CSV) and a manifest of every file's SHA-256 and size (<see cref="DossierCheck"/> checks a dossier against
/// it). Entries come in a fixed order with fixed timestamps, so the same data gives the same entry list.
/// </summary>
public sealed class UnitYearDossier(GuidanceDbContext db, FileStore store, TimeProvider time)
{
    public const string ManifestName = "manifest.json";
    public const string AuditTrailName = "audit-trail.csv";

    public static readonly string[] AuditHeaders = ["时间（北京时间）", "操作人", "操作人编号", "操作", "对象类型", "对象编号", "原因", "详情"];

    internal static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        // Keep Chinese names readable in the manifest instead of \uXXXX escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The records' JSON: readable Chinese, enums by name, no cycles through navigation properties.</summary>
    internal static readonly JsonSerializerOptions RecordJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        ReferenceHandler = System.Text.Json.Serialization.ReferenceHandler.IgnoreCycles,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static string FileName(OrgUnit unit, int year) => DocumentText.SafeFileName($"{unit.Name}{year}年执法指导档案") + ".zip";

    /// <summary>
    /// The dossier, or null when the unit does not exist. <paramref name="cityView"/>: made for city staff; for the unit's own
    /// people a draw is sealed until its visit's first day (<see cref="Visits.DrawSecrecy"/>): its count and method only.
    /// </summary>
    public async Task<DocumentFile?> CreateAsync(int unitId, int year, CancellationToken cancellationToken = default, bool cityView = true)
    {
        using var output = new MemoryStream();
        var unit = await WriteAsync(unitId, year, output, cancellationToken, cityView);
        return unit is null ? null : new DocumentFile(FileName(unit, year), DocumentFile.Zip, output.ToArray());
    }

    /// <summary>
    /// Writes the ZIP to <paramref name="output"/>; returns the unit, or null (nothing written) when it does not exist.
    /// The archive is written with synchronous writes: give it a file or memory stream, not an HTTP body.
    /// </summary>
    public async Task<OrgUnit?> WriteAsync(int unitId, int year, Stream output, CancellationToken cancellationToken = default, bool cityView = true)
    {
        var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, cancellationToken);
        if (unit is null)
        {
            return null;
        }

        var letters = await db.Letters.AsNoTracking()
            .Include(l => l.Problems)
            .Where(l => l.UnitId == unitId && l.Year == year && l.Status != LetterStatus.Draft)
            .ToListAsync(cancellationToken);
        letters = letters.OrderBy(l => l.IssuedOn).ThenBy(l => l.Serial).ThenBy(l => l.Id).ToList();
        var letterIds = letters.Select(l => l.Id).ToList();

        var issuerIds = letters.Select(l => l.IssuerUnitId).Distinct().ToList();
        var issuers = await db.Units.AsNoTracking().Where(u => issuerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);

        var reports = await db.RectificationReports.AsNoTracking()
            .Include(r => r.Items).ThenInclude(i => i.Evidence)
            .Where(r => letterIds.Contains(r.OpinionLetterId) && r.Status != ReportStatus.Draft)
            .ToDictionaryAsync(r => r.OpinionLetterId, cancellationToken);

        var approvals = await db.PlanApprovals.AsNoTracking()
            .Where(a => a.UnitId == unitId && a.Year == year)
            .Select(a => new { a.ApprovalAttachmentId, a.FilingAttachmentId })
            .ToListAsync(cancellationToken);

        var plans = await db.AnnualPlans.AsNoTracking()
            .Include(p => p.Categories).Include(p => p.Entries).ThenInclude(e => e.Enterprise)
            .Where(p => p.UnitId == unitId && p.Year == year).AsSplitQuery().ToListAsync(cancellationToken);
        var approvalRows = await db.PlanApprovals.AsNoTracking().Where(a => a.UnitId == unitId && a.Year == year).ToListAsync(cancellationToken);
        var publications = await db.PlanPublications.AsNoTracking().Where(p => p.UnitId == unitId && p.Year == year).ToListAsync(cancellationToken);

        var visits = await db.Visits.AsNoTracking()
            .Include(v => v.TeamMembers).ThenInclude(m => m.Person)
            .Include(v => v.Draw).ThenInclude(d => d!.Enterprises).ThenInclude(e => e.Enterprise)
            .Include(v => v.Findings).ThenInclude(f => f.CheckItem)
            .Where(v => v.UnitId == unitId && v.Year == year).AsSplitQuery().ToListAsync(cancellationToken);
        visits = visits.OrderBy(v => v.PlannedMonth).ThenBy(v => v.Id).ToList();
        var visitIds = visits.Select(v => v.Id).ToList();
        var materials = await db.VisitMaterials.AsNoTracking().Include(m => m.CheckItem)
            .Where(m => visitIds.Contains(m.GuidanceVisitId)).ToListAsync(cancellationToken);
        var teamDocuments = await db.VisitDocuments.AsNoTracking()
            .Where(d => visitIds.Contains(d.GuidanceVisitId)).ToListAsync(cancellationToken);
        // 全过程跟踪: what the team saw of each drawn enterprise, with its photos.
        var followUps = await db.VisitFollowUps.AsNoTracking().Include(f => f.Enterprise).Include(f => f.Photos)
            .Where(f => visitIds.Contains(f.GuidanceVisitId)).AsSplitQuery().ToListAsync(cancellationToken);

        var followUpViews = await new Visits.FollowUpQuery(db).ListForDossierAsync(unitId, year, cancellationToken);

        var cases = await db.TypicalCases.AsNoTracking().Where(c => c.UnitId == unitId && c.Year == year).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var progress = await db.EnforcementProgress.AsNoTracking().Where(p => p.UnitId == unitId && p.Year == year).ToListAsync(cancellationToken);

        // The year in China time: [1 Jan 00:00 +08:00, next 1 Jan 00:00 +08:00).
        var from = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(-8);
        var to = from.AddYears(1);
        var figures = await db.TeamFigures.AsNoTracking().Where(f => f.UnitId == unitId && f.ReportedUtc >= from && f.ReportedUtc < to)
            .OrderBy(f => f.ReportedUtc).ThenBy(f => f.Id).ToListAsync(cancellationToken);
        var trainings = await db.TrainingSessions.AsNoTracking().Where(t => t.UnitId == unitId && t.HeldOn.Year == year)
            .OrderBy(t => t.HeldOn).ThenBy(t => t.Id).ToListAsync(cancellationToken);

        var fileIds = reports.Values
            .SelectMany(r => r.Items).SelectMany(i => i.Evidence)
            .Where(e => e.FileId is not null).Select(e => e.FileId!.Value)
            .Concat(approvals.SelectMany(a => new[] { a.ApprovalAttachmentId, a.FilingAttachmentId }).OfType<Guid>())
            .Concat(materials.Where(m => m.FileId is not null).Select(m => m.FileId!.Value))
            .Concat(teamDocuments.Select(d => d.FileId))
            .Concat(followUps.SelectMany(f => f.Photos).Select(p => p.FileId))
            .Distinct().ToList();
        var files = await db.Files.AsNoTracking().Where(f => fileIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, cancellationToken);

        var audit = await db.AuditLog.AsNoTracking()
            .Where(a => a.UnitId == unitId && a.OccurredUtc >= from && a.OccurredUtc < to)
            .OrderBy(a => a.OccurredUtc).ThenBy(a => a.Id)
            .ToListAsync(cancellationToken);

        var generatedUtc = time.GetUtcNow().UtcDateTime;
        var stamp = new DateTimeOffset(DocumentText.ChinaTime(generatedUtc), Rules.ChinaTime.Offset);
        var entries = new List<DossierEntry>();
        var missing = new List<string>();

        // ZipArchive in create mode writes sequentially, so the HTTP body can be the target.
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Encoding.UTF8))
        {
            void AddBytes(string path, string kind, byte[] bytes, CompressionLevel level, string? source = null)
            {
                var entry = zip.CreateEntry(path, level);
                entry.LastWriteTime = stamp;
                using (var s = entry.Open())
                {
                    s.Write(bytes);
                }
                entries.Add(new DossierEntry(path, kind, bytes.LongLength, Convert.ToHexStringLower(SHA256.HashData(bytes)), Source: source));
            }

            void AddJson(string path, string kind, object value, string? source = null) =>
                AddBytes(path, kind, JsonSerializer.SerializeToUtf8Bytes(value, RecordJson), CompressionLevel.Optimal, source);

            // The plan, its approval and filing, its publication: as filed and reviewed.
            AddJson("plan/annual-plan.json", "plan", plans.OrderBy(p => p.Id).Select(p => new
            {
                p.Id, p.Year, p.Status, p.FirstSubmittedUtc, p.SubmittedUtc, p.SubmittedById, p.ReviewedUtc, p.ReviewedById, p.ReturnReason, p.ReturnCount,
                p.ShortfallExplanation,
                Categories = p.Categories.OrderBy(c => c.CategoryCode).Select(c => new { c.CategoryCode, c.KeyTotal, c.KeyPlanned, c.GeneralTotal, c.GeneralPlanned }),
                Enterprises = p.Entries.OrderBy(e => e.EnterpriseId).Select(e => new
                {
                    e.EnterpriseId, e.Enterprise?.Name, e.Enterprise?.CreditCode, e.Enterprise?.CategoryCode, Tier = e.Enterprise?.Tier, e.Planned,
                }),
            }).ToList());
            AddJson("plan/approval-and-filing.json", "approval", approvalRows.OrderBy(a => a.Id).ToList());
            AddJson("plan/publications.json", "publication", publications.OrderBy(p => p.Id).ToList());

            // Each visit: its record as JSON, the files provided as materials and the team's own documents and images.
            var visitNumber = 0;
            foreach (var visit in visits)
            {
                visitNumber++;
                var folder = $"visits/{visitNumber:00}_{visit.Year}-{visit.PlannedMonth:00}";
                var materialPaths = new Dictionary<int, string?>();
                var m = 0;
                foreach (var material in materials.Where(x => x.GuidanceVisitId == visit.Id).OrderBy(x => x.CheckItem?.Code).ThenBy(x => x.MaterialIndex).ThenBy(x => x.Id))
                {
                    materialPaths[material.Id] = material.FileId is { } fileId
                        ? await AddStoredAsync(zip, $"{folder}/materials", ++m, fileId, $"VisitMaterial:{material.Id}", "material")
                        : null;
                }
                var documentPaths = new Dictionary<int, string?>();
                var d = 0;
                foreach (var document in teamDocuments.Where(x => x.GuidanceVisitId == visit.Id).OrderBy(x => x.Id))
                {
                    documentPaths[document.Id] = await AddStoredAsync(zip, $"{folder}/team-documents", ++d, document.FileId, $"VisitDocument:{document.Id}", "team-document");
                }
                var photoPaths = new Dictionary<int, string?>();
                var ph = 0;
                foreach (var photo in followUps.Where(f => f.GuidanceVisitId == visit.Id).OrderBy(f => f.EnterpriseId).ThenBy(f => f.Id)
                             .SelectMany(f => f.Photos.OrderBy(p => p.Id)))
                {
                    photoPaths[photo.Id] = await AddStoredAsync(zip, $"{folder}/follow-ups", ++ph, photo.FileId, $"VisitFollowUpPhoto:{photo.Id}", "follow-up-photo");
                }
                var sealedDraw = visit.Draw is not null && !Visits.DrawSecrecy.Shown(cityView, visit.StartDate, time.ChinaToday());
                var replay = visit.Draw is { } draw && !sealedDraw ? Rules.SpotCheck.Replay(draw, Resources.DomainText.Chinese) : null;
                AddJson($"{folder}/visit.json", "visit", new
                {
                    visit.Id, visit.Year, visit.PlannedMonth, visit.StartDate, visit.EndDate, visit.Status, visit.CreatedUtc, visit.UpdatedUtc,
                    Team = visit.TeamMembers.OrderByDescending(t => t.IsLead).ThenBy(t => t.PersonId).Select(t => new { t.PersonId, t.Person?.Name, t.IsLead }),
                    Draw = sealedDraw ? (object)new { Sealed = true, visit.Draw!.Count, visit.Draw.Algorithm, visit.Draw.DrawnUtc }
                    : visit.Draw is { } dr ? new
                    {
                        dr.Seed, dr.Count, dr.CandidateIds, dr.Algorithm, dr.DrawnUtc, dr.DrawnById,
                        Enterprises = dr.Enterprises.OrderBy(e => e.Order).Select(e => new { e.Order, e.EnterpriseId, e.Enterprise?.Name, e.Enterprise?.CreditCode }),
                        // Replayed now from the seed and the candidates as stored: the same enterprises, or the difference.
                        Replay = new { replay!.Matches, replay.Expected, replay.Stored, Error = replay.Error?.Message },
                    } : null,
                    FollowUps = followUps.Where(f => f.GuidanceVisitId == visit.Id).OrderBy(f => f.EnterpriseId).ThenBy(f => f.Id).Select(f => new
                    {
                        f.EnterpriseId, f.Enterprise?.Name, f.Enterprise?.CreditCode, f.ObservedOn,
                        f.Procedure, f.ProcedureNote, f.Documents, f.DocumentsNote, f.Closure, f.ClosureNote, f.Notes,
                        Photos = f.Photos.OrderBy(p => p.Id).Select(p => photoPaths.GetValueOrDefault(p.Id)),
                        f.RecordedById, f.CreatedUtc, f.UpdatedUtc,
                    }),
                    Findings = visit.Findings.OrderBy(f => f.CheckItem?.Code).ThenBy(f => f.Id)
                        .Select(f => new { CheckItem = f.CheckItem?.Code, f.Outcome, f.Note, f.RecordedUtc, f.RecordedById }),
                    Materials = materials.Where(x => x.GuidanceVisitId == visit.Id).OrderBy(x => x.CheckItem?.Code).ThenBy(x => x.MaterialIndex).ThenBy(x => x.Id)
                        .Select(x => new { CheckItem = x.CheckItem?.Code, Index = x.MaterialIndex + 1, x.MaterialName, x.Url, File = materialPaths.GetValueOrDefault(x.Id), x.ProvidedUtc, x.ProvidedById }),
                    TeamDocuments = teamDocuments.Where(x => x.GuidanceVisitId == visit.Id).OrderBy(x => x.Id)
                        .Select(x => new { File = documentPaths.GetValueOrDefault(x.Id), x.Caption, x.AddedUtc, x.AddedById }),
                }, $"GuidanceVisit:{visit.Id}");
            }

            var folderOf = new Dictionary<int, string>();
            var index = 0;
            foreach (var letter in letters)
            {
                index++;
                var issuer = issuers.GetValueOrDefault(letter.IssuerUnitId) ?? unit;
                var name = DocumentText.SafeFileName($"{index:00}_{DocumentText.LetterNumber(letter, issuer.ShortName)}");
                folderOf[letter.Id] = name;
                using var buffer = new MemoryStream();
                // The letter as filed shows what the team saw of the drawn enterprises (and their photos), as its download does.
                OpinionLetterDocument.Write(letter, issuer, buffer, letter.GuidanceVisitId is { } lv ? followUpViews.Where(f => f.VisitId == lv).ToList() : null);
                // DOCX is already a ZIP: storing it again compressed only costs time.
                AddBytes($"letters/{name}.docx", "letter", buffer.ToArray(), CompressionLevel.NoCompression, $"OpinionLetter:{letter.Id}");
            }

            foreach (var letter in letters)
            {
                if (!reports.TryGetValue(letter.Id, out var report))
                {
                    continue;
                }
                using var buffer = new MemoryStream();
                RectificationReportDocument.Write(report, letter, unit, files, buffer);
                AddBytes($"reports/{folderOf[letter.Id]}_整改报告.docx", "report", buffer.ToArray(), CompressionLevel.NoCompression, $"RectificationReport:{report.Id}");
            }

            foreach (var letter in letters)
            {
                if (!reports.TryGetValue(letter.Id, out var report))
                {
                    continue;
                }
                var problemOrder = letter.Problems.OrderBy(p => p.Order).ThenBy(p => p.Id)
                    .Select((p, i) => (p.Id, Number: i + 1)).ToDictionary(x => x.Id, x => x.Number);
                foreach (var item in report.Items.OrderBy(i => problemOrder.GetValueOrDefault(i.LetterProblemId, int.MaxValue)).ThenBy(i => i.Id))
                {
                    var n = 0;
                    foreach (var evidence in item.Evidence.Where(e => e.FileId is not null).OrderBy(e => e.Id))
                    {
                        n++;
                        var folder = $"evidence/{folderOf[letter.Id]}/问题{problemOrder.GetValueOrDefault(item.LetterProblemId)}";
                        await AddStoredAsync(zip, folder, n, evidence.FileId!.Value, $"RectificationEvidence:{evidence.Id}");
                    }
                }
            }

            var planFile = 0;
            foreach (var id in approvals.SelectMany(a => new[] { a.ApprovalAttachmentId, a.FilingAttachmentId }).OfType<Guid>())
            {
                await AddStoredAsync(zip, "evidence/审批报备", ++planFile, id, "PlanApproval");
            }

            AddJson("cases.json", "cases", cases);
            AddJson("team-figures.json", "team", new { Figures = figures, Trainings = trainings });
            AddJson("progress.json", "progress", progress.OrderBy(p => p.Month).ThenBy(p => p.Id).ToList());

            AddBytes(AuditTrailName, "audit", AuditCsv(audit), CompressionLevel.Optimal);

            var manifest = new DossierManifest(unit.Id, unit.Code, unit.Name, year, generatedUtc, entries, missing);
            var manifestEntry = zip.CreateEntry(ManifestName, CompressionLevel.Optimal);
            manifestEntry.LastWriteTime = stamp;
            await using (var s = manifestEntry.Open())
            {
                await JsonSerializer.SerializeAsync(s, manifest, ManifestJson, cancellationToken);
            }

            async Task<string?> AddStoredAsync(ZipArchive archive, string folder, int number, Guid fileId, string source, string kind = "evidence")
            {
                var path = $"{folder}/{number:00}_{DocumentText.SafeFileName(files.TryGetValue(fileId, out var row) ? row.FileName : fileId.ToString())}";
                if (row is null || !store.Exists(fileId))
                {
                    missing.Add($"{path} ({fileId})");
                    return null;
                }
                var entry = archive.CreateEntry(path, CompressionLevel.NoCompression);
                entry.LastWriteTime = stamp;
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long length = 0;
                await using (var stored = store.Open(fileId))
                await using (var target = entry.Open())
                {
                    var buffer = new byte[81920];
                    int read;
                    while ((read = await stored.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                        length += read;
                    }
                }
                entries.Add(new DossierEntry(path, kind, length, Convert.ToHexStringLower(hash.GetHashAndReset()), row.Sha256, source));
                return path;
            }
        }
        return unit;
    }

    /// <summary>The unit's audit trail as CSV, UTF-8 with a BOM so Excel shows the Chinese text.</summary>
    internal static byte[] AuditCsv(IEnumerable<AuditEntry> audit)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', AuditHeaders.Select(Csv)).Append("\r\n");
        foreach (var a in audit)
        {
            csv.AppendJoin(',',
                    Csv(DocumentText.ChinaTime(a.OccurredUtc).ToString("yyyy-MM-dd HH:mm:ss")),
                    Csv(a.ActorName),
                    Csv(a.ActorPersonId?.ToString() ?? ""),
                    Csv(a.Action),
                    Csv(a.EntityType),
                    Csv(a.EntityId),
                    Csv(a.Reason ?? ""),
                    Csv(a.Details ?? ""))
                .Append("\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static string Csv(string value)
    {
        // A leading = + - @ would run as a formula when the CSV is opened in Excel; an apostrophe keeps it text.
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0]))
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
