using GuidanceBot.Testing;
using System.Globalization;
using System.Net;
using System.Text;
using GuidanceBot.Api.Common;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Imports;
using GuidanceBot.Data.Resources;

namespace GuidanceBot.Api.Tests.Api;

/// <summary>
/// Issue 16, point 9: the enterprise list as Chinese offices save it. Excel on Chinese Windows writes "CSV (逗号分隔)"
/// in GB18030/GBK; "CSV UTF-8" with a BOM; other tools UTF-8 without. Each imports the same names over real HTTP;
/// a file in any other encoding is refused with the localized message naming the encodings accepted, and nothing is written.
/// </summary>
public sealed class ImportEncodingTests(ImportHost host) : IClassFixture<ImportHost>
{
    private static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    /// <summary>The list as the county types it: 堃 is GBK beyond GB2312, 𡐓 four bytes in GB18030; a name quoted for its comma.</summary>
    private static string List(int first) =>
        "企业名称,统一社会信用代码,行业类别,重点/一般\r\n" +
        $"舞阳县钢铁有限责任公司,{TestCodes.Valid(first)},工贸,重点\r\n" +
        $"\"漯河市堃元化工（集团）有限公司,二厂\",{TestCodes.Valid(first + 1)},危险化学品,一般\r\n" +
        $"𡐓记五金厂,{TestCodes.Valid(first + 2)},非煤矿山,一般\r\n";

    private static List<ImportHost.Stored> Expected(int first) =>
    [
        new("舞阳县钢铁有限责任公司", TestCodes.Valid(first), "industry-trade", EnterpriseTier.Key),
        new("漯河市堃元化工（集团）有限公司,二厂", TestCodes.Valid(first + 1), "hazardous-chemicals", EnterpriseTier.General),
        new("𡐓记五金厂", TestCodes.Valid(first + 2), "non-coal-mine", EnterpriseTier.General),
    ];

    private static byte[] Gbk(string text) => CsvEncodingDetector.Gb18030.GetBytes(text);

    [Fact]
    public async Task A_gb18030_csv_saved_by_excel_imports_with_the_names_and_codes_intact()
    {
        var file = Gbk(List(1100));
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(file));

        var report = await HttpAssert.Json(await host.Liaison("wuyang").PostAsync("/api/v1/enterprises/import", ImportHost.Upload(file, "企业名单.csv")), HttpStatusCode.OK);

        Assert.Equal(3, report.GetProperty("imported").GetInt32());
        Assert.Equal(Expected(1100).OrderBy(e => e.CreditCode), await host.StoredAsync("wuyang"));
        var listed = await HttpAssert.Json(await host.Liaison("wuyang").GetAsync("/api/v1/enterprises?q=" + Uri.EscapeDataString("堃元")), HttpStatusCode.OK);
        Assert.Equal("漯河市堃元化工（集团）有限公司,二厂", Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
        listed = await HttpAssert.Json(await host.Liaison("wuyang").GetAsync("/api/v1/enterprises?q=" + TestCodes.Valid(1102)), HttpStatusCode.OK);
        Assert.Equal("𡐓记五金厂", Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_same_list_in_utf8_with_and_without_a_bom_imports_the_same_as_in_gbk()
    {
        var text = List(1200);
        var files = new (string Encoding, byte[] Bytes)[]
        {
            ("GB18030", Gbk(text)),
            ("UTF-8 with BOM", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]),
            ("UTF-8 without BOM", Encoding.UTF8.GetBytes(text)),
        };
        foreach (var (encoding, bytes) in files)
        {
            var report = await HttpAssert.Json(await host.Liaison("linying").PostAsync("/api/v1/enterprises/import", ImportHost.Upload(bytes, "list.csv")), HttpStatusCode.OK);
            Assert.True(report.GetProperty("imported").GetInt32() == 3, encoding);
            Assert.Equal(Expected(1200).OrderBy(e => e.CreditCode), await host.StoredAsync("linying"));
            await host.ForgetAsync("linying"); // the next encoding imports the same codes again
        }
    }

    [Fact]
    public async Task A_file_in_an_unsupported_encoding_is_refused_with_the_localized_message_and_nothing_is_written()
    {
        var random = new byte[8192];
        new Random(9).NextBytes(random);
        var mixed = Encoding.UTF8.GetBytes(List(1300)).Concat(Gbk($"漯河化工厂,{TestCodes.Valid(1310)},工贸,一般\r\n")).ToArray();
        var files = new (string Name, byte[] Bytes, string Message)[]
        {
            ("UTF-16 without BOM", Encoding.Unicode.GetBytes(List(1300)), "import.encoding"),
            ("UTF-16 with BOM", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(List(1300))], "import.encoding"),
            ("random bytes", random, "import.encoding"),
            ("UTF-8 with a GBK row", mixed, "import.encoding_mixed"),
        };
        var before = await host.CountsAsync();
        foreach (var (name, bytes, message) in files)
        {
            foreach (var culture in new[] { Zh, En })
            {
                var response = await host.Liaison("yuanhui", culture.Name).PostAsync("/api/v1/enterprises/import?importValidRows=true", ImportHost.Upload(bytes, "list.csv"));
                var problem = await HttpAssert.Problem(response, HttpStatusCode.BadRequest, "file");
                var shown = problem.GetProperty("errors").GetProperty("file")[0].GetString();
                Assert.True(ApiText.Get("upload.unreadable", culture, DomainText.Get(message, culture)) == shown, $"{name} ({culture.Name}): {shown}");
            }
        }
        Assert.Contains("GB18030/GBK", DomainText.Get("import.encoding", Zh));
        Assert.Contains("GB18030/GBK", DomainText.Get("import.encoding", En));
        Assert.Equal(before, await host.CountsAsync());
    }

    [Fact]
    public async Task A_gbk_file_over_the_size_limit_is_refused_before_it_is_decoded()
    {
        // 70 KB of good GBK rows (the test host takes 64 KB), ending in bytes no encoding accepts: the size is what is named.
        var text = new StringBuilder("企业名称,统一社会信用代码,行业类别,重点/一般\r\n");
        for (var i = 0; CsvEncodingDetector.Gb18030.GetByteCount(text.ToString()) < 70 * 1024; i++)
        {
            text.Append("舞阳县第").Append(i).Append("钢铁有限责任公司,").Append(TestCodes.Valid(20_000 + i)).Append(",工贸,一般\r\n");
        }
        byte[] file = [.. Gbk(text.ToString()), 0x00, 0xFF];
        var before = await host.CountsAsync();

        var problem = await HttpAssert.Problem(await host.Liaison("shaoling").PostAsync("/api/v1/enterprises/import", ImportHost.Upload(file, "list.csv")),
            HttpStatusCode.BadRequest, "file");

        Assert.Equal(ApiText.Get("upload.too_large", Zh, file.Length, 65536), problem.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Equal(before, await host.CountsAsync());
    }
}
