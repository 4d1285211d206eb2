using DocumentFormat.OpenXml.Wordprocessing;
using GuidanceBot.Data.Documents.Word;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Units;
using static GuidanceBot.Data.Documents.Word.WordWriter;

namespace GuidanceBot.Data.Documents;

/// <summary>整改报告: the county's answer to one opinion letter, problem by problem, with the city's review.</summary>
public static class RectificationReportDocument
{
    public const string LateMark = "逾期提交";
    public const string EvidenceListHeading = "佐证文件清单";

    public static string FileName(OpinionLetter letter, OrgUnit unit) =>
        DocumentText.SafeFileName($"整改报告{letter.Number ?? $"{unit.ShortName}-{letter.Id}"}") + ".docx";

    public static DocumentFile Create(RectificationReport report, OpinionLetter letter, OrgUnit unit, IReadOnlyDictionary<Guid, StoredFile> files)
    {
        using var output = new MemoryStream();
        Write(report, letter, unit, files, output);
        return new DocumentFile(FileName(letter, unit), DocumentFile.Docx, output.ToArray());
    }

    /// <param name="report">With its items and their evidence.</param>
    /// <param name="letter">The letter answered, with its problems.</param>
    /// <param name="unit">The county unit that reports.</param>
    /// <param name="files">The stored files the evidence points at, by id (missing ones are listed by id).</param>
    public static void Write(RectificationReport report, OpinionLetter letter, OrgUnit unit, IReadOnlyDictionary<Guid, StoredFile> files, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(files);
        var w = new WordWriter();
        // A report answers an issued letter, so the number is there; "未编号" only guards bad data.
        var number = letter.Number ?? "未编号";

        w.Heading("安全生产执法指导意见整改报告", XiaoBiaoSong, ErHao, bold: true, spaceAfter: 120);
        w.Paragraph($"（对应意见书：{number}）", indent: false, align: JustificationValues.Center);
        w.Paragraph("", indent: false);

        var submitted = report.SubmittedUtc is { } s ? DocumentText.Date(DocumentText.ChinaDate(s)) : "未提交";
        Run[] submittedLine = report.IsLate
            ? [Run(submitted, size: WuHao + 3), Run($"　（{LateMark}）", size: WuHao + 3, bold: true, color: "C00000")]
            : [Run(submitted, size: WuHao + 3)];
        w.LabelTable(
        [
            ("意见书编号", [Cell(number)]),
            ("整改单位", [Cell(unit.Name)]),
            ("检查指导日期", [Cell(DocumentText.Date(letter.VisitDate))]),
            ("报告期限", [Cell(DocumentText.Date(letter.ReportDeadline) + "前")]),
            ("整改责任人", [Cell(report.ResponsibleName ?? "")]),
            ("提交日期", [submittedLine]),
            ("提交次数", [Cell(report.SubmissionCount.ToString())]),
            ("审核状态", [Cell(DocumentText.ReportStatus(report.Status))]),
        ]);

        var problems = letter.Problems.ToDictionary(p => p.Id);
        var index = 0;
        foreach (var item in report.Items
                     .OrderBy(i => problems.TryGetValue(i.LetterProblemId, out var p) ? p.Order : int.MaxValue)
                     .ThenBy(i => i.LetterProblemId))
        {
            index++;
            var problem = item.Problem ?? problems.GetValueOrDefault(item.LetterProblemId);
            w.Paragraph("", indent: false);
            KeepWithNext(w.Paragraph(indent: false, align: null, Run($"问题{index}：", Hei), Run(problem?.Problem ?? "", Hei)));

            var status = DocumentText.Progress(item.Progress);
            if (item.Progress == RectificationProgress.InProgress && item.ExpectedCompletion is { } expected)
            {
                status += $"（预计{DocumentText.Date(expected)}完成）";
            }

            var review = DocumentText.Decision(item.Decision);
            if (!string.IsNullOrWhiteSpace(item.ReviewNote))
            {
                review += "：" + item.ReviewNote;
            }
            if (item.ReviewedUtc is { } reviewed)
            {
                review += $"（{DocumentText.Date(DocumentText.ChinaDate(reviewed))}）";
            }

            w.LabelTable(
            [
                ("处理意见", [Cell(problem?.Opinion ?? "")]),
                ("整改措施", Lines(item.Measures)),
                ("整改状态", [Cell(status)]),
                ("佐证材料", Evidence(item, files)),
                ("审核意见", [[Run(review, size: WuHao + 3, bold: item.Decision == ReviewDecision.Returned,
                    color: item.Decision == ReviewDecision.Returned ? "C00000" : null)]]),
            ], keepTogether: true);
        }

        // Every evidence file with what identifies it, so the paper copy can be checked against the files kept.
        var listed = report.Items
            .OrderBy(i => problems.TryGetValue(i.LetterProblemId, out var p) ? p.Order : int.MaxValue).ThenBy(i => i.LetterProblemId)
            .Select((item, i) => (Number: i + 1, Files: item.Evidence.Where(e => e.FileId is not null).OrderBy(e => e.Id).ToList()))
            .Where(x => x.Files.Count > 0).ToList();
        if (listed.Count > 0)
        {
            w.Paragraph("", indent: false);
            KeepWithNext(w.Paragraph(indent: false, align: null, Run(EvidenceListHeading, Hei)));
            w.LabelTable(listed.SelectMany(x => x.Files.Select((e, n) =>
            {
                var label = $"问题{x.Number}-{n + 1}";
                if (!files.TryGetValue(e.FileId!.Value, out var file))
                {
                    return (label, (IReadOnlyList<Run[]>)[Cell($"文件 {e.FileId}（未找到）")]);
                }
                return (label, (IReadOnlyList<Run[]>)
                [
                    Cell($"文件名：{file.FileName}"),
                    Cell($"类型：{file.ContentType}"),
                    Cell($"大小：{EvidenceFiles.SizeText(file.Length)}（{file.Length} 字节）"),
                    [Run($"SHA-256：{file.Sha256}", size: WuHao)],
                ]);
            })));
        }

        w.Paragraph("", indent: false);
        w.Paragraph(indent: false, align: JustificationValues.Right, Run($"{unit.Name}　　"));
        w.Paragraph(indent: false, align: JustificationValues.Right,
            Run((report.SubmittedUtc is { } d ? DocumentText.Date(DocumentText.ChinaDate(d)) : "　　年　　月　　日") + "　　"));

        w.Save(output, $"整改报告 {letter.Number}".Trim(), unit.Name, report.SubmittedUtc);
    }

    private static Run[] Cell(string text) => [Run(text, size: WuHao + 3)];

    private static IReadOnlyList<Run[]> Lines(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? [Cell("")]
            : text.ReplaceLineEndings("\n").Split('\n').Select(Cell).ToList();

    private static IReadOnlyList<Run[]> Evidence(RectificationItem item, IReadOnlyDictionary<Guid, StoredFile> files)
    {
        var lines = new List<Run[]>();
        var n = 0;
        foreach (var e in item.Evidence.OrderBy(e => e.Id))
        {
            n++;
            var what = e.FileId is { } id
                ? files.TryGetValue(id, out var file) ? file.FileName : $"文件 {id}"
                : e.Url ?? "";
            var caption = string.IsNullOrWhiteSpace(e.Caption) ? "" : $"（{e.Caption}）";
            lines.Add(Cell($"{n}. {what}{caption}"));
        }
        return lines.Count == 0 ? [Cell("无")] : lines;
    }
}
