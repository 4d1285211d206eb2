using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.Years;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace GuidanceBot.Api.Tests.Years;

/// <summary>
/// <c>/api/v1/years</c>: the city admin opens 2023 from the seeded 2022, edits dates and a check item, exports and imports
/// the template as JSON and XLSX (opened with the OpenXML SDK), publishes; bad input is a ProblemDetails naming each field,
/// and nothing changes. The clock stands at 2022-03-01 09:00 in China.
/// </summary>
public class YearsApiTests : IAsyncLifetime
{
    private readonly ApiTestFactory factory = new();

    public Task InitializeAsync()
    {
        _ = factory.CreateClient();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        factory.Dispose();
        return Task.CompletedTask;
    }

    private static MultipartFormDataContent Upload(byte[] content, string fileName)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return form;
    }

    private static List<List<string>> Rows(byte[] xlsx)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        Assert.Empty(new OpenXmlValidator().Validate(doc));
        var workbook = doc.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<S.Sheet>().First();
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
        return [.. part.Worksheet.Descendants<S.Row>().Select(r => r.Elements<S.Cell>().Select(c => c.InnerText).ToList())];
    }

    private async Task<JsonElement> GetAsync(int year) => await HttpAssert.Json(await factory.CityAdmin().GetAsync($"/api/v1/years/{year}"), HttpStatusCode.OK);

    private static string Version(JsonElement e) => e.GetProperty("version").GetString()!;

    [Fact]
    public async Task The_admin_opens_a_year_edits_it_exports_and_imports_its_template_as_json_and_xlsx_and_publishes_it()
    {
        var admin = factory.CityAdmin();
        var opened = await HttpAssert.Json(await admin.PostJson("/api/v1/years", new { year = 2023 }), HttpStatusCode.Created);
        Assert.Equal(("Draft", "2023-03-31", "2023-04-28", "2023-11-30", 1), (opened.GetProperty("status").GetString(), opened.GetProperty("planFilingDue").GetString(),
            opened.GetProperty("publicationDue").GetString(), opened.GetProperty("visitsDoneBy").GetString(), opened.GetProperty("templateRevision").GetInt32()));
        Assert.Equal(6, opened.GetProperty("unitCodes").GetArrayLength());
        Assert.True(opened.GetProperty("hasCalendar").GetBoolean());

        var step = await HttpAssert.Json(await admin.PutJson("/api/v1/years/2023", new
        {
            version = Version(opened), planFilingDue = "2023-03-30", letterDueWorkingDays = 7, unitCodes = new[] { "wuyang", "linying" },
        }), HttpStatusCode.OK);
        var item = await HttpAssert.Json(await admin.PutJson("/api/v1/years/2023/items/1.1", new
        {
            version = step.GetProperty("version").GetString(), code = "1.1", title = "编制年度监督检查计划", criteria = "计划是否相互衔接。",
            materials = new[] { "企业名单" }, onFile = new[] { "plan.enterprises" },
        }), HttpStatusCode.OK);
        var setup = await GetAsync(2023);
        Assert.Equal(("2023-03-30", 7), (setup.GetProperty("planFilingDue").GetString(), setup.GetProperty("letterDueWorkingDays").GetInt32()));
        Assert.Equal(["linying", "wuyang"], setup.GetProperty("unitCodes").EnumerateArray().Select(u => u.GetString()).Order());
        var first = setup.GetProperty("template").GetProperty("areas")[0].GetProperty("items")[0];
        Assert.Equal(("编制年度监督检查计划", 1), (first.GetProperty("title").GetString(), first.GetProperty("materials").GetArrayLength()));

        // XLSX export: a valid workbook, a header row and one row per item (12), the edit in it.
        var xlsx = await admin.GetAsync("/api/v1/years/2023/template?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        var rows = Rows(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Equal(["检查领域", "检查领域（英文）", "编号", "检查事项"], rows[0].Take(4));
        Assert.Equal(13, rows.Count);
        Assert.Equal(["1.1", "编制年度监督检查计划"], rows[1].Skip(2).Take(2));

        // XLSX import: the same file with one item's title changed comes back as the template.
        var doc = JsonSerializer.Deserialize<TemplateDocument>(setup.GetProperty("template").GetRawText(), CheckTemplates.Json)!;
        var changed = doc with { Areas = [.. doc.Areas!.Select((a, n) => n == 1 ? a! with { Items = [a.Items![0]! with { Title = "执法人员名录（XLSX）" }, .. a.Items.Skip(1)] } : a)] };
        var check = new GuidanceBot.Data.Rules.InputCheck(null);
        var file = CheckTemplates.WriteXlsx(CheckTemplates.Build(changed, 2023, 1, check)!, 2023, GuidanceBot.Data.Resources.DomainText.English, DateTime.UtcNow);
        await HttpAssert.Json(await admin.PutAsync($"/api/v1/years/2023/template?version={Version(setup)}", Upload(file.Content, "template.xlsx")), HttpStatusCode.OK);
        setup = await GetAsync(2023);
        Assert.Equal("执法人员名录（XLSX）", setup.GetProperty("template").GetProperty("areas")[1].GetProperty("items")[0].GetProperty("title").GetString());
        Assert.Equal(12, setup.GetProperty("template").GetProperty("areas").EnumerateArray().Sum(a => a.GetProperty("items").GetArrayLength()));

        // JSON export and import: the export's shape is the import's.
        var json = await admin.GetAsync("/api/v1/years/2023/template");
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        var exported = await json.Content.ReadAsStringAsync();
        var edited = exported.Replace("执法人员名录（XLSX）", "执法人员名录（JSON）", StringComparison.Ordinal);
        await HttpAssert.Json(await admin.PutRaw($"/api/v1/years/2023/template?version={Version(setup)}", edited), HttpStatusCode.OK);
        setup = await GetAsync(2023);
        Assert.Equal("执法人员名录（JSON）", setup.GetProperty("template").GetProperty("areas")[1].GetProperty("items")[0].GetProperty("title").GetString());

        var published = await HttpAssert.Json(await admin.PostJson("/api/v1/years/2023/publish", new { version = Version(setup) }), HttpStatusCode.OK);
        setup = await GetAsync(2023);
        Assert.Equal(("Published", published.GetProperty("version").GetString()), (setup.GetProperty("status").GetString(), Version(setup)));
        await factory.WithDbAsync(async db => Assert.Equal(
            [YearSetupWorkflow.OpenAction, YearSetupWorkflow.UpdateAction, YearSetupWorkflow.ItemAction, YearSetupWorkflow.TemplateAction, YearSetupWorkflow.TemplateAction, YearSetupWorkflow.PublishAction],
            await db.AuditLog.Where(a => a.EntityType == nameof(YearSetup)).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task Bad_input_is_a_problem_naming_each_field_and_changes_nothing()
    {
        var admin = factory.CityAdmin();
        var opened = await HttpAssert.Json(await admin.PostJson("/api/v1/years", new { year = 2023 }), HttpStatusCode.Created);
        var version = Version(opened);
        string before = "";
        await factory.WithDbAsync(async db => before = JsonSerializer.Serialize(new
        {
            setups = await db.YearSetups.AsNoTracking().OrderBy(s => s.Id).ToListAsync(),
            items = await db.CheckItems.AsNoTracking().OrderBy(i => i.Id).Select(i => new { i.Id, i.Code, i.Title }).ToListAsync(),
            audit = await db.AuditLog.CountAsync(),
        }));

        await HttpAssert.Problem(await admin.PostJson("/api/v1/years", new { year = 2022 }), HttpStatusCode.BadRequest, "year");
        var notWorking = await HttpAssert.Problem(await admin.PutJson("/api/v1/years/2023", new { version, planFilingDue = "2023-04-01", progressWorkingDay = 40 }),
            HttpStatusCode.BadRequest, "planFilingDue");
        Assert.True(notWorking.GetProperty("errors").TryGetProperty("progressWorkingDay", out _));
        await HttpAssert.Problem(await admin.PutJson("/api/v1/years/2023", new { version, unitCodes = new[] { "nowhere" } }), HttpStatusCode.BadRequest, "unitCodes");
        await HttpAssert.Problem(await admin.PutJson("/api/v1/years/2023/items/9.9", new { version, code = "9.9", title = "x", criteria = "y" }), HttpStatusCode.BadRequest, "code");

        var exported = await (await admin.GetAsync("/api/v1/years/2023/template")).Content.ReadAsStringAsync();
        var twice = exported.Replace("\"code\": \"1.2\"", "\"code\": \"1.1\"", StringComparison.Ordinal);
        Assert.NotEqual(exported, twice);
        await HttpAssert.Problem(await admin.PutRaw($"/api/v1/years/2023/template?version={version}", twice), HttpStatusCode.BadRequest, "areas[0].items[1].code");
        await HttpAssert.Problem(await admin.PutAsync($"/api/v1/years/2023/template?version={version}", Upload("not a workbook"u8.ToArray(), "template.xlsx")), HttpStatusCode.BadRequest, "file");
        await HttpAssert.Problem(await admin.PutAsync($"/api/v1/years/2023/template?version={version}", Upload("{}"u8.ToArray(), "template.txt")), HttpStatusCode.BadRequest, "file");
        await HttpAssert.Problem(await admin.PutRaw($"/api/v1/years/2023/template?version={version}", "{\"title\":\"空\",\"areas\":[]}"), HttpStatusCode.BadRequest, "areas");

        // Not the admin: refused before anything is read.
        await HttpAssert.Problem(await factory.CityStaff().PostJson("/api/v1/years", new { year = 2024 }), HttpStatusCode.Forbidden);
        await HttpAssert.Problem(await factory.Liaison("wuyang").GetAsync("/api/v1/years/2023"), HttpStatusCode.Forbidden);

        string after = "";
        await factory.WithDbAsync(async db => after = JsonSerializer.Serialize(new
        {
            setups = await db.YearSetups.AsNoTracking().OrderBy(s => s.Id).ToListAsync(),
            items = await db.CheckItems.AsNoTracking().OrderBy(i => i.Id).Select(i => new { i.Id, i.Code, i.Title }).ToListAsync(),
            audit = await db.AuditLog.CountAsync(),
        }));
        Assert.Equal(before, after);

        // Publishing an incomplete setup names what is missing.
        await factory.WithDbAsync(db => db.YearSetups.Where(s => s.Year == 2023).ExecuteUpdateAsync(u => u.SetProperty(s => s.PublicationDue, (DateOnly?)null)));
        var incomplete = await GetAsync(2023);
        await HttpAssert.Problem(await admin.PostJson("/api/v1/years/2023/publish", new { version = Version(incomplete) }), HttpStatusCode.BadRequest, "publicationDue");
        Assert.Equal("Draft", (await GetAsync(2023)).GetProperty("status").GetString());
    }
}
