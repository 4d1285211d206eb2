using GuidanceBot.Data.Rules;

namespace GuidanceBot.Bot.Flows.Common;

/// <summary>
/// A workflow's refusals as a form shows them: one message under each input (by the card's input id, which is the
/// workflow's field name unless a feature maps it), and what belongs to no field at the top of the card.
/// </summary>
public sealed record CardErrors(IReadOnlyDictionary<string, string> Fields, string? General)
{
    public static CardErrors None { get; } = new(new Dictionary<string, string>(), null);

    public int Count => Fields.Count + (General is null ? 0 : 1);

    public string? this[string inputId] => Fields.GetValueOrDefault(inputId);

    /// <summary>
    /// The first error of each field (in the actor's language, as the workflow made them); <paramref name="inputId"/> maps
    /// a workflow field to the card's input.
    /// </summary>
    public static CardErrors From(IEnumerable<DomainError> errors, Func<string, string>? inputId = null)
    {
        var fields = new Dictionary<string, string>();
        string? general = null;
        foreach (var e in errors)
        {
            if (e.Field is { } f)
            {
                fields.TryAdd(inputId?.Invoke(f) ?? f, e.Message);
            }
            else
            {
                general ??= e.Message;
            }
        }
        return new(fields, general);
    }
}
