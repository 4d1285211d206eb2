using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Api.Letters;

public sealed record ReportItemInput(int? LetterProblemId, string? Measures, string? Progress, DateOnly? ExpectedCompletion, List<string>? EvidenceUrls);

public sealed record ReportRequest(string? ResponsibleName, List<ReportItemInput>? Items, Guid? Version);

/// <summary>Both versions a report step needs: the letter's (the workflow checks it) and the report's.</summary>
public sealed record ReportStepRequest(Guid? LetterVersion, Guid? ReportVersion, string? Reason);

public sealed record ItemReviewRequest(Guid? Version, string? Decision, string? Note);

/// <summary>
/// The rectification report answering a letter. Its content (measures, evidence links, the review per
/// problem) is edited here; the steps (submit, return, close) are the letter's workflow steps, and the
/// report's own status changes ride in the same transaction as the step (the workflow saves everything
/// the context tracks, or nothing).
/// </summary>
public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder letters)
    {
        letters.MapPut("/{id:int}/report", PutAsync).RequireAuthorization(ApiAuth.County).WithSummary("Write the rectification report's draft (the county)");
        letters.MapPost("/{id:int}/report/submit", SubmitAsync).RequireAuthorization(ApiAuth.County).WithSummary("Submit the report (late ones are accepted and marked)");
        letters.MapPost("/{id:int}/report/items/{itemId:int}/review", ReviewAsync).RequireAuthorization(ApiAuth.City).WithSummary("Accept or return one problem's rectification (city staff)");
        return letters;
    }

    private static async Task<Results<Ok<ReportDto>, ValidationProblem, ProblemHttpResult>> PutAsync(
        int id, ReportRequest? body, Caller caller, GuidanceDbContext db, TimeProvider time, CancellationToken ct)
    {
        var letter = await db.Letters.AsNoTracking().Include(l => l.Problems).FirstOrDefaultAsync(l => l.Id == id && l.Status != LetterStatus.Draft, ct);
        if (letter is null || !caller.CanSee(letter.UnitId))
        {
            return ApiProblems.NotFound();
        }
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        var v = new Validator();
        var responsible = v.Required("responsibleName", body.ResponsibleName, 100);
        var items = new List<RectificationItem>();
        if (body.Items is null || body.Items.Count == 0)
        {
            v.Add("items", ApiText.Get("field.required", "items"));
        }
        else
        {
            for (var i = 0; i < body.Items.Count; i++)
            {
                var input = body.Items[i];
                var p = $"items[{i}]";
                var problemId = v.Required($"{p}.letterProblemId", input.LetterProblemId);
                if (input.LetterProblemId is not null && letter.Problems.All(x => x.Id != problemId))
                {
                    v.Add($"{p}.letterProblemId", ApiText.Get("field.unknown_value", problemId, string.Join(", ", letter.Problems.Select(x => x.Id))));
                }
                var item = new RectificationItem
                {
                    LetterProblemId = problemId,
                    Measures = v.Required($"{p}.measures", input.Measures, 4000, TextKind.Paragraphs),
                    Progress = v.Enum<RectificationProgress>($"{p}.progress", input.Progress),
                    ExpectedCompletion = input.ExpectedCompletion,
                };
                foreach (var (url, n) in (input.EvidenceUrls ?? []).Select((u, n) => (u, n)))
                {
                    item.Evidence.Add(new RectificationEvidence { Url = v.Url($"{p}.evidenceUrls[{n}]", url, required: true) });
                }
                if (item.Progress == RectificationProgress.InProgress && item.ExpectedCompletion is null)
                {
                    v.Add($"{p}.expectedCompletion", ApiText.Get("field.required", "expectedCompletion"));
                }
                items.Add(item);
            }
            foreach (var dup in items.GroupBy(x => x.LetterProblemId).Where(g => g.Count() > 1))
            {
                v.Add("items", ApiText.Get("field.unknown_value", dup.Key, "—"));
            }
        }
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }

        var report = await db.RectificationReports.Include(r => r.Items).ThenInclude(i => i.Evidence).FirstOrDefaultAsync(r => r.OpinionLetterId == id, ct);
        if (report is not null)
        {
            if (body.Version != report.Version)
            {
                return ApiProblems.Conflict();
            }
            if (report.Status is not (ReportStatus.Draft or ReportStatus.Returned))
            {
                return ApiProblems.Status(StatusCodes.Status422UnprocessableEntity, ApiText.Get("not_editable"), "not_editable");
            }
            db.Entry(report).Property(r => r.Version).OriginalValue = body.Version.Value;
            db.Entry(report).State = EntityState.Modified;
            // Items keep their review when the county edits a returned report; the content is replaced.
            foreach (var item in items)
            {
                var existing = report.Items.FirstOrDefault(x => x.LetterProblemId == item.LetterProblemId);
                if (existing is null)
                {
                    report.Items.Add(item);
                    continue;
                }
                existing.Measures = item.Measures;
                existing.Progress = item.Progress;
                existing.ExpectedCompletion = item.ExpectedCompletion;
                existing.Evidence.Clear();
                existing.Evidence.AddRange(item.Evidence);
            }
        }
        else
        {
            report = new RectificationReport { OpinionLetterId = id, UnitId = letter.UnitId, Status = ReportStatus.Draft, Items = items };
            db.RectificationReports.Add(report);
        }
        report.ResponsibleName = responsible;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            db.AuditLog.Add(AuditEntries.For(caller.ToActor(), "report.edit", nameof(RectificationReport), report.Id, report.UnitId, time.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict();
        }
        return TypedResults.Ok(await ReportAsync(db, id, ct));
    }

    private static async Task<Results<Ok<StepResult>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        int id, ReportStepRequest? body, Caller caller, GuidanceDbContext db, LetterWorkflow workflow, TimeProvider time, CancellationToken ct)
    {
        var letter = await db.Letters.AsNoTracking().Where(l => l.Id == id && l.Status != LetterStatus.Draft).Select(l => new { l.UnitId, l.ReportDeadline }).FirstOrDefaultAsync(ct);
        if (letter is null || !caller.CanSee(letter.UnitId))
        {
            return ApiProblems.NotFound();
        }
        var v = new Validator();
        var letterVersion = v.Required("letterVersion", body?.LetterVersion);
        var reportVersion = v.Required("reportVersion", body?.ReportVersion);
        var report = await db.RectificationReports.FirstOrDefaultAsync(r => r.OpinionLetterId == id, ct);
        if (report is null)
        {
            v.Add("report", ApiText.Get("field.required", "report"));
        }
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        if (report!.Version != reportVersion)
        {
            return ApiProblems.Conflict();
        }
        db.Entry(report).Property(r => r.Version).OriginalValue = reportVersion;
        var now = time.GetUtcNow();
        report.Status = ReportStatus.Submitted;
        report.SubmittedUtc = now.UtcDateTime;
        report.SubmittedById = caller.PersonId;
        report.SubmissionCount++;
        report.IsLate = DateOnly.FromDateTime(now.ToOffset(ChinaTime.Offset).DateTime) > letter.ReportDeadline;
        return (await workflow.SubmitReportAsync(id, letterVersion, caller.ToActor(), ct)).ToHttp();
    }

    private static async Task<Results<Ok<ReportDto>, ValidationProblem, ProblemHttpResult>> ReviewAsync(
        int id, int itemId, ItemReviewRequest? body, Caller caller, GuidanceDbContext db, TimeProvider time, CancellationToken ct)
    {
        var report = await db.RectificationReports.Include(r => r.Items).Include(r => r.Letter).FirstOrDefaultAsync(r => r.OpinionLetterId == id, ct);
        var item = report?.Items.FirstOrDefault(i => i.Id == itemId);
        if (report is null || item is null)
        {
            return ApiProblems.NotFound();
        }
        var v = new Validator();
        var version = v.Required("version", body?.Version);
        var decision = v.Enum<ReviewDecision>("decision", body?.Decision);
        var note = v.Optional("note", body?.Note, 2000, TextKind.Paragraphs);
        if (decision == ReviewDecision.Returned && note is null)
        {
            v.Add("note", ApiText.Get("field.required", "note"));
        }
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        if (version != report.Version)
        {
            return ApiProblems.Conflict();
        }
        if (report.Letter!.Status != LetterStatus.ReportSubmitted)
        {
            return ApiProblems.Status(StatusCodes.Status422UnprocessableEntity, ApiText.Get("status.422"), "report.not_submitted");
        }
        db.Entry(report).Property(r => r.Version).OriginalValue = version;
        db.Entry(report).State = EntityState.Modified;
        item.Decision = decision;
        item.ReviewNote = note;
        item.ReviewedUtc = time.GetUtcNow().UtcDateTime;
        item.ReviewedById = caller.PersonId;
        db.AuditLog.Add(AuditEntries.For(caller.ToActor(), "report.review", nameof(RectificationReport), report.Id, report.UnitId, time.GetUtcNow().UtcDateTime, note, $"item {item.Id}: {decision}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict();
        }
        return TypedResults.Ok(await ReportAsync(db, id, ct));
    }

    internal static Task<ReportDto> ReportAsync(GuidanceDbContext db, int letterId, CancellationToken ct) =>
        db.RectificationReports.AsNoTracking().Where(r => r.OpinionLetterId == letterId)
            .Select(r => new ReportDto(r.Id, r.OpinionLetterId, r.Status, r.ResponsibleName, r.SubmittedUtc, r.IsLate, r.SubmissionCount,
                r.Items.OrderBy(i => i.Problem!.Order).Select(i => new ReportItemDto(i.Id, i.LetterProblemId, i.Problem!.Problem, i.Measures, i.Progress,
                    i.ExpectedCompletion, i.Evidence.Count, i.Decision, i.ReviewNote)).ToList(), r.Version))
            .FirstAsync(ct);
}
