using System.Globalization;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;

namespace GuidanceBot.Bot.Flows.Reviews;

/// <summary>A filing came back: the city's reason and the button that opens the form again.</summary>
public sealed class SubmissionReturnedRenderer : INoticeRenderer<SubmissionReturnedNotice>
{
    public async Task<NoticeCard?> RenderAsync(GuidanceDbContext db, SubmissionReturnedNotice notice, Person recipient, CultureInfo culture, CancellationToken ct)
    {
        var view = await new SubmissionReader(db).LoadAsync(notice.Filing, notice.SubmissionId, culture, ct);
        return view is null ? null : new(ReviewCards.ReturnedNotice(view, view.ReturnReason ?? "", culture), ReviewText.Get("ReturnedTitle." + view.Kind, culture));
    }
}
