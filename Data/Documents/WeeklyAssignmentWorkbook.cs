using GuidanceBot.Data.Documents.Spreadsheet;
using GuidanceBot.Data.Tracking;

namespace GuidanceBot.Data.Documents;

/// <summary>周交办: the numbered list of one week, as an XLSX with one sheet.</summary>
public static class WeeklyAssignmentWorkbook
{
    public static readonly string[] Headers = ["序号", "单位", "类别", "事项", "责任人", "完成时限", "状态"];

    /// <summary>The typical-case table under the list: per unit as the Monday began.</summary>
    public static readonly string[] CaseHeaders = ["序号", "单位", "上周新报典型案例", "待市局评定", "本年报送", "本年合格"];

    public const string CaseSection = "典型案例报送情况";

    public static string Title(WeeklyAssignmentSnapshot snapshot) => $"{snapshot.Year}年第{snapshot.Serial}期周交办";

    public static string FileName(WeeklyAssignmentSnapshot snapshot) => $"{Title(snapshot)}.xlsx";

    public static DocumentFile Create(WeeklyAssignmentSnapshot snapshot)
    {
        using var output = new MemoryStream();
        Write(snapshot, output);
        return new DocumentFile(FileName(snapshot), DocumentFile.Xlsx, output.ToArray());
    }

    public static void Write(WeeklyAssignmentSnapshot snapshot, Stream output)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var sheet = new SheetWriter("周交办");
        sheet.Widths(7, 22, 14, 56, 12, 16, 10);
        sheet.Title($"{Title(snapshot)}（{DocumentText.Date(snapshot.WeekStart)}）", Headers.Length);
        sheet.Header(Headers);
        sheet.FreezeAboveAndFilter(Headers.Length, sheet.CurrentRow + (uint)snapshot.Lines.Count);

        var number = 0;
        foreach (var line in snapshot.Lines.OrderBy(l => l.Order).ThenBy(l => l.Id))
        {
            sheet.Row(
                (++number, CellStyle.Integer),
                (line.UnitName, CellStyle.Text),
                (DocumentText.Kind(line.Kind), CellStyle.Text),
                (line.Title, CellStyle.Text),
                (line.OwnerName ?? "", CellStyle.Text),
                (line.DueDate, CellStyle.Date),
                (DocumentText.Status(line.Status), CellStyle.Text));
        }

        if (snapshot.Cases.Count > 0)
        {
            sheet.Blank();
            sheet.Section($"{CaseSection}（截至{DocumentText.Date(snapshot.WeekStart)}）");
            sheet.Row(CaseHeaders.Select(h => ((object?)h, CellStyle.Header)).ToArray());
            number = 0;
            foreach (var c in snapshot.Cases.OrderBy(c => c.Id))
            {
                sheet.Row(
                    (++number, CellStyle.Integer),
                    (c.UnitName, CellStyle.Text),
                    (c.ReportedLastWeek, CellStyle.Integer),
                    (c.AwaitingJudgement, CellStyle.Integer),
                    (c.ReportedInYear, CellStyle.Integer),
                    (c.QualifiedInYear, CellStyle.Integer));
            }
            sheet.Row((null, CellStyle.Text), ("合计", CellStyle.Text),
                (snapshot.Cases.Sum(c => c.ReportedLastWeek), CellStyle.Integer), (snapshot.Cases.Sum(c => c.AwaitingJudgement), CellStyle.Integer),
                (snapshot.Cases.Sum(c => c.ReportedInYear), CellStyle.Integer), (snapshot.Cases.Sum(c => c.QualifiedInYear), CellStyle.Integer));
        }

        sheet.Save(output, Title(snapshot), snapshot.GeneratedUtc);
    }
}
