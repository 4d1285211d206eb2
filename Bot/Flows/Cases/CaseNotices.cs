using System.Globalization;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.Cases;
using GuidanceBot.Data.People;

namespace GuidanceBot.Bot.Flows.Cases;

/// <summary>A new case to judge, to city staff.</summary>
public sealed class CaseReportedRenderer : INoticeRenderer<CaseReportedNotice>
{
    public async Task<NoticeCard?> RenderAsync(GuidanceDbContext db, CaseReportedNotice notice, Person recipient, CultureInfo culture, CancellationToken ct) =>
        await new CaseReader(db).FindAsync(notice.CaseId, ct) is { } view
            ? new(CaseCards.ReportedNotice(view, culture), CaseText.Get("ReportedNoticeTitle", culture))
            : null;
}

/// <summary>The city's decision on a case (or a changed one), to the unit's liaisons.</summary>
public sealed class CaseJudgedRenderer : INoticeRenderer<CaseJudgedNotice>
{
    public async Task<NoticeCard?> RenderAsync(GuidanceDbContext db, CaseJudgedNotice notice, Person recipient, CultureInfo culture, CancellationToken ct) =>
        await new CaseReader(db).FindAsync(notice.CaseId, ct) is { } view
            ? new(CaseCards.JudgedNotice(view, notice.Rejudged, culture), CaseText.Get(notice.Rejudged ? "RejudgedNoticeTitle" : "JudgedNoticeTitle", culture))
            : null;
}
