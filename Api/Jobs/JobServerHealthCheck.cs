using GuidanceBot.Api.Infrastructure;
using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Api.Jobs;

/// <summary>The Hangfire server of this process beats: without it no reminder, list or backup runs.</summary>
internal sealed class JobServerHealthCheck(JobStorage storage, TimeProvider time, IOptions<HealthOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var heartbeat = storage.GetMonitoringApi().Servers().Select(s => s.Heartbeat).Where(h => h is not null).Max();
        if (heartbeat is null)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("no job server running"));
        }

        var age = time.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(heartbeat.Value, DateTimeKind.Utc);
        return Task.FromResult(age > options.Value.JobServerHeartbeat
            ? HealthCheckResult.Unhealthy($"the job server's last heartbeat was {age.TotalSeconds:F0} s ago")
            : HealthCheckResult.Healthy());
    }
}
