using DocumentFormat.OpenXml.Packaging;
using GuidanceBot.Data.Documents;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace GuidanceBot.Data.Tests.Documents;

public class OpinionLetterDocumentTests
{
    private static (WordprocessingDocument Doc, List<string> Lines) Render(Data.Letters.OpinionLetter letter)
    {
        var file = OpinionLetterDocument.Create(letter, Samples.City());
        Assert.Equal(DocumentFile.Docx, file.ContentType);
        var doc = WordprocessingDocument.Open(new MemoryStream(file.Content), false);
        OpenXmlChecks.AssertValid(doc);
        return (doc, OpenXmlChecks.Paragraphs(doc).Where(l => l.Length > 0).ToList());
    }

    [Fact]
    public void Letter_follows_the_template_from_heading_to_duplicate_note()
    {
        var letter = Samples.Letter();
        var (doc, lines) = Render(letter);
        using var _ = doc;

        Assert.Equal("安全生产行政执法文书", lines[0]);
        Assert.Equal("安全生产执法指导意见书", lines[1]);
        Assert.Equal("(漯)应急指导〔2022〕3号", lines[2]);
        Assert.Equal("漯河市应急管理局于2022年5月12日对你局执法工作情况进行了检查指导，现将主要问题及意见告知如下：", lines[3]);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal($"{i + 1}. 问题：{letter.Problems[i].Problem}", lines[4 + 2 * i]);
            Assert.Equal($"意见：{letter.Problems[i].Opinion}", lines[5 + 2 * i]);
        }
        Assert.Equal("请你局认真研究，落实处理意见，并将整改结果于2022年6月30日前报告我局。", lines[10]);
        Assert.Equal("县区应急局负责人（签名）：李建国", lines[11]);
        Assert.Equal("市应急局联系人（签名）：王晓明　　电话：0395-3121234", lines[12]);
        Assert.Equal("漯河市应急管理局", lines[13]);
        Assert.Equal("2022年5月20日", lines[14]);
        Assert.Equal("本文书一式两份：一份由市应急管理局备案，一份交接收单位。", lines[^1]);
        Assert.Equal(16, lines.Count);
        Assert.Equal("安全生产执法指导意见书(漯)应急指导〔2022〕3号.docx", OpinionLetterDocument.FileName(letter, Samples.City()));
    }

    [Fact]
    public void Letter_is_A4_with_Chinese_fonts_named_for_Word_and_WPS()
    {
        var (doc, _) = Render(Samples.Letter());
        using var _d = doc;
        var body = doc.MainDocumentPart!.Document!.Body!;
        var paragraphs = body.Elements<W.Paragraph>().ToList();

        var page = body.GetFirstChild<W.SectionProperties>()!.GetFirstChild<W.PageSize>()!;
        Assert.Equal((11906u, 16838u), (page.Width!.Value, page.Height!.Value));

        var title = paragraphs[1];
        Assert.Equal("方正小标宋简体", OpenXmlChecks.EastAsianFont(title));
        Assert.Equal(W.JustificationValues.Center, title.ParagraphProperties!.Justification!.Val!.Value);
        Assert.NotNull(title.Descendants<W.Bold>().FirstOrDefault());
        Assert.Equal("黑体", OpenXmlChecks.EastAsianFont(paragraphs[0]));
        Assert.Equal(W.JustificationValues.Center, paragraphs[2].ParagraphProperties!.Justification!.Val!.Value);

        // Body text in 宋体 for the Chinese, with the default run properties saying so as well.
        var bodyText = paragraphs.First(p => p.InnerText.StartsWith("漯河市应急管理局于"));
        Assert.Equal("宋体", OpenXmlChecks.EastAsianFont(bodyText));
        var defaults = doc.MainDocumentPart.StyleDefinitionsPart!.Styles!.DocDefaults!.Descendants<W.RunFonts>().Single();
        Assert.Equal("宋体", defaults.EastAsia!.Value);
        Assert.Equal("zh-CN", doc.MainDocumentPart.StyleDefinitionsPart.Styles.DocDefaults.Descendants<W.Languages>().Single().EastAsia!.Value);

        // The font table tells Word/WPS these are GB2312 faces, so a missing one is substituted by a Chinese font.
        var fonts = doc.MainDocumentPart.FontTablePart!.Fonts!.Elements<W.Font>().ToDictionary(f => f.Name!.Value!);
        foreach (var name in new[] { "宋体", "黑体", "方正小标宋简体" })
        {
            Assert.Equal("86", fonts[name].FontCharSet!.Val!.Value);
        }
    }

    [Fact]
    public void Problems_are_numbered_in_their_order_not_their_storage_order()
    {
        var letter = Samples.Letter(problems: 2);
        letter.Problems.Reverse();
        var (doc, lines) = Render(letter);
        using var _ = doc;

        Assert.StartsWith("1. 问题：第1项", lines[4]);
        Assert.StartsWith("2. 问题：第2项", lines[6]);
    }

    [Fact]
    public void Draft_letter_shows_the_blank_number_and_lines_to_sign_on()
    {
        var letter = Samples.Letter();
        letter.Number = null;
        letter.Serial = null;
        letter.IssuedOn = null;
        letter.CountyResponsibleName = null;
        var (doc, lines) = Render(letter);
        using var _ = doc;

        Assert.Equal("(漯)应急指导〔2022〕　号", lines[2]);
        var signature = doc.MainDocumentPart!.Document!.Body!.Elements<W.Paragraph>()
            .Single(p => p.InnerText.StartsWith("县区应急局负责人"));
        Assert.NotNull(signature.Elements<W.Run>().Last().RunProperties!.Underline);
        Assert.Contains("　　年　　月　　日", lines);
    }
}
