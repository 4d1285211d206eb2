using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using Microsoft.Data.Sqlite;

namespace GuidanceBot.Api.Tests.Parity;

/// <summary>
/// One door's world for a parity test: the real host on a fresh SQLite file at the fixed test clock, trusting the local
/// API token issuer, with the same people (城市 staff 赵科员, liaisons 王联络 of wuyang and 李联络 of linying, city admin
/// 周管理), each of whom said hello in Teams. The same seed on two of these gives the same ids, so a step taken through
/// the API in one and through chat in the other must leave the same database behind.
/// (Kept small and local to swap for the shared <c>DoorParity</c> of tests/GuidanceBot.Testing when it lands.)
/// </summary>
public sealed class ParityWorld : IAsyncDisposable
{
    public const string AdminAad = "00000000-0000-0000-0000-00000000c0ad";

    private readonly ApiTokens tokens;

    private ParityWorld(TeamsDriver bot, ApiTokens tokens, Person admin)
    {
        Bot = bot;
        this.tokens = tokens;
        Admin = admin;
    }

    public TeamsDriver Bot { get; }
    public BotHostFactory Host => Bot.Host;
    public Person Staff => Bot.Staff;
    public Person Liaison => Bot.Liaison;
    public Person Admin { get; }

    public static async Task<ParityWorld> StartAsync()
    {
        var tokens = new ApiTokens();
        var bot = await TeamsDriver.StartCityAsync(settings: tokens.Settings.ToDictionary(s => s.Key, s => s.Value));
        var admin = await bot.Host.AddPersonAsync("周管理", PersonRole.CityAdmin, "luohe", AdminAad);
        var before = bot.Host.Connector.Requests.Count;
        await bot.MessageAsync(AdminAad, "hello");
        await bot.Host.Connector.WaitUntilAsync(r => r.Count > before);
        return new ParityWorld(bot, tokens, admin);
    }

    /// <summary>
    /// An API client carrying a real bearer token of <paramref name="person"/>: their role, unit, name and Teams identity
    /// (oid + tid), so the API knows the same person the chat knows.
    /// </summary>
    public HttpClient Api(Person person, string? unitCode = null)
    {
        var client = new HttpClient { BaseAddress = Host.Http.BaseAddress };
        var county = person.Role is PersonRole.CountyLiaison or PersonRole.CountyResponsible;
        var token = tokens.Create(person.Role.ToString(), county ? unitCode ?? "wuyang" : unitCode, person.Name, oid: person.AadObjectId, tid: BotHostFactory.Tenant);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public Task<DoorSnapshot> SnapshotAsync() => DoorSnapshot.TakeAsync(Host);

    public ValueTask DisposeAsync() => Bot.DisposeAsync();
}

/// <summary>
/// What a step left in the database, door-neutral: every table's rows in insertion order, without what differs by nature
/// between two runs (ids, timestamps, versions, code hashes — Guids inside values become &lt;guid&gt;), and without the
/// tables of the chat's own transport (the activities it processed, the conversations it saw). <see cref="Audit"/> and
/// <see cref="Ledger"/> are the audit entries and the queued deliveries (person, kind, subject, stage) on their own.
/// </summary>
public sealed partial record DoorSnapshot(IReadOnlyDictionary<string, IReadOnlyList<string>> Tables, IReadOnlyList<string> Audit, IReadOnlyList<string> Ledger)
{
    /// <summary>Tables only one door writes by nature: the chat's dedupe of activities and the conversations it was in.</summary>
    private static readonly HashSet<string> Transport = ["ProcessedActivities", "ConversationReferences", "__EFMigrationsHistory", "__EFMigrationsLock"];

    private static bool Ignored(string column) =>
        column == "Id" || column.EndsWith("Utc", StringComparison.Ordinal) || column.Contains("Version", StringComparison.Ordinal)
        || column.Contains("Token", StringComparison.Ordinal) || column.Contains("ETag", StringComparison.OrdinalIgnoreCase) || column == "CodeHash";

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guids();

    public static async Task<DoorSnapshot> TakeAsync(GuidanceApiFactory host)
    {
        var file = Path.Combine(host.DataFolder, "guidancebot.db");
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var snapshot = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var table in tables.Where(t => !Transport.Contains(t)))
        {
            snapshot[table] = await RowsAsync(connection, $"SELECT * FROM \"{table}\" ORDER BY rowid");
        }
        var audit = await RowsAsync(connection, "SELECT Action, EntityType, EntityId, UnitId, ActorPersonId, ActorName, Reason, Details FROM AuditLog ORDER BY Id");
        var ledger = await RowsAsync(connection, "SELECT PersonId, Kind, Subject, Stage FROM DeliveryLedger ORDER BY Id");
        return new DoorSnapshot(snapshot, audit, ledger);
    }

    private static async Task<IReadOnlyList<string>> RowsAsync(SqliteConnection connection, string sql)
    {
        await using var select = connection.CreateCommand();
        select.CommandText = sql;
        await using var reader = await select.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var cells = new List<string>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (Ignored(reader.GetName(i))) continue;
                var value = reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
                cells.Add($"{reader.GetName(i)}={Guids().Replace(value, "<guid>")}");
            }
            rows.Add(string.Join(" | ", cells));
        }
        return rows;
    }

    /// <summary>The rows added since <paramref name="before"/>, table by table (a step's own footprint).</summary>
    public DoorSnapshot Since(DoorSnapshot before) => new(
        Tables.ToDictionary(t => t.Key, t => (IReadOnlyList<string>)[.. Added(before.Tables.GetValueOrDefault(t.Key) ?? [], t.Value)]),
        [.. Added(before.Audit, Audit)], [.. Added(before.Ledger, Ledger)]);

    private static IEnumerable<string> Added(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var left = before.GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        foreach (var row in after)
        {
            if (left.TryGetValue(row, out var n) && n > 0) left[row] = n - 1;
            else yield return row;
        }
    }

    /// <summary>Fails, naming the table, unless both doors left the same rows everywhere, the same audit entries and the same deliveries queued.</summary>
    public static void AssertSame(DoorSnapshot api, DoorSnapshot chat)
    {
        Same("the audit entries", api.Audit, chat.Audit);
        Same("the queued deliveries", api.Ledger, chat.Ledger);
        Assert.Equal(api.Tables.Keys.Order(StringComparer.Ordinal), chat.Tables.Keys.Order(StringComparer.Ordinal));
        foreach (var (table, rows) in api.Tables)
        {
            Same(table, rows, chat.Tables[table]);
        }
    }

    private static void Same(string what, IReadOnlyList<string> api, IReadOnlyList<string> chat) =>
        Assert.True(api.SequenceEqual(chat), $"{what} differ between the doors.\nAPI:\n  {string.Join("\n  ", api)}\nchat:\n  {string.Join("\n  ", chat)}");
}
