using System.Net;
using System.Text.Json.Nodes;
using GuidanceBot.Api.Tests.Infrastructure;

namespace GuidanceBot.Api.Tests.Flows.County;

/// <summary>
/// Plays Teams for the flow tests: sends <c>adaptiveCard/action</c> invokes shaped like the sample
/// (verb + data, the card's inputs merged into the data as Teams does) and reads the card in the answer.
/// </summary>
public sealed class FlowDriver(BotHostFactory host)
{
    public const string DefaultUser = "00000000-0000-0000-0000-0000000000020";

    /// <summary>Every card the bot answered with, in order (for the parser test).</summary>
    public List<(string Name, JsonObject Card)> Seen { get; } = [];

    public string? Label { get; set; }

    public async Task<JsonObject> InvokeAsync(string verb, JsonObject? data = null, string aadObjectId = DefaultUser, string? id = null)
    {
        var invoke = host.Sample("invoke-action-execute.json", id: id);
        invoke["from"]!["aadObjectId"] = aadObjectId;
        invoke["from"]!["id"] = "user-" + aadObjectId[^4..];
        invoke["value"]!["action"]!["verb"] = verb;
        invoke["value"]!["action"]!["data"] = data ?? new JsonObject();
        var response = await host.PostAsync(invoke, host.ValidToken());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        if (body["type"]!.GetValue<string>() == "application/vnd.microsoft.card.adaptive")
        {
            Seen.Add(($"{Label}{verb}#{Seen.Count}", body["value"]!.AsObject()));
        }
        return body;
    }

    /// <summary>Presses the button <paramref name="verb"/> (the first, or the one whose data has step <paramref name="step"/>) with the user's inputs.</summary>
    public Task<JsonObject> PressAsync(JsonObject card, string verb, Dictionary<string, string>? typed = null, string? step = null,
        string aadObjectId = DefaultUser, string? id = null, Action<JsonObject>? edit = null)
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
        return InvokeAsync(verb, data, aadObjectId, id);
    }

    public static JsonObject CardOf(JsonObject body)
    {
        Assert.True(body["type"]!.GetValue<string>() == "application/vnd.microsoft.card.adaptive", "not a card: " + body.ToJsonString());
        return body["value"]!.AsObject();
    }

    public static JsonObject ActionData(JsonObject card, string verb, string? step = null)
    {
        var action = Buttons(card).Select(a => a!.AsObject())
            .FirstOrDefault(a => a["verb"]?.GetValue<string>() == verb && (step is null || a["data"]?["step"]?.GetValue<string>() == step))
            ?? throw new Xunit.Sdk.XunitException($"no action {verb}/{step} in {card.ToJsonString()}");
        return action["data"]?.DeepClone().AsObject() ?? [];
    }

    /// <summary>The buttons as shown: the body's action sets top to bottom, then the card's actions.</summary>
    private static IEnumerable<JsonNode?> Buttons(JsonObject card) =>
        (card["body"]?.AsArray() ?? []).Where(e => e?["type"]?.GetValue<string>() == "ActionSet").SelectMany(s => s!["actions"]!.AsArray())
            .Concat(card["actions"]?.AsArray() ?? []);

    /// <summary>The verbs of the buttons as shown.</summary>
    public static List<string> Verbs(JsonObject card) => [.. Buttons(card).Select(a => a!["verb"]?.GetValue<string>() ?? "")];

    public static IEnumerable<JsonObject> Inputs(JsonObject card) =>
        Elements(card).Where(e => e["type"]?.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal) == true);

    public static JsonObject Input(JsonObject card, string id) =>
        Inputs(card).FirstOrDefault(i => i["id"]!.GetValue<string>() == id) ?? throw new Xunit.Sdk.XunitException($"no input {id}");

    /// <summary>The error shown right under an input (the next element, in the attention colour), or null.</summary>
    public static string? ErrorUnder(JsonObject card, string id)
    {
        var body = card["body"]!.AsArray();
        for (var i = 0; i < body.Count - 1; i++)
        {
            if (body[i]!["id"]?.GetValue<string>() == id)
            {
                var next = body[i + 1]!;
                return next["color"]?.GetValue<string>() == "Attention" ? next["text"]!.GetValue<string>() : null;
            }
        }
        throw new Xunit.Sdk.XunitException($"no input {id}");
    }

    /// <summary>All the text a user reads on the card (text blocks, facts, table cells).</summary>
    public static string Text(JsonObject card) =>
        string.Join("\n", Elements(card).SelectMany(e => new[] { e["text"], e["title"], e["value"] })
            .OfType<JsonValue>().Select(v => v.ToString()));

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
