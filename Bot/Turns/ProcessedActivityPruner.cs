using GuidanceBot.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Bot.Turns;

/// <summary>Forgets handled activity ids once Teams can no longer retry them (hourly).</summary>
internal sealed class ProcessedActivityPruner(IServiceScopeFactory scopes, IOptions<BotOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ActivityDeduplicator>().PruneAsync(options.Value.DeduplicationWindow, stoppingToken);
        }
    }
}
