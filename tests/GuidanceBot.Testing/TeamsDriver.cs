using System.Net;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Delivery;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GuidanceBot.Testing;

/// <summary>
/// The one conversation driver: plays Teams against the real bot host (<see cref="BotHostFactory"/>) — typed messages
/// and <c>adaptiveCard/action</c> invokes shaped like the captured samples, each from a Teams identity (AAD object id),
/// the card's inputs merged into the action's data as Teams does — and reads the cards in the answers. Every card the
/// bot answered with or sent is kept (<see cref="Cards"/>) for the official parser (<see cref="AssertCardsValidAsync"/>).
/// <see cref="StartCityAsync"/> starts a host with a city staff member and two county liaisons who have said hello.
/// </summary>
public sealed class TeamsDriver(BotHostFactory host, bool ownsHost = false) : IAsyncDisposable
{
    /// <summary>The playground's default user (the samples' <c>from.aadObjectId</c>).</summary>
    public const string DefaultUser = "00000000-0000-0000-0000-0000000000020";
    public const string StaffAad = "00000000-0000-0000-0000-00000000c001";
    public const string LiaisonAad = "00000000-0000-0000-0000-00000000c002";
    public const string OtherLiaisonAad = "00000000-0000-0000-0000-00000000c003";
    public const string DocsBase = "https://guidance.example.test";

    public BotHostFactory Host { get; } = host;

    /// <summary>Set by <see cref="StartCityAsync"/>: 赵科员 (city staff, luohe) and 王联络 (liaison, wuyang).</summary>
    public Person Staff { get; private set; } = null!;
    public Person Liaison { get; private set; } = null!;

    /// <summary>Every card the bot answered with or sent, named, for the official parser.</summary>
    public List<(string Name, JsonNode Card)> Cards { get; } = [];

    /// <summary>A prefix for the names of the cards kept (e.g. the language of a run).</summary>
    public string? Label { get; set; }

    /// <summary>
    /// A host (document links under <see cref="DocsBase"/>) with city staff 赵科员 (luohe), liaisons 王联络 (wuyang) and
    /// 李联络 (linying), each with their own Teams identity, who each said hello once so the bot knows their conversations.
    /// </summary>
    public static async Task<TeamsDriver> StartCityAsync(string language = "zh-CN", Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?> { ["PublicLinks:BaseUrl"] = DocsBase };
        foreach (var (k, v) in settings ?? [])
        {
            all[k] = v;
        }
        var host = await BotHostFactory.StartAsync(settings: all, services: services);
        var driver = new TeamsDriver(host, ownsHost: true);
        driver.Staff = await host.AddPersonAsync("赵科员", PersonRole.CityStaff, "luohe", StaffAad, language);
        driver.Liaison = await host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang", LiaisonAad, language);
        await host.AddPersonAsync("李联络", PersonRole.CountyLiaison, "linying", OtherLiaisonAad, language);
        foreach (var aad in new[] { StaffAad, LiaisonAad, OtherLiaisonAad })
        {
            await driver.MessageAsync(aad, "hello");
        }
        await host.Connector.WaitUntilAsync(r => r.Count == 3);
        return driver;
    }

    public static string UserId(string aad) => "user-" + aad[^4..];

    private static void From(JsonObject activity, string aad) =>
        activity["from"] = new JsonObject { ["id"] = UserId(aad), ["name"] = aad[^4..], ["aadObjectId"] = aad };

    public async Task<HttpResponseMessage> MessageAsync(string aad, string text, string sample = "message-personal.json")
    {
        var activity = Host.Sample(sample, text);
        From(activity, aad);
        return await Host.PostAsync(activity, Host.ValidToken());
    }

    /// <summary>A typed command; the card the bot replied with (kept for the parser).</summary>
    public async Task<JsonObject> AskForCardAsync(string aad, string text, string name)
    {
        var before = Host.Connector.Requests.Count;
        await MessageAsync(aad, text);
        await Host.Connector.WaitUntilAsync(r => r.Count > before);
        var card = Host.Connector.Requests[before].Body!["attachments"]![0]!["content"]!.AsObject();
        Cards.Add((Label + name, card.DeepClone()));
        return card;
    }

    /// <summary>
    /// An Action.Execute invoke from <paramref name="aad"/>; the answer's body (statusCode/type/value). In a group chat when
    /// <paramref name="group"/>; <paramref name="id"/> is the activity id (a retry sends the same one again).
    /// </summary>
    public async Task<JsonObject> InvokeAsync(string aad, string verb, JsonObject? data = null, bool group = false, string? name = null, string? id = null)
    {
        var activity = Host.Sample("invoke-action-execute.json", id: id);
        From(activity, aad);
        activity["value"]!["action"]!["verb"] = verb;
        activity["value"]!["action"]!["data"] = data?.DeepClone() ?? new JsonObject();
        if (group)
        {
            activity["conversation"] = new JsonObject
            {
                ["isGroup"] = true, ["conversationType"] = "groupChat", ["tenantId"] = BotHostFactory.Tenant, ["id"] = "19:group-review@thread.v2",
            };
        }
        var response = await Host.PostAsync(activity, Host.ValidToken());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        if (body["type"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive")
        {
            Cards.Add((Label + (name ?? $"{verb}#{Cards.Count}"), body["value"]!.DeepClone()));
        }
        return body;
    }

    /// <summary>
    /// Presses the button <paramref name="verb"/> of <paramref name="card"/> (the first, or the one whose data has step
    /// <paramref name="step"/>) as <paramref name="aad"/>, with the inputs as shown, then <paramref name="typed"/> over them.
    /// </summary>
    public Task<JsonObject> PressAsync(string aad, JsonObject card, string verb, Dictionary<string, string>? typed = null, string? step = null,
        string? id = null, Action<JsonObject>? edit = null, string? name = null)
    {
        var data = ActionData(card, verb, step);
        foreach (var input in Inputs(card))
        {
            if (input["value"] is { } v)
            {
                data[input["id"]!.GetValue<string>()] = v.ToString();
            }
        }
        foreach (var (k, v) in typed ?? [])
        {
            data[k] = v;
        }
        edit?.Invoke(data);
        return InvokeAsync(aad, verb, data, id: id, name: name);
    }

    /// <summary>Runs the outbox once (the dispatcher the host runs on a timer); the cards sent are kept.</summary>
    public async Task<List<JsonObject>> DispatchAsync(string name)
    {
        var before = Host.Connector.Requests.Count;
        await Host.Services.GetRequiredService<DeliveryDispatcher>().DispatchDueAsync();
        var sent = Host.Connector.Requests.Skip(before)
            .Where(r => r.Body?["attachments"] is JsonArray)
            .Select(r => r.Body!["attachments"]![0]!["content"]!.AsObject()).ToList();
        Cards.AddRange(sent.Select((c, i) => ($"{Label}{name}-{i}", (JsonNode)c.DeepClone())));
        return sent;
    }

    /// <summary>A unit's plan with planned enterprises (a visit's draw candidates), in the given state.</summary>
    public async Task<int> SeedPlanAsync(string unit, SubmissionStatus status, int enterprises = 3)
    {
        var id = 0;
        await Host.WithDbAsync(async db =>
        {
            var unitId = await db.Units.Where(u => u.Code == unit).Select(u => u.Id).SingleAsync();
            var offset = unitId * 100;
            var plan = new AnnualPlan
            {
                UnitId = unitId, Year = 2022, Status = status, SubmittedUtc = Host.Clock.GetUtcNow().UtcDateTime,
                Categories = [new() { CategoryCode = EnterpriseCategoryCodes.IndustryTrade, KeyTotal = enterprises, KeyPlanned = enterprises, GeneralTotal = 9, GeneralPlanned = 3 }],
                Entries = [.. Enumerable.Range(1, enterprises).Select(n => new PlanEntry
                {
                    Planned = true,
                    Enterprise = new Enterprise { UnitId = unitId, Name = $"{unit}企业{n}", CreditCode = TestCodes.Valid(offset + n), CategoryCode = EnterpriseCategoryCodes.IndustryTrade, Tier = EnterpriseTier.Key },
                })],
            };
            db.AnnualPlans.Add(plan);
            await db.SaveChangesAsync();
            id = plan.Id;
        });
        return id;
    }

    /// <summary>Checks every card kept with the official parser: no events, no failures, each under 40 KB.</summary>
    public async Task AssertCardsValidAsync()
    {
        Assert.NotEmpty(Cards);
        var checks = await AdaptiveCardParser.CheckAsync(Cards);
        Assert.All(checks, c => Assert.True(c.IsClean, c.ToString()));
        Assert.All(checks, c => Assert.True(c.Bytes < 40 * 1024, c.ToString()));
    }

    public async ValueTask DisposeAsync()
    {
        if (ownsHost)
        {
            await Host.DisposeAsync();
        }
    }

    // ---- reading what came back ----

    /// <summary>The card of an invoke answer; fails with the answer when it is not a card.</summary>
    public static JsonObject Card(JsonNode body) =>
        body["type"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive"
            ? body["value"]!.AsObject()
            : throw new Xunit.Sdk.XunitException("expected a card: " + body.ToJsonString());

    public static void AssertError(JsonNode body, int status)
    {
        Assert.Equal("application/vnd.microsoft.error", body["type"]!.GetValue<string>());
        Assert.Equal(status, body["statusCode"]!.GetValue<int>());
    }

    /// <summary>The answer to a card older than its record: a card that says so (in either language); returns it.</summary>
    public static JsonObject AssertStale(JsonNode body)
    {
        var card = Card(body);
        var text = AllText(card);
        Assert.True(text.Contains("卡片已过期", StringComparison.Ordinal) || text.Contains("This card is out of date", StringComparison.Ordinal), "not the stale answer: " + text);
        return card;
    }

    /// <summary>The buttons as shown: the body's action sets top to bottom, then the card's actions.</summary>
    private static IEnumerable<JsonObject> Buttons(JsonObject card) =>
        (card["body"]?.AsArray() ?? []).Where(e => e?["type"]?.GetValue<string>() == "ActionSet").SelectMany(s => s!["actions"]!.AsArray())
            .Concat(card["actions"]?.AsArray() ?? []).Select(a => a!.AsObject());

    /// <summary>
    /// The data of the Action.Execute with <paramref name="verb"/> (and step <paramref name="step"/> when given): a button as
    /// shown first, else one anywhere in the card (a container's action set), never the refresh.
    /// </summary>
    public static JsonObject ActionData(JsonNode card, string verb, string? step = null)
    {
        bool Matches(JsonObject a) => a["verb"]?.GetValue<string>() == verb && (step is null || a["data"]?["step"]?.GetValue<string>() == step);
        var action = (card is JsonObject o ? Buttons(o).FirstOrDefault(Matches) : null)
                     ?? Actions(card).FirstOrDefault(Matches)
                     ?? throw new Xunit.Sdk.XunitException($"no action {verb}/{step} in {card.ToJsonString()}");
        return action["data"]?.DeepClone().AsObject() ?? [];
    }

    /// <summary>The Action.Execute with this verb anywhere in the card (not the refresh), or null.</summary>
    public static JsonObject? FindAction(JsonNode? node, string verb) => Actions(node).FirstOrDefault(a => a["verb"]?.GetValue<string>() == verb);

    private static IEnumerable<JsonObject> Actions(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>() == "Action.Execute" => [o],
        JsonObject o => o.Where(p => p.Key != "refresh").SelectMany(p => Actions(p.Value)),
        JsonArray a => a.SelectMany(Actions),
        _ => [],
    };

    /// <summary>The verbs of the buttons as shown.</summary>
    public static List<string> Verbs(JsonObject card) => [.. Buttons(card).Select(a => a["verb"]?.GetValue<string>() ?? "")];

    public static IEnumerable<JsonObject> Inputs(JsonObject card) =>
        Elements(card).Where(e => e["type"]?.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal) == true);

    public static JsonObject Input(JsonObject card, string id) =>
        Inputs(card).FirstOrDefault(i => i["id"]!.GetValue<string>() == id) ?? throw new Xunit.Sdk.XunitException($"no input {id}");

    /// <summary>The error shown right under the input with this id (the next element, in the attention colour); null when none.</summary>
    public static string? ErrorUnder(JsonObject card, string id)
    {
        var body = card["body"]!.AsArray();
        for (var i = 0; i < body.Count - 1; i++)
        {
            if (body[i]?["id"]?.GetValue<string>() == id && body[i + 1]?["color"]?.GetValue<string>() == "Attention")
            {
                return body[i + 1]!["text"]!.GetValue<string>();
            }
        }
        return null;
    }

    /// <summary>All the text a user reads on the card: text blocks, facts, table cells, titles and labels (not action data, not the refresh).</summary>
    public static List<string> Texts(JsonNode? node) => node switch
    {
        JsonObject o => [.. o.Where(p => p.Key is not ("data" or "refresh")).SelectMany(p =>
            p.Key is "text" or "value" or "title" or "label" && p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : Texts(p.Value))],
        JsonArray a => [.. a.SelectMany(Texts)],
        _ => [],
    };

    public static string AllText(JsonNode card) => string.Join("\n", Texts(card));

    private static IEnumerable<JsonObject> Elements(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var (_, child) in o)
                {
                    foreach (var e in Elements(child)) yield return e;
                }
                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    foreach (var e in Elements(child)) yield return e;
                }
                break;
        }
    }
}
