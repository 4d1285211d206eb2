using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Resources;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Turns;

/// <summary>Someone the bot does not know yet: the welcome card asking for an invite code.</summary>
public sealed class WelcomeHandler : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var card = BotCards.Welcome(turn.Culture);
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            return AdaptiveCardInvokeResponse.Card(card);
        }
        await turn.ReplyAsync(card, BotText.Get("WelcomeTitle", turn.Culture), ct);
        return null;
    }
}

/// <summary>"menu" / "菜单": one card with what the person's role can do.</summary>
public sealed class MenuHandler(MenuCards cards) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var person = turn.Person!;
        var unitName = (turn.Culture.Name == "en-US" ? turn.Unit?.NameEn ?? turn.Unit?.Name : turn.Unit?.Name) ?? "";
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            return AdaptiveCardInvokeResponse.Card(BotCards.Menu(person, unitName, turn.Culture));
        }
        await turn.ReplyAsync(cards.Get(person, unitName, turn.Culture), BotText.Get("MenuTitle", turn.Culture), ct);
        return null;
    }
}

/// <summary>
/// The menu card is the most asked-for reply and depends only on the person's name, unit name, role and
/// language: it is built and serialized once per such combination and shared by concurrent replies.
/// </summary>
public sealed class MenuCards
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<(string Name, string Unit, PersonRole Role, string Culture), JsonNode> _cards = new();

    public JsonNode Get(Person person, string unitName, CultureInfo culture)
    {
        var key = (person.Name, unitName, person.Role, culture.Name);
        if (!_cards.TryGetValue(key, out var card))
        {
            card = PreSerializedJson.Of(BotCards.Menu(person, unitName, culture));
            if (_cards.Count >= MaxEntries)
            {
                _cards.Clear();
            }
            _cards[key] = card;
        }
        return card;
    }
}

/// <summary>
/// "language.set" (the menu's language button, the language card's choices) and "语言" / "language" [中文 | English]: the
/// person's own choice (the first rule of DESIGN.md's language rule), set by <see cref="PeopleWorkflow.SetLanguageAsync"/>
/// (kept on their row, audited <c>person.language</c>). The menu answers in it at once; every card and notice to them
/// follows it from the next turn. The command alone shows the choice.
/// </summary>
public sealed class LanguageHandler(PeopleWorkflow people, FlowGuard guard) : ITurnHandler
{
    public const string Action = PeopleWorkflow.LanguageAction;

    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var person = turn.Person!;
        var typed = turn.Activity.Type == ActivityTypes.Message && turn.Activity.Value is null
            ? turn.Text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries) is [_, var rest] ? rest.Trim() : ""
            : null;
        if (typed == "")
        {
            return await turn.ShowAsync(BotCards.Language(turn.Culture), BotText.Get("LanguageTitle", turn.Culture), ct);
        }
        var asked = typed ?? CardInput.From(turn).Text(PeopleFields.Language);
        var result = await people.SetLanguageAsync(Actor.From(person, turn.Culture), asked, ct);
        if (!result.Succeeded)
        {
            if (result.Status == WorkflowStatus.Refused)
            {
                // Not a language: the choice again, with what went wrong.
                return await turn.ShowAsync(BotCards.Language(turn.Culture, result.Error!.Message), result.Error.Message, ct);
            }
            return await guard.FailedAsync(turn, Verbs.SetLanguage, result, ct);
        }
        var chosen = BotLanguage.Supported(result.Detail)!;
        var unitName = (chosen.Name == BotLanguage.English ? person.Unit?.NameEn ?? person.Unit?.Name : person.Unit?.Name) ?? "";
        var card = BotCards.Menu(person, unitName, chosen, BotText.Format("LanguageSet", chosen, BotCards.LanguageName(chosen.Name)));
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            return AdaptiveCardInvokeResponse.Card(card);
        }
        var reply = turn.Activity.CreateCardReply(card, BotText.Get("MenuTitle", chosen));
        reply.Locale = chosen.Name;
        await turn.ReplyAsync(reply, ct);
        return null;
    }
}

/// <summary>
/// "help" / "帮助": the chat commands the asker's role may use and what each does (anyone known may ask), read from the
/// commands' registrations (<see cref="TurnRouter.Commands"/>): a command added with its <see cref="CommandHelp"/> is listed.
/// </summary>
public sealed class HelpHandler(TurnRouter router) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var card = BotCards.Help(turn.Culture, router.CommandsFor(turn.Person!.Role));
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            return AdaptiveCardInvokeResponse.Card(card);
        }
        await turn.ReplyAsync(card, BotText.Get("HelpTitle", turn.Culture), ct);
        return null;
    }
}

/// <summary>A message no command matched: say so and point at the menu.</summary>
public sealed class FallbackHandler : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var said = turn.Text.Length > 40 ? turn.Text[..40] + "…" : turn.Text;
        await turn.ReplyAsync(BotText.Format("FallbackText", turn.Culture, said), ct);
        return null;
    }
}

/// <summary>The bot was installed: a known person gets the menu, anyone else the welcome card.</summary>
public sealed class InstallationHandler(MenuHandler menu, WelcomeHandler welcome) : ITurnHandler
{
    public Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.Activity.Action?.StartsWith("add", StringComparison.OrdinalIgnoreCase) != true
            || turn.Activity.GetConversationType() != ConversationTypes.Personal)
        {
            return Task.FromResult<InvokeResponse?>(null);
        }
        return turn.Person is null ? welcome.HandleAsync(turn, ct) : menu.HandleAsync(turn, ct);
    }
}

/// <summary>An Action.Execute whose verb no flow handles (an old card, or a flow not built yet).</summary>
public sealed class UnknownVerbHandler : ITurnHandler
{
    /// <summary>The route key this handler is registered under.</summary>
    public const string Key = "*";

    public Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct) =>
        Task.FromResult<InvokeResponse?>(AdaptiveCardInvokeResponse.Error(400, "unknownAction", BotText.Get("UnknownAction", turn.Culture)));
}
