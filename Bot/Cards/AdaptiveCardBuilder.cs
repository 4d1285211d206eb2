using System.Globalization;
using GuidanceBot.Data.Rules;
using System.Text.Json.Nodes;

namespace GuidanceBot.Bot.Cards;

/// <summary>
/// Builds Adaptive Cards 1.5 as JSON (the AdaptiveCards NuGet package cannot be used here). Every card the
/// bot sends is made with this one builder, so the shapes the official parser checks are in one place.
/// Form inputs keep the user's values; a server-side error is shown right under its field.
/// </summary>
public sealed class AdaptiveCardBuilder
{
    public const string Version = "1.5";

    private readonly JsonArray _body = [];
    private readonly JsonArray _actions = [];
    private JsonObject? _refresh;
    private CultureInfo? _culture;

    public static AdaptiveCardBuilder Create() => new();

    /// <summary>A card in <paramref name="culture"/>: the language of what the client says under an empty required input.</summary>
    public static AdaptiveCardBuilder Create(CultureInfo culture) => new() { _culture = culture };

    public AdaptiveCardBuilder Title(string text) =>
        Add(new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["size"] = "Large", ["weight"] = "Bolder", ["wrap"] = true, ["style"] = "heading" });

    public AdaptiveCardBuilder Heading(string text) =>
        Add(new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["size"] = "Medium", ["weight"] = "Bolder", ["wrap"] = true, ["spacing"] = "Medium" });

    public AdaptiveCardBuilder Text(string text, bool subtle = false, TextColor color = TextColor.Default, bool bold = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (subtle) block["isSubtle"] = true;
        if (color != TextColor.Default) block["color"] = color.ToString();
        if (bold) block["weight"] = "Bolder";
        return Add(block);
    }

    /// <summary>A message in the attention colour, e.g. why a step was refused.</summary>
    public AdaptiveCardBuilder Error(string text) => Text(text, color: TextColor.Attention, bold: true);

    public AdaptiveCardBuilder Facts(IEnumerable<(string Title, string Value)> facts)
    {
        var list = new JsonArray(facts.Select(f => (JsonNode)new JsonObject { ["title"] = f.Title, ["value"] = f.Value }).ToArray());
        return list.Count == 0 ? this : Add(new JsonObject { ["type"] = "FactSet", ["facts"] = list });
    }

    public AdaptiveCardBuilder TextInput(string id, string label, string? value = null, bool required = false,
        bool multiline = false, string? placeholder = null, int? maxLength = null, string? error = null)
    {
        var input = Input("Input.Text", id, label, required, error);
        // Text stored before input was checked may hold characters a submission may not: shown without them.
        if (value is not null) input["value"] = TextRule.Strip(value);
        if (multiline) input["isMultiline"] = true;
        if (placeholder is not null) input["placeholder"] = placeholder;
        if (maxLength is not null) input["maxLength"] = maxLength;
        return AddInput(input, error);
    }

    public AdaptiveCardBuilder NumberInput(string id, string label, decimal? value = null, bool required = false,
        decimal? min = null, decimal? max = null, string? error = null)
    {
        var input = Input("Input.Number", id, label, required, error);
        if (value is not null) input["value"] = value;
        if (min is not null) input["min"] = min;
        if (max is not null) input["max"] = max;
        return AddInput(input, error);
    }

    public AdaptiveCardBuilder DateInput(string id, string label, DateOnly? value = null, bool required = false, string? error = null)
    {
        var input = Input("Input.Date", id, label, required, error);
        if (value is not null) input["value"] = value.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return AddInput(input, error);
    }

    /// <summary>A choice; with <paramref name="multiSelect"/> several (check boxes), their values comma-separated in <paramref name="value"/> and in what is sent.</summary>
    public AdaptiveCardBuilder ChoiceInput(string id, string label, IEnumerable<(string Title, string Value)> choices,
        string? value = null, bool required = false, bool expanded = false, string? error = null, bool multiSelect = false)
    {
        var input = Input("Input.ChoiceSet", id, label, required, error);
        input["choices"] = new JsonArray(choices.Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["value"] = c.Value }).ToArray());
        input["style"] = expanded || multiSelect ? "expanded" : "compact";
        if (multiSelect) input["isMultiSelect"] = true;
        if (value is not null) input["value"] = value;
        return AddInput(input, error);
    }

    public AdaptiveCardBuilder Toggle(string id, string title, bool value, string? label = null)
    {
        var input = new JsonObject
        {
            ["type"] = "Input.Toggle", ["id"] = id, ["title"] = title,
            ["value"] = value ? "true" : "false", ["valueOn"] = "true", ["valueOff"] = "false",
        };
        if (label is not null) input["label"] = label;
        return Add(input);
    }

    /// <summary>A Table (card 1.5): readable on a phone when it has few columns; long lists are paged by the caller.</summary>
    public AdaptiveCardBuilder Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<int>? widths = null)
    {
        var columns = new JsonArray(headers.Select((_, i) => (JsonNode)new JsonObject { ["width"] = widths?[i] ?? 1 }).ToArray());
        var tableRows = new JsonArray { Row(headers, header: true) };
        foreach (var row in rows)
        {
            tableRows.Add(Row(row, header: false));
        }
        return Add(new JsonObject
        {
            ["type"] = "Table", ["columns"] = columns, ["rows"] = tableRows,
            ["firstRowAsHeader"] = true, ["showGridLines"] = true, ["gridStyle"] = "accent",
        });

        static JsonObject Row(IReadOnlyList<string> cells, bool header) => new()
        {
            ["type"] = "TableRow",
            ["cells"] = new JsonArray(cells.Select(c => (JsonNode)new JsonObject
            {
                ["type"] = "TableCell",
                ["items"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = c, ["wrap"] = true, ["weight"] = header ? "Bolder" : "Default" }),
            }).ToArray()),
        };
    }

    public AdaptiveCardBuilder Separator() => Add(new JsonObject { ["type"] = "TextBlock", ["text"] = " ", ["separator"] = true, ["spacing"] = "Medium" });

    /// <summary>Any element not covered above (kept rare: prefer adding a method here).</summary>
    public AdaptiveCardBuilder Element(JsonObject element) => Add(element);

    /// <summary>Action.Execute: Teams sends an <c>adaptiveCard/action</c> invoke with the verb, the data and every input.</summary>
    public AdaptiveCardBuilder Execute(string title, string verb, JsonObject? data = null, ActionStyle style = ActionStyle.Default, bool validateInputs = true)
    {
        _actions.Add(ExecuteAction(title, verb, data, style, validateInputs));
        return this;
    }

    /// <summary>
    /// Buttons in the body (an ActionSet of Action.Execute without input validation): hosts show at most
    /// <see cref="MaxActions"/> actions per set, so a menu with more buttons puts the rest here.
    /// </summary>
    public AdaptiveCardBuilder ExecuteSet(IEnumerable<(string Title, string Verb, JsonObject? Data)> buttons)
    {
        var actions = buttons.Select(b => (JsonNode)ExecuteAction(b.Title, b.Verb, b.Data, ActionStyle.Default, validateInputs: false)).ToArray();
        if (actions.Length > MaxActions)
        {
            throw new ArgumentException($"At most {MaxActions} actions in one set.", nameof(buttons));
        }
        return actions.Length == 0 ? this : Add(new JsonObject { ["type"] = "ActionSet", ["actions"] = new JsonArray(actions) });
    }

    /// <summary>The default host config's limit of actions per card or ActionSet (the official parser enforces it).</summary>
    public const int MaxActions = 5;

    private static JsonObject ExecuteAction(string title, string verb, JsonObject? data, ActionStyle style, bool validateInputs)
    {
        var action = new JsonObject { ["type"] = "Action.Execute", ["title"] = title, ["verb"] = verb };
        if (data is not null) action["data"] = data;
        if (style != ActionStyle.Default) action["style"] = style == ActionStyle.Positive ? "positive" : "destructive";
        if (!validateInputs) action["associatedInputs"] = "none";
        return action;
    }

    public AdaptiveCardBuilder OpenUrl(string title, string url)
    {
        _actions.Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = title, ["url"] = url });
        return this;
    }

    /// <summary>
    /// Teams refreshes the card for the listed users (at most 60) with this verb: used so only city staff
    /// see the decision buttons in a group chat or channel.
    /// </summary>
    public AdaptiveCardBuilder Refresh(string verb, JsonObject data, IEnumerable<string> userIds)
    {
        _refresh = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["title"] = "refresh", ["verb"] = verb, ["data"] = data },
            ["userIds"] = new JsonArray(userIds.Take(60).Select(u => (JsonNode)JsonValue.Create(u)!).ToArray()),
        };
        return this;
    }

    public JsonObject Build()
    {
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = Version,
            ["body"] = _body.DeepClone(),
        };
        if (_actions.Count > 0) card["actions"] = _actions.DeepClone();
        if (_refresh is not null) card["refresh"] = _refresh.DeepClone();
        return card;
    }

    private AdaptiveCardBuilder Add(JsonObject element)
    {
        _body.Add(element);
        return this;
    }

    private JsonObject Input(string type, string id, string label, bool required, string? error)
    {
        var input = new JsonObject { ["type"] = type, ["id"] = id, ["label"] = label };
        if (required)
        {
            // What the client shows under the input when it is left empty: a sentence naming it, not the bare label.
            // A card made without its culture says it in Chinese, the default language.
            input["isRequired"] = true;
            input["errorMessage"] = error ?? Resources.BotText.Format(type == "Input.ChoiceSet" ? "RequiredChoice" : "RequiredField",
                _culture ?? CultureInfo.GetCultureInfo("zh-CN"), label);
        }
        return input;
    }

    private AdaptiveCardBuilder AddInput(JsonObject input, string? error)
    {
        Add(input);
        return error is null ? this : Error(error);
    }
}

public enum TextColor
{
    Default,
    Accent,
    Good,
    Warning,
    Attention,
}

public enum ActionStyle
{
    Default,
    Positive,
    Destructive,
}
