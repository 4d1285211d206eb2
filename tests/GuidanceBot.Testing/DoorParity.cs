using System.Data.Common;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Data;
using GuidanceBot.Data.People;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace GuidanceBot.Testing;

/// <summary>
/// One door of the parity suite: a fresh host (real SQLite file, the fixed test clock) that serves both <c>/api/v1</c> and
/// <c>/api/messages</c>, with the cast of <see cref="TeamsDriver.StartCityAsync"/> — 赵科员 (city staff), 王联络 (wuyang),
/// 李联络 (linying) — and Wang Lian (a second wuyang liaison who chose en-US), so every notice is seen in both languages.
/// The API side speaks with real bearer tokens of these people (<see cref="ApiAsync"/>), the chat side through the driver.
/// </summary>
public sealed class Door : IAsyncDisposable
{
    public const string EnglishLiaisonAad = "00000000-0000-0000-0000-00000000c004";

    private readonly ApiTokens tokens;

    private Door(string name, TeamsDriver chat, ApiTokens tokens, Person englishLiaison)
    {
        Name = name;
        Chat = chat;
        this.tokens = tokens;
        EnglishLiaison = englishLiaison;
    }

    /// <summary><c>api</c> or <c>chat</c>: which door this host is for (both hosts are seeded alike).</summary>
    public string Name { get; }

    public TeamsDriver Chat { get; }

    public BotHostFactory Host => Chat.Host;

    public Person Staff => Chat.Staff;

    public Person Liaison => Chat.Liaison;

    public Person EnglishLiaison { get; }

    public static async Task<Door> StartAsync(string name)
    {
        var tokens = new ApiTokens();
        var chat = await TeamsDriver.StartCityAsync(settings: tokens.Settings.ToDictionary(k => k.Key, k => k.Value));
        var english = await chat.Host.AddPersonAsync("Wang Lian", PersonRole.CountyLiaison, "wuyang", EnglishLiaisonAad, "en-US");
        var before = chat.Host.Connector.Requests.Count;
        await chat.MessageAsync(EnglishLiaisonAad, "hello"); // so the bot knows the conversation to send to
        await chat.Host.Connector.WaitUntilAsync(r => r.Count > before);
        return new Door(name, chat, tokens, english);
    }

    /// <summary>A client of this host's API carrying a real bearer token of <paramref name="person"/> (their Entra object id and tenant).</summary>
    public async Task<HttpClient> ApiAsync(Person person)
    {
        var unit = person.UnitId is { } id ? await Db(db => db.Units.Where(u => u.Id == id).Select(u => u.Code).SingleAsync()) : null;
        var client = new HttpClient { BaseAddress = Host.Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            tokens.Create(person.Role.ToString(), person.IsCity ? null : unit, person.Name, oid: person.AadObjectId, tid: person.TenantId));
        return client;
    }

    /// <summary>Sends <paramref name="body"/> as JSON with <paramref name="person"/>'s token; fails the test unless it succeeds. The answer's JSON.</summary>
    public async Task<JsonNode?> SendAsync(Person person, HttpMethod method, string url, object? body = null)
    {
        using var client = await ApiAsync(person);
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {url} as {person.Name}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public Task<JsonNode?> PostAsync(Person person, string url, object? body = null) => SendAsync(person, HttpMethod.Post, url, body);

    public Task<JsonNode?> PutAsync(Person person, string url, object? body = null) => SendAsync(person, HttpMethod.Put, url, body);

    /// <summary>Reads this door's database (versions differ between the two doors: read them here, never carry them over).</summary>
    public async Task<T> Db<T>(Func<GuidanceDbContext, Task<T>> query)
    {
        T result = default!;
        await Host.WithDbAsync(async db => result = await query(db));
        return result;
    }

    public ValueTask DisposeAsync() => Chat.DisposeAsync();
}

/// <summary>What a door left behind: every table's rows (ids, instants, versions and tokens aside), the audit trail and the queued messages.</summary>
public sealed record DoorSnapshot(
    IReadOnlyDictionary<string, IReadOnlyList<string>> Tables, IReadOnlyList<string> Audit, IReadOnlyList<string> Ledger)
{
    /// <summary>The tables whose rows differ from <paramref name="before"/>'s.</summary>
    public IReadOnlyList<string> ChangedSince(DoorSnapshot before) =>
        [.. Tables.Keys.Where(t => !before.Tables.TryGetValue(t, out var rows) || !rows.SequenceEqual(Tables[t]))
            .Concat(Audit.SequenceEqual(before.Audit) ? [] : ["AuditLog"])
            .Concat(Ledger.SequenceEqual(before.Ledger) ? [] : ["DeliveryLedger"])];
}

/// <summary>Both doors after the step: equal (asserted), so <see cref="Api"/> is also what chat left; <see cref="Changed"/> names what the step changed.</summary>
public sealed record ParityResult(DoorSnapshot Api, DoorSnapshot Chat, IReadOnlyList<string> Changed);

/// <summary>
/// The parity harness: one call per step that both doors offer. It starts two fresh hosts (<see cref="Door"/>: a new SQLite
/// file each, the same seed, the same fixed clock), runs <c>seed</c> on both, takes the step through the API on one
/// (<c>api</c>: real bearer tokens) and through chat on the other (<c>chat</c>: <c>/api/messages</c> via the
/// <see cref="TeamsDriver"/>), and asserts the two databases are the same — every table (ids, instants, versions, tokens and
/// etags aside; door plumbing such as processed activity ids and conversation references left out), the audit entries
/// (who, what, which record, reason, details) and the queued delivery-ledger rows (person, kind, subject, stage, language)
/// — and that the step changed something.
/// <example>
/// <code>
/// var result = await DoorParity.AssertSameAsync(
///     seed: door => SeedSubmittedReportAsync(door),
///     api: async door =>
///     {
///         var letter = await door.Db(db => db.Letters.SingleAsync());
///         await door.PostAsync(door.Staff, $"/api/v1/letters/{letter.Id}/close", new { version = letter.Version });
///     },
///     chat: async door =>
///     {
///         var review = TeamsDriver.Card(await door.Chat.InvokeAsync(TeamsDriver.StaffAad, "rectification.review", new JsonObject { ["letterId"] = 1 }));
///         TeamsDriver.Card(await door.Chat.PressAsync(TeamsDriver.StaffAad, review, "rectification.review.save", new() { ["d_1"] = "accept" }));
///     });
/// Assert.Contains("Assignments", result.Changed);
/// </code>
/// </example>
/// </summary>
public static class DoorParity
{
    /// <summary>Door plumbing, not the step's result: the activity ids a turn records, the conversations the bot knows, migrations.</summary>
    private static readonly HashSet<string> SkippedTables = new(StringComparer.OrdinalIgnoreCase)
    {
        "ProcessedActivities", "ConversationReferences", "__EFMigrationsHistory", "AuditLog", "DeliveryLedger",
    };

    public static async Task<ParityResult> AssertSameAsync(Func<Door, Task> seed, Func<Door, Task> api, Func<Door, Task> chat, bool requireChange = true)
    {
        await using var apiDoor = await Door.StartAsync("api");
        await using var chatDoor = await Door.StartAsync("chat");
        await seed(apiDoor);
        await seed(chatDoor);
        var before = await SnapshotAsync(apiDoor);
        Assert.Equal(Describe(before), Describe(await SnapshotAsync(chatDoor))); // the same start, or nothing below means anything

        await api(apiDoor);
        await chat(chatDoor);
        var (a, c) = (await SnapshotAsync(apiDoor), await SnapshotAsync(chatDoor));
        foreach (var table in a.Tables.Keys.Union(c.Tables.Keys).Order(StringComparer.Ordinal))
        {
            Assert.True(a.Tables.TryGetValue(table, out var ar) & c.Tables.TryGetValue(table, out var cr), $"table {table} in one door only");
            Assert.True(ar!.SequenceEqual(cr!), $"{table} differs:\n  api:  {string.Join("\n        ", ar!)}\n  chat: {string.Join("\n        ", cr!)}");
        }
        Assert.True(a.Audit.SequenceEqual(c.Audit), $"audit differs:\n  api:  {string.Join("\n        ", a.Audit)}\n  chat: {string.Join("\n        ", c.Audit)}");
        Assert.True(a.Ledger.SequenceEqual(c.Ledger), $"queued messages differ:\n  api:  {string.Join("\n        ", a.Ledger)}\n  chat: {string.Join("\n        ", c.Ledger)}");
        var changed = a.ChangedSince(before);
        if (requireChange)
        {
            Assert.NotEmpty(changed); // two doors that both did nothing are not the same step
        }
        return new ParityResult(a, c, changed);
    }

    private static string Describe(DoorSnapshot s) =>
        string.Join("\n", s.Tables.Select(t => $"{t.Key}: {string.Join(" | ", t.Value)}").Concat(s.Audit).Concat(s.Ledger));

    /// <summary>A column that differs between two runs of the same step by nature: a key, an instant, a concurrency token, a secret.</summary>
    private static bool IsIncidental(string column) =>
        column == "Id" || column.EndsWith("Utc", StringComparison.Ordinal) || column.Contains("Version", StringComparison.Ordinal)
        || column.Contains("Token", StringComparison.Ordinal) || column.Contains("ETag", StringComparison.OrdinalIgnoreCase)
        || column.Contains("Hash", StringComparison.Ordinal) || column.Contains("Secret", StringComparison.Ordinal)
        || column is "ConcurrencyStamp" or "ClaimedBy" or "LeaseExpires";

    public static Task<DoorSnapshot> SnapshotAsync(Door door) => door.Db(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var tables = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var table in await ColumnAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
            {
                if (!SkippedTables.Contains(table))
                {
                    tables[table] = await RowsAsync(connection, table);
                }
            }
            var audit = await db.AuditLog.AsNoTracking().OrderBy(a => a.Id)
                .Select(a => new { a.Action, a.EntityType, a.EntityId, a.UnitId, a.ActorPersonId, a.ActorName, a.Reason, a.Details }).ToListAsync();
            var ledger = await db.DeliveryLedger.AsNoTracking().OrderBy(e => e.PersonId).ThenBy(e => e.Kind).ThenBy(e => e.Subject).ThenBy(e => e.Stage)
                .Select(e => new { e.PersonId, e.Kind, e.Subject, e.Stage, e.Payload }).ToListAsync();
            return new DoorSnapshot(tables,
                [.. audit.Select(a => $"{a.Action} {a.EntityType}#{a.EntityId} unit={a.UnitId} by={a.ActorPersonId}/{a.ActorName} reason={a.Reason} details={a.Details}")],
                [.. ledger.Select(e => $"person={e.PersonId} {e.Kind} {e.Subject} {e.Stage} locale={Locale(e.Payload)}")]);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    });

    /// <summary>The language a queued message is in (the activity's locale).</summary>
    public static string? Locale(string payload) => JsonNode.Parse(payload)?["locale"]?.GetValue<string>();

    private static async Task<List<string>> ColumnAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    private static async Task<IReadOnlyList<string>> RowsAsync(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\"";
        await using var reader = await command.ExecuteReaderAsync();
        var columns = Enumerable.Range(0, reader.FieldCount).Where(i => !IsIncidental(reader.GetName(i))).ToList();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(", ", columns.Select(i => $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))}")));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
