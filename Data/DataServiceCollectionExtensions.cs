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

        // Rules that need data: the calendar is read once at start (edit the files and restart).
        services.AddSingleton(sp => WorkingDayCalendar.LoadFromFolder(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.CalendarFolder ?? Path.Combine(DatabaseInitializer.ShippedSeedFolder, "calendars"),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<WorkingDayCalendar>()));
        services.AddHostedService<CalendarStartup>();

        // Workflow steps: scoped with the DbContext they write through. Their notices go through the host's outbox
        // (the bot's, registered by AddBot); a host without one refuses a step that has someone to tell.
        services.TryAddScoped<Messaging.INoticeOutbox, Messaging.NoDeliveryOutbox>();
        services.AddScoped<LetterNumbering>();
        services.AddScoped<SubmissionWorkflow>();
        services.AddScoped<Cases.CaseWorkflow>();
        services.AddScoped<LetterWorkflow>();
        services.AddScoped<SpotCheckService>();
        services.AddScoped<VisitWorkflow>();
        services.TryAddSingleton<SpotCheckSeeds>();
        services.AddScoped<TeamFigures.TeamFiguresWorkflow>();
        services.AddScoped<VisitMaterialsWorkflow>();
        services.AddScoped<People.InviteWorkflow>();
        services.AddScoped<Visits.VisitMaterialsQuery>();
        services.AddGuidanceDocuments();
        return services;
    }
}
