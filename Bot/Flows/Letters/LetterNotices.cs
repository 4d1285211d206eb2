using System.Globalization;
using GuidanceBot.Bot.Documents;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rectification;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Letters;

/// <summary>The letter as a liaison receives it: number, problems and opinions, deadline, the DOCX link, and the receipt.</summary>
public sealed class LetterIssuedRenderer(DocumentLinks links) : INoticeRenderer<LetterIssuedNotice>
{
    public async Task<NoticeCard?> RenderAsync(GuidanceDbContext db, LetterIssuedNotice notice, Person recipient, CultureInfo culture, CancellationToken ct)
    {
        var letter = await db.Letters.AsNoTracking().Include(l => l.Problems).Include(l => l.Unit).FirstOrDefaultAsync(l => l.Id == notice.LetterId, ct);
        if (letter is null)
        {
            return null;
        }
        var card = LetterCards.LetterCard(LetterView.From(letter, letter.Unit!, culture), links.For(LinkedDocument.OpinionLetter, letter.Id, recipient.Id), culture);
        return new(card, LetterText.Format("LetterSummary", culture, letter.Number));
    }
}

/// <summary>The report came back: each returned problem with the city's note, and the button to revise it.</summary>
public sealed class RectificationReturnedRenderer : INoticeRenderer<RectificationReturnedNotice>
{
    public async Task<NoticeCard?> RenderAsync(GuidanceDbContext db, RectificationReturnedNotice notice, Person recipient, CultureInfo culture, CancellationToken ct)
    {
        var letter = await db.Letters.AsNoTracking().Include(l => l.Problems).FirstOrDefaultAsync(l => l.Id == notice.LetterId, ct);
        var items = await db.RectificationReports.AsNoTracking().Where(r => r.OpinionLetterId == notice.LetterId)
            .SelectMany(r => r.Items).Where(i => i.Decision == ReviewDecision.Returned).ToListAsync(ct);
        if (letter is null)
        {
            return null;
        }
        var lines = items.Select(i => (Order: letter.Problems.First(p => p.Id == i.LetterProblemId).Order, Note: i.ReviewNote ?? ""))
            .OrderBy(x => x.Order).ToList();
        return new(RectificationCards.ReturnedNotice(letter.Number!, lines, culture), LetterText.Format("RectReturnedTitle", culture, letter.Number));
    }
}
