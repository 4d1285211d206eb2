using DocumentFormat.OpenXml.Packaging;
using GuidanceBot.Data.Documents;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.Rectification;

namespace GuidanceBot.Data.Tests.Documents;

public class RectificationReportDocumentTests
{
    private static List<string> Render(RectificationReport report, Letters.OpinionLetter letter, IReadOnlyDictionary<Guid, StoredFile> files)
    {
        var file = RectificationReportDocument.Create(report, letter, Samples.Wuyang(), files);
        using var doc = WordprocessingDocument.Open(new MemoryStream(file.Content), false);
        OpenXmlChecks.AssertValid(doc);
        return OpenXmlChecks.Paragraphs(doc).Where(l => l.Length > 0).ToList();
    }

    [Fact]
    public void Report_lists_each_problem_with_measures_status_evidence_and_review()
    {
        var letter = Samples.Letter();
        var report = Samples.Report(letter);
        var photo = new StoredFile
        {
            Id = Guid.NewGuid(), FileName = "整改前后对比照片.jpg", ContentType = "image/jpeg", Sha256 = "00", Length = 10,
        };
        report.Items[0].Evidence.Add(new RectificationEvidence { Id = 1, FileId = photo.Id, Caption = "现场照片" });
        report.Items[0].Evidence.Add(new RectificationEvidence { Id = 2, Url = "https://yjj.wuyang.gov.cn/gsgg/2022/plan.html" });

        var lines = Render(report, letter, new Dictionary<Guid, StoredFile> { [photo.Id] = photo });

        Assert.Equal("安全生产执法指导意见整改报告", lines[0]);
        Assert.Contains("（对应意见书：(漯)应急指导〔2022〕3号）", lines);
        AssertRow(lines, "整改单位", "舞阳县应急管理局");
        AssertRow(lines, "整改责任人", "赵志强");
        // Submitted 30 June 17:30 UTC is 1 July in China.
        AssertRow(lines, "提交日期", "2022年7月1日");
        Assert.DoesNotContain(lines, l => l.Contains(RectificationReportDocument.LateMark));

        var first = lines.IndexOf($"问题1：{letter.Problems[0].Problem}");
        var second = lines.IndexOf($"问题2：{letter.Problems[1].Problem}");
        var third = lines.IndexOf($"问题3：{letter.Problems[2].Problem}");
        Assert.True(first > 0 && second > first && third > second);

        var section1 = lines[first..second];
        Assert.Contains(letter.Problems[0].Opinion, section1);
        Assert.Contains("措施1：已补录企业名录并重新编制计划", section1);
        Assert.Contains("已完成", section1);
        Assert.Contains("1. 整改前后对比照片.jpg（现场照片）", section1);
        Assert.Contains("2. https://yjj.wuyang.gov.cn/gsgg/2022/plan.html", section1);
        Assert.Contains("通过", section1);

        var section2 = lines[second..third];
        Assert.Contains("整改中（预计2022年8月15日完成）", section2);
        Assert.Contains("退回：佐证材料不全，请补充政府批复文件", section2);
        Assert.Contains("无", section2);
        Assert.Contains("待审核", lines[third..]);
    }

    [Fact]
    public void Late_report_is_marked_next_to_its_submission_date()
    {
        var letter = Samples.Letter(problems: 1);
        var lines = Render(Samples.Report(letter, late: true), letter, new Dictionary<Guid, StoredFile>());
        AssertRow(lines, "提交日期", "2022年7月1日　（逾期提交）");
    }

    private static void AssertRow(List<string> lines, string label, string value)
    {
        var at = lines.IndexOf(label);
        Assert.True(at >= 0, $"no row {label}");
        Assert.Equal(value, lines[at + 1]);
    }
}
