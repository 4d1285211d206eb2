using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Visits;

namespace GuidanceBot.Data.Tests.Workflows;

public class ServiceRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddGuidanceData(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    [Fact]
    public async Task The_workflows_resolve_and_the_shipped_calendar_is_loaded_at_start()
    {
        var folder = Path.Combine(Path.GetTempPath(), "guidancebot-reg-" + Guid.NewGuid().ToString("N"));
        await using var sp = Build(new() { ["Storage:DataFolder"] = folder });

        foreach (var hosted in sp.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
        Assert.True(sp.GetRequiredService<WorkingDayCalendar>().HasArrangement(2022));

        await using var scope = sp.CreateAsyncScope();
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<LetterWorkflow>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<SubmissionWorkflow>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<SpotCheckService>());
    }

    [Fact]
    public async Task The_calendar_folder_setting_replaces_the_shipped_files()
    {
        var folder = Path.Combine(Path.GetTempPath(), "guidancebot-cal-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "2030.json"), """{ "year": 2030, "daysOff": [ { "name": "元旦", "first": "2030-01-01", "last": "2030-01-01" } ] }""");
            await using var sp = Build(new() { ["Storage:CalendarFolder"] = folder });

            var calendar = sp.GetRequiredService<WorkingDayCalendar>();

            Assert.True(calendar.HasArrangement(2030));
            Assert.False(calendar.HasArrangement(2022));
            Assert.False(calendar.IsWorkingDay(new DateOnly(2030, 1, 1)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
