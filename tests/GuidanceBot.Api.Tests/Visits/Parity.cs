using System.Data.Common;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GuidanceBot.Data;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Visits;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Api.Tests.Visits;

/// <summary>
/// One door of the visit parity tests: a fresh host (its own SQLite file, the fixed test clock, the same spot-check seed as
/// every other) serving <c>/api/v1</c> and <c>/api/messages</c>, with the cast of <see cref="TeamsDriver.StartCityAsync"/>.
/// The API side speaks with real bearer tokens of those people (their Entra object id and tenant), the chat side through the
/// driver. (The same idea as the shared <c>DoorParity</c> being written for issue 13; kept small so it can be swapped for it.)
/// </summary>
public sealed class ParityDoor : IAsyncDisposable
{
    /// <summary>The seed every door draws with, so the same draw is the same enterprises.</summary>
    public sealed class FixedSeeds : SpotCheckSeeds
    {
        public override int Next() => 20220301;
    }

    private readonly ApiTokens tokens;

    private ParityDoor(TeamsDriver chat, ApiTokens tokens)
    {
        Chat = chat;
        this.tokens = tokens;
    }

    public TeamsDriver Chat { get; }

    public BotHostFactory Host => Chat.Host;

    public Person Staff => Chat.Staff;

    public Person Liaison => Chat.Liaison;

    public static async Task<ParityDoor> StartAsync()
    {
        var tokens = new ApiTokens();
        var chat = await TeamsDriver.StartCityAsync(settings: tokens.Settings.ToDictionary(k => k.Key, k => k.Value),
            services: s => s.AddSingleton<SpotCheckSeeds>(new FixedSeeds()));
        return new ParityDoor(chat, tokens);
    }

    /// <summary>A client of this host's API with a real bearer token of <paramref name="person"/>.</summary>
    public async Task<HttpClient> ApiAsync(Person person)
    {
        var unit = await Db(db => db.Units.Where(u => u.Id == person.UnitId).Select(u => u.Code).SingleAsync());
        var client = new HttpClient { BaseAddress = Host.Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            tokens.Create(person.Role.ToString(), person.IsCity ? null : unit, person.Name, oid: person.AadObjectId, tid: person.TenantId));
        return client;
    }

    public async Task<T> Db<T>(Func<GuidanceDbContext, Task<T>> query)
    {
        T result = default!;
        await Host.WithDbAsync(async db => result = await query(db));
        return result;
    }

    public Task Db(Func<GuidanceDbContext, Task> action) => Host.WithDbAsync(action);

    public ValueTask DisposeAsync() => Chat.DisposeAsync();
}

/// <summary>What a door left behind: every table's rows, the audit entries and the queued messages, with what differs by nature set aside.</summary>
public sealed record ParitySnapshot(IReadOnlyDictionary<string, IReadOnlyList<string>> Tables, IReadOnlyList<string> Audit, IReadOnlyList<string> Ledger)
{
    public IReadOnlyList<string> ChangedSince(ParitySnapshot before) =>
        [.. Tables.Keys.Where(t => !before.Tables.TryGetValue(t, out var rows) || !rows.SequenceEqual(Tables[t]))
            .Concat(Audit.SequenceEqual(before.Audit) ? [] : ["AuditLog"])
            .Concat(Ledger.SequenceEqual(before.Ledger) ? [] : ["DeliveryLedger"])];
}

/// <summary>Both doors after the step (asserted equal), and which tables the step changed.</summary>
public sealed record ParityOutcome(ParitySnapshot Api, ParitySnapshot Chat, IReadOnlyList<string> Changed);

/// <summary>
/// Takes a step through the API on one fresh host and through chat on another, both seeded alike at the same fixed instant,
/// and asserts the two databases are the same: every table (keys, instants, versions, tokens and random ids aside; the bot's
/// own plumbing — processed activity ids, conversation references — left out), the audit entries (who, what, which record,
/// reason, details) and the queued delivery-ledger rows (person, kind, subject, stage, language).
/// </summary>
public static partial class Parity
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "ProcessedActivities", "ConversationReferences", "__EFMigrationsHistory", "AuditLog", "DeliveryLedger",
    };

    public static async Task<ParityOutcome> AssertSameAsync(Func<ParityDoor, Task> seed, Func<ParityDoor, Task> api, Func<ParityDoor, Task> chat, bool requireChange = true)
    {
        await using var apiDoor = await ParityDoor.StartAsync();
        await using var chatDoor = await ParityDoor.StartAsync();
        await seed(apiDoor);
        await seed(chatDoor);
        var before = await SnapshotAsync(apiDoor);
        AssertEqual(before, await SnapshotAsync(chatDoor), "before the step");

        await api(apiDoor);
        await chat(chatDoor);
        var (a, c) = (await SnapshotAsync(apiDoor), await SnapshotAsync(chatDoor));
        AssertEqual(a, c, "after the step");
        var changed = a.ChangedSince(before);
        if (requireChange)
        {
            Assert.NotEmpty(changed); // two doors that both did nothing took no step
        }
        else
        {
            Assert.Empty(changed);
        }
        return new ParityOutcome(a, c, changed);
    }

    private static void AssertEqual(ParitySnapshot a, ParitySnapshot c, string when)
    {
        foreach (var table in a.Tables.Keys.Union(c.Tables.Keys).Order(StringComparer.Ordinal))
        {
            Assert.True(a.Tables.TryGetValue(table, out var ar) & c.Tables.TryGetValue(table, out var cr), $"table {table} in one door only");
            Assert.True(ar!.SequenceEqual(cr!), $"{table} differs {when}:\n  api:  {string.Join("\n        ", ar!)}\n  chat: {string.Join("\n        ", cr!)}");
        }
        Assert.True(a.Audit.SequenceEqual(c.Audit), $"audit differs {when}:\n  api:  {string.Join("\n        ", a.Audit)}\n  chat: {string.Join("\n        ", c.Audit)}");
        Assert.True(a.Ledger.SequenceEqual(c.Ledger), $"queued messages differ {when}:\n  api:  {string.Join("\n        ", a.Ledger)}\n  chat: {string.Join("\n        ", c.Ledger)}");
    }

    /// <summary>A column that differs between two runs of the same step by nature: a key, an instant, a concurrency token, a secret.</summary>
    private static bool IsIncidental(string column) =>
        column == "Id" || column.EndsWith("Utc", StringComparison.Ordinal) || column.Contains("Version", StringComparison.Ordinal)
        || column.Contains("Token", StringComparison.Ordinal) || column.Contains("ETag", StringComparison.OrdinalIgnoreCase)
        || column.Contains("Secret", StringComparison.Ordinal) || column is "ConcurrencyStamp" or "ClaimedBy" or "LeaseExpires";

    /// <summary>A stored file's id is a random Guid: the same file stored by two hosts has two.</summary>
    private static string WithoutGuids(string text) => GuidPattern().Replace(text, "<guid>");

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidPattern();

    public static Task<ParitySnapshot> SnapshotAsync(ParityDoor door) => door.Db(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var tables = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var table in await NamesAsync(connection))
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
            return new ParitySnapshot(tables,
                [.. audit.Select(a => WithoutGuids($"{a.Action} {a.EntityType}#{a.EntityId} unit={a.UnitId} by={a.ActorPersonId}/{a.ActorName} reason={a.Reason} details={a.Details}"))],
                [.. ledger.Select(e => $"person={e.PersonId} {e.Kind} {e.Subject} {e.Stage} locale={JsonNode.Parse(e.Payload)?["locale"]?.GetValue<string>()}")]);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    });

    private static async Task<List<string>> NamesAsync(DbConnection connection)
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
            rows.Add(WithoutGuids(string.Join(", ", columns.Select(i =>
                $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))}"))));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
