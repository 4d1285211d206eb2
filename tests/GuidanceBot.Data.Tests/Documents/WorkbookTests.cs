using DocumentFormat.OpenXml.Packaging;
using GuidanceBot.Data.Documents;
using GuidanceBot.Data.Tracking;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace GuidanceBot.Data.Tests.Documents;

public class WorkbookTests
{
    private static readonly DateTime Generated = new(2022, 5, 16, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Weekly_list_has_title_header_lines_and_real_due_dates()
    {
        var snapshot = new WeeklyAssignmentSnapshot
        {
            Id = 1, Year = 2022, Serial = 12, WeekStart = new DateOnly(2022, 5, 16), GeneratedUtc = Generated,
            Lines =
            [
                new() { Id = 2, Order = 2, UnitId = 6, UnitName = "临颍县应急管理局", Kind = AssignmentKind.RectificationReport,
                        Title = "报送(漯)应急指导〔2022〕2号整改报告", DueDate = new DateOnly(2022, 5, 10), Status = AssignmentLineStatus.Overdue },
                new() { Id = 1, Order = 1, UnitId = 5, UnitName = "舞阳县应急管理局", Kind = AssignmentKind.VisitProblem,
                        Title = "执法计划未覆盖全部重点单位", OwnerName = "李建国", DueDate = new DateOnly(2022, 6, 30), Status = AssignmentLineStatus.New },
            ],
        };

        var file = WeeklyAssignmentWorkbook.Create(snapshot);
        Assert.Equal("2022年第12期周交办.xlsx", file.FileName);
        using var doc = SpreadsheetDocument.Open(new MemoryStream(file.Content), false);
        OpenXmlChecks.AssertValid(doc);
        var ws = OpenXmlChecks.Sheet(doc, out var sheet);
        Assert.Equal("周交办", sheet.Name!.Value);

        Assert.Equal("2022年第12期周交办（2022年5月16日）", OpenXmlChecks.Text(ws, "A1"));
        Assert.Equal(WeeklyAssignmentWorkbook.Headers, new[] { "A2", "B2", "C2", "D2", "E2", "F2", "G2" }.Select(r => OpenXmlChecks.Text(ws, r)));

        Assert.Equal(1, OpenXmlChecks.Number(ws, "A3"));
        Assert.Equal("舞阳县应急管理局", OpenXmlChecks.Text(ws, "B3"));
        Assert.Equal("执法指导问题", OpenXmlChecks.Text(ws, "C3"));
        Assert.Equal("执法计划未覆盖全部重点单位", OpenXmlChecks.Text(ws, "D3"));
        Assert.Equal("李建国", OpenXmlChecks.Text(ws, "E3"));
        Assert.Equal(new DateTime(2022, 6, 30), DateTime.FromOADate(OpenXmlChecks.Number(ws, "F3")));
        Assert.Equal("yyyy\"年\"m\"月\"d\"日\"", OpenXmlChecks.Format(doc, ws, "F3"));
        Assert.Equal("新交办", OpenXmlChecks.Text(ws, "G3"));

        Assert.Equal("临颍县应急管理局", OpenXmlChecks.Text(ws, "B4"));
        Assert.Equal("整改报告", OpenXmlChecks.Text(ws, "C4"));
        Assert.Equal("逾期", OpenXmlChecks.Text(ws, "G4"));

        AssertFrozenBelow(ws, "A3");
    }

    [Fact]
    public void Monthly_review_has_figures_rates_as_percentages_and_the_overdue_list()
    {
        var snapshot = new MonthlyReviewSnapshot
        {
            Id = 1, Year = 2022, Month = 5, GeneratedUtc = Generated,
            Lines =
            [
                new() { UnitId = 6, UnitName = "临颍县应急管理局", Assigned = 4, ClosedOnTime = 1, ClosedLate = 1, Overdue = 2, Open = 0,
                        OnTimePermille = 250, OnTimePermilleChange = -125, Rank = 2, TypicalCasesReported = 1, TypicalCasesQualified = 0 },
                new() { UnitId = 5, UnitName = "舞阳县应急管理局", Assigned = 8, ClosedOnTime = 6, ClosedLate = 1, Overdue = 0, Open = 1,
                        OnTimePermille = 857, OnTimePermilleChange = 57, Rank = 1, TypicalCasesReported = 3, TypicalCasesQualified = 2,
                        TypicalCasesReportedInMonth = 2, TypicalCasesQualifiedInMonth = 1 },
                new() { UnitId = 7, UnitName = "经开区安全生产监督管理局", Assigned = 0, Rank = 3 },
            ],
            Overdue =
            [
                new() { Id = 1, UnitId = 6, UnitName = "临颍县应急管理局", Title = "报送整改报告", DueDate = new DateOnly(2022, 5, 10), DaysOverdue = 21 },
                new() { Id = 2, UnitId = 6, UnitName = "临颍县应急管理局", Title = "计划审批报备", DueDate = new DateOnly(2022, 3, 31), DaysOverdue = 61 },
            ],
        };

        var file = MonthlyReviewWorkbook.Create(snapshot);
        Assert.Equal("2022年5月月讲评.xlsx", file.FileName);
        using var doc = SpreadsheetDocument.Open(new MemoryStream(file.Content), false);
        OpenXmlChecks.AssertValid(doc);
        var ws = OpenXmlChecks.Sheet(doc, out var sheet);
        Assert.Equal("月讲评", sheet.Name!.Value);

        Assert.Equal("2022年5月月讲评", OpenXmlChecks.Text(ws, "A1"));
        Assert.Equal(MonthlyReviewWorkbook.Headers,
            Enumerable.Range(1, MonthlyReviewWorkbook.Headers.Length).Select(c => OpenXmlChecks.Text(ws, $"{(char)('A' + c - 1)}2")));

        // Ranked first: 舞阳.
        Assert.Equal(1, OpenXmlChecks.Number(ws, "A3"));
        Assert.Equal("舞阳县应急管理局", OpenXmlChecks.Text(ws, "B3"));
        Assert.Equal([8, 6, 1, 0, 1], new[] { "C3", "D3", "E3", "F3", "G3" }.Select(r => OpenXmlChecks.Number(ws, r)));
        Assert.Equal(0.857, OpenXmlChecks.Number(ws, "H3"), 9);
        Assert.Equal("0.0%", OpenXmlChecks.Format(doc, ws, "H3"));
        Assert.Equal(0.057, OpenXmlChecks.Number(ws, "I3"), 9);
        Assert.Equal("+0.0%;-0.0%;0.0%", OpenXmlChecks.Format(doc, ws, "I3"));
        // Typical cases: in the month, then year to date.
        Assert.Equal(["本月报送典型案例", "本月合格典型案例", "本年累计报送", "本年累计合格"], new[] { "J2", "K2", "L2", "M2" }.Select(r => OpenXmlChecks.Text(ws, r)));
        Assert.Equal([2, 1, 3, 2], new[] { "J3", "K3", "L3", "M3" }.Select(r => OpenXmlChecks.Number(ws, r)));

        Assert.Equal("临颍县应急管理局", OpenXmlChecks.Text(ws, "B4"));
        Assert.Equal(-0.125, OpenXmlChecks.Number(ws, "I4"), 9);
        // Nothing was due: the rate is left blank rather than shown as 0%.
        Assert.Equal("经开区安全生产监督管理局", OpenXmlChecks.Text(ws, "B5"));
        Assert.Null(OpenXmlChecks.Cell(ws, "H5")!.CellValue);

        Assert.Equal("逾期未办结事项（2项）", OpenXmlChecks.Text(ws, "A7"));
        Assert.Equal("事项", OpenXmlChecks.Text(ws, "C8"));
        Assert.Equal("逾期天数", OpenXmlChecks.Text(ws, "I8"));
        // Longest overdue first.
        Assert.Equal("计划审批报备", OpenXmlChecks.Text(ws, "C9"));
        Assert.Equal(new DateTime(2022, 3, 31), DateTime.FromOADate(OpenXmlChecks.Number(ws, "H9")));
        Assert.Equal(61, OpenXmlChecks.Number(ws, "I9"));
        Assert.Equal("报送整改报告", OpenXmlChecks.Text(ws, "C10"));
        Assert.Equal(21, OpenXmlChecks.Number(ws, "I10"));

        AssertFrozenBelow(ws, "A3");
    }

    private static void AssertFrozenBelow(S.Worksheet ws, string topLeft)
    {
        var pane = ws.Descendants<S.Pane>().Single();
        Assert.Equal(S.PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal(2, pane.VerticalSplit!.Value);
        Assert.Equal(topLeft, pane.TopLeftCell!.Value);
    }
}
