using DocumentFormat.OpenXml.Wordprocessing;
using GuidanceBot.Data.Documents.Word;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Visits;
using static GuidanceBot.Data.Documents.Word.WordWriter;

namespace GuidanceBot.Data.Documents;

/// <summary>
/// 安全生产执法指导意见书 laid out as the attachment of the 2022 plan. Always Chinese: it is the
/// official paper the county signs and both bureaus file.
/// </summary>
public static class OpinionLetterDocument
{
    public const string DuplicateNote = "本文书一式两份：一份由市应急管理局备案，一份交接收单位。";

    public static string FileName(OpinionLetter letter, OrgUnit issuer) =>
        DocumentText.SafeFileName($"安全生产执法指导意见书{DocumentText.LetterNumber(letter, issuer.ShortName)}") + ".docx";

    /// <summary>The heading of what the team saw of the drawn enterprises (全过程跟踪), before the problems.</summary>
    public const string FollowUpHeading = "现场跟进抽查企业执法检查情况：";

    public static DocumentFile Create(OpinionLetter letter, OrgUnit issuer, IReadOnlyList<FollowUpView>? followUps = null)
    {
        using var output = new MemoryStream();
        Write(letter, issuer, output, followUps);
        return new DocumentFile(FileName(letter, issuer), DocumentFile.Docx, output.ToArray());
    }

    /// <summary>
    /// Writes the letter; <paramref name="issuer"/> is the unit whose name heads the body and signs it. <paramref name="followUps"/>, the
    /// visit's follow-up records, go where the template tells the county what the check found: after the opening sentence, before the
    /// problems and opinions, one paragraph per drawn enterprise (procedure, documents, closing).
    /// </summary>
    public static void Write(OpinionLetter letter, OrgUnit issuer, Stream output, IReadOnlyList<FollowUpView>? followUps = null)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(issuer);
        var w = new WordWriter();

        w.Heading("安全生产行政执法文书", Hei, SanHao, bold: false, spaceAfter: 120);
        w.Heading("安全生产执法指导意见书", XiaoBiaoSong, ErHao, bold: true, spaceAfter: 240);
        w.Paragraph(DocumentText.LetterNumber(letter, issuer.ShortName), indent: false, align: JustificationValues.Center);
        w.Paragraph("", indent: false);

        w.Paragraph($"{issuer.Name}于{DocumentText.Date(letter.VisitDate)}对你局执法工作情况进行了检查指导，现将主要问题及意见告知如下：");

        if (followUps is { Count: > 0 })
        {
            w.Paragraph(indent: true, align: null, Run(FollowUpHeading, bold: true));
            var n = 0;
            foreach (var f in followUps)
            {
                n++;
                w.Paragraph(indent: true, align: null, Run(FollowUpLine(n, f)));
            }
        }

        var number = 0;
        foreach (var problem in letter.Problems.OrderBy(p => p.Order).ThenBy(p => p.Id))
        {
            number++;
            w.Paragraph(indent: true, align: null, Run($"{number}. 问题："), Run(problem.Problem));
            w.Paragraph(indent: true, align: null, Run("意见：", bold: true), Run(problem.Opinion));
        }

        w.Paragraph($"请你局认真研究，落实处理意见，并将整改结果于{DocumentText.Date(letter.ReportDeadline)}前报告我局。");
        w.Paragraph("", indent: false);
        w.Paragraph("", indent: false);

        w.Paragraph(indent: false, align: null,
            Run("县区应急局负责人（签名）："),
            Signature(letter.CountyResponsibleName));
        w.Paragraph(indent: false, align: null,
            Run("市应急局联系人（签名）："),
            Signature(letter.CityContactName),
            Run("　　电话："),
            Signature(letter.CityContactPhone));
        w.Paragraph("", indent: false);

        RightAligned(w.Paragraph(issuer.Name, indent: false, align: JustificationValues.Right));
        RightAligned(w.Paragraph(letter.IssuedOn is { } issued ? DocumentText.Date(issued) : "　　年　　月　　日",
            indent: false, align: JustificationValues.Right));

        w.NoteWithRule(DuplicateNote);

        w.Save(output, $"安全生产执法指导意见书 {letter.Number}".Trim(), issuer.Name, letter.IssuedUtc);
    }

    /// <summary>One drawn enterprise as the letter reports it: "（1）name（code）：执法程序：规范；执法文书填写：存在问题，note；…。现场照片2张：a.jpg、b.jpg。".</summary>
    public static string FollowUpLine(int number, FollowUpView f)
    {
        static string Aspect(string aspect) => aspect switch
        {
            FollowUpFields.Procedure => "执法程序",
            FollowUpFields.Documents => "执法文书填写",
            _ => "执法检查闭合",
        };
        static string Assessment(FindingOutcome o) => o switch
        {
            FindingOutcome.Compliant => "规范",
            FindingOutcome.Problem => "存在问题",
            _ => "未查看",
        };
        var parts = f.Aspects().Select(a => $"{Aspect(a.Aspect)}：{Assessment(a.Outcome)}" + (string.IsNullOrWhiteSpace(a.Note) ? "" : $"，{a.Note}"));
        var notes = string.IsNullOrWhiteSpace(f.Notes) ? "" : $"。其他：{f.Notes}";
        // The photos by the names they are filed under (the dossier keeps them beside the letter, hashed in its manifest).
        var photos = f.Photos.Count == 0 ? "" : $"。现场照片{f.Photos.Count}张：{string.Join("、", f.Photos.Select(p => p.FileName))}";
        return $"（{number}）{f.EnterpriseName}（{f.CreditCode}，{DocumentText.Date(f.ObservedOn)}）：{string.Join("；", parts)}{notes}{photos}。";
    }

    /// <summary>A printed name, or an underlined blank to sign on by hand.</summary>
    private static Run Signature(string? name) =>
        string.IsNullOrWhiteSpace(name) ? Run("　　　　　　　　", underline: true) : Run(name);

    // Official documents set the signature block in from the right edge by about two characters.
    private static void RightAligned(Paragraph paragraph) =>
        paragraph.ParagraphProperties!.InsertBefore(new Indentation { Right = "560", RightChars = 200 },
            paragraph.ParagraphProperties!.GetFirstChild<Justification>());
}
