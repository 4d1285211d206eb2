using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Visits;

/// <summary>A photo of a follow-up: the stored file and its hash (the dossier's manifest lists it).</summary>
public sealed record FollowUpPhotoView(Guid FileId, string FileName, string ContentType, long Length, string Sha256, DateTime AddedUtc);

/// <summary>One follow-up record (全过程跟踪) as every reader shows it: the API, the cards, the letter, the dossier.</summary>
public sealed record FollowUpView(
    int Id, int VisitId, int EnterpriseId, string EnterpriseName, string CreditCode, int DrawOrder, DateOnly ObservedOn,
    FindingOutcome Procedure, string? ProcedureNote, FindingOutcome Documents, string? DocumentsNote, FindingOutcome Closure, string? ClosureNote,
    string? Notes, IReadOnlyList<FollowUpPhotoView> Photos, DateTime UpdatedUtc, Guid Version)
{
    /// <summary>The three aspects with their notes, in the plan's order (程序, 文书填写, 闭合).</summary>
    public IEnumerable<(string Aspect, FindingOutcome Outcome, string? Note)> Aspects()
    {
        yield return (FollowUpFields.Procedure, Procedure, ProcedureNote);
        yield return (FollowUpFields.Documents, Documents, DocumentsNote);
        yield return (FollowUpFields.Closure, Closure, ClosureNote);
    }
}

/// <summary>Reads follow-up records; writing is <see cref="FollowUpWorkflow"/>'s.</summary>
public sealed class FollowUpQuery(GuidanceDbContext db)
{
    /// <summary>The records of one visit, in the draw's order.</summary>
    public Task<List<FollowUpView>> ForVisitAsync(int visitId, CancellationToken ct = default) =>
        ReadAsync(db.VisitFollowUps.Where(f => f.GuidanceVisitId == visitId), ct);

    /// <summary>
    /// For the unit's dossier (归档备查): every follow-up record of the unit's visits of <paramref name="year"/> (cancelled ones
    /// included, as recorded), by visit and the draw's order, with each photo's stored file and SHA-256.
    /// </summary>
    public Task<List<FollowUpView>> ListForDossierAsync(int unitId, int year, CancellationToken ct = default) =>
        ReadAsync(db.VisitFollowUps.Where(f => f.Visit!.UnitId == unitId && f.Visit.Year == year), ct);

    private static async Task<List<FollowUpView>> ReadAsync(IQueryable<VisitFollowUp> query, CancellationToken ct)
    {
        var rows = await query.AsNoTracking()
            .Select(f => new
            {
                f,
                f.Enterprise!.Name,
                f.Enterprise.CreditCode,
                Order = f.Visit!.Draw!.Enterprises.Where(e => e.EnterpriseId == f.EnterpriseId).Select(e => e.Order).FirstOrDefault(),
                Photos = f.Photos.OrderBy(p => p.Id).Select(p => new FollowUpPhotoView(p.FileId, p.File!.FileName, p.File.ContentType, p.File.Length, p.File.Sha256, p.AddedUtc)).ToList(),
            })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.f.GuidanceVisitId).ThenBy(r => r.Order).ThenBy(r => r.f.Id)
            .Select(r => new FollowUpView(r.f.Id, r.f.GuidanceVisitId, r.f.EnterpriseId, r.Name, r.CreditCode, r.Order, r.f.ObservedOn,
                r.f.Procedure, r.f.ProcedureNote, r.f.Documents, r.f.DocumentsNote, r.f.Closure, r.f.ClosureNote, r.f.Notes, r.Photos, r.f.UpdatedUtc, r.f.Version))
            .ToList();
    }
}
