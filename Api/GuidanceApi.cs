using System.Text.Json.Serialization;
using GuidanceBot.Api.Audit;
using GuidanceBot.Api.Calendars;
using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Cases;
using GuidanceBot.Api.Common;
using GuidanceBot.Api.Documents;
using GuidanceBot.Api.Enterprises;
using GuidanceBot.Api.Evidence;
using GuidanceBot.Api.Letters;
using GuidanceBot.Api.People;
using GuidanceBot.Api.Plans;
using GuidanceBot.Api.Status;
using GuidanceBot.Api.Teams;
using GuidanceBot.Api.Tracking;
using GuidanceBot.Api.Units;
using GuidanceBot.Api.Visits;
using GuidanceBot.Api.Years;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Localization;

namespace GuidanceBot.Api;

/// <summary>Options of the /api/v1 surface, bound from <c>Api</c>.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Largest enterprise import file accepted, in bytes.</summary>
    public long MaxImportBytes { get; set; } = 5 * 1024 * 1024;
}

public static class GuidanceApi
{
    /// <summary>Authentication, authorization, localization and error shapes of /api/v1.</summary>
    public static WebApplicationBuilder AddGuidanceApi(this WebApplicationBuilder builder)
    {
        builder.AddGuidanceApiAuth();
        builder.Services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.SectionName));
        builder.Services.AddScoped<EnterpriseImporter>();

        builder.Services.AddRequestLocalization(o =>
        {
            // zh-CN unless the caller asks for English: the bureau's language first.
            o.SetDefaultCulture("zh-CN").AddSupportedCultures("zh-CN", "en-US").AddSupportedUICultures("zh-CN", "en-US");
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.RequestCultureProviders = [new AcceptLanguageHeaderRequestCultureProvider()];
        });

        // Bind failures throw so BadRequestExceptionHandler can name the field.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.Configure<ProblemDetailsOptions>(o => o.CustomizeProblemDetails = ctx =>
        {
            // Framework-made problems (401, 403, 404, 500…) get the localized title too.
            var status = ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode;
            if (ctx.ProblemDetails.Title is null || ctx.ProblemDetails.Title == ReasonTitle(status))
            {
                ctx.ProblemDetails.Title = ApiText.Find($"status.{status}") ?? ctx.ProblemDetails.Title;
            }
        });
        // Enums as their names (Accepted, CountyLiaison…): readable, and stable if members are reordered.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = 64 * 1024 * 1024);
        return builder;
    }

    /// <summary>Every /api/v1 group; each requires the API's bearer scheme and a role.</summary>
    public static WebApplication MapGuidanceApi(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();

        var api = app.MapGroup("/api/v1").RequireAuthorization(ApiAuth.AnyRole)
            .GuardRequests()
            .RefuseDeactivatedCallers()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapUnitsApi();
        api.MapPeopleApi();
        api.MapEnterprisesApi();
        api.MapPlansApi();
        api.MapVisitsApi();
        api.MapVisitMaterialsApi();
        api.MapVisitFollowUpsApi();
        api.MapLettersApi();
        api.MapEvidenceApi();
        api.MapCasesApi();
        api.MapSnapshotsApi();
        api.MapAuditApi();
        api.MapStatusApi();
        api.MapTeamsApi();
        api.MapYearsApi();
        api.MapCalendarsApi();
        app.MapDocumentLinks();
        return app;
    }

    private static string? ReasonTitle(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) switch
    {
        "" => null,
        var p => p,
    };
}
