using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using W = DocumentFormat.OpenXml.Wordprocessing;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace GuidanceBot.Data.Tests.Documents;

/// <summary>Re-opens generated files with the OpenXML SDK: schema validation and the text where a reader sees it.</summary>
internal static class OpenXmlChecks
{
    public static void AssertValid(OpenXmlPackage package)
    {
        var errors = new OpenXmlValidator().Validate(package)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}")
            .ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    /// <summary>The body's paragraphs as text, in order (table cells included).</summary>
    public static List<string> Paragraphs(WordprocessingDocument doc) =>
        doc.MainDocumentPart!.Document!.Body!.Descendants<W.Paragraph>()
            .Select(p => string.Concat(p.Descendants<W.Text>().Select(t => t.Text)))
            .ToList();

    /// <summary>The East Asian font a paragraph's first run is set in.</summary>
    public static string? EastAsianFont(W.Paragraph paragraph) =>
        paragraph.Descendants<W.RunFonts>().FirstOrDefault()?.EastAsia?.Value;

    public static S.Worksheet Sheet(SpreadsheetDocument doc, out S.Sheet sheet)
    {
        var workbook = doc.WorkbookPart!;
        sheet = Assert.Single(workbook.Workbook!.Sheets!.Elements<S.Sheet>());
        return ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet!;
    }

    public static S.Cell? Cell(S.Worksheet sheet, string reference) =>
        sheet.Descendants<S.Cell>().FirstOrDefault(c => c.CellReference == reference);

    public static string Text(S.Worksheet sheet, string reference)
    {
        var cell = Cell(sheet, reference);
        return cell?.DataType?.Value == S.CellValues.InlineString
            ? cell.InlineString!.Text!.Text
            : cell?.CellValue?.Text ?? "";
    }

    public static double Number(S.Worksheet sheet, string reference)
    {
        var cell = Cell(sheet, reference) ?? throw new Xunit.Sdk.XunitException($"no cell {reference}");
        Assert.Null(cell.DataType);
        return double.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The number format code a cell is shown with.</summary>
    public static string Format(SpreadsheetDocument doc, S.Worksheet sheet, string reference)
    {
        var styles = doc.WorkbookPart!.WorkbookStylesPart!.Stylesheet!;
        var xf = styles.CellFormats!.Elements<S.CellFormat>().ElementAt((int)(Cell(sheet, reference)!.StyleIndex?.Value ?? 0));
        var id = xf.NumberFormatId!.Value;
        var custom = styles.NumberingFormats?.Elements<S.NumberingFormat>().FirstOrDefault(f => f.NumberFormatId?.Value == id);
        return custom?.FormatCode?.Value ?? $"builtin:{id}";
    }
}
