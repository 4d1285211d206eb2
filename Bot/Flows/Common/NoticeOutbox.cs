using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Delivery;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Flows.Common;

/// <summary>A notice as the recipient reads it: one card, and the line Teams shows in the activity feed.</summary>
public sealed record NoticeCard(JsonObject Card, string Summary);

/// <summary>
/// How one kind of notice reads: a feature writes one per notice record it queues, in its own folder, and
/// <see cref="NoticesExtensions.AddNotices"/> finds it. Rendered inside the step's transaction after the step saved,
/// so what it reads from <paramref name="db"/> (in <see cref="RenderAsync"/>) is the record as the step left it.
/// </summary>
public interface INoticeRenderer<in TNotice> where TNotice : Notice
{
    /// <summary>The card for <paramref name="recipient"/> in <paramref name="culture"/>; null to send nothing (the subject is gone).</summary>
    Task<NoticeCard?> RenderAsync(GuidanceDbContext db, TNotice notice, Person recipient, CultureInfo culture, CancellationToken ct);
}

/// <summary>
/// The bot's side of <see cref="INoticeOutbox"/>, the one notices service of both doors: a step in Data decides who is told
/// what; this renders the recipient's card with the feature's renderer in the recipient's language (the language rule,
/// <see cref="BotLanguage.Resolve(Person)"/>: their choice, else the deployment's — never the sender's) and queues it on
/// the delivery ledger on the step's own context, so it is sent when the step commits, once.
/// </summary>
public sealed class NoticeOutbox(IServiceProvider services, DeliveryLedger ledger, BotLanguage language) : INoticeOutbox
{
    private delegate Task<NoticeCard?> Render(object renderer, GuidanceDbContext db, Notice notice, Person recipient, CultureInfo culture, CancellationToken ct);

    private static readonly ConcurrentDictionary<Type, (Type Service, Render Render)> Renderers = new();

    public async Task<bool> QueueAsync(GuidanceDbContext db, Notice notice, CancellationToken ct)
    {
        var recipient = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == notice.RecipientId, ct)
                        ?? throw new InvalidOperationException($"Notice {notice.Kind} for person {notice.RecipientId}, who does not exist.");
        if (!recipient.IsActive)
        {
            return false; // a deactivated person is told nothing, whoever chose them
        }
        var (service, render) = Renderers.GetOrAdd(notice.GetType(), For);
        var renderer = services.GetService(service)
                       ?? throw new InvalidOperationException($"No renderer for {notice.GetType().Name}: add a class implementing INoticeRenderer<{notice.GetType().Name}> to the feature's folder.");
        var culture = language.Resolve(recipient);
        if (await render(renderer, db, notice, recipient, culture, ct) is not { } card)
        {
            return false;
        }
        return await ledger.EnqueueAsync(db, new DeliveryKey(recipient.Id, notice.Kind, notice.Subject, notice.Stage),
            Message(card.Card, card.Summary, culture), ct: ct);
    }

    /// <summary>A proactive message carrying one card, in <paramref name="culture"/>.</summary>
    public static Activity Message(JsonObject card, string summary, CultureInfo culture) => new()
    {
        Type = ActivityTypes.Message,
        Locale = culture.Name,
        Summary = summary,
        Attachments = [new Attachment { ContentType = Attachment.AdaptiveCardContentType, Content = card }],
    };

    private static (Type, Render) For(Type notice)
    {
        var method = typeof(NoticeOutbox).GetMethod(nameof(RenderWith), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(notice);
        return (typeof(INoticeRenderer<>).MakeGenericType(notice), method.CreateDelegate<Render>());
    }

    private static Task<NoticeCard?> RenderWith<TNotice>(object renderer, GuidanceDbContext db, Notice notice, Person recipient, CultureInfo culture, CancellationToken ct)
        where TNotice : Notice =>
        ((INoticeRenderer<TNotice>)renderer).RenderAsync(db, (TNotice)notice, recipient, culture, ct);
}

public static class NoticesExtensions
{
    /// <summary>
    /// The notices service (<see cref="NoticeOutbox"/> as the host's <see cref="INoticeOutbox"/>) and every feature's renderers:
    /// each class of this assembly implementing <see cref="INoticeRenderer{TNotice}"/>, so a feature adds a notice by writing
    /// its renderer next to its handlers, with no list to edit.
    /// </summary>
    public static IServiceCollection AddNotices(this IServiceCollection services)
    {
        services.TryAddSingleton<BotLanguage>();
        services.TryAddSingleton<DeliveryLedger>();
        services.RemoveAll<INoticeOutbox>();
        services.AddScoped<INoticeOutbox, NoticeOutbox>();
        foreach (var type in typeof(NoticeOutbox).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(INoticeRenderer<>)))
            {
                services.TryAddScoped(contract, type);
            }
        }
        return services;
    }
}
