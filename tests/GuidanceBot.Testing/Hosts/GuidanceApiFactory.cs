using GuidanceBot.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Testing;

/// <summary>
/// The real host on a real SQLite file in a fresh temporary data folder, with a clock the test moves.
/// </summary>
public class GuidanceApiFactory : WebApplicationFactory<Program>
{
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "guidancebot-tests", Guid.NewGuid().ToString("N"));

    public TestClock Clock { get; } = new();

    /// <summary>Extra configuration a test class needs (auth switches, connector URLs…).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataFolder", DataFolder);
        builder.UseSetting("Jobs:RunServer", "false"); // tests run jobs themselves, with a moved clock
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public async Task WithDbAsync(Func<GuidanceDbContext, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<GuidanceDbContext>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on a slow shutdown; the temp folder is cleaned by the OS
        }
    }
}
