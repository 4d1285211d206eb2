using GuidanceBot.Data.Backups;
using GuidanceBot.Data.Common;
using GuidanceBot.Data.Documents;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Seed;
using GuidanceBot.Data.Status;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Visits;

namespace GuidanceBot.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>The database, the clock and the domain services.</summary>
    public static IServiceCollection AddGuidanceData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        // The wall clock is the host's clock unless a rehearsal shifts the host's (Api's RehearsalHosting replaces this).
        Rehearsal.RehearsalClock.TryAddWallClock(services);
        services.AddSingleton<VersioningInterceptor>();
        services.AddSingleton<ChangeGeneration>();
        services.AddSingleton<ChangeGenerationInterceptor>();
        services.AddSingleton<PostgreSqlChangeFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgreSqlChangeFeed>());
        services.AddMemoryCache();

        // Pooled: every API request and bot turn resolves a context (often only to read a cache), and
        // building one from scratch was a good part of a cached request's CPU. Options are built once;
        // everything they use is a singleton. A context is reset (tracker, transaction) when returned.
        services.AddDbContextPool<GuidanceDbContext>((sp, options) =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            options.UseGuidanceDatabase(storage)
                   .AddInterceptors(sp.GetRequiredService<VersioningInterceptor>(), sp.GetRequiredService<ChangeGenerationInterceptor>());
        }, poolSize: 64); // contexts kept for reuse; more than this at once are created and dropped as before

        services.AddScoped<DatabaseInitializer>();
        services.AddOptions<BackupOptions>().Bind(configuration.GetSection(BackupOptions.SectionName));
        services.AddScoped<DataBackup>();
        services.AddScoped<Tracking.AssignmentTracker>();
        services.AddScoped<Tracking.ReviewCompiler>();

        // Read models shared by the API and the bot (cached under ChangeGeneration).
        services.AddScoped<UnitDirectory>();
        services.AddScoped<YearStatusQuery>();
        services.AddSingleton<YearStatusCache>();

        // Rules that need data: the working-day calendar starts from the files (a broken one stops the start), then
        // holds the database's rows once it is initialized, and is reloaded whenever a year is saved.
        services.AddSingleton(sp => WorkingDayCalendar.LoadFromFolder(
            DatabaseInitializer.CalendarFolder(sp.GetRequiredService<IOptions<StorageOptions>>().Value),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<WorkingDayCalendar>()));
        services.AddSingleton<Calendars.CalendarStore>();
        services.AddScoped<Calendars.CalendarWorkflow>();
        services.AddScoped<Rehearsal.RehearsalWorkflow>();
        services.AddHostedService<CalendarStartup>();

        // Workflow steps: scoped with the DbContext they write through. Their notices go through the host's outbox
        // (the bot's, registered by AddBot); a host without one refuses a step that has someone to tell.
        services.TryAddScoped<Messaging.INoticeOutbox, Messaging.NoDeliveryOutbox>();
        services.AddScoped<LetterNumbering>();
        services.AddScoped<SubmissionWorkflow>();
        services.AddScoped<CityPlanWorkflow>();
        services.AddScoped<Dovetailing>();
        services.AddScoped<Cases.CaseWorkflow>();
        services.AddScoped<LetterWorkflow>();
        services.AddScoped<LetterTimeliness>();
        services.AddScoped<SpotCheckService>();
        services.AddScoped<VisitRisksQuery>();
        services.AddScoped<VisitWorkflow>();
        services.AddScoped<FollowUpWorkflow>();
        services.AddScoped<FollowUpQuery>();
        services.TryAddSingleton<SpotCheckSeeds>();
        services.AddScoped<TeamFigures.TeamFiguresWorkflow>();
        services.AddScoped<VisitMaterialsWorkflow>();
        services.AddScoped<Files.EvidenceWorkflow>();
        services.AddScoped<People.InviteWorkflow>();
        services.AddScoped<Years.YearSetupWorkflow>();
        services.AddScoped<Years.YearSetupQuery>();
        services.AddScoped<People.PeopleWorkflow>();
        services.AddScoped<Visits.VisitMaterialsQuery>();
        services.AddGuidanceDocuments();
        return services;
    }
}
