using GuidanceBot.Data.Documents.Spreadsheet;
using GuidanceBot.Data.Tracking;

namespace GuidanceBot.Data.Documents;

/// <summary>月讲评: per-unit figures and ranking of one month, then the overdue list, on one sheet.</summary>
public static class MonthlyReviewWorkbook
{
    public static readonly string[] Headers =
        ["排名", "单位", "交办数", "按时办结", "逾期办结", "逾期未办结", "未办结", "按时办结率", "较上月", "本月报送典型案例", "本月合格典型案例", "本年累计报送", "本年累计合格",
            "本月行政处罚", "录入国家企业信用信息公示系统", "业务系统名录本月更新（共3项）"];

    public static readonly string[] OverdueHeaders = ["序号", "单位", "事项", "完成时限", "逾期天数"];

    public const string OverdueSection = "逾期未办结事项";

    public static string Title(MonthlyReviewSnapshot snapshot) => $"{snapshot.Year}年{snapshot.Month}月月讲评";

    public static string FileName(MonthlyReviewSnapshot snapshot) => $"{Title(snapshot)}.xlsx";

    public static DocumentFile Create(MonthlyReviewSnapshot snapshot)
    {
        using var output = new MemoryStream();
        Write(snapshot, output);
        return new DocumentFile(FileName(snapshot), DocumentFile.Xlsx, output.ToArray());
    }

    public static void Write(MonthlyReviewSnapshot snapshot, Stream output)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var sheet = new SheetWriter("月讲评");
        sheet.Widths(7, 22, 9, 10, 10, 11, 9, 12, 10, 13, 13, 12, 12, 12, 16, 16);
        sheet.Title(Title(snapshot), Headers.Length);
        sheet.Header(Headers);
        sheet.FreezeAboveAndFilter(Headers.Length, sheet.CurrentRow + (uint)snapshot.Lines.Count);

        foreach (var line in snapshot.Lines.OrderBy(l => l.Rank).ThenBy(l => l.UnitName, StringComparer.Ordinal))
        {
            sheet.Row(
                (line.Rank, CellStyle.Integer),
                (line.UnitName, CellStyle.Text),
                (line.Assigned, CellStyle.Integer),
                (line.ClosedOnTime, CellStyle.Integer),
                (line.ClosedLate, CellStyle.Integer),
                (line.Overdue, CellStyle.Integer),
                (line.Open, CellStyle.Integer),
                // Nothing was due: a blank, not 0%, so the unit does not look like it failed.
                (line.OnTimePermille is { } rate ? rate / 1000.0 : null, CellStyle.Percent),
                (line.OnTimePermilleChange is { } change ? change / 1000.0 : null, CellStyle.PercentChange),
                (line.TypicalCasesReportedInMonth, CellStyle.Integer),
                (line.TypicalCasesQualifiedInMonth, CellStyle.Integer),
                (line.TypicalCasesReported, CellStyle.Integer),
                (line.TypicalCasesQualified, CellStyle.Integer),
                // Not reported: a blank, not 0 (三.1, the unit's monthly progress filing).
                (line.PenaltiesInMonth, CellStyle.Integer),
                (line.PenaltiesPublishedInMonth, CellStyle.Integer),
                (line.ListsUpdatedInMonth, CellStyle.Integer));
        }

        sheet.Blank();
        sheet.Section($"{OverdueSection}（{snapshot.Overdue.Count}项）");
        // 事项 spans the narrow figure columns C–G so long titles stay readable.
        sheet.Row(
            (OverdueHeaders[0], CellStyle.Header), (OverdueHeaders[1], CellStyle.Header), (OverdueHeaders[2], CellStyle.Header),
            (null, CellStyle.Header), (null, CellStyle.Header), (null, CellStyle.Header), (null, CellStyle.Header),
            (OverdueHeaders[3], CellStyle.Header), (OverdueHeaders[4], CellStyle.Header));
        sheet.MergeInRow(3, 7);
        var number = 0;
        foreach (var line in snapshot.Overdue.OrderByDescending(o => o.DaysOverdue).ThenBy(o => o.DueDate).ThenBy(o => o.Id))
        {
            sheet.Row(
                (++number, CellStyle.Integer),
                (line.UnitName, CellStyle.Text),
                (line.Title, CellStyle.Text),
                (null, CellStyle.Text), (null, CellStyle.Text), (null, CellStyle.Text), (null, CellStyle.Text),
                (line.DueDate, CellStyle.Date),
                (line.DaysOverdue, CellStyle.Integer));
            sheet.MergeInRow(3, 7);
        }

        sheet.Save(output, Title(snapshot), snapshot.GeneratedUtc);
    }
}
