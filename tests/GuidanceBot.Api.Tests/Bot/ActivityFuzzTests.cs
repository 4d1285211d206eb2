using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace GuidanceBot.Api.Tests.Bot;

/// <summary>
/// The door under fire (issue 12, "Done when"): the captured Teams activities, mutated structurally from a
/// fixed seed — members removed, set to null, given the wrong JSON type, made huge, nested deep, given the
/// bot's own commands, verbs and invoke names — posted with a valid token and in local mode. No answer is
/// a 5xx (but the protocol's 501 for an invoke name the bot does not implement), the host still answers
/// /health, and a refused activity (4xx) leaves no row behind.
/// </summary>
public class ActivityFuzzTests(ITestOutputHelper output)
{
    // Fixed, so a run is repeatable; GUIDANCEBOT_FUZZ_SEED / GUIDANCEBOT_FUZZ_CASES explore further by hand.
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("GUIDANCEBOT_FUZZ_SEED"), out var s) ? s : 20261212;
    private static readonly int CasesPerMode = int.TryParse(Environment.GetEnvironmentVariable("GUIDANCEBOT_FUZZ_CASES"), out var n) ? n : 1500;

    /// <summary>The inbound samples (the connector-* files are the bot's own requests).</summary>
    private static readonly string[] Samples =
    [
        "message-personal.json", "message-groupchat-mention.json", "message-channel-mention.json", "message-action-submit.json",
        "invoke-action-execute.json", "installation-update-add.json", "conversation-update-members-added.json",
    ];

    // Deeper than the 64 levels System.Text.Json reads, so the test can write what the bot must refuse.
    private static readonly JsonSerializerOptions Writer = new() { MaxDepth = 4096 };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Mutated_Teams_activities_never_get_a_5xx_and_a_refused_one_leaves_nothing(bool localMode)
    {
        // Hundreds of replies into one conversation while the test's clock stands still: Teams' per-second
        // send limits would hold the replies forever.
        await using var host = await BotHostFactory.StartAsync(localMode, new()
        {
            ["Bot:ConversationSendsPerSecond"] = "1000000",
            ["Bot:TenantSendsPerSecond"] = "1000000",
            ["Logging:LogLevel:Default"] = "Error",
        });
        // The samples' sender is a registered person (a liaison with a token, city staff locally), so the
        // mutated activities reach the flows behind the welcome card.
        await host.AddPersonAsync("王联络", localMode ? PersonRole.CityStaff : PersonRole.CountyLiaison, localMode ? "luohe" : "wuyang");
        var routes = host.Services.GetServices<TurnRoute>().ToList();
        var invokes = routes.Where(r => r.Kind == TurnRouteKind.Invoke).Select(r => r.Key).Append("adaptiveCard/action").ToHashSet();
        var words = routes.Select(r => r.Key)
            .Concat(["adaptiveCard/action", "task/fetch", "composeExtension/query", "signin/verifyState", "fileConsent/invoke", "menu", "菜单"])
            .Distinct().ToList();
        var mutator = new ActivityMutator(new Random(Seed + (localMode ? 1 : 0)), words, host.ServiceUrl);
        var token = localMode ? null : host.ValidToken(); // one token, verified once and then remembered, like Teams'
        var samples = Samples.ToDictionary(s => s, s => JsonNode.Parse(SharedFiles.ReadActivity(s))!.AsObject());

        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        for (var i = 0; i < CasesPerMode; i++)
        {
            var name = Samples[i % Samples.Length];
            var activity = samples[name].DeepClone().AsObject();
            activity["serviceUrl"] = host.ServiceUrl;
            activity["id"] = $"fuzz-{i}";
            var description = mutator.Mutate(activity);
            var json = activity.ToJsonString(Writer).Replace(ActivityMutator.LoneSurrogate, "\\ud800", StringComparison.Ordinal);

            var before = await host.CountRowsAsync();
            using var response = await host.PostAsync(json, token);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500 && !(status == 501 && UnknownInvoke(activity, invokes)))
            {
                failures.Add($"{status} for {name}: {description}\n    {Truncate(await response.Content.ReadAsStringAsync())}");
            }
            else if (status is >= 400 and < 500 && await host.CountRowsAsync() is var after && after != before)
            {
                failures.Add($"{status} but rows {before} -> {after} for {name}: {description}");
            }
        }

        output.WriteLine("answers: " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        var health = await host.Http.GetAsync("/health");
        Assert.True(failures.Count == 0, $"{failures.Count} of {CasesPerMode} mutated activities were mishandled:\n" + string.Join("\n", failures.Take(25)));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        // The fuzzer must exercise both sides of the door, or it proves nothing.
        Assert.True(statuses.GetValueOrDefault(200) > CasesPerMode / 10, "too few mutated activities were accepted");
        Assert.True(statuses.Where(s => s.Key is >= 400 and < 500).Sum(s => s.Value) > CasesPerMode / 10, "too few mutated activities were refused");
    }

    [Fact]
    public async Task Found_by_the_fuzzer_an_invoke_reusing_a_messages_id_is_answered_not_taken_for_its_retry()
    {
        await using var host = await BotHostFactory.StartAsync();
        var message = host.Sample("message-personal.json", "menu", id: "reused-id");
        var invoke = host.Sample("invoke-action-execute.json", id: "reused-id"); // same conversation, same id

        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(message, host.ValidToken())).StatusCode);
        var response = await host.PostAsync(invoke, host.ValidToken());

        // Before: the invoke waited 10 s for the "first delivery's" invoke answer, which a message never stores: 503.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["statusCode"]); // its own invoke answer
    }

    /// <summary>
    /// 501 is the Bot Framework's answer to an invoke the bot does not implement (docs/decisions.md), not a
    /// failure: a well-formed invoke whose name no route takes.
    /// </summary>
    private static bool UnknownInvoke(JsonObject activity, HashSet<string> invokes) =>
        activity["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String && type.GetValue<string>() == "invoke"
        && activity["name"] is JsonValue name && name.GetValueKind() == JsonValueKind.String
        && name.GetValue<string>() is { Length: > 0 } n && !n.Contains(ActivityMutator.LoneSurrogate, StringComparison.Ordinal) && !invokes.Contains(n);

    private static string Truncate(string s) => s.Length <= 400 ? s : s[..400] + "…";
}

/// <summary>
/// Structural mutations of an activity, one to three per case, drawn from a seeded <see cref="Random"/> so
/// a failing case can be replayed. Each returns a description of what it did, for the failure message.
/// </summary>
internal sealed class ActivityMutator(Random random, IReadOnlyList<string> words, string serviceUrl)
{
    /// <summary>Stands for <c>\ud800</c> in the JSON text: valid JSON, not valid UTF-16 (a .NET writer refuses to write it).</summary>
    public const string LoneSurrogate = "LONE-SURROGATE";

    private static readonly string[] OddStrings =
    [
        "", " ", "\u0001", "\u202Ereversed", "\u200B", LoneSurrogate, "javascript:alert(1)", "file:///etc/passwd", "http://", "https://",
        "http://169.254.169.254/latest/meta-data/", "null", "true", "-1", "1e309", "<at>Test Bot</at>", "😀🙂", "全角　空格", "a:b/c?d#e",
        "2026-02-30T25:61:61Z", "../../..", "%00", "\\", "\"", "00000000-0000-0000-0000-0000000000001",
    ];

    public string Mutate(JsonObject activity)
    {
        var steps = 1 + random.Next(3);
        var done = new List<string>(steps);
        for (var i = 0; i < steps; i++)
        {
            done.Add(MutateOnce(activity));
        }
        return string.Join("; ", done);
    }

    private string MutateOnce(JsonObject root)
    {
        var slots = new List<Slot>();
        Collect(root, "$", slots);
        var slot = slots[random.Next(slots.Count)];
        var current = slot.Get();
        switch (random.Next(12))
        {
            case 0 when slot.Parent != root || random.Next(2) == 0:
                slot.Remove();
                return $"removed {slot.Path}";
            case 0:
            case 1:
                slot.Set(null);
                return $"{slot.Path} = null";
            case 2:
                var wrong = WrongType(current);
                slot.Set(wrong);
                return $"{slot.Path} = {Describe(wrong)} (was {current?.GetValueKind().ToString() ?? "null"})";
            case 3:
                var length = new[] { 1_000, 10_000, 60_000, 150_000 }[random.Next(4)];
                slot.Set(new string(random.Next(2) == 0 ? 'x' : '长', length));
                return $"{slot.Path} = a string of {length} characters";
            case 4:
                var count = new[] { 50, 1_000, 5_000 }[random.Next(3)];
                var element = current?.DeepClone() ?? JsonValue.Create("x");
                var array = new JsonArray();
                for (var i = 0; i < count; i++)
                {
                    array.Add(element.DeepClone());
                }
                slot.Set(array);
                return $"{slot.Path} = an array of {count} copies";
            case 5:
                var depth = new[] { 8, 40, 63, 65, 300 }[random.Next(5)];
                slot.Set(Nested(depth, random.Next(2) == 0));
                return $"{slot.Path} = nested {depth} deep";
            case 6:
                var odd = OddStrings[random.Next(OddStrings.Length)];
                slot.Set(odd);
                return $"{slot.Path} = \"{Escape(odd)}\"";
            case 7:
                JsonNode number = random.Next(5) switch
                {
                    0 => JsonValue.Create(0),
                    1 => JsonValue.Create(-1),
                    2 => JsonValue.Create(long.MaxValue),
                    3 => JsonValue.Create(1.5e308),
                    _ => JsonValue.Create(0.5m),
                };
                slot.Set(number);
                return $"{slot.Path} = {number.ToJsonString()}";
            case 8:
                var word = words[random.Next(words.Count)];
                slot.Set(word);
                return $"{slot.Path} = \"{word}\"";
            case 9:
                // The paths the bot routes on, with a word it knows: reaches the handlers behind them.
                var target = new[] { "text", "name", "value.verb", "value.action.verb", "type" }[random.Next(5)];
                var known = words[random.Next(words.Count)];
                SetPath(root, target, known);
                return $"{target} = \"{known}\"";
            case 10:
                // A card's data as the flows read it (ids, versions, units, dates), with a value of any type.
                var where = random.Next(2) == 0 ? "value.action.data" : "value";
                var key = DataKeys[random.Next(DataKeys.Length)];
                var data = DataValue();
                SetPath(root, $"{where}.{key}", data);
                if (random.Next(2) == 0)
                {
                    SetPath(root, where == "value" ? "value.verb" : "value.action.verb", words[random.Next(words.Count)]);
                }
                return $"{where}.{key} = {Describe(data)}";
            default:
                var service = new[] { serviceUrl.TrimEnd('/'), serviceUrl + "amer/", serviceUrl.ToUpperInvariant(), "https://smba.trafficmanager.net/amer/" }[random.Next(4)];
                root["serviceUrl"] = service;
                return $"serviceUrl = {service}";
        }
    }

    /// <summary>The data members the card flows read.</summary>
    private static readonly string[] DataKeys =
    [
        "basedOn", "caseId", "cityContactName", "cityContactPhone", "contactName", "countyResponsibleName", "contactPhone", "count", "days", "deadline", "done", "end", "fileId", "id", "inviteCode",
        "inviteRole", "inviteUnitId", "inviteeName", "kind", "letterId", "letterVersion", "material", "mode", "month", "name", "number",
        "page", "reason", "receivedBy", "reportDeadline", "reportVersion", "responsible", "slot", "start", "step", "unit", "unitId", "version", "visit",
        "visitId", "year",
    ];

    private JsonNode? DataValue() => random.Next(12) switch
    {
        0 => JsonValue.Create(1),
        1 => JsonValue.Create("1"),
        2 => JsonValue.Create(-2147483648L),
        3 => JsonValue.Create(Guid.Empty.ToString()),
        4 => JsonValue.Create("2022-03-05"),
        5 => JsonValue.Create("9999-12-31"),
        6 => JsonValue.Create("wuyang"),
        7 => JsonValue.Create("CountyLiaison"),
        8 => JsonValue.Create(99999999999L),
        9 => null,
        10 => new JsonArray(1, 2),
        _ => WrongType(null),
    };

    private JsonNode? WrongType(JsonNode? current)
    {
        var kinds = new List<Func<JsonNode?>>
        {
            () => JsonValue.Create("s"),
            () => JsonValue.Create(42),
            () => JsonValue.Create(random.Next(2) == 0),
            () => new JsonObject { ["id"] = 1, ["x"] = new JsonArray() },
            () => new JsonObject(),
            () => new JsonArray(1, "a", null, new JsonObject()),
            () => new JsonArray(),
        };
        var kind = current?.GetValueKind();
        var choices = kinds.Where(k => k()?.GetValueKind() is var made && (made != kind || made is JsonValueKind.Object or JsonValueKind.Array)).ToList();
        return choices[random.Next(choices.Count)]();
    }

    private static JsonNode Nested(int depth, bool arrays)
    {
        JsonNode node = JsonValue.Create("bottom");
        for (var i = 0; i < depth; i++)
        {
            node = arrays ? new JsonArray(node) : new JsonObject { ["a"] = node };
        }
        return node;
    }

    private static void SetPath(JsonObject root, string path, JsonNode? value)
    {
        var names = path.Split('.');
        JsonObject node = root;
        foreach (var name in names[..^1])
        {
            if (node[name] is not JsonObject child)
            {
                child = [];
                node[name] = child;
            }
            node = child;
        }
        node[names[^1]] = value;
    }

    private static void Collect(JsonNode node, string path, List<Slot> slots)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o.ToList())
                {
                    var p = $"{path}.{name}";
                    slots.Add(new Slot(o, name, -1, p));
                    if (child is not null)
                    {
                        Collect(child, p, slots);
                    }
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var p = $"{path}[{i}]";
                    slots.Add(new Slot(a, null, i, p));
                    if (a[i] is { } child)
                    {
                        Collect(child, p, slots);
                    }
                }
                break;
        }
    }

    private static string Describe(JsonNode? node) => node is null ? "null" : Escape(node.ToJsonString());

    private static string Escape(string s) => s.Length > 60 ? s[..60] + "…" : s;

    /// <summary>A member of an object or an element of an array.</summary>
    private sealed record Slot(JsonNode Parent, string? Name, int Index, string Path)
    {
        public JsonNode? Get() => Parent is JsonObject o ? o[Name!] : ((JsonArray)Parent)[Index];

        public void Set(JsonNode? value)
        {
            if (Parent is JsonObject o)
            {
                o[Name!] = value;
            }
            else
            {
                ((JsonArray)Parent)[Index] = value;
            }
        }

        public void Remove()
        {
            if (Parent is JsonObject o)
            {
                o.Remove(Name!);
            }
            else
            {
                ((JsonArray)Parent).RemoveAt(Index);
            }
        }
    }
}
