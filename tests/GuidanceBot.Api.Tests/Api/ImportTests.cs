using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GuidanceBot.Api.Tests.Flows.Visits;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace GuidanceBot.Api.Tests.Api;

public class ImportTests : IClassFixture<ApiTestFactory>
{
    private readonly ApiTestFactory factory;

    public ImportTests(ApiTestFactory factory) => this.factory = factory;

    private static MultipartFormDataContent Upload(byte[] content, string fileName)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return form;
    }

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes("名称,统一社会信用代码,类别,重点/一般\n" + string.Join('\n', lines) + "\n");

    private Task<int> CountAsync(string unit)
    {
        var count = 0;
        return factory.WithDbAsync(async db => count = await db.Enterprises.CountAsync(e => e.Unit!.Code == unit)).ContinueWith(_ => count);
    }

    [Fact]
    public async Task A_mixed_file_is_rejected_whole_with_every_bad_row_named()
    {
        var csv = Csv(
            $"一号化工,{TestCodes.Valid(101)},危险化学品,重点",
            $"二号矿山,{TestCodes.BadCheck(102)},non-coal-mine,一般",
            $"三号工贸,{TestCodes.Valid(103)},煤矿,一般",
            $"四号工贸,{TestCodes.Valid(101)},工贸,一般",
            $",{TestCodes.Valid(105)},工贸,特别");
        var response = await factory.Liaison("linying").PostAsync("/api/v1/enterprises/import", Upload(csv, "list.csv"));
        var problem = await HttpAssert.Problem(response, HttpStatusCode.BadRequest, "rows[3].creditCode");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("rows[4].category", out _));
        Assert.True(errors.TryGetProperty("rows[5].creditCode", out var dup));
        Assert.Contains("2", dup[0].GetString()); // repeats row 2
        Assert.True(errors.TryGetProperty("rows[6].name", out _));
        Assert.True(errors.TryGetProperty("rows[6].tier", out _));
        Assert.Equal(4, problem.GetProperty("report").GetProperty("invalidRows").GetInt32());
        Assert.Equal(0, await CountAsync("linying"));
    }

    [Fact]
    public async Task With_importValidRows_the_good_rows_are_written_and_the_bad_reported()
    {
        var csv = Csv(
            $"甲化工,{TestCodes.Valid(201)},hazardous-chemicals,key",
            $"乙工贸,{TestCodes.BadCheck(202)},工贸,一般",
            $"丙工贸,{TestCodes.Valid(203)},Industry and trade,一般");
        var before = await CountAsync("yuanhui");
        var report = await HttpAssert.Json(await factory.Liaison("yuanhui").PostAsync("/api/v1/enterprises/import?importValidRows=true", Upload(csv, "list.csv")), HttpStatusCode.OK);
        Assert.Equal(3, report.GetProperty("totalRows").GetInt32());
        Assert.Equal(1, report.GetProperty("invalidRows").GetInt32());
        var imported = report.GetProperty("imported").GetInt32();
        Assert.Equal(imported, await CountAsync("yuanhui") - before);
        Assert.Equal(3, report.GetProperty("errors")[0].GetProperty("row").GetInt32());

        // A second import of the same file: both good rows are now duplicates against the database.
        var again = await HttpAssert.Problem(await factory.Liaison("yuanhui").PostAsync("/api/v1/enterprises/import", Upload(csv, "list.csv")), HttpStatusCode.BadRequest, "rows[2].creditCode");
        Assert.Equal(imported, await CountAsync("yuanhui") - before);
    }

    [Fact]
    public async Task An_xlsx_list_is_imported()
    {
        using var stream = new MemoryStream();
        stream.SaveAs(new[]
        {
            new Dictionary<string, object> { ["name"] = "XLSX一号", ["creditCode"] = TestCodes.Valid(301), ["category"] = "non-coal-mine", ["tier"] = "Key" },
            new Dictionary<string, object> { ["name"] = "XLSX二号", ["creditCode"] = TestCodes.Valid(302), ["category"] = "工贸", ["tier"] = "一般" },
        }, excelType: ExcelType.XLSX);
        var report = await HttpAssert.Json(await factory.CityStaff().PostAsync("/api/v1/enterprises/import?unit=shaoling", Upload(stream.ToArray(), "list.xlsx")), HttpStatusCode.OK);
        Assert.Equal(2, report.GetProperty("imported").GetInt32());
        var list = await HttpAssert.Json(await factory.Liaison("shaoling").GetAsync("/api/v1/enterprises?sort=-name&pageSize=1"), HttpStatusCode.OK);
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        Assert.Equal("XLSX二号", list.GetProperty("items")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_oversized_or_unknown_upload_is_a_400_on_file()
    {
        var big = new byte[70 * 1024];
        await HttpAssert.Problem(await factory.Liaison("wuyang").PostAsync("/api/v1/enterprises/import", Upload(big, "big.csv")), HttpStatusCode.BadRequest, "file");
        await HttpAssert.Problem(await factory.Liaison("wuyang").PostAsync("/api/v1/enterprises/import", Upload(Csv("a,b,c,d"), "list.txt")), HttpStatusCode.BadRequest, "file");
        await HttpAssert.Problem(await factory.Liaison("wuyang").PostAsync("/api/v1/enterprises/import", Upload(Encoding.UTF8.GetBytes("x,y\n1,2\n"), "list.csv")), HttpStatusCode.BadRequest, "file");
        Assert.Equal(0, await CountAsync("wuyang"));
    }
    [Fact]
    public async Task A_row_with_more_cells_than_the_header_is_an_error_of_that_row_not_of_the_file()
    {
        var csv = Csv(
            $"一号工贸,{TestCodes.Valid(401)},工贸,一般",
            $"二号工贸,{TestCodes.Valid(402)},工贸,一般,多出来的一格",
            $"三号工贸,{TestCodes.Valid(403)},工贸,重点,,");
        var rejected = await HttpAssert.Problem(await factory.Liaison("jingkai").PostAsync("/api/v1/enterprises/import", Upload(csv, "list.csv")),
            HttpStatusCode.BadRequest, "rows[3].row");
        Assert.Equal(1, rejected.GetProperty("report").GetProperty("invalidRows").GetInt32());
        Assert.Equal(0, await CountAsync("jingkai"));

        var report = await HttpAssert.Json(await factory.Liaison("jingkai").PostAsync("/api/v1/enterprises/import?importValidRows=true", Upload(csv, "list.csv")), HttpStatusCode.OK);
        Assert.Equal((3, 2), (report.GetProperty("totalRows").GetInt32(), report.GetProperty("imported").GetInt32()));
        Assert.Equal(2, await CountAsync("jingkai"));
    }

    [Fact]
    public async Task An_xlsx_with_a_cell_of_30_million_characters_is_a_400_naming_the_limit_and_writes_nothing()
    {
        // 30 KB uploaded, 30 million characters (60 MB as a string) in one cell: refused by the limit, not read whole.
        using var file = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(file, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string path, string xml)
            {
                using var s = zip.CreateEntry(path).Open();
                s.Write(Encoding.UTF8.GetBytes(xml));
            }
            Part("_rels/.rels", """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Part("xl/workbook.xml", """<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="1" sheetId="1" r:id="r1"/></sheets></workbook>""");
            Part("xl/_rels/workbook.xml.rels", """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", System.IO.Compression.CompressionLevel.SmallestSize).Open();
            sheet.Write(Encoding.UTF8.GetBytes("""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>"""));
            var block = Encoding.UTF8.GetBytes(new string('x', 1 << 20));
            for (var i = 0; i < 30; i++)
            {
                sheet.Write(block);
            }
            sheet.Write(Encoding.UTF8.GetBytes("</t></is></c></row></sheetData></worksheet>"));
        }
        Assert.InRange(file.Length, 1, 64 * 1024);

        var problem = await HttpAssert.Problem(await factory.Liaison("yancheng").PostAsync("/api/v1/enterprises/import", Upload(file.ToArray(), "list.xlsx")),
            HttpStatusCode.BadRequest, "file");
        Assert.Equal("第 1 行有单元格超过 1000 个字符的上限，文件未读取。", problem.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Equal(0, await CountAsync("yancheng"));
    }
}
