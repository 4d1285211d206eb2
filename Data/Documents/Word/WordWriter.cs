using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Data.Documents.Word;

/// <summary>
/// Builds an A4 Chinese official-style document (GB/T 9704 margins). Fonts are named for the East Asian
/// slot as well as the Latin ones, and described in the font table with charset GB2312 and PANOSE, so
/// Word and WPS print the Chinese text in a Song/Hei face even where the exact font is missing.
/// </summary>
internal sealed class WordWriter
{
    public const string Song = "宋体";
    public const string Hei = "黑体";
    public const string XiaoBiaoSong = "方正小标宋简体";
    private const string Latin = "Times New Roman";

    /// <summary>Font sizes in half-points: 二号 22pt, 三号 16pt, 四号 14pt, 五号 10.5pt.</summary>
    public const int ErHao = 44, SanHao = 32, SiHao = 28, WuHao = 21;

    private readonly Body _body = new();

    public Body Body => _body;

    public Paragraph Heading(string text, string font, int size, bool bold = true, int spaceAfter = 0)
    {
        var p = new Paragraph(
            new ParagraphProperties(
                new SpacingBetweenLines { Before = "0", After = spaceAfter.ToString(), Line = "360", LineRule = LineSpacingRuleValues.Auto },
                new Justification { Val = JustificationValues.Center }),
            Run(text, font, size, bold));
        _body.Append(p);
        return p;
    }

    /// <summary>A body paragraph; <paramref name="indent"/> indents the first line by two characters.</summary>
    public Paragraph Paragraph(string text, bool indent = true, JustificationValues? align = null, bool bold = false, int size = SiHao)
    {
        var p = NewParagraph(indent, align);
        if (text.Length > 0)
        {
            p.Append(Run(text, Song, size, bold));
        }
        _body.Append(p);
        return p;
    }

    /// <summary>A paragraph made of several runs (e.g. a label and a value).</summary>
    public Paragraph Paragraph(bool indent, JustificationValues? align, params Run[] runs)
    {
        var p = NewParagraph(indent, align);
        p.Append(runs);
        _body.Append(p);
        return p;
    }

    /// <summary>Keeps a heading on the same page as what follows it.</summary>
    public static Paragraph KeepWithNext(Paragraph paragraph)
    {
        paragraph.ParagraphProperties!.PrependChild(new KeepNext());
        return paragraph;
    }

    /// <summary>A line above the paragraph separates a footnote-like remark such as the duplicate note.</summary>
    public Paragraph NoteWithRule(string text, int size = WuHao)
    {
        var p = new Paragraph(
            new ParagraphProperties(
                new ParagraphBorders(new TopBorder { Val = BorderValues.Single, Size = 6, Space = 4, Color = "000000" }),
                new SpacingBetweenLines { Before = "480", After = "0", Line = "360", LineRule = LineSpacingRuleValues.Exact }),
            Run(text, Song, size));
        _body.Append(p);
        return p;
    }

    public static Run Run(string text, string font = Song, int size = SiHao, bool bold = false, bool underline = false, string? color = null)
    {
        var props = new RunProperties(Fonts(font));
        if (bold)
        {
            props.Append(new Bold(), new BoldComplexScript());
        }
        if (color is not null)
        {
            props.Append(new Color { Val = color });
        }
        props.Append(new FontSize { Val = size.ToString() }, new FontSizeComplexScript { Val = size.ToString() });
        if (underline)
        {
            props.Append(new Underline { Val = UnderlineValues.Single });
        }
        // Stored text may hold characters XML cannot (kept from before input was checked): the document still opens.
        return new Run(props, new Text(TextRule.Strip(text)) { Space = SpaceProcessingModeValues.Preserve });
    }

    /// <summary>A two-column label/value table with single borders, spanning the text width.</summary>
    /// <param name="keepTogether">Keep the whole table on one page (a short table that belongs together).</param>
    public Table LabelTable(IEnumerable<(string Label, IReadOnlyList<Run[]> Lines)> rows, bool keepTogether = false)
    {
        const int labelWidth = 2000, valueWidth = TextWidth - labelWidth;
        var border = new Func<BorderType, BorderType>(b => { b.Val = BorderValues.Single; b.Size = 4; b.Space = 0; b.Color = "000000"; return b; });
        var table = new Table(
            new TableProperties(
                new TableWidth { Width = TextWidth.ToString(), Type = TableWidthUnitValues.Dxa },
                new TableBorders(
                    border(new TopBorder()), border(new LeftBorder()), border(new BottomBorder()),
                    border(new RightBorder()), border(new InsideHorizontalBorder()), border(new InsideVerticalBorder())),
                new TableLayout { Type = TableLayoutValues.Fixed },
                new TableCellMarginDefault(
                    new TopMargin { Width = "60", Type = TableWidthUnitValues.Dxa },
                    new TableCellLeftMargin { Width = 100, Type = TableWidthValues.Dxa },
                    new BottomMargin { Width = "60", Type = TableWidthUnitValues.Dxa },
                    new TableCellRightMargin { Width = 100, Type = TableWidthValues.Dxa })),
            new TableGrid(new GridColumn { Width = labelWidth.ToString() }, new GridColumn { Width = valueWidth.ToString() }));

        foreach (var (label, lines) in rows)
        {
            var valueCell = new TableCell(new TableCellProperties(
                new TableCellWidth { Width = valueWidth.ToString(), Type = TableWidthUnitValues.Dxa },
                new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }));
            foreach (var runs in lines.Count == 0 ? [[]] : lines)
            {
                valueCell.Append(CellParagraph(runs));
            }
            table.Append(new TableRow(
                new TableRowProperties(new CantSplit()),
                new TableCell(
                    new TableCellProperties(
                        new TableCellWidth { Width = labelWidth.ToString(), Type = TableWidthUnitValues.Dxa },
                        new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = "F2F2F2" },
                        new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }),
                    CellParagraph([Run(label, Hei, WuHao + 3)], JustificationValues.Center)),
                valueCell));
        }
        if (keepTogether)
        {
            // Word keeps table rows together through keepNext on their paragraphs, all but the last row.
            foreach (var row in table.Elements<TableRow>().SkipLast(1))
            {
                foreach (var paragraph in row.Descendants<Paragraph>())
                {
                    KeepWithNext(paragraph);
                }
            }
        }
        _body.Append(table);
        return table;
    }

    /// <summary>Writes the package: styles, fonts, settings, A4 section and the body built so far.</summary>
    public void Save(Stream output, string title, string author, DateTime? createdUtc)
    {
        // Generate into memory: the OpenXML package needs a seekable stream and HTTP bodies are not.
        using var buffer = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            doc.PackageProperties.Title = TextRule.Strip(title);
            doc.PackageProperties.Creator = TextRule.Strip(author);
            doc.PackageProperties.Language = "zh-CN";
            if (createdUtc is { } created)
            {
                doc.PackageProperties.Created = DateTime.SpecifyKind(created, DateTimeKind.Utc);
            }

            var main = doc.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = Styles();
            main.AddNewPart<FontTablePart>().Fonts = FontTable();
            main.AddNewPart<DocumentSettingsPart>().Settings = Settings();

            _body.Append(Section());
            main.Document = new Document(_body);
        }
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    // A4 is 11906 × 16838 twips; GB/T 9704 margins 37/35/28/26 mm.
    private const int PageWidth = 11906, PageHeight = 16838, Top = 2098, Bottom = 1984, Left = 1588, Right = 1474;
    private const int TextWidth = PageWidth - Left - Right;

    private static Paragraph NewParagraph(bool indent, JustificationValues? align)
    {
        // A fixed 28pt line, as official papers use: the same pages in Word, WPS and LibreOffice.
        var props = new ParagraphProperties(new SpacingBetweenLines { Before = "0", After = "0", Line = "560", LineRule = LineSpacingRuleValues.Exact });
        if (indent)
        {
            props.Append(new Indentation { FirstLineChars = 200, FirstLine = "560" });
        }
        props.Append(new Justification { Val = align ?? JustificationValues.Both });
        return new Paragraph(props);
    }

    private static Paragraph CellParagraph(Run[] runs, JustificationValues? align = null)
    {
        var p = new Paragraph(new ParagraphProperties(
            new SpacingBetweenLines { Before = "0", After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto },
            new Justification { Val = align ?? JustificationValues.Left }));
        p.Append(runs);
        return p;
    }

    private static RunFonts Fonts(string eastAsian) => new()
    {
        Hint = FontTypeHintValues.EastAsia,
        EastAsia = eastAsian,
        // Headings name the CJK face for Latin text too so digits in a title match; body text keeps
        // a Latin serif for digits and letters, as official documents do.
        Ascii = eastAsian == Song ? Latin : eastAsian,
        HighAnsi = eastAsian == Song ? Latin : eastAsian,
        ComplexScript = Latin,
    };

    private static SectionProperties Section() => new(
        new PageSize { Width = PageWidth, Height = PageHeight, Orient = PageOrientationValues.Portrait },
        new PageMargin { Top = Top, Bottom = Bottom, Left = Left, Right = Right, Header = 851, Footer = 992, Gutter = 0 },
        new Columns { Space = "425" });

    private static Styles Styles() => new(
        new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                Fonts(Song),
                new FontSize { Val = SiHao.ToString() },
                new FontSizeComplexScript { Val = SiHao.ToString() },
                new Languages { Val = "en-US", EastAsia = "zh-CN", Bidi = "ar-SA" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                new SpacingBetweenLines { After = "0", Line = "360", LineRule = LineSpacingRuleValues.Auto }))),
        new Style(
            new StyleName { Val = "Normal" },
            new PrimaryStyle(),
            new StyleParagraphProperties(new Justification { Val = JustificationValues.Both }))
        { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
        new Style(new StyleName { Val = "Normal Table" }, new UIPriority { Val = 99 }, new SemiHidden(), new UnhideWhenUsed(),
            new StyleTableProperties(
                new TableIndentation { Width = 0, Type = TableWidthUnitValues.Dxa },
                new TableCellMarginDefault(
                    new TopMargin { Width = "0", Type = TableWidthUnitValues.Dxa },
                    new TableCellLeftMargin { Width = 108, Type = TableWidthValues.Dxa },
                    new BottomMargin { Width = "0", Type = TableWidthUnitValues.Dxa },
                    new TableCellRightMargin { Width = 108, Type = TableWidthValues.Dxa })))
        { Type = StyleValues.Table, StyleId = "TableNormal", Default = true });

    // PANOSE and charset 86 (GB2312) let Word/WPS pick a similar Chinese face when one is not installed.
    private static Fonts FontTable() => new(
        Font(Song, "SimSun", "02010600030101010101", FontFamilyValues.Auto, FontPitchValues.Variable),
        Font(Hei, "SimHei", "02010609060101010101", FontFamilyValues.Modern, FontPitchValues.Fixed),
        Font(XiaoBiaoSong, "FZXiaoBiaoSong-B05S", "02000000000000000000", FontFamilyValues.Auto, FontPitchValues.Variable),
        Font(Latin, null, "02020603050405020304", FontFamilyValues.Roman, FontPitchValues.Variable, charset: "00"));

    private static Font Font(string name, string? altName, string panose, FontFamilyValues family, FontPitchValues pitch, string charset = "86")
    {
        var font = new Font { Name = name };
        if (altName is not null)
        {
            font.Append(new AltName { Val = altName });
        }
        font.Append(
            new Panose1Number { Val = panose },
            new FontCharSet { Val = charset },
            new FontFamily { Val = family },
            new Pitch { Val = pitch });
        return font;
    }

    private static Settings Settings() => new(
        new DefaultTabStop { Val = 420 },
        new CharacterSpacingControl { Val = CharacterSpacingValues.CompressPunctuation },
        new Compatibility(new CompatibilitySetting
        {
            Name = CompatSettingNameValues.CompatibilityMode,
            Uri = "http://schemas.microsoft.com/office/word",
            Val = "15",
        }),
        new ThemeFontLanguages { Val = "en-US", EastAsia = "zh-CN" });
}
