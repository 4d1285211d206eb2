using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Templates;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data.Years;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Years;

/// <summary>A year's setup as the API shows it; <c>version</c> goes with the next step.</summary>
public sealed record YearSetupDto(int Year, YearSetupStatus Status, DateOnly? PlanFilingDue, DateOnly? ApprovalFilingDue, DateOnly? PublicationDue,
    DateOnly? VisitsDoneBy, int ProgressWorkingDay, int LetterDueWorkingDays, int RectificationWorkingDays, IReadOnlyList<string> UnitCodes,
    int TemplateRevision, bool HasCalendar, DateTime? PublishedUtc, Guid Version, TemplateDocument Template);

public sealed record OpenYearRequest(int? Year);

/// <summary>The dates and numbers to change (a field left out stays as it is) and the version seen.</summary>
public sealed record UpdateYearRequest(Guid? Version, DateOnly? PlanFilingDue, DateOnly? ApprovalFilingDue, DateOnly? PublicationDue, DateOnly? VisitsDoneBy,
    int? ProgressWorkingDay, int? LetterDueWorkingDays, int? RectificationWorkingDays, IReadOnlyList<string>? UnitCodes);

/// <summary>One check item as it should read (its code may change, unique in the template) and the version seen.</summary>
public sealed record UpdateItemRequest(Guid? Version, string? Code, string? Title, string? TitleEn, string? Criteria, IReadOnlyList<string?>? Materials,
    IReadOnlyList<string?>? MaterialsEn, IReadOnlyList<string?>? OnFile, string? CityAssessment);

/// <summary>
/// <c>/api/v1/years</c>, the city admin's: open a year (copying the latest before it), read, edit (dates, numbers, units,
/// one check item, the whole template by JSON or XLSX), publish, and export the template (JSON, XLSX). Every step is
/// <see cref="YearSetupWorkflow"/>'s, as in the chat.
/// </summary>
public static class YearsApi
{
    public static RouteGroupBuilder MapYearsApi(this RouteGroupBuilder api)
    {
        var years = api.MapGroup("/years").WithTags("Years").RequireAuthorization(ApiAuth.CityAdmin);
        years.MapPost("/", OpenAsync).WithSummary("Open a year: copies the latest earlier setup, deadlines moved to the same working day");
        years.MapGet("/{year:int}", GetAsync).WithSummary("The year's setup with its current check template");
        years.MapPut("/{year:int}", UpdateAsync).WithSummary("Change deadlines, numbers or units");
        years.MapPut("/{year:int}/items/{code}", UpdateItemAsync).WithSummary("Change one check item (a used template version gets a new version)");
        years.MapPost("/{year:int}/publish", PublishAsync).WithSummary("Publish a complete setup");
        years.MapGet("/{year:int}/template", ExportAsync).WithSummary("The check template as JSON (format=json) or XLSX (format=xlsx)");
        years.MapPut("/{year:int}/template", ImportAsync).WithSummary("Replace the check template: a JSON body, or a JSON or XLSX file (multipart, field file); ?version=")
            .DisableAntiforgery();
        return api;
    }

    private static async Task<Results<Created<YearSetupDto>, ValidationProblem, ProblemHttpResult>> OpenAsync(
        OpenYearRequest? body, Caller caller, YearSetupWorkflow workflow, GuidanceDbContext db, WorkingDayCalendar calendar, CancellationToken ct)
    {
        var result = await workflow.OpenAsync(body?.Year, caller.ToActor(), ct);
        if (!result.Succeeded)
        {
            return result.Invalid() is { } invalid ? invalid : result.Problem();
        }
        return TypedResults.Created($"/api/v1/years/{body!.Year}", (await LoadAsync(body.Year!.Value, db, calendar, ct))!);
    }

    private static async Task<Results<Ok<YearSetupDto>, ProblemHttpResult>> GetAsync(int year, GuidanceDbContext db, WorkingDayCalendar calendar, CancellationToken ct) =>
        await LoadAsync(year, db, calendar, ct) is { } dto ? TypedResults.Ok(dto) : ApiProblems.NotFound();

    private static async Task<Results<Ok<StepResult>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        int year, UpdateYearRequest? body, Caller caller, YearSetupWorkflow workflow, CancellationToken ct)
    {
        if (body?.Version is not { } version)
        {
            return ApiProblems.Invalid("version", ApiText.Get("field.required", "version"));
        }
        var settings = new YearSettings(body.PlanFilingDue, body.ApprovalFilingDue, body.PublicationDue, body.VisitsDoneBy,
            body.ProgressWorkingDay, body.LetterDueWorkingDays, body.RectificationWorkingDays, body.UnitCodes);
        return (await workflow.UpdateAsync(year, settings, version, caller.ToActor(), ct)).ToHttp();
    }

    private static async Task<Results<Ok<StepResult>, ValidationProblem, ProblemHttpResult>> UpdateItemAsync(
        int year, string code, UpdateItemRequest? body, Caller caller, YearSetupWorkflow workflow, CancellationToken ct)
    {
        if (body?.Version is not { } version)
        {
            return ApiProblems.Invalid("version", ApiText.Get("field.required", "version"));
        }
        var item = new TemplateItemDocument(body.Code, body.Title, body.TitleEn, body.Criteria, body.Materials, body.MaterialsEn, body.OnFile, body.CityAssessment);
        return (await workflow.EditItemAsync(year, code, item, version, caller.ToActor(), ct)).ToHttp();
    }

    private static async Task<Results<Ok<StepResult>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        int year, StepRequest? body, Caller caller, YearSetupWorkflow workflow, CancellationToken ct) =>
        WorkflowHttp.MissingVersion(body) is { } missing ? missing
        : (await workflow.PublishAsync(year, body!.Version!.Value, caller.ToActor(), ct)).ToHttp();

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportAsync(
        int year, [FromQuery] string? format, GuidanceDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (format is not (null or "json" or "xlsx"))
        {
            return ApiProblems.Invalid("format", ApiText.Get("setup.format"));
        }
        var template = await CurrentTemplateAsync(year, db, ct);
        if (template is null)
        {
            return ApiProblems.NotFound();
        }
        if (format == "xlsx")
        {
            var file = CheckTemplates.WriteXlsx(template, year, ApiText.Culture, time.GetUtcNow().UtcDateTime);
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        }
        return TypedResults.File(CheckTemplates.WriteJson(template), "application/json", $"check-template-{year}.json");
    }

    /// <summary>
    /// A JSON body (the export's shape), or a multipart upload of a .json or .xlsx file; the version seen in <c>?version=</c>.
    /// A file that cannot be read is a refusal of <c>file</c>; what it holds is checked field by field by the workflow.
    /// </summary>
    private static async Task<Results<Ok<StepResult>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        int year, [FromQuery] Guid? version, HttpRequest request, Caller caller, YearSetupWorkflow workflow, GuidanceDbContext db, CancellationToken ct)
    {
        if (version is not { } seen)
        {
            return ApiProblems.Invalid("version", ApiText.Get("field.required", "version"));
        }
        if (request.ContentLength > YearLimits.TemplateFileBytesMax + 64 * 1024)
        {
            return ApiProblems.Invalid(YearFields.File, ApiText.Get("upload.too_large", request.ContentLength ?? 0, YearLimits.TemplateFileBytesMax));
        }
        var culture = caller.Culture;
        TemplateDocument? document;
        DomainError? error;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file");
            if (file is null || file.Length == 0)
            {
                return ApiProblems.Invalid(YearFields.File, ApiText.Get("upload.required"));
            }
            if (file.Length > YearLimits.TemplateFileBytesMax)
            {
                return ApiProblems.Invalid(YearFields.File, ApiText.Get("upload.too_large", file.Length, YearLimits.TemplateFileBytesMax));
            }
            await using var stream = file.OpenReadStream();
            switch (Path.GetExtension(file.FileName).ToLowerInvariant())
            {
                case ".json":
                    document = CheckTemplates.ReadJson(stream, culture, out error);
                    break;
                case ".xlsx":
                    var title = (await CurrentTemplateAsync(year, db, ct))?.Title;
                    using (var buffer = new MemoryStream())
                    {
                        await stream.CopyToAsync(buffer, ct);
                        buffer.Position = 0;
                        document = CheckTemplates.ReadXlsx(buffer, title, culture, out error);
                    }
                    break;
                default:
                    return ApiProblems.Invalid(YearFields.File, ApiText.Get("setup.file_format"));
            }
        }
        else if (request.HasJsonContentType())
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            document = CheckTemplates.ReadJson(buffer, culture, out error);
        }
        else
        {
            return ApiProblems.Invalid(YearFields.File, ApiText.Get("setup.file_format"));
        }
        if (error is not null)
        {
            return ApiProblems.Invalid(YearFields.File, error.Message);
        }
        return (await workflow.ImportTemplateAsync(year, document, seen, caller.ToActor(), ct)).ToHttp();
    }

    private static Task<CheckTemplate?> CurrentTemplateAsync(int year, GuidanceDbContext db, CancellationToken ct) =>
        db.CheckTemplates.AsNoTracking().Include(t => t.Areas).ThenInclude(a => a.Items).AsSplitQuery()
            .Where(t => db.YearSetups.Any(s => s.Year == year && s.CheckTemplateId == t.Id)).FirstOrDefaultAsync(ct);

    private static async Task<YearSetupDto?> LoadAsync(int year, GuidanceDbContext db, WorkingDayCalendar calendar, CancellationToken ct)
    {
        var setup = await db.YearSetups.AsNoTracking().FirstOrDefaultAsync(s => s.Year == year, ct);
        if (setup is null || await CurrentTemplateAsync(year, db, ct) is not { } template)
        {
            return null;
        }
        var units = await db.Units.AsNoTracking().Where(u => setup.UnitIds.Contains(u.Id)).OrderBy(u => u.SortOrder).Select(u => u.Code).ToListAsync(ct);
        return new YearSetupDto(setup.Year, setup.Status, setup.PlanFilingDue, setup.ApprovalFilingDue, setup.PublicationDue, setup.VisitsDoneBy,
            setup.ProgressWorkingDay, setup.LetterDueWorkingDays, setup.RectificationWorkingDays, units, template.Revision,
            calendar.HasArrangement(year), setup.PublishedUtc, setup.Version, CheckTemplates.ToDocument(template));
    }
}
