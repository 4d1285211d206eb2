using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using GuidanceBot.Api.Auth;
using GuidanceBot.Data;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Api.Jobs;

public static class JobsExtensions
{
    private static readonly Lock GlobalFiltersLock = new();

    /// <summary>
    /// Hangfire on in-memory storage (the embedded default), or in the PostgreSQL database when the host runs on one:
    /// then every instance shares one job storage, and its distributed locks let one instance trigger each recurring
    /// job once per schedule. What must not be lost or doubled lives in our own tables either way, so jobs are simply
    /// re-registered at every start.
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
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (!storage.IsPostgreSql)
            {
                return new Hangfire.InMemory.InMemoryStorage();
            }

            // Sliding invisibility (DESIGN.md): a job a dead instance held is fetched again by another one, a long one is not.
            var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true, UseSlidingInvisibilityTimeout = true };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(storage.ResolveConnectionString(), options), options);
        });
        // Hangfire's log provider is process-wide: the host's factory is lent to it only while the host runs.
        builder.Services.AddHostedService<HostLogAttachment>();
        builder.Services.AddHangfire(config => config
            .UseLogProvider(HostLogProvider.Instance)
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        // Hangfire's filters are process-wide: one telemetry filter however many hosts a process (a test run) builds,
        // also when two build at once (the list is not thread-safe: "Collection was modified" seen in a test run).
        lock (GlobalFiltersLock)
        {
            if (!GlobalJobFilters.Filters.Any(f => f.Instance is JobTelemetryFilter))
            {
                GlobalJobFilters.Filters.Add(new JobTelemetryFilter());
            }
        }

        if (builder.Configuration.GetValue(JobsOptions.SectionName + ":" + nameof(JobsOptions.RunServer), true))
        {
            var polling = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>()?.SchedulePollingInterval ?? TimeSpan.FromSeconds(15);
            builder.Services.AddHangfireServer(o =>
            {
                o.WorkerCount = 2;
                o.SchedulePollingInterval = polling;
            });
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
        // Who may open it is the operators' rule (OperatorAccess): loopback in Development, else a city admin.
        app.MapHangfireDashboardWithAuthorizationPolicy(OperatorAccess.Policy, "/hangfire", new DashboardOptions { DashboardTitle = "GuidanceBot jobs" });

        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        var inChina = new RecurringJobOptions { TimeZone = zone };
        if (app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.IsPostgreSql)
        {
            jobs.RemoveIfExists(NightlyBackupJob.Id); // the server's own backups (README)
        }
        else
        {
            jobs.AddOrUpdate<NightlyBackupJob>(NightlyBackupJob.Id, j => j.RunAsync(CancellationToken.None), options.BackupCron, inChina);
        }
        jobs.AddOrUpdate<DeliveryDispatchJob>(DeliveryDispatchJob.Id, j => j.RunAsync(CancellationToken.None), options.DispatchCron, inChina);
        jobs.AddOrUpdate<NudgePlannerJob>(NudgePlannerJob.Id, j => j.RunAsync(CancellationToken.None), options.NudgeCron, inChina);
        jobs.AddOrUpdate<WeeklyAssignmentJob>(WeeklyAssignmentJob.Id, j => j.RunAsync(CancellationToken.None), options.WeeklyCron, inChina);
        jobs.AddOrUpdate<MonthlyReviewJob>(MonthlyReviewJob.Id, j => j.RunAsync(CancellationToken.None), options.MonthlyCron, inChina);
        return app;
    }
}
