using System.Globalization;
using GuidanceBot.Data.Documents;
using GuidanceBot.Data.Documents.Spreadsheet;
using GuidanceBot.Data.Resources;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Data.Enterprises;

/// <summary>
/// The workbook a county fills in for the enterprise import: the first sheet has the header row the reader
/// expects (<see cref="EnterpriseList.ImportColumns"/>, in the reader's language) and one example row it
/// accepts; the second explains each column and lists the categories. Its headers come from the reader's
/// columns, so the two cannot drift apart.
/// </summary>
public static class EnterpriseListTemplate
{
    /// <summary>A valid code for the example row (authority 9, type 1, Luohe 411100, organisation code 12345678 and its check).</summary>
    public static readonly string ExampleCreditCode = Example();

    public static DocumentFile Create(IReadOnlyList<EnterpriseCategory> categories, CultureInfo culture, DateTime createdUtc)
    {
        string T(string code, params object[] args) => DomainText.Get(code, culture, args);
        var english = culture.TwoLetterISOLanguageName == "en";
        var ordered = categories.OrderBy(c => c.SortOrder).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();
        var columns = EnterpriseList.ImportColumns;

        var list = new SheetWriter(T("template.sheet.list"));
        list.Widths(40, 26, 18, 14);
        list.ColumnStyle(columns.ToList().IndexOf(EnterpriseList.CreditCodeColumn) + 1, CellStyle.TextFormat);
        list.Header([.. columns.Select(c => c.Header(culture))]);
        list.FreezeAboveAndFilter(columns.Count, 2);
        var example = ordered.FirstOrDefault();
        list.Row([.. columns.Select(c => ((object?)ExampleValue(c, example, english, T), c == EnterpriseList.CreditCodeColumn ? CellStyle.TextFormat : CellStyle.Text))]);

        var notes = new SheetWriter(T("template.sheet.notes"));
        notes.Widths(22, 12, 72, 28);
        notes.Header(T("template.notes.column"), T("template.notes.required"), T("template.notes.description"), T("template.notes.example"));
        foreach (var column in columns)
        {
            notes.Row(
                (column.Header(culture), CellStyle.Text),
                (T(column.Required ? "template.required.yes" : "template.required.no"), CellStyle.Text),
                (T("template.column." + column.Field, string.Join(english ? ", " : "、", column.Headers.Where(h => h != column.Header(culture)))), CellStyle.Text),
                (ExampleValue(column, example, english, T), CellStyle.Text));
        }
        notes.Blank();
        notes.Section(T("template.categories"));
        foreach (var category in ordered)
        {
            notes.Row((english ? category.NameEn : category.Name, CellStyle.Text), (category.Code, CellStyle.Text));
        }
        notes.Blank();
        notes.Section(T("template.file"));
        foreach (var line in new[] { "template.file.example_row", "template.file.first_sheet", "template.file.rows", "template.file.csv" })
        {
            notes.Row((T(line, EnterpriseList.MaxImportRows), CellStyle.Default));
            notes.MergeInRow(1, 4);
        }

        using var output = new MemoryStream();
        SheetWriter.SaveWorkbook(output, T("template.title"), createdUtc, list, notes);
        return new DocumentFile(T("template.file_name") + ".xlsx", DocumentFile.Xlsx, output.ToArray());
    }

    private static string ExampleValue(EnterpriseList.Column column, EnterpriseCategory? category, bool english, Func<string, object[], string> text) => column.Field switch
    {
        "name" => text("template.example.name", []),
        "creditCode" => ExampleCreditCode,
        "category" => category is null ? "" : english ? category.NameEn : category.Name,
        "tier" => english ? EnterpriseList.KeyTier[1] : EnterpriseList.KeyTier[0],
        _ => "",
    };

    private static string Example()
    {
        const string organisation = "12345678";
        var first17 = "91411100" + organisation + CreditCode.ComputeOrganisationCheckChar(organisation);
        return first17 + CreditCode.ComputeCheckChar(first17);
    }
}
