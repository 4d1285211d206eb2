using System.Globalization;
using GuidanceBot.Bot.Resources;
using GuidanceBot.Data.People;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Turns;

public enum TurnRouteKind
{
    /// <summary>A typed command: the first word of a message (case-insensitive), e.g. "menu" / "菜单".</summary>
    Command,

    /// <summary>A card action verb: Action.Execute's <c>verb</c>, or Action.Submit's <c>data.verb</c>.</summary>
    Verb,

    /// <summary>An invoke name other than adaptiveCard/action, e.g. <c>task/fetch</c>.</summary>
    Invoke,

    /// <summary>Any activity of a type, e.g. <c>conversationUpdate</c>.</summary>
    ActivityType,

    /// <summary>A message no command matched, from a known person.</summary>
    FallbackMessage,

    /// <summary>Anything from a sender who is not a person in the database yet.</summary>
    UnknownSender,
}

/// <summary>One registration: which handler gets which turns. Later issues add routes with the AddBot* methods.</summary>
public sealed record TurnRoute(TurnRouteKind Kind, string Key, Type HandlerType, bool AllowUnknownSender = false);

/// <summary>The roles a chat command is for: the help card of each lists it (the handler still checks the role).</summary>
[Flags]
public enum CommandUsers
{
    CountyLiaison = 1,
    CountyResponsible = 2,
    CityStaff = 4,
    CityAdmin = 8,
    County = CountyLiaison | CountyResponsible,
    City = CityStaff | CityAdmin,
    Everyone = County | City,
}

/// <summary>Who a chat command is for and what it does, in the help card's words (<paramref name="Describe"/> per language).</summary>
public sealed record CommandHelp(CommandUsers Users, Func<CultureInfo, string> Describe)
{
    /// <summary>Described by a <see cref="BotText"/> key (the help card's own resources: <c>Help…</c>).</summary>
    public static CommandHelp Of(CommandUsers users, string helpTextKey) => new(users, c => BotText.Get(helpTextKey, c));

    public static CommandUsers UsersOf(PersonRole role) => role switch
    {
        PersonRole.CountyLiaison => CommandUsers.CountyLiaison,
        PersonRole.CountyResponsible => CommandUsers.CountyResponsible,
        PersonRole.CityStaff => CommandUsers.CityStaff,
        _ => CommandUsers.CityAdmin,
    };

    public bool IsFor(PersonRole role) => (Users & UsersOf(role)) != 0;
}

/// <summary>One chat command as registered: its names (as typed, the first shown first), its handler and its help.</summary>
public sealed record ChatCommand(IReadOnlyList<string> Names, Type HandlerType, CommandHelp Help);

public static class TurnRouteRegistration
{
    /// <summary>
    /// A command typed in chat, under each of its names (Chinese first, then English), with who it is for and what it
    /// does: the help card lists it from here, so a command cannot be added without its help line.
    /// </summary>
    public static IServiceCollection AddBotCommand<THandler>(this IServiceCollection services, CommandHelp help, params string[] names)
        where THandler : class, ITurnHandler
    {
        foreach (var name in names)
        {
            services.AddSingleton(new TurnRoute(TurnRouteKind.Command, name, typeof(THandler)));
        }
        services.AddSingleton(new ChatCommand(names, typeof(THandler), help));
        services.TryAddScoped<THandler>();
        return services;
    }

    /// <summary>A card action verb (Action.Execute or Action.Submit with <c>data.verb</c>).</summary>
    public static IServiceCollection AddBotVerb<THandler>(this IServiceCollection services, string verb, bool allowUnknownSender = false)
        where THandler : class, ITurnHandler
    {
        services.AddSingleton(new TurnRoute(TurnRouteKind.Verb, verb, typeof(THandler), allowUnknownSender));
        services.TryAddScoped<THandler>();
        return services;
    }

    public static IServiceCollection AddBotInvoke<THandler>(this IServiceCollection services, string invokeName)
        where THandler : class, ITurnHandler
    {
        services.AddSingleton(new TurnRoute(TurnRouteKind.Invoke, invokeName, typeof(THandler)));
        services.TryAddScoped<THandler>();
        return services;
    }

    public static IServiceCollection AddBotActivity<THandler>(this IServiceCollection services, string activityType, bool allowUnknownSender = true)
        where THandler : class, ITurnHandler
    {
        services.AddSingleton(new TurnRoute(TurnRouteKind.ActivityType, activityType, typeof(THandler), allowUnknownSender));
        services.TryAddScoped<THandler>();
        return services;
    }

    /// <summary>Replaces the handler for messages no command matched.</summary>
    public static IServiceCollection SetBotFallback<THandler>(this IServiceCollection services)
        where THandler : class, ITurnHandler
    {
        services.RemoveAll<FallbackRoute>();
        services.AddSingleton(new FallbackRoute(new TurnRoute(TurnRouteKind.FallbackMessage, "*", typeof(THandler))));
        services.TryAddScoped<THandler>();
        return services;
    }

    /// <summary>Replaces the handler for senders not in the database (by default: the welcome card).</summary>
    public static IServiceCollection SetBotUnknownSender<THandler>(this IServiceCollection services)
        where THandler : class, ITurnHandler
    {
        services.RemoveAll<UnknownSenderRoute>();
        services.AddSingleton(new UnknownSenderRoute(new TurnRoute(TurnRouteKind.UnknownSender, "*", typeof(THandler), true)));
        services.TryAddScoped<THandler>();
        return services;
    }
}

public sealed record FallbackRoute(TurnRoute Route);
public sealed record UnknownSenderRoute(TurnRoute Route);

/// <summary>The route table, built once from the registrations.</summary>
public sealed class TurnRouter
{
    private readonly Dictionary<string, TurnRoute> _commands = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, TurnRoute> _verbs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TurnRoute> _invokes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TurnRoute> _types = new(StringComparer.OrdinalIgnoreCase);

    public TurnRouter(IEnumerable<TurnRoute> routes, IEnumerable<ChatCommand> commands, FallbackRoute fallback, UnknownSenderRoute unknownSender)
    {
        Commands = [.. commands];
        foreach (var route in routes)
        {
            var table = route.Kind switch
            {
                TurnRouteKind.Command => _commands,
                TurnRouteKind.Verb => _verbs,
                TurnRouteKind.Invoke => _invokes,
                TurnRouteKind.ActivityType => _types,
                _ => throw new InvalidOperationException($"Route kind {route.Kind} is set with SetBotFallback/SetBotUnknownSender."),
            };
            if (!table.TryAdd(route.Key, route))
            {
                throw new InvalidOperationException($"Two handlers for {route.Kind} '{route.Key}': {table[route.Key].HandlerType.Name} and {route.HandlerType.Name}.");
            }
        }
        Fallback = fallback.Route;
        UnknownSender = unknownSender.Route;
    }

    /// <summary>Every chat command in the order registered: what the help card lists, per role.</summary>
    public IReadOnlyList<ChatCommand> Commands { get; }

    /// <summary>The commands <paramref name="role"/> may use.</summary>
    public IEnumerable<ChatCommand> CommandsFor(PersonRole role) => Commands.Where(c => c.Help.IsFor(role));

    public TurnRoute Fallback { get; }
    public TurnRoute UnknownSender { get; }

    /// <summary>
    /// The command typed as <paramref name="word"/>; a command followed at once by a number is that command
    /// ("开启2027年度", as Chinese is typed without spaces).
    /// </summary>
    public TurnRoute? Command(string word) =>
        _commands.GetValueOrDefault(word)
        ?? (word.AsSpan().IndexOfAnyInRange('0', '9') is > 0 and var digit ? _commands.GetValueOrDefault(word[..digit]) : null);
    public TurnRoute? Verb(string verb) => _verbs.GetValueOrDefault(verb);
    public TurnRoute? Invoke(string name) => _invokes.GetValueOrDefault(name);
    public TurnRoute? ActivityType(string type) => _types.GetValueOrDefault(type);
}
