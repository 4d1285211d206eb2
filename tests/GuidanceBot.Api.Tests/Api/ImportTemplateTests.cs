using GuidanceBot.Testing;
using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.Enterprises;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace GuidanceBot.Api.Tests.Api;

/// <summary>
/// Issue 16, point 9: <c>GET /api/v1/enterprises/import-template</c>, the workbook a county fills in. Opened with the
/// OpenXML SDK: the header row is the importer's (from its one definition of columns), the example row imports
/// when the file is uploaded unchanged, a second sheet explains each column; it answers every caller as the import does.
/// </summary>
public sealed class ImportTemplateTests(ImportHost host) : IClassFixture<ImportHost>
{
    private const string Route = "/api/v1/enterprises/import-template";

    private sealed record Sheet(string Name, List<List<string>> Rows, List<double> Widths);

    private static List<Sheet> Open(byte[] xlsx)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var workbook = doc.WorkbookPart!;
        return [.. workbook.Workbook.Sheets!.Elements<S.Sheet>().Select(sheet =>
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            var rows = part.Worksheet.Descendants<S.Row>().Select(r => r.Elements<S.Cell>().Select(c => c.InnerText).ToList()).ToList();
            var widths = part.Worksheet.Descendants<S.Column>().Where(c => c.CustomWidth?.Value == true).Select(c => c.Width!.Value).ToList();
            return new Sheet(sheet.Name!, rows, widths);
        })];
    }

    private async Task<(byte[] Bytes, HttpResponseMessage Response)> DownloadAsync(string? language = null)
    {
        var response = await host.Liaison("wuyang", language).GetAsync(Route);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsByteArrayAsync(), response);
    }

    [Fact]
    public async Task The_template_has_the_importers_headers_an_example_row_and_a_sheet_explaining_each_column()
    {
        var (bytes, response) = await DownloadAsync();
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("企业名单导入模板.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);

        var sheets = Open(bytes);
        Assert.Equal(["企业名单", "说明"], sheets.Select(s => s.Name));
        var list = sheets[0];
        Assert.Equal(["企业名称", "统一社会信用代码", "行业类别", "重点/一般"], list.Rows[0]);
        Assert.Equal(EnterpriseList.ImportColumns.Select(c => c.Chinese), list.Rows[0]);
        Assert.Equal(["示例化工有限公司", EnterpriseListTemplate.ExampleCreditCode, "非煤矿山", "重点"], list.Rows[1]);
        Assert.Equal(2, list.Rows.Count);
        Assert.Equal(4, list.Widths.Count);
        Assert.All(list.Widths, w => Assert.InRange(w, 10, 60));

        var notes = sheets[1];
        Assert.Equal(["列名", "是否必填", "填写说明", "示例"], notes.Rows[0]);
        foreach (var (column, i) in EnterpriseList.ImportColumns.Select((c, i) => (c, i)))
        {
            Assert.Equal(column.Chinese, notes.Rows[i + 1][0]);
            Assert.Equal("必填", notes.Rows[i + 1][1]);
            Assert.Equal(list.Rows[1][i], notes.Rows[i + 1][3]);
        }
        Assert.Contains("18 位", notes.Rows[2][2]);
        Assert.Contains("不含 I、O、S、V、Z", notes.Rows[2][2]);
        var text = string.Join("\n", notes.Rows.Select(r => string.Join("|", r)));
        foreach (var category in new[] { "非煤矿山|non-coal-mine", "危险化学品|hazardous-chemicals", "工贸|industry-trade" })
        {
            Assert.Contains(category, text);
        }
        Assert.Contains("GB18030/GBK", text);
        Assert.Equal(4, notes.Widths.Count);

        // A valid package (what Excel and WPS open without repair), the credit-code column formatted as text (@):
        // an 18-digit code typed into it is not turned into 9.14111E+17.
        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var errors = new OpenXmlValidator().Validate(doc).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var first = (WorksheetPart)doc.WorkbookPart!.GetPartById(doc.WorkbookPart.Workbook.Sheets!.Elements<S.Sheet>().First().Id!);
        var codeColumn = first.Worksheet.Descendants<S.Column>().Single(c => c.Min!.Value == 2);
        var format = doc.WorkbookPart.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<S.CellFormat>().ElementAt((int)codeColumn.Style!.Value);
        Assert.Equal(49u, format.NumberFormatId!.Value);
    }

    [Fact]
    public async Task In_english_the_headers_are_the_importers_english_ones()
    {
        var sheets = Open((await DownloadAsync("en-US")).Bytes);
        Assert.Equal(["Enterprises", "Instructions"], sheets.Select(s => s.Name));
        Assert.Equal(EnterpriseList.ImportColumns.Select(c => c.English), sheets[0].Rows[0]);
        Assert.Equal(["name", "creditCode", "category", "tier"], sheets[0].Rows[0]);
        Assert.Equal(["Example Chemicals Company Limited", EnterpriseListTemplate.ExampleCreditCode, "Non-coal mines", "key"], sheets[0].Rows[1]);
        Assert.Contains("18-character", sheets[1].Rows[2][2]);
    }

    [Fact]
    public async Task The_template_uploaded_unchanged_imports_its_example_row()
    {
        foreach (var (language, unit, name) in new[] { ("zh-CN", "jingkai", "示例化工有限公司"), ("en-US", "yancheng", "Example Chemicals Company Limited") })
        {
            var (bytes, _) = await DownloadAsync(language);
            var report = await HttpAssert.Json(await host.Liaison(unit, language).PostAsync("/api/v1/enterprises/import", ImportHost.Upload(bytes, "企业名单导入模板.xlsx")), HttpStatusCode.OK);
            Assert.Equal((1, 1), (report.GetProperty("totalRows").GetInt32(), report.GetProperty("imported").GetInt32()));
            Assert.Equal([new ImportHost.Stored(name, EnterpriseListTemplate.ExampleCreditCode, "non-coal-mine", EnterpriseTier.Key)], await host.StoredAsync(unit));
            await host.ForgetAsync(unit); // the example's code is registered once; the next language imports it again
        }
    }

    [Fact]
    public async Task The_template_answers_every_caller_as_the_import_route_does()
    {
        var forged = new ApiTokens().Create("CountyLiaison", "wuyang"); // signed by another issuer's key
        // Each imports into a unit of its own (a liaison: theirs; the city: one it names), so only who is asking decides.
        var callers = new (string Who, HttpClient Client, string Query)[]
        {
            ("no token", host.Client(null), "?unit=wuyang"),
            ("forged token", host.Client(null, token: forged), ""),
            ("a role the API does not know", host.Client("Guest", "wuyang"), ""),
            ("舞阳's liaison", host.Liaison("wuyang"), ""),
            ("临颍's liaison (another unit)", host.Liaison("linying"), ""),
            ("city staff", host.Client("CityStaff"), "?unit=shaoling"),
            ("city admin", host.Client("CityAdmin"), "?unit=shaoling"),
        };
        var n = 0;
        foreach (var (who, client, query) in callers)
        {
            var template = await client.GetAsync(Route);
            var csv = System.Text.Encoding.UTF8.GetBytes($"企业名称,统一社会信用代码,行业类别,重点/一般\n{who}企业,{TestCodes.Valid(3000 + n++)},工贸,一般\n");
            var import = await client.PostAsync("/api/v1/enterprises/import" + query, ImportHost.Upload(csv, "list.csv"));
            Assert.True(template.StatusCode == import.StatusCode, $"{who}: template {(int)template.StatusCode}, import {(int)import.StatusCode}");
            Assert.True(import.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{who}: {(int)import.StatusCode}");
        }
        // Both kinds of answer are among them.
        Assert.Equal(HttpStatusCode.Unauthorized, (await callers[0].Client.GetAsync(Route)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await callers[2].Client.GetAsync(Route)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await callers[4].Client.GetAsync(Route)).StatusCode);
    }
}
