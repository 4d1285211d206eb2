using GuidanceBot.Data;
using GuidanceBot.Data.Backups;
using GuidanceBot.Data.Seed;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using GuidanceBot.Api.Auth;
using Microsoft.AspNetCore.HttpOverrides;
using Scalar.AspNetCore;

namespace GuidanceBot.Api.Infrastructure;

public static class HostingExtensions
{
    /// <summary>The configuration check at start, ProblemDetails, OpenAPI and health checks: what every endpoint group relies on.</summary>
    public static WebApplicationBuilder AddGuidanceDefaults(this WebApplicationBuilder builder)
    {
        StartupChecks.AddStartupChecks(builder);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddGuidanceHealthChecks();
        builder.Services.AddForwardedHeadersFromConfiguration(builder.Configuration);
        return builder;
    }

    /// <summary>The embedded SQLite database under the data folder, resolved against the content root.</summary>
    public static WebApplicationBuilder AddGuidanceStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddGuidanceData(builder.Configuration);
        builder.Services.PostConfigure<StorageOptions>(o =>
            o.DataFolder = Path.GetFullPath(o.DataFolder, builder.Environment.ContentRootPath));
        // Held while the host runs, so a restore refuses to replace the data under it (disposed with the host).
        builder.Services.AddSingleton(sp => DataFolderLock.ForHost(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataFolder));

        // Keys that sign the document links in cards live in the data folder (SQLite: backups take them), or in the
        // database on PostgreSQL, so links survive a restart and every instance reads the same keys (see
        // docs/decisions.md on protecting them at rest).
        builder.Services.AddDataProtection().SetApplicationName("GuidanceBot");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider, IOptions<StorageOptions>, ILoggerFactory>((o, services, storage, logs) =>
            o.XmlRepository = storage.Value.IsPostgreSql
                ? new Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.EntityFrameworkCoreXmlRepository<GuidanceDbContext>(services, logs)
                : new FileSystemXmlRepository(new DirectoryInfo(storage.Value.KeysFolder), logs));
        return builder;
    }

    public static WebApplication UseGuidanceDefaults(this WebApplication app)
    {
        app.UseGuidanceTelemetry();
        // Before the rest, so everything after sees the client and scheme the proxy saw — and only a configured proxy's word.
        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value is { } forwarded
            && (forwarded.KnownProxies.Count > 0 || forwarded.KnownIPNetworks.Count > 0))
        {
            app.UseForwardedHeaders();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>
    /// The OpenAPI document at /openapi/v1.json everywhere (it describes the routes, which all need a token;
    /// clients are generated from it); the browsable reference at /scalar for operators only: loopback in
    /// Development, a signed-in city admin elsewhere (<see cref="OperatorAccess"/>).
    /// </summary>
    public static WebApplication MapGuidanceOpenApi(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference().RequireAuthorization(OperatorAccess.Policy);
        return app;
    }

    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        // The configuration first, all of it at once, before anything is created in the data folder.
        StartupChecks.Run(app.Services);
        _ = app.Services.GetRequiredService<DataFolderLock>();
        RehearsalHosting.MarkProductionDataFolder(app.Environment, app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.DataFolder);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
        if (scope.ServiceProvider.GetService<Demo.DemoPersonas>() is { } demo)
        {
            await demo.SeedAsync(app.Lifetime.ApplicationStopping); // Development, opt-in (Demo:SeedPersonas)
        }
    }
}
