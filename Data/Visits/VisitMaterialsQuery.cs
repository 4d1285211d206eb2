using System.Globalization;
using GuidanceBot.Data.Plans;
using Microsoft.EntityFrameworkCore;
using GuidanceBot.Data.Years;

namespace GuidanceBot.Data.Visits;

public enum MaterialState
{
    Missing = 0,
    /// <summary>A record the bureau already holds counts as this material (<see cref="MaterialSources"/>).</summary>
    OnFile = 1,
    /// <summary>The unit sent a file or a link for it.</summary>
    Provided = 2,
}

/// <summary>One material of one check item, as it stands for a visit.</summary>
public sealed record MaterialLine(int Index, string Name, string NameEn, MaterialState State, string? Source,
    Guid? FileId, string? FileName, string? Url, DateTime? ProvidedUtc)
{
    public bool IsDone => State != MaterialState.Missing;

    public string DisplayName(CultureInfo culture) => culture.Name == "en-US" ? NameEn : Name;
}

/// <summary>A check item of the year's template with what the county provides for it (possibly nothing).</summary>
public sealed record MaterialItem(int CheckItemId, string Code, string Title, string TitleEn, string? CityAssessment, IReadOnlyList<MaterialLine> Materials)
{
    public int Done => Materials.Count(m => m.IsDone);

    public string DisplayTitle(CultureInfo culture) => culture.Name == "en-US" ? TitleEn : Title;
}

/// <summary>How many of a visit's materials are provided or on file, of how many the template asks for.</summary>
public sealed record MaterialsProgress(int Provided, int Required);

/// <summary>What a unit provides for one guidance visit: every item of the visit year's template, in order.</summary>
public sealed record VisitMaterials(int VisitId, int UnitId, string UnitCode, string UnitName, string? UnitNameEn, int Year,
    VisitStatus Status, DateOnly? StartDate, DateOnly? EndDate, Guid Version, IReadOnlyList<MaterialItem> Items)
{
    public int Required => Items.Sum(i => i.Materials.Count);
    public int Done => Items.Sum(i => i.Done);
    public int Missing => Required - Done;
    public bool IsOpen => Status is VisitStatus.Planned or VisitStatus.Scheduled;

    public IEnumerable<(MaterialItem Item, MaterialLine Material)> MissingMaterials =>
        Items.SelectMany(i => i.Materials.Where(m => !m.IsDone).Select(m => (i, m)));

    public string DisplayUnit(CultureInfo culture) => culture.Name == "en-US" && !string.IsNullOrEmpty(UnitNameEn) ? UnitNameEn : UnitName;
}

/// <summary>
/// Reads a visit's materials: the year's template items and materials, what the unit provided, and what
/// already counts because the bureau holds it (the plan filed with its list, the approval accepted, team
/// figures and training filed this year). The bot's cards, the nudges and the API read the same answer.
/// </summary>
public sealed class VisitMaterialsQuery(GuidanceDbContext db)
{
    public async Task<VisitMaterials?> LoadAsync(int visitId, CancellationToken ct = default)
    {
        var visit = await db.Visits.AsNoTracking().Include(v => v.Unit).FirstOrDefaultAsync(v => v.Id == visitId, ct);
        if (visit is null)
        {
            return null;
        }

        var items = await db.ItemsOfVisit(visit.Id).AsNoTracking().Include(i => i.Area)
            .OrderBy(i => i.Area!.Order).ThenBy(i => i.Order).ToListAsync(ct);
        var provided = await db.VisitMaterials.AsNoTracking().Include(m => m.File)
            .Where(m => m.GuidanceVisitId == visitId).ToListAsync(ct);
        var onFile = await OnFileAsync(visit.UnitId, visit.Year, ct);

        var lines = items.Select(item => new MaterialItem(item.Id, item.Code, item.Title, item.TitleEn, item.CityAssessment,
            item.Materials.Select((name, index) =>
            {
                var row = provided.FirstOrDefault(p => p.CheckItemId == item.Id && p.MaterialIndex == index);
                var source = item.MaterialSource(index);
                var state = row is not null ? MaterialState.Provided
                    : source is not null && onFile.Contains(source) ? MaterialState.OnFile
                    : MaterialState.Missing;
                return new MaterialLine(index, name, item.MaterialName(index, CultureInfo.GetCultureInfo("en-US")), state,
                    state == MaterialState.OnFile ? source : null, row?.FileId, row?.File?.FileName, row?.Url, row?.ProvidedUtc);
            }).ToList())).ToList();

        return new VisitMaterials(visit.Id, visit.UnitId, visit.Unit!.Code, visit.Unit.Name, visit.Unit.NameEn, visit.Year,
            visit.Status, visit.StartDate, visit.EndDate, visit.Version, lines);
    }

    /// <summary>The unit's next open visit with a date (today or later), else its latest open visit.</summary>
    public async Task<int?> NextVisitIdAsync(int unitId, DateOnly today, CancellationToken ct = default)
    {
        var open = await db.Visits.AsNoTracking()
            .Where(v => v.UnitId == unitId && (v.Status == VisitStatus.Planned || v.Status == VisitStatus.Scheduled) && v.StartDate != null)
            .Select(v => new { v.Id, v.StartDate }).ToListAsync(ct);
        return open.Where(v => v.StartDate >= today).OrderBy(v => v.StartDate).Select(v => (int?)v.Id).FirstOrDefault()
            ?? open.OrderByDescending(v => v.StartDate).Select(v => (int?)v.Id).FirstOrDefault();
    }

    public async Task<MaterialsProgress?> ProgressAsync(int visitId, CancellationToken ct = default) =>
        await LoadAsync(visitId, ct) is { } vm ? new MaterialsProgress(vm.Done, vm.Required) : null;

    /// <summary>The on-file sources the unit's records satisfy for the year.</summary>
    public async Task<HashSet<string>> OnFileAsync(int unitId, int year, CancellationToken ct = default)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var filed = new[] { SubmissionStatus.Submitted, SubmissionStatus.Resubmitted, SubmissionStatus.Accepted };

        var plan = await db.AnnualPlans.AsNoTracking().Where(p => p.UnitId == unitId && p.Year == year && filed.Contains(p.Status))
            .Select(p => new { Listed = p.Entries.Any(), Planned = p.Entries.Any(e => e.Planned) }).FirstOrDefaultAsync(ct);
        if (plan?.Listed == true)
        {
            found.Add(MaterialSources.PlanEnterprises);
        }
        if (plan?.Planned == true)
        {
            found.Add(MaterialSources.PlanPlanned);
        }

        var approval = await db.PlanApprovals.AsNoTracking().Where(a => a.UnitId == unitId && a.Year == year && a.Status == SubmissionStatus.Accepted)
            .Select(a => new { a.ApprovalAttachmentId, a.ApprovalDocumentNumber, a.FilingAttachmentId, a.FilingDocumentNumber }).FirstOrDefaultAsync(ct);
        if (approval is not null && (approval.ApprovalAttachmentId is not null || approval.ApprovalDocumentNumber is not null))
        {
            found.Add(MaterialSources.ApprovalDocument);
        }
        if (approval is not null && (approval.FilingAttachmentId is not null || approval.FilingDocumentNumber is not null))
        {
            found.Add(MaterialSources.FilingDocument);
        }

        var from = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(-8);
        var to = from.AddYears(1);
        if (await db.TeamFigures.AsNoTracking().AnyAsync(t => t.UnitId == unitId && t.ReportedUtc >= from && t.ReportedUtc < to, ct))
        {
            found.Add(MaterialSources.TeamRoster);
            found.Add(MaterialSources.TeamStructure);
        }
        if (await db.TrainingSessions.AsNoTracking().AnyAsync(t => t.UnitId == unitId && t.HeldOn >= new DateOnly(year, 1, 1) && t.HeldOn <= new DateOnly(year, 12, 31), ct))
        {
            found.Add(MaterialSources.TrainingRecords);
        }
        return found;
    }
}
