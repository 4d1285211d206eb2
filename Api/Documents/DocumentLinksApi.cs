using GuidanceBot.Api.Common;
using GuidanceBot.Bot.Documents;
using GuidanceBot.Data;
using GuidanceBot.Data.Documents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Documents;

/// <summary>
/// <c>GET /files/{token}</c>: the documents linked from cards, opened from Teams in a browser that has no bearer
/// token. The signed link names the person it was made for; what that person may see is checked again now.
/// </summary>
public static class DocumentLinksApi
{
    public static WebApplication MapDocumentLinks(this WebApplication app)
    {
        app.MapGet($"{DocumentLinks.Route}/{{token}}", OpenAsync)
            .AllowAnonymous()
            .WithTags("Documents")
            .WithSummary("A document linked from a bot card (signed, expiring link)");
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> OpenAsync(
        string token, DocumentLinks links, GuidanceDbContext db, GuidanceDocuments documents, CancellationToken ct)
    {
        var check = links.Read(token);
        if (check.Ticket is not { } ticket)
        {
            return check.Expired
                ? ApiProblems.Status(StatusCodes.Status410Gone, ApiText.Get("link.expired"), "link.expired")
                : ApiProblems.NotFound();
        }

        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == ticket.PersonId && p.IsActive, ct);
        if (person is null)
        {
            return ApiProblems.NotFound();
        }

        // City staff see every unit; a liaison only their unit, as on the API.
        int? scope = person.IsCity ? null : person.UnitId;
        var file = ticket.Document switch
        {
            LinkedDocument.OpinionLetter => await documents.OpinionLetterAsync(ticket.Id, scope, ct),
            LinkedDocument.RectificationReport => await documents.RectificationReportAsync(ticket.Id, scope, ct),
            LinkedDocument.WeeklyAssignment => await documents.WeeklyAssignmentAsync(ticket.Id, scope, ct),
            LinkedDocument.MonthlyReview => await documents.MonthlyReviewAsync(ticket.Id, ct),
            LinkedDocument.UnitYearDossier => await documents.UnitYearDossierAsync(DocumentLinks.Dossier(ticket.Id).UnitId, DocumentLinks.Dossier(ticket.Id).Year, scope, ct),
            _ => null,
        };
        return file.ToDownload();
    }
}
