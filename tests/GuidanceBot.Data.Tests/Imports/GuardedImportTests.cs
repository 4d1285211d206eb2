using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Imports;
using GuidanceBot.Data.Rules;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace GuidanceBot.Data.Tests.Imports;

/// <summary>
/// The guarded reader under hostile files: what it allocates stays far below what the file would expand
/// to, because every limit is checked while reading, and the refusal names the limit.
/// </summary>
public class GuardedImportTests
{
    private static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");

    private static readonly EnterpriseCategory[] Categories =
    [
        new() { Code = "industry-trade", Name = "工贸", NameEn = "Industry and trade" },
    ];

    private static string Code(int n)
    {
        var first17 = "91411100" + n.ToString("D9", CultureInfo.InvariantCulture);
        return first17 + CreditCode.ComputeCheckChar(first17);
    }

    private static EnterpriseListResult Read(byte[] file, TableFormat format, int maxRows = 20_000) =>
        EnterpriseList.Read(new MemoryStream(file), format, Categories, Zh, (key, args) => key + "(" + string.Join(",", args) + ")", maxRows);

    /// <summary>Bytes allocated on this thread while <paramref name="read"/> runs (the reader is synchronous).</summary>
    private static long Allocated(Action read)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        read();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>
    /// A minimal XLSX (what Excel writes: shared strings, the first sheet by relation) whose parts are
    /// written by the callers, so a part can be far larger than anything held in memory while writing it.
    /// </summary>
    private static byte[] Xlsx(Action<Stream> sharedStrings, Action<Stream> sheet)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string path, string xml) => Write(zip, path, s => s.Write(Encoding.UTF8.GetBytes(xml)));
            Part("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>""");
            Part("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Part("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Part("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");
            Write(zip, "xl/sharedStrings.xml", sharedStrings);
            Write(zip, "xl/worksheets/sheet1.xml", sheet);
        }
        return buffer.ToArray();
    }

    private static void Write(ZipArchive zip, string path, Action<Stream> content)
    {
        using var s = zip.CreateEntry(path, CompressionLevel.Optimal).Open();
        content(s);
    }

    /// <summary>Rewrites the uncompressed size an entry declares (local header and central directory), as a forged file would.</summary>
    private static void DeclareSize(byte[] zip, string entry, uint size)
    {
        var name = Encoding.UTF8.GetBytes(entry);
        for (var i = 0; i + 46 < zip.Length; i++)
        {
            var local = BitConverter.ToUInt32(zip, i) == 0x04034b50 && zip.AsSpan(i + 30, name.Length).SequenceEqual(name) && BitConverter.ToUInt16(zip, i + 26) == name.Length;
            var central = BitConverter.ToUInt32(zip, i) == 0x02014b50 && BitConverter.ToUInt16(zip, i + 28) == name.Length && zip.AsSpan(i + 46, name.Length).SequenceEqual(name);
            if (local)
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + 22, 4), size);
            }
            if (central)
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + 24, 4), size);
            }
        }
    }

    private static void Text(Stream s, string text) => s.Write(Encoding.UTF8.GetBytes(text));

    /// <summary><paramref name="count"/> copies of <paramref name="unit"/>, written a block at a time.</summary>
    private static void Repeat(Stream s, string unit, long count)
    {
        var block = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(unit, 64 * 1024 / Math.Max(1, unit.Length))));
        var perBlock = 64 * 1024 / Math.Max(1, unit.Length);
        for (var written = 0L; written < count; written += perBlock)
        {
            var n = (int)Math.Min(perBlock, count - written);
            s.Write(block, 0, n * Encoding.UTF8.GetByteCount(unit));
        }
    }

    private const string Header = """<?xml version="1.0" encoding="UTF-8"?>""";
    private const string SstOpen = Header + """<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">""";
    private const string SheetOpen = Header + """<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""";

    /// <summary>The header row and one enterprise, every cell a shared string 0–5 (then the cell under test is #6).</summary>
    private static string Strings(string name = "甲厂") => $"<si><t>name</t></si><si><t>creditCode</t></si><si><t>category</t></si><si><t>tier</t></si><si><t>{name}</t></si><si><t>{Code(1)}</t></si><si><t>工贸</t></si><si><t>重点</t></si>";

    private const string Rows = """<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row><row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" t="s"><v>5</v></c><c r="C2" t="s"><v>6</v></c><c r="D2" t="s"><v>7</v></c></row>""";

    [Fact]
    public void The_150_KB_file_with_a_cell_of_150_million_characters_is_refused_without_unpacking_it()
    {
        // 150 KB on disk, 150 million characters (300 MB as a .NET string) in one shared string.
        var file = Xlsx(
            s => { Text(s, SstOpen + Strings() + "<si><t>"); Repeat(s, "x", 150_000_000); Text(s, "</t></si></sst>"); },
            s => Text(s, SheetOpen + Rows + "</sheetData></worksheet>"));
        Assert.InRange(file.Length, 1, 400 * 1024);

        EnterpriseListResult result = null!;
        var allocated = Allocated(() => result = Read(file, TableFormat.Xlsx));

        Assert.Equal("文件解压后超过 32 MB 的上限，未读取。", result.FileError);
        Assert.Empty(result.Rows);
        Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated / 1024 / 1024} MB while reading");
    }

    [Fact]
    public void The_same_file_lying_about_its_size_is_stopped_at_the_cell_limit_while_unpacking()
    {
        var file = Xlsx(
            s => { Text(s, SstOpen + Strings() + "<si><t>"); Repeat(s, "x", 150_000_000); Text(s, "</t></si></sst>"); },
            s => Text(s, SheetOpen + Rows + "</sheetData></worksheet>"));
        DeclareSize(file, "xl/sharedStrings.xml", 4096);

        EnterpriseListResult result = null!;
        var allocated = Allocated(() => result = Read(file, TableFormat.Xlsx));

        Assert.Equal("文件中有单元格超过 1000 个字符的上限，文件未读取。", result.FileError);
        Assert.Empty(result.Rows);
        Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated / 1024 / 1024} MB while reading");
    }

    [Fact]
    public void A_cell_of_20_million_characters_is_refused_after_reading_a_thousand_of_them()
    {
        // Within the unpacked limit (20 MB), but 40 MB as a .NET string, and 20,000 times the longest cell a list has.
        var file = Xlsx(
            s => { Text(s, SstOpen + Strings() + "<si><t>"); Repeat(s, "x", 20_000_000); Text(s, "</t></si></sst>"); },
            s => Text(s, SheetOpen + Rows + "</sheetData></worksheet>"));

        EnterpriseListResult result = null!;
        var allocated = Allocated(() => result = Read(file, TableFormat.Xlsx));

        Assert.Equal("文件中有单元格超过 1000 个字符的上限，文件未读取。", result.FileError);
        Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated / 1024 / 1024} MB while reading");
    }

    [Fact]
    public void An_inline_cell_of_20_million_characters_is_refused_naming_its_row()
    {
        var file = Xlsx(
            s => Text(s, SstOpen + Strings() + "</sst>"),
            s => { Text(s, SheetOpen + Rows + """<row r="3"><c r="A3" t="inlineStr"><is><t>"""); Repeat(s, "y", 20_000_000); Text(s, "</t></is></c></row></sheetData></worksheet>"); });

        EnterpriseListResult result = null!;
        var allocated = Allocated(() => result = Read(file, TableFormat.Xlsx));

        Assert.Equal("第 3 行有单元格超过 1000 个字符的上限，文件未读取。", result.FileError);
        Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated / 1024 / 1024} MB while reading");
    }

    [Fact]
    public void A_zip_bomb_of_shared_strings_is_refused_at_the_text_limit_with_bounded_memory()
    {
        // 30 MB of shared strings (10 million characters) in a few KB: a naive reader holds them all before the sheet.
        var line = "<si><t>" + new string('甲', 300) + "</t></si>";
        var file = Xlsx(
            s => { Text(s, SstOpen + Strings()); Repeat(s, line, 30L * 1024 * 1024 / Encoding.UTF8.GetByteCount(line)); Text(s, "</sst>"); },
            s => Text(s, SheetOpen + Rows + "</sheetData></worksheet>"));
        Assert.InRange(file.Length, 1, 1024 * 1024);

        EnterpriseListResult result = null!;
        var allocated = Allocated(() => result = Read(file, TableFormat.Xlsx));

        Assert.Equal("文件中的文字超过 8000000 个字符的上限，未读取。", result.FileError);
        // The budget is 8 million characters (16 MB of strings): the reader holds no more, whatever the file unpacks to.
        Assert.True(allocated < 40 * 1024 * 1024, $"allocated {allocated / 1024 / 1024} MB while reading");
    }

    [Fact]
    public void A_zip_bomb_lying_about_its_size_is_refused_as_damaged_at_the_declared_size()
    {
        // 256 MB of empty rows after the header, declared as 4 KB: unpacking stops where the entry said it ends.
        var file = Xlsx(
            s => Text(s, SstOpen + Strings() + "</sst>"),
            s => { Text(s, SheetOpen + Rows); Repeat(s, "<row/>", 256L * 1024 * 1024 / 6); Text(s, "</sheetData></worksheet>"); });
        Assert.InRange(file.Length, 1, 4 * 1024 * 1024);
        DeclareSize(file, "xl/worksheets/sheet1.xml", 4096);

        EnterpriseListResult result = null!;
        var allocated = Allocated(() => result = Read(file, TableFormat.Xlsx));

        Assert.StartsWith("upload.unreadable(XLSX 文件已损坏（xl/worksheets/sheet1.xml", result.FileError);
        Assert.True(allocated < 16 * 1024 * 1024, $"allocated {allocated / 1024 / 1024} MB while reading");
    }

    [Fact]
    public void A_declared_size_above_the_limit_is_refused_before_unpacking()
    {
        var file = Xlsx(
            s => Text(s, SstOpen + Strings() + "</sst>"),
            s => { Text(s, SheetOpen + Rows); Repeat(s, " ", 40L * 1024 * 1024); Text(s, "</sheetData></worksheet>"); });

        EnterpriseListResult result = null!;
        var allocated = Allocated(() => result = Read(file, TableFormat.Xlsx));

        Assert.Equal("文件解压后超过 32 MB 的上限，未读取。", result.FileError);
        Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated / 1024 / 1024} MB while reading");
    }

    [Fact]
    public void A_list_at_the_row_limit_with_the_longest_names_is_read_whole()
    {
        // What the limits must never refuse: 20,000 enterprises named with 200 characters each, every cell a shared string as Excel writes it.
        const int rows = 20_000;
        string Name(int i) => i.ToString("D6", CultureInfo.InvariantCulture) + new string('厂', 194);
        var file = Xlsx(
            s =>
            {
                Text(s, SstOpen + "<si><t>name</t></si><si><t>creditCode</t></si><si><t>category</t></si><si><t>tier</t></si><si><t>工贸</t></si><si><t>重点</t></si>");
                for (var i = 1; i <= rows; i++)
                {
                    Text(s, $"<si><t>{Name(i)}</t></si><si><t>{Code(i)}</t></si>");
                }
                Text(s, "</sst>");
            },
            s =>
            {
                Text(s, SheetOpen + """<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>""");
                for (var i = 1; i <= rows; i++)
                {
                    var r = i + 1;
                    Text(s, $"""<row r="{r}"><c r="A{r}" t="s"><v>{4 + 2 * i}</v></c><c r="B{r}" t="s"><v>{5 + 2 * i}</v></c><c r="C{r}" t="s"><v>4</v></c><c r="D{r}" t="s"><v>5</v></c></row>""");
                }
                Text(s, "</sheetData></worksheet>");
            });

        var result = Read(file, TableFormat.Xlsx, maxRows: rows);

        Assert.Null(result.FileError);
        Assert.Empty(result.Errors);
        Assert.Equal(rows, result.Rows.Count);
        Assert.Equal(Name(rows), result.Rows[^1].Name);
    }

    [Fact]
    public void A_csv_cell_of_four_million_characters_is_refused_at_its_row()
    {
        var csv = new StringBuilder("name,creditCode,category,tier\n").Append("甲厂,").Append(Code(1)).Append(",工贸,重点\n");
        csv.Append('"').Append('x', 4_000_000).Append("\",").Append(Code(2)).Append(",工贸,一般\n");
        var file = Encoding.UTF8.GetBytes(csv.ToString());

        EnterpriseListResult result = null!;
        var allocated = Allocated(() => result = Read(file, TableFormat.Csv));

        Assert.Equal("第 3 行有单元格超过 1000 个字符的上限，文件未读取。", result.FileError);
        // The file's own bytes are the caller's; the reader adds buffers, not the cell.
        Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated / 1024 / 1024} MB while reading");
    }

    [Fact]
    public void Too_many_cells_in_a_row_is_refused_naming_the_row_and_the_limit()
    {
        var csv = "name,creditCode,category,tier\n" + "甲厂," + Code(1) + ",工贸,重点" + string.Concat(Enumerable.Repeat(",x", 70)) + "\n";
        Assert.Equal("第 2 行超过 64 个单元格的上限，文件未读取。", Read(Encoding.UTF8.GetBytes(csv), TableFormat.Csv).FileError);
    }

    [Fact]
    public void The_row_limit_stops_reading_at_the_first_row_over_it()
    {
        var csv = new StringBuilder("name,creditCode,category,tier\n");
        for (var i = 1; i <= 11; i++)
        {
            csv.Append("厂").Append(i).Append(',').Append(Code(i)).Append(",工贸,重点\n");
        }
        Assert.Equal("import.too_many_rows(10)", Read(Encoding.UTF8.GetBytes(csv.ToString()), TableFormat.Csv, maxRows: 10).FileError);
        Assert.Null(Read(Encoding.UTF8.GetBytes(csv.ToString()), TableFormat.Csv, maxRows: 11).FileError);
    }

    [Fact]
    public void A_row_with_more_cells_than_the_header_is_an_error_of_that_row_only()
    {
        var csv = $"name,creditCode,category,tier\n甲厂,{Code(1)},工贸,重点\n乙厂,{Code(2)},工贸,一般,多余\n丙厂,{Code(3)},工贸,一般,,\n";
        var result = Read(Encoding.UTF8.GetBytes(csv), TableFormat.Csv);

        Assert.Null(result.FileError);
        Assert.Equal(3, result.TotalRows);
        Assert.Equal([2, 4], result.Rows.Select(r => r.Row));
        var error = Assert.Single(result.Errors);
        Assert.Equal((3, "row"), (error.Row, error.Field));
        Assert.Equal("这一行有 5 个单元格，多于表头的 4 列，请删除多余的内容。", error.Message);
    }

    [Fact]
    public void Csv_quotes_blank_lines_and_row_numbers_are_read_as_a_spreadsheet_shows_them()
    {
        var csv = "\uFEFFname,creditCode,category,tier\r\n\"甲厂, \"\"老厂\"\"\",\r\n\r\n\"乙\n厂\"," + Code(2) + ",工贸,一般";
        var rows = TableReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), TableFormat.Csv, new ImportLimits()).ToList();

        Assert.Equal([1, 2, 4], rows.Select(r => r.Number));
        Assert.Equal(["name", "creditCode", "category", "tier"], rows[0].Cells);
        Assert.Equal(["甲厂, \"老厂\""], rows[1].Cells);
        Assert.Equal(["乙\n厂", Code(2), "工贸", "一般"], rows[2].Cells);
    }

    [Fact]
    public void A_csv_that_is_not_utf8_is_refused_with_a_hint()
    {
        var gbk = new byte[] { 0x6E, 0x61, 0x6D, 0x65, 0x0A, 0xBC, 0xD7, 0xB3, 0xA7, 0x0A }; // "name\n甲厂\n" in GBK
        Assert.Equal("upload.unreadable(CSV 文件不是 UTF-8 编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”)", Read(gbk, TableFormat.Csv).FileError);
    }

    [Fact]
    public void An_xlsx_written_by_the_OpenXml_SDK_with_shared_strings_rich_text_numbers_and_gaps_is_read()
    {
        using var buffer = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = doc.AddWorkbookPart();
            workbook.Workbook = new S.Workbook();
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new S.SharedStringTable(
                new S.SharedStringItem(new S.Text("企业名称")),
                new S.SharedStringItem(new S.Run(new S.Text("甲")), new S.Run(new S.RunProperties(new S.Bold()), new S.Text("化工")),
                    new S.PhoneticRun(new S.Text("カコウ")) { BaseTextStartIndex = 0, EndingBaseIndex = 1 }));
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            S.Cell Shared(string r, int i) => new() { CellReference = r, DataType = S.CellValues.SharedString, CellValue = new S.CellValue(i.ToString(CultureInfo.InvariantCulture)) };
            S.Cell Inline(string r, string t) => new(new S.InlineString(new S.Text(t))) { CellReference = r, DataType = S.CellValues.InlineString };
            sheetPart.Worksheet = new S.Worksheet(new S.SheetData(
                new S.Row(Shared("A1", 0), Inline("B1", "统一社会信用代码"), Inline("C1", "类别"), Inline("D1", "重点/一般"), Inline("E1", "是否列入计划")) { RowIndex = 1 },
                new S.Row(new S.Cell { CellReference = "A3", StyleIndex = 0 }) { RowIndex = 3 },
                new S.Row(Shared("A5", 1), Inline("B5", Code(5)), Inline("C5", "工贸"), Inline("D5", "重点"),
                    new S.Cell(new S.CellFormula("1=1"), new S.CellValue("1")) { CellReference = "E5", DataType = S.CellValues.Boolean }) { RowIndex = 5 }));
            workbook.Workbook.AppendChild(new S.Sheets(new S.Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "名单" }));
        }

        var result = EnterpriseList.Read(new MemoryStream(buffer.ToArray()), TableFormat.Xlsx, Categories, Zh, (k, a) => k, 100, requirePlanned: true);

        Assert.Null(result.FileError);
        Assert.Empty(result.Errors);
        Assert.Equal(new EnterpriseListRow(5, "甲化工", Code(5), "industry-trade", EnterpriseTier.Key, true), Assert.Single(result.Rows));
    }

    [Fact]
    public void A_file_that_is_not_an_xlsx_is_unreadable_not_a_crash()
    {
        Assert.Equal("upload.unreadable(不是有效的 XLSX 文件)", Read(Encoding.UTF8.GetBytes("name,creditCode\n"), TableFormat.Xlsx).FileError);
        var broken = Xlsx(s => Text(s, SstOpen + "<si><t>a</t>"), s => Text(s, SheetOpen + Rows));
        Assert.StartsWith("upload.unreadable(XLSX 文件已损坏（xl/sharedStrings.xml", Read(broken, TableFormat.Xlsx).FileError);
    }

    [Fact]
    public void A_name_with_a_control_character_is_an_error_of_its_row()
    {
        var csv = $"name,creditCode,category,tier\n甲\u0001厂,{Code(1)},工贸,重点\n\u200B,{Code(2)},工贸,一般\n乙\u202E厂,{Code(3)},工贸,一般\n";
        var result = Read(Encoding.UTF8.GetBytes(csv), TableFormat.Csv);

        Assert.Empty(result.Rows);
        Assert.Equal([(2, "name"), (3, "name"), (4, "name")], result.Errors.Select(e => (e.Row, e.Field)));
        Assert.Contains("U+0001", result.Errors[0].Message);
        Assert.Equal("field.required(name)", result.Errors[1].Message);
        Assert.Contains("U+202E", result.Errors[2].Message);
    }
}
