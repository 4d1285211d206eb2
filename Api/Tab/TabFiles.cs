using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.Documents;
using GuidanceBot.Data.Enterprises;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tab;

/// <summary>
/// The documents the tab links to, opened with the tab's session: the same generated files as the API's downloads,
/// with the caller's scope (a liaison gets only their unit's; another unit's is a 404 as on the API).
/// </summary>
public static class TabFiles
{
    public static void MapTabFiles(this IEndpointRouteBuilder app)
    {
        // Links a person opens: without a session, to the sign-in (not the bare 401 .NET gives API-like endpoints).
        var files = app.MapGroup("/tab/files").RequireAuthorization(TabSession.Policy).AllowCookieRedirect().ExcludeFromDescription();
        files.MapGet("/letters/{id:int}", async (int id, Caller caller, GuidanceDocuments docs, CancellationToken ct) =>
            (await docs.OpinionLetterAsync(id, caller.Scope, ct)).ToDownload());
        files.MapGet("/letters/{id:int}/report", async (int id, Caller caller, GuidanceDbContext db, GuidanceDocuments docs, CancellationToken ct) =>
        {
            var reportId = await db.RectificationReports.AsNoTracking().Where(r => r.OpinionLetterId == id).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
            return (reportId is { } r ? await docs.RectificationReportAsync(r, caller.Scope, ct) : null).ToDownload();
        });
        files.MapGet("/weekly/{id:int}", async (int id, Caller caller, GuidanceDocuments docs, CancellationToken ct) =>
            (await docs.WeeklyAssignmentAsync(id, caller.Scope, ct)).ToDownload());
        files.MapGet("/monthly/{id:int}", async (int id, GuidanceDocuments docs, CancellationToken ct) =>
            (await docs.MonthlyReviewAsync(id, ct)).ToDownload());
        files.MapGet("/dossier/{year:int}/{code}", async (int year, string code, Caller caller, GuidanceDocuments docs, CancellationToken ct) =>
            caller.VisibleUnitId(code) is { } unitId && Data.Rules.FieldLimits.IsYear(year)
                ? (await docs.UnitYearDossierAsync(unitId, year, caller.Scope, ct)).ToDownload()
                : ((DocumentFile?)null).ToDownload());
        files.MapGet("/enterprise-template", async (GuidanceDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            var file = EnterpriseListTemplate.Create(await db.EnterpriseCategories.AsNoTracking().ToListAsync(ct), ApiText.Culture, time.GetUtcNow().UtcDateTime);
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        });
    }
}
