using System.Text.Json;
using System.Text.Json.Nodes;

namespace GuidanceBot.Tests.Shared;

/// <summary>What the official adaptivecards parser (npm) says about a card.</summary>
public sealed record CardCheck(string Name, int Bytes, string[] Events, string[] Failures)
{
    public bool IsClean => Events.Length == 0 && Failures.Length == 0;

    public override string ToString() => $"{Name} ({Bytes} bytes): {string.Join("; ", Events.Concat(Failures))}";
}

public static class AdaptiveCardParser
{
    /// <summary>Parses every card with the official parser in one Node process.</summary>
    public static async Task<IReadOnlyList<CardCheck>> CheckAsync(IEnumerable<(string Name, JsonNode Card)> cards)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cards-{Guid.NewGuid():N}.json");
        var input = new JsonArray(cards.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["card"] = c.Card.DeepClone() }).ToArray());
        await File.WriteAllTextAsync(file, input.ToJsonString());
        try
        {
            var output = await NodeTool.RunAsync("validate-cards.js", file);
            return JsonSerializer.Deserialize<CardCheck[]>(output, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
