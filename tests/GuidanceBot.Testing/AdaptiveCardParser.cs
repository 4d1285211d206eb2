using System.Text.Json;
using System.Text.Json.Nodes;

namespace GuidanceBot.Testing;

/// <summary>What the official adaptivecards parser (npm) says about a card.</summary>
public sealed record CardCheck(string Name, int Bytes, string[] Events, string[] Failures)
{
    public bool IsClean => Events.Length == 0 && Failures.Length == 0;

    public override string ToString() => $"{Name} ({Bytes} bytes): {string.Join("; ", Events.Concat(Failures))}";
}

public static class AdaptiveCardParser
{
    /// <summary>
    /// Our own rule on top of the parser's: what the client says under a required input left empty is a sentence
    /// naming the input ("请填写「名称」。"), never the bare label nor nothing.
    /// </summary>
    public static List<string> RequiredInputProblems(JsonNode card)
    {
        var problems = new List<string>();
        Walk(card);
        return problems;

        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    if (o["isRequired"] is JsonValue r && r.GetValue<bool>())
                    {
                        var label = o["label"]?.GetValue<string>() ?? "";
                        var message = o["errorMessage"]?.GetValue<string>() ?? "";
                        // A server-side error shown under the input (a sentence of its own) is fine too.
                        var sentence = message.EndsWith('。') || message.EndsWith('.');
                        if (message.Length == 0 || message == label || (!message.Contains(label, StringComparison.Ordinal) && !sentence))
                        {
                            problems.Add($"required input {o["id"]}: the error under it is \"{message}\", not a sentence naming \"{label}\"");
                        }
                    }
                    foreach (var (_, child) in o) Walk(child);
                    break;
                case JsonArray a:
                    foreach (var child in a) Walk(child);
                    break;
            }
        }
    }

    /// <summary>Parses every card with the official parser in one Node process.</summary>
    public static async Task<IReadOnlyList<CardCheck>> CheckAsync(IEnumerable<(string Name, JsonNode Card)> cards)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cards-{Guid.NewGuid():N}.json");
        var input = new JsonArray(cards.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["card"] = c.Card.DeepClone() }).ToArray());
        await File.WriteAllTextAsync(file, input.ToJsonString());
        try
        {
            var output = await NodeTool.RunAsync("validate-cards.js", file);
            var checks = JsonSerializer.Deserialize<CardCheck[]>(output, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            var byName = input.Select(c => c!.AsObject()).ToList();
            return [.. checks.Select((check, i) => RequiredInputProblems(byName[i]["card"]!) is { Count: > 0 } problems
                ? check with { Failures = [.. check.Failures, .. problems] }
                : check)];
        }
        finally
        {
            File.Delete(file);
        }
    }
}
