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

    /// <summary>The host's PostgreSQL database when the tests run on PostgreSQL (<see cref="TestStorage"/>), made on first use.</summary>
    private readonly Lazy<string?> _postgres;

    public GuidanceApiFactory() =>
        // A host given its own database (Storage:Provider in its settings, e.g. two instances on one) gets none made.
        _postgres = new(() => TestStorage.IsPostgreSql && !Settings.Any(s => s.Key == "Storage:Provider")
            ? TestStorage.CreatePostgreSqlDatabaseAsync().GetAwaiter().GetResult()
            : null);

    /// <summary>Extra configuration a test class needs (auth switches, connector URLs…).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>
    /// A deployment's configuration, so the host passes its start checks in every environment: the bot's identity
    /// and a secret (never used unless a test sends), the public address of card links, and an API token issuer
    /// (a key of its own; <see cref="ApiTokens"/> replaces it with the one it signs with). A test of the checks
    /// themselves turns this off.
    /// </summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> DeploymentSettings =>
    [
        new("Bot:AppId", "11111111-2222-3333-4444-555555555555"),
        new("Bot:TenantId", "00000000-0000-0000-0000-0000000000001"),
        new("Bot:ClientSecret", "test-secret"),
        // Nothing leaves the machine: a token the host asks for (the health check's) is refused on loopback.
        new("Bot:TokenAuthority", "https://127.0.0.1:9"),
        new("PublicLinks:BaseUrl", "https://guidance.test/"),
        new("Authentication:Schemes:Bearer:ValidIssuer", "guidancebot-test-issuer"),
        new("Authentication:Schemes:Bearer:ValidAudiences:0", "api://guidancebot-tests"),
        new("Authentication:Schemes:Bearer:SigningKeys:0:Issuer", "guidancebot-test-issuer"),
        new("Authentication:Schemes:Bearer:SigningKeys:0:Value", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataFolder", DataFolder);
        builder.UseSetting("Jobs:RunServer", "false"); // tests run jobs themselves, with a moved clock
        if (_postgres.Value is { } postgres)
        {
            builder.UseSetting("Storage:Provider", "PostgreSql");
            builder.UseSetting("Storage:ConnectionString", postgres);
        }
        foreach (var (key, value) in DeploymentSettings.Concat(Settings))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices((context, services) =>
        {
            if (string.IsNullOrWhiteSpace(context.Configuration["Rehearsal:StartAt"]))
            {
                services.AddSingleton<TimeProvider>(Clock);
            }
            else
            {
                // A rehearsal runs on the test's clock: the host's rehearsal clock is built on it (RehearsalHosting).
                services.AddKeyedSingleton<TimeProvider>(GuidanceBot.Data.Rehearsal.RehearsalClock.WallClockKey, Clock);
            }
        });
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
        if (_postgres.IsValueCreated && _postgres.Value is { } postgres)
        {
            TestStorage.DropPostgreSqlDatabase(postgres);
        }
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
