using System.Data.Common;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Data;
using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Flows.Plans;

// The plans engineer's own parity helper, with the idea and the shape of the shared DoorParity (tests/GuidanceBot.Testing,
// being written in parallel): swap FilingDoor → Door and FilingParity → DoorParity when it is merged.

/// <summary>
/// One door: a fresh host (its own SQLite file, the fixed test clock) serving <c>/api/v1</c> and <c>/api/messages</c>, with the
/// driver's cast — 赵科员 (city staff), 王联络 (wuyang), 李联络 (linying) — and Wang Lian, a second wuyang liaison who chose
/// en-US, so a notice is compared in both languages. The API side carries real bearer tokens of these people.
/// </summary>
public sealed class FilingDoor : IAsyncDisposable
{
    public const string EnglishLiaisonAad = "00000000-0000-0000-0000-00000000c004";

    private readonly ApiTokens tokens;

    private FilingDoor(TeamsDriver chat, ApiTokens tokens) => (Chat, this.tokens) = (chat, tokens);

    public TeamsDriver Chat { get; }

    public BotHostFactory Host => Chat.Host;

    public Person Staff => Chat.Staff;

    public Person Liaison => Chat.Liaison;

    public static async Task<FilingDoor> StartAsync()
    {
        var tokens = new ApiTokens();
        var chat = await TeamsDriver.StartCityAsync(settings: tokens.Settings.ToDictionary(k => k.Key, k => k.Value));
        await chat.Host.AddPersonAsync("Wang Lian", PersonRole.CountyLiaison, "wuyang", EnglishLiaisonAad, "en-US");
        var before = chat.Host.Connector.Requests.Count;
        await chat.MessageAsync(EnglishLiaisonAad, "hello"); // so the bot knows where to send
        await chat.Host.Connector.WaitUntilAsync(r => r.Count > before);
        return new FilingDoor(chat, tokens);
    }

    /// <summary>A client of this host's API with a real bearer token of <paramref name="person"/> (role, unit, Entra ids).</summary>
    public async Task<HttpClient> ApiAsync(Person person)
    {
        var unit = person.IsCity ? null : await Db(db => db.Units.Where(u => u.Id == person.UnitId).Select(u => u.Code).SingleAsync());
        var client = new HttpClient { BaseAddress = Host.Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            tokens.Create(person.Role.ToString(), unit, person.Name, oid: person.AadObjectId, tid: person.TenantId));
        return client;
    }

    /// <summary>Sends JSON as <paramref name="person"/>; the response as it came.</summary>
    public async Task<HttpResponseMessage> SendAsync(Person person, HttpMethod method, string url, object? body = null)
    {
        using var client = await ApiAsync(person);
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        return await client.SendAsync(request);
    }

    /// <summary>As <see cref="SendAsync"/>, failing the test unless it succeeds; the answer's JSON.</summary>
    public async Task<JsonNode?> OkAsync(Person person, HttpMethod method, string url, object? body = null)
    {
        using var response = await SendAsync(person, method, url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {url} as {person.Name}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public Task<JsonNode?> PutAsync(Person person, string url, object body) => OkAsync(person, HttpMethod.Put, url, body);

    public Task<JsonNode?> PostAsync(Person person, string url, object? body = null) => OkAsync(person, HttpMethod.Post, url, body);

    /// <summary>Reads this door's database (ids and versions are this door's own).</summary>
    public async Task<T> Db<T>(Func<GuidanceDbContext, Task<T>> query)
    {
        T result = default!;
        await Host.WithDbAsync(async db => result = await query(db));
        return result;
    }

    public ValueTask DisposeAsync() => Chat.DisposeAsync();
}

/// <summary>What a door left behind: every table (ids, instants, versions, tokens aside), the audit trail, the queued messages.</summary>
public sealed record FilingSnapshot(IReadOnlyDictionary<string, IReadOnlyList<string>> Tables, IReadOnlyList<string> Audit, IReadOnlyList<string> Ledger)
{
    public IReadOnlyList<string> ChangedSince(FilingSnapshot before) =>
        [.. Tables.Keys.Where(t => !before.Tables.TryGetValue(t, out var rows) || !rows.SequenceEqual(Tables[t]))
            .Concat(Audit.SequenceEqual(before.Audit) ? [] : ["AuditLog"])
            .Concat(Ledger.SequenceEqual(before.Ledger) ? [] : ["DeliveryLedger"])];
}

public sealed record FilingParityResult(FilingSnapshot Api, FilingSnapshot Chat, IReadOnlyList<string> Changed);

/// <summary>
/// Takes one step through the API on one fresh host and through chat on another (same seed, same clock) and asserts both
/// databases alike: every table, the audit entries (who, what, which record, reason, details) and the queued ledger rows
/// (person, kind, subject, stage, language) — and that the step changed something.
/// </summary>
public static class FilingParity
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        // Door plumbing (the activity ids a turn records, the conversations the bot knows), and what is compared apart.
        "ProcessedActivities", "ConversationReferences", "__EFMigrationsHistory", "AuditLog", "DeliveryLedger",
    };

    public static async Task<FilingParityResult> AssertSameAsync(Func<FilingDoor, Task> seed, Func<FilingDoor, Task> api, Func<FilingDoor, Task> chat)
    {
        await using var apiDoor = await FilingDoor.StartAsync();
        await using var chatDoor = await FilingDoor.StartAsync();
        await seed(apiDoor);
        await seed(chatDoor);
        var before = await SnapshotAsync(apiDoor);
        Assert.Equal(Describe(before), Describe(await SnapshotAsync(chatDoor)));

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
        Assert.NotEmpty(changed); // two doors that both did nothing took no step
        return new FilingParityResult(a, c, changed);
    }

    private static string Describe(FilingSnapshot s) =>
        string.Join("\n", s.Tables.Select(t => $"{t.Key}: {string.Join(" | ", t.Value)}").Concat(s.Audit).Concat(s.Ledger));

    /// <summary>Columns that differ between two runs of one step by nature: keys, instants, concurrency tokens, secrets.</summary>
    private static bool IsIncidental(string column) =>
        column == "Id" || column.EndsWith("Utc", StringComparison.Ordinal) || column.Contains("Version", StringComparison.Ordinal)
        || column.Contains("Token", StringComparison.Ordinal) || column.Contains("ETag", StringComparison.OrdinalIgnoreCase)
        || column.Contains("Hash", StringComparison.Ordinal) || column.Contains("Secret", StringComparison.Ordinal)
        || column is "ClaimedBy" or "LeaseExpires";

    public static Task<FilingSnapshot> SnapshotAsync(FilingDoor door) => door.Db(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var tables = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var table in await TablesAsync(connection))
            {
                if (!Skipped.Contains(table))
                {
                    tables[table] = await RowsAsync(connection, table);
                }
            }
            var audit = await db.AuditLog.AsNoTracking().OrderBy(a => a.Id)
                .Select(a => new { a.Action, a.EntityType, a.EntityId, a.UnitId, a.ActorPersonId, a.ActorName, a.Reason, a.Details }).ToListAsync();
            var ledger = await db.DeliveryLedger.AsNoTracking().OrderBy(e => e.PersonId).ThenBy(e => e.Kind).ThenBy(e => e.Subject).ThenBy(e => e.Stage)
                .Select(e => new { e.PersonId, e.Kind, e.Subject, e.Stage, e.Payload }).ToListAsync();
            return new FilingSnapshot(tables,
                [.. audit.Select(a => $"{a.Action} {a.EntityType}#{a.EntityId} unit={a.UnitId} by={a.ActorPersonId}/{a.ActorName} reason={a.Reason} details={a.Details}")],
                [.. ledger.Select(e => $"person={e.PersonId} {e.Kind} {e.Subject} {e.Stage} locale={JsonNode.Parse(e.Payload)?["locale"]}")]);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    });

    private static async Task<List<string>> TablesAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }
        return names;
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
