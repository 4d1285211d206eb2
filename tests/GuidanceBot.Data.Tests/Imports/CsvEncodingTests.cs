using System.Globalization;
using System.Text;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Imports;
using GuidanceBot.Data.Resources;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Data.Tests.Imports;

/// <summary>
/// CSV as Chinese offices save it: Excel's "CSV (逗号分隔)" on Chinese Windows writes GB18030/GBK, "CSV UTF-8"
/// writes UTF-8 with a BOM, other tools UTF-8 without. Each is read to the same rows; anything else is refused
/// naming the encodings accepted, never read garbled; and the limits hold for every encoding.
/// </summary>
public class CsvEncodingTests
{
    private static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");
    private static readonly Encoding Gb18030 = CsvEncodingDetector.Gb18030;

    private static readonly EnterpriseCategory[] Categories =
    [
        new() { Code = "industry-trade", Name = "工贸", NameEn = "Industry and trade" },
        new() { Code = "hazardous-chemicals", Name = "危险化学品", NameEn = "Hazardous chemicals" },
    ];

    private static string Code(int n)
    {
        var first17 = "91411100" + n.ToString("D9", CultureInfo.InvariantCulture);
        return first17 + CreditCode.ComputeCheckChar(first17);
    }

    /// <summary>Names with GB2312 characters, a GBK-only one (堃) and one four bytes long in GB18030 (𡐓, CJK extension B).</summary>
    private static readonly string List =
        "企业名称,统一社会信用代码,行业类别,重点/一般\r\n" +
        $"舞阳县钢铁有限责任公司,{Code(1)},工贸,重点\r\n" +
        $"\"漯河市堃元化工（集团）有限公司\",{Code(2)},危险化学品,一般\r\n" +
        $"𡐓记五金厂,{Code(3)},工贸,一般\r\n";

    private const string Header = "企业名称,统一社会信用代码,行业类别,重点/一般\n";

    private static EnterpriseListResult Read(byte[] file, CultureInfo? culture = null, ImportLimits? limits = null) =>
        EnterpriseList.Read(new MemoryStream(file), TableFormat.Csv, Categories, culture ?? Zh, (key, args) => key + "(" + string.Join(",", args) + ")", 20_000, limits: limits);

    private static byte[] Utf8(string text, bool bom) => [.. (bom ? new byte[] { 0xEF, 0xBB, 0xBF } : []), .. Encoding.UTF8.GetBytes(text)];

    private static string Refusal(CultureInfo culture, string code = "import.encoding") => $"upload.unreadable({DomainText.Get(code, culture)})";

    [Fact]
    public void A_gb18030_csv_from_excel_on_chinese_windows_is_read_with_the_names_intact()
    {
        var file = Gb18030.GetBytes(List);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(file)); // really not UTF-8

        var result = Read(file);

        Assert.Null(result.FileError);
        Assert.Empty(result.Errors);
        Assert.Equal(["舞阳县钢铁有限责任公司", "漯河市堃元化工（集团）有限公司", "𡐓记五金厂"], result.Rows.Select(r => r.Name));
        Assert.Equal([Code(1), Code(2), Code(3)], result.Rows.Select(r => r.CreditCode));
        Assert.Equal(["industry-trade", "hazardous-chemicals", "industry-trade"], result.Rows.Select(r => r.CategoryCode));
    }

    [Fact]
    public void The_same_list_in_utf8_with_and_without_a_bom_and_in_gbk_reads_the_same()
    {
        var gbk = Read(Gb18030.GetBytes(List));
        var withBom = Read(Utf8(List, bom: true));
        var withoutBom = Read(Utf8(List, bom: false));

        Assert.Equal(3, gbk.Rows.Count);
        Assert.Equal(gbk.Rows, withBom.Rows);
        Assert.Equal(gbk.Rows, withoutBom.Rows);
    }

    [Fact]
    public void A_file_in_no_accepted_encoding_is_refused_naming_the_encodings_in_the_callers_language()
    {
        var random = new byte[4096];
        new Random(16).NextBytes(random);
        var files = new Dictionary<string, byte[]>
        {
            ["UTF-16LE without BOM"] = Encoding.Unicode.GetBytes(List),
            ["UTF-16LE with BOM"] = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(List)],
            ["UTF-16BE with BOM"] = [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(List)],
            ["UTF-32 without BOM"] = Encoding.UTF32.GetBytes(List),
            ["random bytes"] = random,
            // Valid GB18030 byte sequences that decode to a C1 control (81 30 81 30 = U+0080) or a control: not text.
            ["GB18030 decoding to U+0080"] = [.. Gb18030.GetBytes(Header + "甲"), 0x81, 0x30, 0x81, 0x30, .. Gb18030.GetBytes($"厂,{Code(1)},工贸,重点\n")],
            ["GB18030 with a control"] = [.. Gb18030.GetBytes(Header + $"甲\u0001厂,{Code(1)},工贸,重点\n")],
            // A lone lead byte at the end: not UTF-8, and not complete GB18030 either.
            ["truncated GB18030"] = [.. Gb18030.GetBytes(Header + $"甲厂,{Code(1)},工贸,重点\n"), 0xB3],
        };
        foreach (var (name, file) in files)
        {
            var zh = Read(file);
            Assert.True(zh.FileError == Refusal(Zh), $"{name}: {zh.FileError}");
            Assert.Empty(zh.Rows);
            Assert.Equal(Refusal(En), Read(file, En).FileError);
        }
        Assert.Contains("GB18030/GBK", DomainText.Get("import.encoding", Zh));
        Assert.Contains("UTF-8（带或不带 BOM）", DomainText.Get("import.encoding", Zh));
        Assert.Contains("UTF-8 (with or without BOM) and GB18030/GBK", DomainText.Get("import.encoding", En));
    }

    [Fact]
    public void A_utf8_file_with_some_bytes_in_another_encoding_is_refused_not_read_as_gbk_garble()
    {
        // Mostly UTF-8 with one cell pasted in GBK: as GB18030 every byte would decode, to nonsense.
        var mixed = new List<byte>(Utf8(List, bom: false));
        mixed.AddRange(Gb18030.GetBytes($"漯河化工厂,{Code(4)},工贸,一般\r\n"));
        Assert.Equal(Refusal(Zh, "import.encoding_mixed"), Read([.. mixed]).FileError);

        // A BOM says UTF-8: bytes that are not are a damaged file, whatever else they might decode as.
        var damaged = Utf8(List, bom: true);
        damaged[^9] = 0xB3; // the last comma, now a byte that continues nothing
        Assert.Equal(Refusal(Zh, "import.encoding_mixed"), Read(damaged).FileError);
    }

    [Fact]
    public void The_byte_limit_is_applied_before_anything_is_decoded()
    {
        // 2 KB of GBK, then bytes no encoding accepts: the size is what refuses it, before a byte is decoded.
        var body = new StringBuilder("名称,统一社会信用代码,类别,重点/一般\n");
        while (Gb18030.GetByteCount(body.ToString()) < 2048)
        {
            body.Append("舞阳县钢铁有限责任公司,").Append(Code(1)).Append(",工贸,重点\n");
        }
        byte[] file = [.. Gb18030.GetBytes(body.ToString()), 0x00, 0xFF];
        var limits = new ImportLimits { MaxCsvBytes = 1024 };

        var rows = TableReader.Read(new MemoryStream(file), TableFormat.Csv, limits);
        var refused = Assert.Throws<TableReadException>(() => rows.First());
        Assert.Equal(ImportLimit.FileSize, refused.Limit);
        Assert.Equal("文件超过 0 MB 的上限，未读取。", Read(file, limits: limits).FileError);
        Assert.Null(Read(file[..^2], limits: new ImportLimits()).FileError);
    }

    [Fact]
    public void A_gbk_cell_of_four_million_characters_is_refused_at_its_row_without_decoding_it_whole()
    {
        var csv = new StringBuilder("名称,统一社会信用代码,类别,重点/一般\n").Append("甲厂,").Append(Code(1)).Append(",工贸,重点\n");
        csv.Append('"').Append('厂', 4_000_000).Append("\",").Append(Code(2)).Append(",工贸,一般\n");
        var file = Gb18030.GetBytes(csv.ToString()); // 8 MB

        EnterpriseListResult result = null!;
        var before = GC.GetAllocatedBytesForCurrentThread();
        result = Read(file);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("第 3 行有单元格超过 1000 个字符的上限，文件未读取。", result.FileError);
        Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated / 1024 / 1024} MB while reading");
    }

    [Fact]
    public void Rows_and_cells_limits_hold_for_gbk_as_for_utf8()
    {
        var tooWide = "名称,统一社会信用代码,类别,重点/一般\n" + "甲厂," + Code(1) + ",工贸,重点" + string.Concat(Enumerable.Repeat(",厂", 70)) + "\n";
        Assert.Equal("第 2 行超过 64 个单元格的上限，文件未读取。", Read(Gb18030.GetBytes(tooWide)).FileError);

        var csv = new StringBuilder("名称,统一社会信用代码,类别,重点/一般\n");
        for (var i = 1; i <= 11; i++)
        {
            csv.Append("厂").Append(i).Append(',').Append(Code(i)).Append(",工贸,重点\n");
        }
        var tooLong = EnterpriseList.Read(new MemoryStream(Gb18030.GetBytes(csv.ToString())), TableFormat.Csv, Categories, Zh, (key, args) => key + "(" + string.Join(",", args) + ")", 10);
        Assert.Equal("import.too_many_rows(10)", tooLong.FileError);
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_read_the_same()
    {
        var result = EnterpriseList.Read(new ForwardOnly(Gb18030.GetBytes(List)), TableFormat.Csv, Categories, Zh, (key, args) => key, 100);
        Assert.Equal(3, result.Rows.Count);
        Assert.Equal("𡐓记五金厂", result.Rows[2].Name);
    }

    private sealed class ForwardOnly(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    }
}
