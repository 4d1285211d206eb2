using GuidanceBot.Data.Rules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GuidanceBot.Data.Rules;

/// <summary>Loads the working-day calendar when the host starts, so a broken holiday file stops the start.</summary>
internal sealed class CalendarStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<WorkingDayCalendar>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
