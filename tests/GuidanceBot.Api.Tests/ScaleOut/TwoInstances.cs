using GuidanceBot.Testing;
using GuidanceBot.Testing.Fakes;

namespace GuidanceBot.Api.Tests.ScaleOut;

/// <summary>A test that needs the PostgreSQL server scripts/test.sh starts; skipped with the reason where there is none.</summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute() => Skip = TestStorage.PostgreSqlMissing;
}

/// <summary>
/// Two identical hosts on loopback, each on Kestrel with its own Connector fake and token issuer, on ONE PostgreSQL
/// database and one shared data folder (the attachments), as two instances behind a load balancer. A third fake
/// Connector both trust stands in for Teams where either may send (the nudges).
/// </summary>
public sealed class TwoInstances : IAsyncDisposable
{
    private TwoInstances(string database, string folder, FakeConnector teams, BotHostFactory a, BotHostFactory b)
    {
        Database = database;
        Folder = folder;
        Teams = teams;
        A = a;
        B = b;
    }

    public string Database { get; }
    public string Folder { get; }
    public FakeConnector Teams { get; }
    public BotHostFactory A { get; }
    public BotHostFactory B { get; }

    public static async Task<TwoInstances> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var database = await TestStorage.CreatePostgreSqlDatabaseAsync();
        var folder = Path.Combine(Path.GetTempPath(), "guidancebot-scaleout", Guid.NewGuid().ToString("N"));
        var teams = await FakeConnector.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "PostgreSql",
            ["Storage:ConnectionString"] = database,
            ["Storage:DataFolder"] = folder,
            ["Bot:ConnectorHosts:1"] = teams.ServiceUrl,
        };
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        // One after the other, as a rolling start: the first migrates and installs the job storage's schema.
        var a = await BotHostFactory.StartAsync(settings: settings);
        var b = await BotHostFactory.StartAsync(settings: settings);
        return new TwoInstances(database, folder, teams, a, b);
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Teams.DisposeAsync();
        TestStorage.DropPostgreSqlDatabase(Database);
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
