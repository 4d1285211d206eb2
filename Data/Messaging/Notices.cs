using GuidanceBot.Data.People;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Messaging;

/// <summary>
/// A message to one person that a step decided to send, whichever door took the step. What it is about is the
/// record's id and the step's round; how it reads (a card in the recipient's language) is the bot's business
/// (<see cref="INoticeOutbox"/>). <see cref="Kind"/>, <see cref="Subject"/> and <see cref="Stage"/> make it unique:
/// the same notice reaches a person once, however often the step is retried.
/// </summary>
public abstract record Notice(int RecipientId)
{
    /// <summary>What sort of message, e.g. <c>letter-issued</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>What it is about, e.g. <c>letter:42</c>.</summary>
    public abstract string Subject { get; }

    /// <summary>Which round of the subject, e.g. <c>issued</c>, <c>return-2</c>.</summary>
    public abstract string Stage { get; }
}

/// <summary>
/// Where a step's notices go: <see cref="QueueAsync"/> stages the message on the step's own context, inside its
/// transaction, so it is sent exactly when the step commits — or not at all. The bot implements it (the delivery
/// ledger); Data only decides who is told what.
/// </summary>
public interface INoticeOutbox
{
    /// <summary>Stages the notice on <paramref name="db"/>; false when the same notice is already queued or sent.</summary>
    Task<bool> QueueAsync(GuidanceDbContext db, Notice notice, CancellationToken ct);
}

/// <summary>
/// The outbox of a host that delivers nothing (Data alone: the backup and restore commands, migrations). A step
/// that has someone to tell refuses to run there rather than lose the message.
/// </summary>
internal sealed class NoDeliveryOutbox : INoticeOutbox
{
    public Task<bool> QueueAsync(GuidanceDbContext db, Notice notice, CancellationToken ct) =>
        throw new InvalidOperationException($"This host delivers no notices ({notice.Kind} for person {notice.RecipientId}): the bot's outbox (AddBot) must be registered.");
}

/// <summary>Who is told: the one place a step's recipients are chosen.</summary>
public static class Recipients
{
    /// <summary>The unit's active liaisons, who receive what the city sends the unit.</summary>
    public static Task<List<int>> UnitLiaisonsAsync(GuidanceDbContext db, int unitId, CancellationToken ct) =>
        db.People.AsNoTracking().Where(p => p.UnitId == unitId && p.Role == PersonRole.CountyLiaison && p.IsActive)
            .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);

    /// <summary>Active city staff and admins, who receive what a county sends the city.</summary>
    public static Task<List<int>> CityStaffAsync(GuidanceDbContext db, CancellationToken ct) =>
        db.People.AsNoTracking().Where(p => p.IsActive && (p.Role == PersonRole.CityStaff || p.Role == PersonRole.CityAdmin))
            .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
}
