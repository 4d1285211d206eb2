using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Workflows;
using System.Globalization;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Visits;
using Microsoft.EntityFrameworkCore;
using GuidanceBot.Data.Years;

namespace GuidanceBot.Data.Visits;

/// <summary>
/// One material provided for a visit, as a door received it: a stored file of the unit, or an http(s) link. <see cref="Field"/> is the
/// input to blame; <see cref="UrlField"/> the one a bad link is shown under (the same unless the door has a separate one).
/// </summary>
public sealed record MaterialProvision(string? CheckItemCode, int? Material, Guid? FileId, string? Url, string Field, string? UrlField = null);

/// <summary>The file types and size a visit material may have; the bot and the API check the same.</summary>
public static class MaterialFileRules
{
    public const long MaxBytes = 20 * 1024 * 1024;

    public static readonly IReadOnlyDictionary<string, string> Types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["pdf"] = "application/pdf",
        ["ofd"] = "application/ofd",
        ["doc"] = "application/msword",
        ["docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ["xls"] = "application/vnd.ms-excel",
        ["xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ["jpg"] = "image/jpeg",
        ["jpeg"] = "image/jpeg",
        ["png"] = "image/png",
        ["zip"] = "application/zip",
    };

    public static string Extension(string fileName) => Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();

    /// <summary>Null when the file may be kept; else why not, on the field <c>file</c>.</summary>
    public static DomainError? Check(string fileName, long? length, CultureInfo culture, string field = "file")
    {
        if (!Types.ContainsKey(Extension(fileName)))
        {
            return DomainError.Create("materials.file_type", culture, field, fileName, string.Join(", ", Types.Keys.Where(k => k != "jpeg")));
        }
        if (length is > MaxBytes)
        {
            return DomainError.Create("materials.file_too_large", culture, field, fileName, MaxBytes / 1024 / 1024);
        }
        return length is 0 ? DomainError.Create("materials.file_empty", culture, field, fileName) : null;
    }

    /// <summary>Null when the text is an absolute http or https address of at most <see cref="FieldLimits.UrlMax"/> characters (the plans' limit too).</summary>
    public static DomainError? CheckUrl(string url, string materialName, CultureInfo culture, string field) =>
        url.Length <= FieldLimits.UrlMax && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(u.Host)
            ? null
            : DomainError.Create("materials.link_invalid", culture, field, materialName);
}

/// <summary>
/// The step on a visit's materials: the unit provides a file or link per material. Bot and API both come through here; the
/// visit's date, which asks the unit for them, is <see cref="VisitWorkflow.SetDatesAsync"/>.
/// </summary>
public sealed class VisitMaterialsWorkflow(GuidanceDbContext db, TimeProvider time)
{
    private readonly WorkflowRunner runner = new(db, time);

    public static bool IsCounty(Actor actor) => actor.Role is PersonRole.CountyLiaison or PersonRole.CountyResponsible;

    /// <summary>
    /// Provides (or replaces) the listed materials in one step; every entry is checked first and any bad one refuses them all,
    /// each named under its field. <paramref name="upload"/> is a file whose bytes were stored for this step
    /// (<see cref="Files.FileStore.SaveAsync"/>): its row and its <c>file.upload</c> audit entry are written with the step, or not at
    /// all (the caller then deletes the bytes).
    /// </summary>
    public async Task<WorkflowResult> ProvideAsync(int visitId, Guid seenVersion, IReadOnlyList<MaterialProvision> provisions, Actor actor, CancellationToken ct = default,
        Files.StoredFile? upload = null)
    {
        var culture = actor.Language;
        var names = new List<string>();
        IReadOnlyList<DomainError> refused = [];
        var result = await runner.RunAsync<GuidanceVisit>(
            token => db.Visits.SingleOrDefaultAsync(v => v.Id == visitId, token),
            nameof(GuidanceVisit),
            seenVersion,
            actor,
            async (visit, token) =>
            {
                if (!IsCounty(actor))
                {
                    return DomainError.Create("auth.county_only", culture);
                }
                if (visit.UnitId != actor.UnitId)
                {
                    return DomainError.Create("auth.own_unit_only", culture);
                }
                if (visit.Status is not (VisitStatus.Planned or VisitStatus.Scheduled))
                {
                    return DomainError.Create("materials.visit_closed", culture, "visit");
                }
                if (provisions.Count == 0)
                {
                    return DomainError.Create("materials.nothing", culture, "materials");
                }

                var items = await db.ItemsOfVisit(visit.Id).ToListAsync(token);
                var existing = await db.VisitMaterials.Where(m => m.GuidanceVisitId == visit.Id).ToListAsync(token);
                var check = new InputCheck(culture);
                var now = runner.UtcNow;
                foreach (var p in provisions)
                {
                    var item = items.FirstOrDefault(i => i.Code == p.CheckItemCode);
                    if (item is null || p.Material is not { } index || index < 0 || index >= item.Materials.Count)
                    {
                        check.Add(DomainError.Create("materials.unknown_material", culture, p.Field, p.CheckItemCode ?? "—", p.Material?.ToString(CultureInfo.InvariantCulture) ?? "—"));
                        continue;
                    }
                    var name = item.MaterialName(index, culture);
                    if ((p.FileId is null) == (p.Url is null))
                    {
                        check.Add(DomainError.Create("materials.file_or_link", culture, p.Field, name));
                        continue;
                    }
                    if (p.Url is not null && MaterialFileRules.CheckUrl(p.Url, name, culture, p.UrlField ?? p.Field) is { } bad)
                    {
                        check.Add(bad);
                        continue;
                    }
                    if (p.FileId is { } fileId && !(upload?.Id == fileId && upload.UnitId == visit.UnitId)
                        && !await db.Files.AnyAsync(f => f.Id == fileId && f.UnitId == visit.UnitId, token))
                    {
                        check.Add(DomainError.Create("materials.file_unknown", culture, p.Field, name));
                        continue;
                    }

                    var row = existing.FirstOrDefault(m => m.CheckItemId == item.Id && m.MaterialIndex == index);
                    if (row is null)
                    {
                        row = new VisitMaterial { GuidanceVisitId = visit.Id, CheckItemId = item.Id, MaterialIndex = index, MaterialName = item.Materials[index] };
                        db.VisitMaterials.Add(row);
                        existing.Add(row);
                    }
                    (row.FileId, row.Url, row.ProvidedUtc, row.ProvidedById) = (p.FileId, p.Url, now, actor.PersonId);
                    names.Add($"{item.Code}#{index + 1} {(p.Url ?? p.FileId.ToString())}");
                }
                if (!check.IsValid)
                {
                    refused = check.Errors; // the runner rolls back and forgets the rows staged above
                    return check.Errors[0];
                }
                if (upload is not null)
                {
                    db.Files.Add(upload);
                    db.AuditLog.Add(Files.FileStore.UploadAudit(upload, actor.Name, $"visit {visit.Id}"));
                }
                db.Entry(visit).State = EntityState.Modified; // a new version: a card made before this is stale
                return null;
            },
            visit => AuditEntries.For(actor, "visit.materials", nameof(GuidanceVisit), visit.Id, visit.UnitId, runner.UtcNow, null, string.Join("; ", names)),
            ct);
        return result.Status == WorkflowStatus.Refused && refused.Count > 1 ? WorkflowResult.Refused(refused) : result;
    }
}
