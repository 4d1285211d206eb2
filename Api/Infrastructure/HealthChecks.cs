using System.Text.Json;
using GuidanceBot.Bot.Connector;
using GuidanceBot.Data;
using GuidanceBot.Data.Messaging;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Api.Infrastructure;

/// <summary>
/// <c>/alive</c>: the process answers (a supervisor restarts it when not). <c>/health</c>: ready to work — the
/// database migrated, the jobs' server beating, no delivery stuck past its lease, the Connector token obtainable.
/// Each unhealthy check says why in the JSON body; exception details stay in the log.
/// </summary>
public static class HealthEndpoints
{
    public const string Live = "live";

    public static IHealthChecksBuilder AddGuidanceHealthChecks(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName);
        services.AddSingleton<ConnectorTokenHealthCheck>();
        return services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy(), tags: [Live])
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<StuckDeliveryHealthCheck>("deliveries")
            .AddCheck<ConnectorTokenHealthCheck>("connector-token");
    }

    public static WebApplication MapGuidanceHealth(this WebApplication app)
    {
        app.MapHealthChecks("/alive", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(Live),
            ResultStatusCodes = { [HealthStatus.Unhealthy] = 503 },
        });
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResultStatusCodes = { [HealthStatus.Unhealthy] = 503 },
            ResponseWriter = WriteAsync,
        });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}

/// <summary>Health settings (section <c>Health</c>).</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>
    /// How long past its lease a Claimed or Sending delivery may stay before it counts as stuck: the minute's
    /// dispatch run takes such rows back (or marks them Unconfirmed), so longer than a couple of runs means it is not running.
    /// </summary>
    public TimeSpan StuckDeliveryGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A Hangfire server whose last heartbeat is older than this is not running.</summary>
    public TimeSpan JobServerHeartbeat { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the Connector token check's answer is kept, so a probe every few seconds does not ask the authority each time.</summary>
    public TimeSpan ConnectorTokenCache { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The database answers on the app's own connection and has every migration this build knows. Not EF Core's
/// CanConnect/GetPendingMigrations: on SQLite they open a read-only connection, and with a shared cache a read-only
/// connection that opens the cache first leaves it read-only for the writers ("attempt to write a readonly database").
/// </summary>
internal sealed class DatabaseHealthCheck(GuidanceDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        List<string> applied;
        try
        {
            applied = await db.Database.SqlQueryRaw<string>("SELECT \"MigrationId\" AS \"Value\" FROM \"__EFMigrationsHistory\"").ToListAsync(cancellationToken);
        }
        catch (System.Data.Common.DbException)
        {
            return HealthCheckResult.Unhealthy("database not reachable or not migrated");
        }

        return db.Database.GetMigrations().Except(applied).Any()
            ? HealthCheckResult.Unhealthy("database not migrated")
            : HealthCheckResult.Healthy();
    }
}

/// <summary>Deliveries Claimed or Sending well past their lease: the dispatcher is not running (or not finishing).</summary>
internal sealed class StuckDeliveryHealthCheck(GuidanceDbContext db, TimeProvider time, IOptions<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var before = time.GetUtcNow().UtcDateTime - options.Value.StuckDeliveryGrace;
        var stuck = await db.DeliveryLedger.CountAsync(d => (d.Status == DeliveryStatus.Claimed || d.Status == DeliveryStatus.Sending)
            && d.LeaseExpiresUtc != null && d.LeaseExpiresUtc < before, cancellationToken);
        return stuck == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"{stuck} deliveries stuck past their lease");
    }
}

/// <summary>
/// The bot can get its Connector token (skipped in local mode, which has none). The answer is kept for
/// <see cref="HealthOptions.ConnectorTokenCache"/>: a healthy token is cached by the provider anyway, and a
/// failing authority is not asked again by every probe.
/// </summary>
internal sealed partial class ConnectorTokenHealthCheck(IBotTokenProvider tokens, IOptions<ConnectorOptions> connector,
    IOptions<HealthOptions> options, TimeProvider time, ILogger<ConnectorTokenHealthCheck> logger) : IHealthCheck
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (HealthCheckResult Result, DateTimeOffset Until)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (connector.Value.AllowUnauthenticatedLocalMode)
        {
            return HealthCheckResult.Healthy("local mode: no token");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (_last is { } last && now < last.Until)
            {
                return last.Result;
            }

            HealthCheckResult result;
            try
            {
                result = string.IsNullOrEmpty(await tokens.GetTokenAsync(cancellationToken))
                    ? HealthCheckResult.Unhealthy("no Connector token")
                    : HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogTokenFailed(e);
                result = HealthCheckResult.Unhealthy("the Connector token could not be obtained (see the log)");
            }

            _last = (result, now + options.Value.ConnectorTokenCache);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health: the bot's Connector token could not be obtained.")]
    private partial void LogTokenFailed(Exception e);
}
