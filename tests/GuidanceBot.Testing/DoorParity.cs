using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GuidanceBot.Data;
using GuidanceBot.Data.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GuidanceBot.Testing;

/// <summary>Someone both hosts of a parity test know beside <see cref="Door"/>'s cast (e.g. a city admin who creates invites).</summary>
public sealed record CastMember(string Name, PersonRole Role, string UnitCode, string AadObjectId, string? Language = null);

/// <summary>What a parity test sets alike on both hosts, beyond <see cref="Door"/>'s cast; every option is off by default.</summary>
public sealed record ParityOptions
{
    /// <summary>Services of both hosts, e.g. one <c>SpotCheckSeeds</c> so the same draw picks the same enterprises.</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>More people in both hosts, each of whom says hello in Teams (<see cref="Door.People"/>).</summary>
    public IReadOnlyList<CastMember> People { get; init; } = [];

    /// <summary>
    /// Guids inside values become <c>&lt;guid&gt;</c> in every row and audit entry: ids minted at random, as a stored file's,
    /// differ between two hosts by nature. Where they stand is still compared. (Queued messages are always masked so.)
    /// </summary>
    public bool MaskGuids { get; init; }
}

/// <summary>
/// One door of the parity suite: a fresh host (real SQLite file, the fixed test clock) that serves both <c>/api/v1</c> and
/// <c>/api/messages</c>, with the cast of <see cref="TeamsDriver.StartCityAsync"/> — 赵科员 (city staff), 王联络 (wuyang),
/// 李联络 (linying) — and Wang Lian (a second wuyang liaison who chose en-US), so every notice is seen in both languages,
/// plus <see cref="ParityOptions.People"/>. The API side speaks with real bearer tokens of these people (<see cref="ApiAsync"/>),
/// the chat side through the driver.
/// </summary>
public sealed class Door : IAsyncDisposable
{
    public const string EnglishLiaisonAad = "00000000-0000-0000-0000-00000000c004";

    private readonly ApiTokens tokens;

    private Door(string name, TeamsDriver chat, ApiTokens tokens, Person englishLiaison, IReadOnlyDictionary<string, Person> people, ParityOptions options)
    {
        Name = name;
        Chat = chat;
        this.tokens = tokens;
        EnglishLiaison = englishLiaison;
        People = people;
        Options = options;
    }

    /// <summary><c>api</c> or <c>chat</c>: which door this host is for (both hosts are seeded alike).</summary>
    public string Name { get; }

    public TeamsDriver Chat { get; }

    public BotHostFactory Host => Chat.Host;

    public Person Staff => Chat.Staff;

    public Person Liaison => Chat.Liaison;

    public Person EnglishLiaison { get; }

    /// <summary>The people of <see cref="ParityOptions.People"/>, by their Entra object id.</summary>
    public IReadOnlyDictionary<string, Person> People { get; }

    public ParityOptions Options { get; }

    public static async Task<Door> StartAsync(string name, ParityOptions? options = null)
    {
        options ??= new ParityOptions();
        var tokens = new ApiTokens();
        var chat = await TeamsDriver.StartCityAsync(settings: tokens.Settings.ToDictionary(k => k.Key, k => k.Value), services: options.Services);
        var english = await chat.Host.AddPersonAsync("Wang Lian", PersonRole.CountyLiaison, "wuyang", EnglishLiaisonAad, "en-US");
        var people = new Dictionary<string, Person>();
        foreach (var member in options.People)
        {
            people[member.AadObjectId] = await chat.Host.AddPersonAsync(member.Name, member.Role, member.UnitCode, member.AadObjectId, member.Language);
        }
        foreach (var aad in people.Keys.Prepend(EnglishLiaisonAad))
        {
            var before = chat.Host.Connector.Requests.Count;
            await chat.MessageAsync(aad, "hello"); // so the bot knows the conversation to send to
            await chat.Host.Connector.WaitUntilAsync(r => r.Count > before);
        }
        return new Door(name, chat, tokens, english, people, options);
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

    /// <summary>Sends <paramref name="body"/> as JSON (or as it is, if <see cref="HttpContent"/>) with <paramref name="person"/>'s token; the answer as it came.</summary>
    public async Task<HttpResponseMessage> RequestAsync(Person person, HttpMethod method, string url, object? body = null)
    {
        using var client = await ApiAsync(person);
        using var request = new HttpRequestMessage(method, url) { Content = body as HttpContent ?? (body is null ? null : JsonContent.Create(body)) };
        return await client.SendAsync(request);
    }

    /// <summary>As <see cref="RequestAsync"/>, failing the test unless it succeeds. The answer's JSON.</summary>
    public async Task<JsonNode?> SendAsync(Person person, HttpMethod method, string url, object? body = null)
    {
        using var response = await RequestAsync(person, method, url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {url} as {person.Name}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public Task<JsonNode?> PostAsync(Person person, string url, object? body = null) => SendAsync(person, HttpMethod.Post, url, body);

    public Task<JsonNode?> PutAsync(Person person, string url, object? body = null) => SendAsync(person, HttpMethod.Put, url, body);

    /// <summary>
    /// As <see cref="RequestAsync"/>, failing the test unless the API refuses with a 400 ProblemDetails naming fields. Each
    /// field's first message, to compare with the error the card shows under the same input (<see cref="TeamsDriver.ErrorUnder"/>).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> RefusedAsync(Person person, HttpMethod method, string url, object? body = null)
    {
        using var response = await RequestAsync(person, method, url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {url} as {person.Name}: expected 400, got {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()));
        var errors = problem["errors"]?.AsObject().ToDictionary(e => e.Key, e => e.Value![0]!.GetValue<string>()) ?? [];
        Assert.True(errors.Count > 0 && errors.Values.All(m => !string.IsNullOrWhiteSpace(m)), $"no field named in {text}");
        return errors;
    }

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

/// <summary>Both doors after a step: equal (asserted), so <see cref="Api"/> is also what chat left; <see cref="Changed"/> names what the step changed.</summary>
public sealed record ParityResult(DoorSnapshot Api, DoorSnapshot Chat, IReadOnlyList<string> Changed);

/// <summary>
/// One step both doors offer: <see cref="Api"/> takes it on the api door, <see cref="Chat"/> on the chat door. A step both doors
/// <see cref="Refused"/> must leave both databases as they were; any other must change something.
/// </summary>
public sealed record ParityStep(Func<Door, Task> Api, Func<Door, Task> Chat, bool Refused = false);

/// <summary>
/// The parity harness: one call per step that both doors offer. It starts two fresh hosts (<see cref="Door"/>: a new SQLite
/// file each, the same seed, the same fixed clock), runs <c>seed</c> on both, takes the step through the API on one
/// (<c>api</c>: real bearer tokens) and through chat on the other (<c>chat</c>: <c>/api/messages</c> via the
/// <see cref="TeamsDriver"/>), and asserts the two databases are the same — every table row by row in the order written
/// (ids, instants, versions, tokens, hashes and etags aside; door plumbing such as processed activity ids and conversation
/// references left out; each queued message whole, its rendered card included), the audit entries (who, what, which
/// record, reason, details) and the queued delivery-ledger rows (person, kind, subject, stage, language) — and that the
/// step changed something (or, <c>refused</c>, nothing at all).
/// A chain of steps (<see cref="AssertStepsAsync"/>) is compared after each one. <see cref="ParityOptions"/> sets both hosts
/// alike where a step needs it (services, more people, random ids masked).
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
public static partial class DoorParity
{
    /// <summary>
    /// Door plumbing, not the step's result: the activity ids a turn records, the conversations the bot knows, migrations. The
    /// audit log is compared entry by entry on its own (<see cref="DoorSnapshot.Audit"/>). The delivery ledger is compared
    /// twice: as a table (each queued message whole, its rendered payload included) and as <see cref="DoorSnapshot.Ledger"/>.
    /// </summary>
    private static readonly HashSet<string> SkippedTables = new(StringComparer.OrdinalIgnoreCase)
    {
        "ProcessedActivities", "ConversationReferences", "__EFMigrationsHistory", "__EFMigrationsLock", "AuditLog",
        "DataProtectionKeys", // PostgreSQL: each host's own random keys
    };

    /// <summary>One step (<paramref name="api"/> on one door, <paramref name="chat"/> on the other) after <paramref name="seed"/>.</summary>
    public static async Task<ParityResult> AssertSameAsync(Func<Door, Task> seed, Func<Door, Task> api, Func<Door, Task> chat,
        bool refused = false, ParityOptions? options = null) =>
        (await AssertStepsAsync(seed, [new ParityStep(api, chat, refused)], options))[0];

    /// <summary>A chain of steps on the same two doors (e.g. report a case, judge it, judge it again), compared after each step.</summary>
    public static async Task<IReadOnlyList<ParityResult>> AssertStepsAsync(Func<Door, Task> seed, IReadOnlyList<ParityStep> steps, ParityOptions? options = null)
    {
        await using var apiDoor = await Door.StartAsync("api", options);
        await using var chatDoor = await Door.StartAsync("chat", options);
        await seed(apiDoor);
        await seed(chatDoor);
        var before = await SnapshotAsync(apiDoor);
        Assert.Equal(Describe(before), Describe(await SnapshotAsync(chatDoor))); // the same start, or nothing below means anything

        var results = new List<ParityResult>();
        foreach (var (step, n) in steps.Select((s, i) => (s, i + 1)))
        {
            await step.Api(apiDoor);
            await step.Chat(chatDoor);
            var (a, c) = (await SnapshotAsync(apiDoor), await SnapshotAsync(chatDoor));
            var when = steps.Count == 1 ? "" : $" after step {n}";
            foreach (var table in a.Tables.Keys.Union(c.Tables.Keys).Order(StringComparer.Ordinal))
            {
                Assert.True(a.Tables.TryGetValue(table, out var ar) & c.Tables.TryGetValue(table, out var cr), $"table {table} in one door only{when}");
                Assert.True(ar!.SequenceEqual(cr!), $"{table} differs{when}:\n  api:  {string.Join("\n        ", ar!)}\n  chat: {string.Join("\n        ", cr!)}");
            }
            Assert.True(a.Audit.SequenceEqual(c.Audit), $"audit differs{when}:\n  api:  {string.Join("\n        ", a.Audit)}\n  chat: {string.Join("\n        ", c.Audit)}");
            Assert.True(a.Ledger.SequenceEqual(c.Ledger), $"queued messages differ{when}:\n  api:  {string.Join("\n        ", a.Ledger)}\n  chat: {string.Join("\n        ", c.Ledger)}");
            var changed = a.ChangedSince(before);
            if (step.Refused)
            {
                Assert.True(changed.Count == 0, $"a refused step changed {string.Join(", ", changed)}{when}"); // nothing lost or half-written
            }
            else
            {
                Assert.True(changed.Count > 0, $"the step changed nothing{when}"); // two doors that both did nothing are not the same step
            }
            results.Add(new ParityResult(a, c, changed));
            before = a;
        }
        return results;
    }

    private static string Describe(DoorSnapshot s) =>
        string.Join("\n", s.Tables.Select(t => $"{t.Key}: {string.Join(" | ", t.Value)}").Concat(s.Audit).Concat(s.Ledger));

    /// <summary>A column that differs between two runs of the same step by nature: a key, an instant, a concurrency token, a secret.</summary>
    private static bool IsIncidental(string column) =>
        column == "Id" || column.EndsWith("Utc", StringComparison.Ordinal) || column.Contains("Version", StringComparison.Ordinal)
        || column.Contains("Token", StringComparison.Ordinal) || column.Contains("ETag", StringComparison.OrdinalIgnoreCase)
        || column.Contains("Hash", StringComparison.Ordinal) || column.Contains("Secret", StringComparison.Ordinal)
        || column is "ConcurrencyStamp" or "ClaimedBy" or "LeaseExpires";

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidPattern();

    /// <summary>What <paramref name="door"/>'s database holds now, as the harness compares it (its <see cref="Door.Options"/> apply).</summary>
    public static Task<DoorSnapshot> SnapshotAsync(Door door) => door.Db(async db =>
    {
        Func<string, string> mask = door.Options.MaskGuids ? text => GuidPattern().Replace(text, "<guid>") : text => text;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var tables = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            var postgres = db.Database.IsNpgsql();
            var names = postgres
                ? "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            foreach (var table in await ColumnAsync(connection, names))
            {
                if (!SkippedTables.Contains(table))
                {
                    var (rows, written) = await RowsAsync(connection, table, postgres);
                    var masked = rows.Select(mask);
                    // Without a write order (PostgreSQL, a table not keyed by a generated Id) rows are compared as a set.
                    tables[table] = written ? [.. masked] : [.. masked.Order(StringComparer.Ordinal)];
                }
            }
            var audit = await db.AuditLog.AsNoTracking().OrderBy(a => a.Id)
                .Select(a => new { a.Action, a.EntityType, a.EntityId, a.UnitId, a.ActorPersonId, a.ActorName, a.Reason, a.Details }).ToListAsync();
            var ledger = await db.DeliveryLedger.AsNoTracking().OrderBy(e => e.Id)
                .Select(e => new { e.PersonId, e.Kind, e.Subject, e.Stage, e.Payload }).ToListAsync();
            return new DoorSnapshot(tables,
                [.. audit.Select(a => mask($"{a.Action} {a.EntityType}#{a.EntityId} unit={a.UnitId} by={a.ActorPersonId}/{a.ActorName} reason={a.Reason} details={a.Details}"))],
                [.. ledger.Select(e => Message($"person={e.PersonId} {e.Kind} {e.Subject} {e.Stage} locale={Locale(e.Payload)}"))]);
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

    /// <summary>
    /// A table's rows in the order they were written (SQLite's rowid; on PostgreSQL a generated "Id"), so two doors that
    /// write the same rows in another order differ; <c>Written</c> is false where there is no such order.
    /// </summary>
    private static async Task<(IReadOnlyList<string> Rows, bool Written)> RowsAsync(DbConnection connection, string table, bool postgres)
    {
        var written = !postgres || (await ColumnAsync(connection,
            $"SELECT column_name::text FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{table}' AND column_name = 'Id' AND data_type = 'integer'")).Count == 1;
        await using var command = connection.CreateCommand();
        command.CommandText = postgres
            ? $"SELECT * FROM \"{table}\"" + (written ? " ORDER BY \"Id\"" : "")
            : $"SELECT * FROM \"{table}\" ORDER BY rowid";
        await using var reader = await command.ExecuteReaderAsync();
        var columns = Enumerable.Range(0, reader.FieldCount).Where(i => !IsIncidental(reader.GetName(i))).ToList();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(", ", columns.Select(i => $"{reader.GetName(i)}={Value(reader, table, i)}")));
        }
        return (rows, written);
    }

    private static string Value(DbDataReader reader, string table, int i)
    {
        if (reader.IsDBNull(i))
        {
            return "null";
        }
        var raw = reader.GetValue(i);
        var value = raw switch
        {
            // PostgreSQL arrays (SQLite keeps such lists as JSON text).
            Array array => string.Join("|", array.Cast<object>().Select(o => Convert.ToString(o, CultureInfo.InvariantCulture))),
            // A PostgreSQL date reads as a DateOnly (or a DateTime at midnight); SQLite keeps it as its text, as tests write it.
            DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime date when reader.GetDataTypeName(i) == "date" => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => Convert.ToString(raw, CultureInfo.InvariantCulture)!,
        };
        return table == "DeliveryLedger" ? Message(value) : value;
    }

    /// <summary>
    /// A queued message as two hosts can agree on it: the versions it is keyed by or its buttons carry (Guids) and the links
    /// to files it holds (ASP.NET data-protected tokens, <c>CfDJ8…</c>) are random per host, so they are masked.
    /// </summary>
    private static string Message(string text) => ProtectedToken().Replace(GuidPattern().Replace(text, "<guid>"), "<protected>");

    [GeneratedRegex("CfDJ8[A-Za-z0-9_-]+")]
    private static partial Regex ProtectedToken();
}
