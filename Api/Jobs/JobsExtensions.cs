using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Api.Jobs;

public static class JobsExtensions
{
    /// <summary>
    /// Hangfire on in-memory storage (the embedded default). What must not be lost or doubled lives in our
    /// own tables, so jobs are simply re-registered at every start.
    /// </summary>
    public static WebApplicationBuilder AddGuidanceJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>().Bind(builder.Configuration.GetSection(JobsOptions.SectionName));
        // Each host gets its own storage object in DI: Hangfire's JobStorage.Current is process-wide, and
        // two hosts in one process (integration tests) must not trigger jobs into each other's storage.
        // The storage is made after this host's global configuration (its log provider) is applied.
        builder.Services.AddSingleton<JobStorage>(sp =>
        {
            _ = sp.GetRequiredService<IGlobalConfiguration>();
            return new Hangfire.InMemory.InMemoryStorage();
        });
        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());

        if (builder.Configuration.GetValue(JobsOptions.SectionName + ":" + nameof(JobsOptions.RunServer), true))
        {
            builder.Services.AddHangfireServer(o => o.WorkerCount = 2);
            builder.Services.AddHealthChecks().AddCheck<JobServerHealthCheck>("jobs");
        }

        // With the antiforgery service present Hangfire checks a token on every dashboard POST (trigger,
        // delete, requeue…), after the access filter: a page of another site cannot make a signed-in
        // browser act. The API's own form endpoints (uploads) opt out: they take bearer tokens, no cookies.
        builder.Services.AddAntiforgery();

        builder.Services.AddScoped<NightlyBackupJob>();
        builder.Services.AddScoped<DeliveryDispatchJob>();
        builder.Services.AddScoped<NudgePlannerJob>();
        builder.Services.AddScoped<WeeklyAssignmentJob>();
        builder.Services.AddScoped<MonthlyReviewJob>();
        return builder;
    }

    /// <summary>The dashboard at /hangfire and the recurring jobs, in China Standard Time.</summary>
    public static WebApplication MapGuidanceJobs(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<JobsOptions>>().Value;
        // Loopback is "this developer's machine" only in Development: behind a reverse proxy on the same
        // host every request arrives from loopback.
        var openOnLoopback = options.DashboardOpenOnLoopback && app.Environment.IsDevelopment();
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [new DashboardAccessFilter(openOnLoopback, options.DashboardAuthenticationScheme)],
            DashboardTitle = "GuidanceBot jobs",
        });

        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        var inChina = new RecurringJobOptions { TimeZone = zone };
        jobs.AddOrUpdate<NightlyBackupJob>(NightlyBackupJob.Id, j => j.RunAsync(CancellationToken.None), options.BackupCron, inChina);
        jobs.AddOrUpdate<DeliveryDispatchJob>(DeliveryDispatchJob.Id, j => j.RunAsync(CancellationToken.None), options.DispatchCron, inChina);
        jobs.AddOrUpdate<NudgePlannerJob>(NudgePlannerJob.Id, j => j.RunAsync(CancellationToken.None), options.NudgeCron, inChina);
        jobs.AddOrUpdate<WeeklyAssignmentJob>(WeeklyAssignmentJob.Id, j => j.RunAsync(CancellationToken.None), options.WeeklyCron, inChina);
        jobs.AddOrUpdate<MonthlyReviewJob>(MonthlyReviewJob.Id, j => j.RunAsync(CancellationToken.None), options.MonthlyCron, inChina);
        return app;
    }

    /// <summary>
    /// Every dashboard request, pages and POST actions alike: loopback callers when <paramref name="openOnLoopback"/>
    /// (Development), otherwise a bearer token of <paramref name="scheme"/> with the CityAdmin role.
    /// </summary>
    internal sealed class DashboardAccessFilter(bool openOnLoopback, string scheme) : IDashboardAsyncAuthorizationFilter
    {
        public async Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var http = context.GetHttpContext();
            var remote = http.Connection.RemoteIpAddress;
            if (openOnLoopback && remote is not null && System.Net.IPAddress.IsLoopback(remote))
            {
                return true;
            }

            // No API authentication configured means nobody gets in (but loopback in Development).
            var schemes = http.RequestServices.GetService<IAuthenticationSchemeProvider>();
            if (schemes is null || await schemes.GetSchemeAsync(scheme) is null)
            {
                return false;
            }

            var result = await http.AuthenticateAsync(scheme);
            return result.Succeeded && result.Principal.IsInRole("CityAdmin");
        }
    }
}
