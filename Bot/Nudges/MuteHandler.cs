using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Nudges;

/// <summary>
/// "mute" / "免打扰": turns the sender's optional nudges off, or back on. Deadline nudges are not affected.
/// Only the sender's own setting changes, whoever they are.
/// </summary>
public sealed class MuteHandler(GuidanceDbContext db) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var person = await db.People.SingleAsync(p => p.Id == turn.Person!.Id, ct);
        person.MutedOptionalNudges = !person.MutedOptionalNudges;
        await db.SaveChangesAsync(ct);

        var text = NudgeText.Get(person.MutedOptionalNudges ? "MuteOn" : "MuteOff", turn.Culture);
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            return AdaptiveCardInvokeResponse.Message(text);
        }
        await turn.ReplyAsync(text, ct);
        return null;
    }
}
