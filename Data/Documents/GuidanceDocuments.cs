using GuidanceBot.Data.Files;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Tracking;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Documents;

/// <summary>
/// Loads what a document needs and renders it: the entry point for download endpoints and cards.
/// Each method returns null when the thing does not exist or lies outside <c>unitScope</c>
/// (a county caller's own unit), so the caller answers 404 either way and leaks nothing.
/// </summary>
public sealed class GuidanceDocuments(GuidanceDbContext db, UnitYearDossier dossier)
{
    public async Task<DocumentFile?> OpinionLetterAsync(int letterId, int? unitScope = null, CancellationToken cancellationToken = default)
    {
        var letter = await db.Letters.AsNoTracking()
            .Include(l => l.Problems).Include(l => l.IssuerUnit)
            .FirstOrDefaultAsync(l => l.Id == letterId && (unitScope == null || l.UnitId == unitScope), cancellationToken);
        if (letter?.IssuerUnit is null)
        {
            return null;
        }
        // What the team saw of the drawn enterprises goes into the letter of that visit.
        var followUps = letter.GuidanceVisitId is { } visitId ? await new Visits.FollowUpQuery(db).ForVisitAsync(visitId, cancellationToken) : [];
        return OpinionLetterDocument.Create(letter, letter.IssuerUnit, followUps);
    }

    public async Task<DocumentFile?> RectificationReportAsync(int reportId, int? unitScope = null, CancellationToken cancellationToken = default)
    {
        var report = await db.RectificationReports.AsNoTracking()
            .Include(r => r.Items).ThenInclude(i => i.Evidence)
            .Include(r => r.Letter).ThenInclude(l => l!.Problems)
            .FirstOrDefaultAsync(r => r.Id == reportId && (unitScope == null || r.UnitId == unitScope), cancellationToken);
        if (report?.Letter is not { } letter)
        {
            return null;
        }
        var unit = await db.Units.AsNoTracking().FirstAsync(u => u.Id == report.UnitId, cancellationToken);
        var fileIds = report.Items.SelectMany(i => i.Evidence).Where(e => e.FileId != null).Select(e => e.FileId!.Value).ToList();
        var files = await db.Files.AsNoTracking().Where(f => fileIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, cancellationToken);
        return RectificationReportDocument.Create(report, letter, unit, files);
    }

    /// <summary>The week's list; with <paramref name="unitScope"/> only that unit's lines.</summary>
    public async Task<DocumentFile?> WeeklyAssignmentAsync(int snapshotId, int? unitScope = null, CancellationToken cancellationToken = default)
    {
        var snapshot = await db.WeeklySnapshots.AsNoTracking().Include(s => s.Lines).Include(s => s.Cases)
            .FirstOrDefaultAsync(s => s.Id == snapshotId, cancellationToken);
        if (snapshot is null)
        {
            return null;
        }
        if (unitScope is { } unitId)
        {
            snapshot.Lines = snapshot.Lines.Where(l => l.UnitId == unitId).ToList();
            snapshot.Cases = snapshot.Cases.Where(c => c.UnitId == unitId).ToList();
        }
        return WeeklyAssignmentWorkbook.Create(snapshot);
    }

    /// <summary>The month's review: the ranking is read out to every unit, so it is not scoped.</summary>
    public async Task<DocumentFile?> MonthlyReviewAsync(int snapshotId, CancellationToken cancellationToken = default)
    {
        var snapshot = await db.MonthlySnapshots.AsNoTracking().Include(s => s.Lines).Include(s => s.Overdue)
            .FirstOrDefaultAsync(s => s.Id == snapshotId, cancellationToken);
        return snapshot is null ? null : MonthlyReviewWorkbook.Create(snapshot);
    }

    public Task<DocumentFile?> UnitYearDossierAsync(int unitId, int year, int? unitScope = null, CancellationToken cancellationToken = default) =>
        unitScope is { } scope && scope != unitId
            ? Task.FromResult<DocumentFile?>(null)
            : dossier.CreateAsync(unitId, year, cancellationToken, cityView: unitScope is null);
}
