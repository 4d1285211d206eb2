using System.Text;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Tracking;

namespace GuidanceBot.Data.Documents;

/// <summary>
/// Wording shared by the documents. They are official papers of a Chinese bureau, so they are always
/// written in Chinese whatever the reader's language.
/// </summary>
internal static class DocumentText
{
    public static string Date(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";

    public static DateOnly ChinaDate(DateTime utc) => Rules.ChinaTime.Date(utc);

    public static DateTime ChinaTime(DateTime utc) => Rules.ChinaTime.Local(utc);

    /// <summary>The letter's number; a draft shows the blank form of the template.</summary>
    public static string LetterNumber(OpinionLetter letter, string issuerShortName) =>
        letter.Number ?? $"({issuerShortName})应急指导〔{letter.Year}〕　号";

    public static string Kind(AssignmentKind kind) => kind switch
    {
        AssignmentKind.VisitProblem => "执法指导问题",
        AssignmentKind.RectificationReport => "整改报告",
        AssignmentKind.MissingFiling => "材料报送",
        _ => "其他",
    };

    public static string Status(AssignmentLineStatus status) => status switch
    {
        AssignmentLineStatus.New => "新交办",
        AssignmentLineStatus.Open => "办理中",
        _ => "逾期",
    };

    public static string Progress(RectificationProgress progress) => progress switch
    {
        RectificationProgress.Done => "已完成",
        _ => "整改中",
    };

    public static string Decision(ReviewDecision decision) => decision switch
    {
        ReviewDecision.Accepted => "通过",
        ReviewDecision.Returned => "退回",
        _ => "待审核",
    };

    public static string ReportStatus(ReportStatus status) => status switch
    {
        Rectification.ReportStatus.Draft => "草稿",
        Rectification.ReportStatus.Submitted => "已提交，待审核",
        Rectification.ReportStatus.Returned => "已退回",
        _ => "已通过",
    };

    /// <summary>A name usable as a file or ZIP entry name on Windows, macOS and Linux (no control or direction characters).</summary>
    public static string SafeFileName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in Rules.TextRule.Strip(name).Trim())
        {
            builder.Append(c < ' ' || "\\/:*?\"<>|".Contains(c) ? '_' : c);
        }
        var result = builder.ToString().TrimEnd('.', ' ');
        return result.Length == 0 ? "_" : result;
    }
}
