using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Data.Documents.Spreadsheet;

/// <summary>Cell styles of the one stylesheet every workbook here uses (indexes into cellXfs).</summary>
internal enum CellStyle : uint
{
    Default = 0,
    Title = 1,
    Header = 2,
    Text = 3,
    Integer = 4,
    Date = 5,
    Percent = 6,
    PercentChange = 7,
    Section = 8,
}

/// <summary>
/// A single-sheet workbook with a title row, bordered table cells and real numbers and dates
/// (so Excel and WPS sort and sum them), written with the OpenXML SDK.
/// </summary>
internal sealed class SheetWriter(string sheetName)
{
    public const string DateFormat = "yyyy\"年\"m\"月\"d\"日\"";
    public const string PercentFormat = "0.0%";
    public const string PercentChangeFormat = "+0.0%;-0.0%;0.0%";

    private readonly SheetData _data = new();
    private readonly List<string> _merges = [];
    private double[] _widths = [];
    private uint _row;
    private uint _frozenRows;
    private string? _autoFilter;

    public uint CurrentRow => _row;

    public void Widths(params double[] widths) => _widths = widths;

    /// <summary>A bold title across <paramref name="columns"/> columns.</summary>
    public void Title(string text, int columns)
    {
        var row = NextRow(height: 30);
        row.Append(TextCell(1, text, CellStyle.Title));
        for (var c = 2; c <= columns; c++)
        {
            row.Append(new Cell { CellReference = Ref(c, _row), StyleIndex = (uint)CellStyle.Title });
        }
        _merges.Add($"{Ref(1, _row)}:{Ref(columns, _row)}");
    }

    public void Section(string text)
    {
        var row = NextRow(height: 22);
        row.Append(TextCell(1, text, CellStyle.Section));
    }

    public void Blank() => NextRow();

    public void Header(params string[] names)
    {
        var row = NextRow(height: 22);
        for (var i = 0; i < names.Length; i++)
        {
            row.Append(TextCell(i + 1, names[i], CellStyle.Header));
        }
    }

    /// <summary>Rows above the current one stay visible while scrolling; the header gets a filter.</summary>
    public void FreezeAboveAndFilter(int columns, uint lastRow)
    {
        _frozenRows = _row;
        _autoFilter = $"{Ref(1, _row)}:{Ref(columns, Math.Max(lastRow, _row))}";
    }

    /// <summary>One data row; values are strings, ints, doubles, DateOnly or null (empty cell).</summary>
    public void Row(params (object? Value, CellStyle Style)[] cells)
    {
        var row = NextRow();
        for (var i = 0; i < cells.Length; i++)
        {
            var (value, style) = cells[i];
            var column = i + 1;
            row.Append(value switch
            {
                null => new Cell { CellReference = Ref(column, _row), StyleIndex = (uint)style },
                string s => TextCell(column, s, style),
                int n => NumberCell(column, n, style),
                double d => NumberCell(column, d, style),
                DateOnly date => NumberCell(column, date.ToDateTime(TimeOnly.MinValue).ToOADate(), style),
                _ => throw new ArgumentException($"Unsupported cell value {value.GetType()}", nameof(cells)),
            });
        }
    }

    /// <summary>Merges columns of the current row (the covered cells are already written, for borders).</summary>
    public void MergeInRow(int fromColumn, int toColumn) => _merges.Add($"{Ref(fromColumn, _row)}:{Ref(toColumn, _row)}");

    public void Save(Stream output, string title, DateTime createdUtc)
    {
        using var buffer = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            doc.PackageProperties.Title = TextRule.Strip(title);
            doc.PackageProperties.Creator = "GuidanceBot";
            doc.PackageProperties.Language = "zh-CN";
            doc.PackageProperties.Created = DateTime.SpecifyKind(createdUtc, DateTimeKind.Utc);

            var workbookPart = doc.AddWorkbookPart();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();

            var worksheet = new Worksheet();
            worksheet.Append(Views());
            worksheet.Append(new SheetFormatProperties { DefaultRowHeight = 18, CustomHeight = true });
            if (_widths.Length > 0)
            {
                worksheet.Append(new Columns(_widths.Select((w, i) => new Column
                {
                    Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true,
                })));
            }
            worksheet.Append(_data);
            if (_autoFilter is not null)
            {
                worksheet.Append(new AutoFilter { Reference = _autoFilter });
            }
            if (_merges.Count > 0)
            {
                worksheet.Append(new MergeCells(_merges.Select(m => new MergeCell { Reference = m })));
            }
            worksheet.Append(
                new PageMargins { Left = 0.5, Right = 0.5, Top = 0.75, Bottom = 0.75, Header = 0.3, Footer = 0.3 },
                new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
            sheetPart.Worksheet = worksheet;

            var sheets = new Sheets(new Sheet { Id = workbookPart.GetIdOfPart(sheetPart), SheetId = 1, Name = sheetName });
            var workbook = new Workbook(sheets);
            if (_autoFilter is not null)
            {
                // Excel expects the hidden name that backs an autofilter.
                workbook.Append(new DefinedNames(new DefinedName
                {
                    Name = "_xlnm._FilterDatabase", LocalSheetId = 0, Hidden = true,
                    Text = $"'{sheetName}'!{Absolute(_autoFilter)}",
                }));
            }
            workbookPart.Workbook = workbook;
        }
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    public static string Ref(int column, uint row) => ColumnName(column) + row;

    public static string ColumnName(int column)
    {
        var name = "";
        for (; column > 0; column = (column - 1) / 26)
        {
            name = (char)('A' + (column - 1) % 26) + name;
        }
        return name;
    }

    private static string Absolute(string range) =>
        string.Join(':', range.Split(':').Select(r =>
        {
            var letters = new string(r.TakeWhile(char.IsLetter).ToArray());
            return $"${letters}${r[letters.Length..]}";
        }));

    private Row NextRow(double? height = null)
    {
        _row++;
        var row = new Row { RowIndex = _row };
        if (height is { } h)
        {
            row.Height = h;
            row.CustomHeight = true;
        }
        _data.Append(row);
        return row;
    }

    // Stored text may hold characters XML cannot (kept from before input was checked): the workbook still opens.
    private Cell TextCell(int column, string text, CellStyle style) => new(new InlineString(new Text(TextRule.Strip(text)) { Space = SpaceProcessingModeValues.Preserve }))
    {
        CellReference = Ref(column, _row),
        DataType = CellValues.InlineString,
        StyleIndex = (uint)style,
    };

    private Cell NumberCell(int column, double value, CellStyle style) => new(new CellValue(value))
    {
        CellReference = Ref(column, _row),
        StyleIndex = (uint)style,
    };

    private SheetViews Views()
    {
        var view = new SheetView { WorkbookViewId = 0, TabSelected = true };
        if (_frozenRows > 0)
        {
            var topLeft = Ref(1, _frozenRows + 1);
            view.Append(
                new Pane { VerticalSplit = _frozenRows, TopLeftCell = topLeft, ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = topLeft, SequenceOfReferences = new ListValue<StringValue> { InnerText = topLeft } });
        }
        return new SheetViews(view);
    }

    private static Stylesheet Styles()
    {
        var thin = new Func<BorderPropertiesType, BorderPropertiesType>(b =>
        {
            b.Style = BorderStyleValues.Thin;
            b.Append(new Color { Indexed = 64 });
            return b;
        });

        return new Stylesheet(
            new NumberingFormats(
                new NumberingFormat { NumberFormatId = 164, FormatCode = DateFormat },
                new NumberingFormat { NumberFormatId = 165, FormatCode = PercentFormat },
                new NumberingFormat { NumberFormatId = 166, FormatCode = PercentChangeFormat })
            { Count = 3 },
            new Fonts(
                SheetFont(11, bold: false),
                SheetFont(11, bold: true),
                SheetFont(16, bold: true))
            { Count = 3 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(
                    new ForegroundColor { Rgb = "FFD9E1F2" },
                    new BackgroundColor { Indexed = 64 })
                { PatternType = PatternValues.Solid }))
            { Count = 3 },
            new Borders(
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
                new Border(
                    thin(new LeftBorder()), thin(new RightBorder()), thin(new TopBorder()), thin(new BottomBorder()),
                    new DiagonalBorder()))
            { Count = 2 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(
                Xf(0, 0, 0, 0, null, null),                                                    // Default
                Xf(0, 2, 0, 0, HorizontalAlignmentValues.Center, false),                        // Title
                Xf(0, 1, 2, 1, HorizontalAlignmentValues.Center, true),                         // Header
                Xf(0, 0, 0, 1, HorizontalAlignmentValues.Left, true),                           // Text
                Xf(1, 0, 0, 1, HorizontalAlignmentValues.Center, false),                        // Integer
                Xf(164, 0, 0, 1, HorizontalAlignmentValues.Center, false),                      // Date
                Xf(165, 0, 0, 1, HorizontalAlignmentValues.Center, false),                      // Percent
                Xf(166, 0, 0, 1, HorizontalAlignmentValues.Center, false),                      // PercentChange
                Xf(0, 1, 0, 0, HorizontalAlignmentValues.Left, false))                          // Section
            { Count = 9 },
            new CellStyles(new DocumentFormat.OpenXml.Spreadsheet.CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }

    private static Font SheetFont(double size, bool bold)
    {
        var font = new Font();
        if (bold)
        {
            font.Append(new Bold());
        }
        font.Append(
            new FontSize { Val = size },
            new FontName { Val = "宋体" },
            new FontFamilyNumbering { Val = 3 },
            new FontCharSet { Val = 134 });
        return font;
    }

    private static CellFormat Xf(uint numFmt, uint font, uint fill, uint border, HorizontalAlignmentValues? horizontal, bool? wrap)
    {
        var xf = new CellFormat
        {
            NumberFormatId = numFmt, FontId = font, FillId = fill, BorderId = border, FormatId = 0,
            ApplyNumberFormat = numFmt != 0, ApplyFont = font != 0, ApplyFill = fill != 0, ApplyBorder = border != 0,
        };
        if (horizontal is not null)
        {
            xf.ApplyAlignment = true;
            xf.Append(new Alignment { Horizontal = horizontal, Vertical = VerticalAlignmentValues.Center, WrapText = wrap });
        }
        return xf;
    }
}
