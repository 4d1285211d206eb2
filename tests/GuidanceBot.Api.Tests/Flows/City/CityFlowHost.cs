using System.Net;
using System.Text.Json.Nodes;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Bot.Delivery;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Api.Tests.Flows.City;

/// <summary>
/// The real bot host with a city staff member and a county liaison (each with their own Teams identity),
/// Teams-shaped activities posted to /api/messages, and every card the bot answered with kept for the parser.
/// </summary>
public sealed class CityFlowHost : IAsyncDisposable
{
    public const string StaffAad = "00000000-0000-0000-0000-00000000c001";
    public const string LiaisonAad = "00000000-0000-0000-0000-00000000c002";
    public const string OtherLiaisonAad = "00000000-0000-0000-0000-00000000c003";
    public const string DocsBase = "https://guidance.example.test";

    private CityFlowHost(BotHostFactory host) => Host = host;

    public BotHostFactory Host { get; }
    public Person Staff { get; private set; } = null!;
    public Person Liaison { get; private set; } = null!;

    /// <summary>Every card the bot sent or answered with, named, for the official parser.</summary>
    public List<(string Name, JsonNode Card)> Cards { get; } = [];

    public static async Task<CityFlowHost> StartAsync(string language = "zh-CN")
    {
        var host = await BotHostFactory.StartAsync(settings: new() { ["PublicLinks:BaseUrl"] = DocsBase });
        var flow = new CityFlowHost(host);
        flow.Staff = await host.AddPersonAsync("赵科员", PersonRole.CityStaff, "luohe", StaffAad, language);
        flow.Liaison = await host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang", LiaisonAad, language);
        await host.AddPersonAsync("李联络", PersonRole.CountyLiaison, "linying", OtherLiaisonAad, language);
        // Each says hello once, so the bot knows their conversations (proactive messages, refresh user ids).
        foreach (var aad in new[] { StaffAad, LiaisonAad, OtherLiaisonAad })
        {
            await flow.MessageAsync(aad, "hello");
        }
        await host.Connector.WaitUntilAsync(r => r.Count == 3);
        return flow;
    }

    public static string UserId(string aad) => "user-" + aad[^4..];

    private static void From(JsonObject activity, string aad)
    {
        activity["from"] = new JsonObject { ["id"] = UserId(aad), ["name"] = aad[^4..], ["aadObjectId"] = aad };
    }

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
        Cards.Add((name, card.DeepClone()));
        return card;
    }

    /// <summary>An Action.Execute invoke; the answer's body (statusCode/type/value).</summary>
    public async Task<JsonNode> InvokeAsync(string aad, string verb, JsonObject? data = null, bool group = false, string? name = null)
    {
        var activity = Host.Sample("invoke-action-execute.json");
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
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if (body["type"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive")
        {
            Cards.Add((name ?? verb, body["value"]!.DeepClone()));
        }
        return body;
    }

    /// <summary>The card of an invoke answer; fails with the answer when it is an error.</summary>
    public static JsonObject Card(JsonNode body) =>
        body["type"]!.GetValue<string>() == "application/vnd.microsoft.card.adaptive"
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

    /// <summary>The data of the Action.Execute with this verb anywhere in the card (body ActionSets or actions).</summary>
    public static JsonObject ActionData(JsonNode card, string verb) =>
        FindAction(card, verb)?["data"]?.DeepClone().AsObject() ?? throw new Xunit.Sdk.XunitException($"no action '{verb}' in {card.ToJsonString()}");

    public static JsonObject? FindAction(JsonNode? node, string verb) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>() == "Action.Execute" && o["verb"]?.GetValue<string>() == verb => o,
        JsonObject o => o.Where(p => p.Key != "refresh").Select(p => FindAction(p.Value, verb)).FirstOrDefault(x => x is not null),
        JsonArray a => a.Select(x => FindAction(x, verb)).FirstOrDefault(x => x is not null),
        _ => null,
    };

    public static List<string> Texts(JsonNode? node) => node switch
    {
        JsonObject o => [.. o.Where(p => p.Key is not ("data" or "refresh")).SelectMany(p =>
            p.Key is "text" or "value" or "title" or "label" && p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : Texts(p.Value))],
        JsonArray a => [.. a.SelectMany(Texts)],
        _ => [],
    };

    public static string AllText(JsonNode card) => string.Join("\n", Texts(card));

    /// <summary>An error shown right under the input with this id.</summary>
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

    /// <summary>Runs the outbox once (the dispatcher the host runs on a timer); the cards sent are kept.</summary>
    public async Task<List<JsonObject>> DispatchAsync(string name)
    {
        var before = Host.Connector.Requests.Count;
        await Host.Services.GetRequiredService<DeliveryDispatcher>().DispatchDueAsync();
        var sent = Host.Connector.Requests.Skip(before)
            .Where(r => r.Body?["attachments"] is JsonArray)
            .Select(r => r.Body!["attachments"]![0]!["content"]!.AsObject()).ToList();
        Cards.AddRange(sent.Select((c, i) => ($"{name}-{i}", (JsonNode)c.DeepClone())));
        return sent;
    }

    /// <summary>Wuyang's plan with planned enterprises (the draw's candidates), in the given state.</summary>
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

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
