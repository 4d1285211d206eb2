using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rules;
using GuidanceBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Plans;

/// <summary>
/// The plan as an enterprise list sent in the chat: the bot GETs the file (served here from a loopback
/// HTTP server, as Teams' download URL would serve it), checks every row and answers with an error report
/// or stores the list and shows the coverage card from which the plan is submitted.
/// </summary>
public class PlanUploadTests : IAsyncLifetime
{
    private BotHostFactory _host = null!;
    private TeamsDriver _bot = null!;
    private WebApplication _files = null!;
    private readonly Dictionary<string, byte[]> _served = [];
    private string _filesUrl = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _files = builder.Build();
        _files.MapGet("/files/{name}", (string name) => _served.TryGetValue(name, out var bytes) ? Results.Bytes(bytes, "application/octet-stream") : Results.NotFound());
        await _files.StartAsync();
        _filesUrl = _files.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // The bot downloads sent files only from its file hosts: this server stands in for one.
        _host = await BotHostFactory.StartAsync(settings: new() { ["Bot:FileHosts:1"] = _filesUrl });
        _bot = new TeamsDriver(_host);
    }

    public async Task DisposeAsync()
    {
        await _files.DisposeAsync();
        await _host.DisposeAsync();
    }

    /// <summary>A valid 统一社会信用代码 of Wuyang (411121) for a serial.</summary>
    public static string Code(int serial)
    {
        var org8 = $"MA{serial:D6}";
        var first17 = "91411121" + org8 + CreditCode.ComputeOrganisationCheckChar(org8);
        return first17 + CreditCode.ComputeCheckChar(first17);
    }

    private async Task<JsonObject> SendFileAsync(JsonObject attachment)
    {
        var before = _host.Connector.Requests.Count;
        var message = _host.Sample("message-personal.json");
        message["text"] = "";
        message["attachments"] = new JsonArray(attachment);
        var response = await _host.PostAsync(message, _host.ValidToken());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _host.Connector.WaitUntilAsync(r => r.Count == before + 1);
        var body = _host.Connector.Requests[before].Body!;
        var card = body["attachments"]?[0]?["content"]?.AsObject() ?? throw new Xunit.Sdk.XunitException("no card: " + body.ToJsonString());
        _bot.Cards.Add(("upload", card));
        return card;
    }

    private JsonObject TeamsFile(string name, string type) => new()
    {
        ["contentType"] = "application/vnd.microsoft.teams.file.download.info",
        ["contentUrl"] = "https://contoso.sharepoint.com/personal/wang/Documents/" + name,
        ["name"] = name,
        ["content"] = new JsonObject { ["downloadUrl"] = $"{_filesUrl}/files/{name}", ["uniqueId"] = Guid.NewGuid().ToString(), ["fileType"] = type },
    };

    [Fact]
    public async Task A_list_with_bad_rows_gets_a_per_row_report_and_nothing_is_stored()
    {
        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var badCheck = Code(2)[..17] + (Code(2)[17] == '0' ? '1' : '0');
        _served["list.csv"] = Encoding.UTF8.GetBytes(string.Join("\n",
            "名称,统一社会信用代码,类别,重点/一般,是否列入计划",
            $"舞阳化工有限公司,{Code(1)},危险化学品,重点,是",
            $"舞阳钢铁有限公司,{badCheck},工贸,重点,是",
            $"舞阳矿业有限公司,{Code(3)},煤矿,一般,否",
            $"舞阳化工有限公司二厂,{Code(1)},危险化学品,一般,是",
            $"舞阳石材有限公司,{Code(5)},非煤矿山,一般,也许"));

        // A direct contentUrl of type text/csv (the Bot Framework's plain file attachment) works too.
        var card = await SendFileAsync(new JsonObject { ["contentType"] = "text/csv", ["contentUrl"] = $"{_filesUrl}/files/list.csv", ["name"] = "list.csv" });

        var text = AllText(card);
        Assert.Contains("共 5 行，其中 4 行有误，未保存任何数据", text);
        var rows = card["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "Table")!["rows"]!.AsArray()
            .Skip(1).Select(r => string.Join("|", r!["cells"]!.AsArray().Select(c => c!["items"]![0]!["text"]!.GetValue<string>()))).ToList();
        Assert.Contains(rows, r => r.StartsWith("3|统一社会信用代码|")); // the check digit
        Assert.Contains(rows, r => r == "4|类别|没有“煤矿”这个类别（应为非煤矿山、危险化学品或工贸）。");
        Assert.Contains(rows, r => r == "5|统一社会信用代码|信用代码与第 2 行重复。");
        Assert.Contains(rows, r => r == "6|是否列入计划|“也许”应为“是”或“否”。");
        Assert.DoesNotContain(rows, r => r.StartsWith("2|"));
        await _host.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.Enterprises.CountAsync());
            Assert.Equal(0, await db.AnnualPlans.CountAsync());
        });
    }

    [Fact]
    public async Task An_xlsx_unpacking_to_hundreds_of_megabytes_is_refused_naming_the_limit_and_nothing_is_stored()
    {
        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        using (var bomb = new MemoryStream())
        {
            using (var zip = new System.IO.Compression.ZipArchive(bomb, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
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
                sheet.Write(Encoding.UTF8.GetBytes("""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c t="inlineStr"><is><t>"""));
                var block = Encoding.UTF8.GetBytes(new string('x', 1 << 20));
                for (var i = 0; i < 300; i++)
                {
                    sheet.Write(block);
                }
                sheet.Write(Encoding.UTF8.GetBytes("</t></is></c></row></sheetData></worksheet>"));
            }
            _served["名单.xlsx"] = bomb.ToArray();
        }
        Assert.InRange(_served["名单.xlsx"].Length, 1, 1024 * 1024);

        var card = await SendFileAsync(TeamsFile("名单.xlsx", "xlsx"));

        Assert.Contains("文件解压后超过 32 MB 的上限，未读取。", AllText(card));
        await _host.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.Enterprises.CountAsync());
            Assert.Equal(0, await db.AnnualPlans.CountAsync());
        });
    }

    [Fact]
    public async Task A_gbk_list_saved_by_excel_on_chinese_windows_is_stored_with_its_names_and_a_utf16_one_is_refused()
    {
        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var list = string.Join("\r\n",
            "企业名称,统一社会信用代码,行业类别,重点/一般,是否列入计划",
            $"舞阳县堃元化工有限公司,{Code(41)},危险化学品,重点,是",
            $"𡐓记五金厂,{Code(42)},工贸,一般,否") + "\r\n";

        // UTF-16 is not among the encodings accepted: refused naming them, nothing stored.
        _served["名单16.csv"] = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(list)];
        var refused = AllText(await SendFileAsync(TeamsFile("名单16.csv", "csv")));
        Assert.Contains(GuidanceBot.Data.Resources.DomainText.Get("import.encoding", null), refused);
        await _host.WithDbAsync(async db => Assert.Equal(0, await db.Enterprises.CountAsync()));

        _served["名单.csv"] = GuidanceBot.Data.Imports.CsvEncodingDetector.Gb18030.GetBytes(list);
        var text = AllText(await SendFileAsync(TeamsFile("名单.csv", "csv")));

        Assert.Contains("已保存名单“名单.csv”中的 2 家企业", text);
        await _host.WithDbAsync(async db => Assert.Equal(["舞阳县堃元化工有限公司", "𡐓记五金厂"],
            await db.Enterprises.Where(e => e.Unit!.Code == "wuyang").OrderBy(e => e.CreditCode).Select(e => e.Name).ToListAsync()));
    }

    [Fact]
    public async Task A_csv_row_with_more_cells_than_the_header_is_reported_on_its_row()
    {
        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        _served["list.csv"] = Encoding.UTF8.GetBytes(string.Join("\n",
            "名称,统一社会信用代码,类别,重点/一般,是否列入计划",
            $"舞阳化工有限公司,{Code(1)},危险化学品,重点,是",
            $"舞阳钢铁有限公司,{Code(2)},工贸,重点,是,多余"));

        var card = await SendFileAsync(TeamsFile("list.csv", "csv"));

        var rows = card["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "Table")!["rows"]!.AsArray()
            .Skip(1).Select(r => string.Join("|", r!["cells"]!.AsArray().Select(c => c!["items"]![0]!["text"]!.GetValue<string>()))).ToList();
        Assert.Equal(["3|整行|这一行有 6 个单元格，多于表头的 5 列，请删除多余的内容。"], rows);
    }

    [Fact]
    public async Task A_good_xlsx_list_is_stored_and_its_coverage_names_the_missing_key_unit_then_submits_with_an_explanation()
    {
        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        using (var xlsx = new MemoryStream())
        {
            xlsx.SaveAs(new[]
            {
                new Dictionary<string, object> { ["name"] = "舞阳化工有限公司", ["creditCode"] = Code(1), ["category"] = "hazardous-chemicals", ["tier"] = "key", ["planned"] = "yes" },
                new Dictionary<string, object> { ["name"] = "舞阳气体有限公司", ["creditCode"] = Code(2), ["category"] = "危险化学品", ["tier"] = "重点", ["planned"] = "否" },
                new Dictionary<string, object> { ["name"] = "舞阳面粉厂", ["creditCode"] = Code(3), ["category"] = "工贸", ["tier"] = "一般", ["planned"] = "是" },
                new Dictionary<string, object> { ["name"] = "舞阳纺织厂", ["creditCode"] = Code(4), ["category"] = "工贸", ["tier"] = "一般", ["planned"] = "否" },
                new Dictionary<string, object> { ["name"] = "舞阳木业", ["creditCode"] = Code(5), ["category"] = "工贸", ["tier"] = "一般", ["planned"] = "否" },
            }, excelType: ExcelType.XLSX);
            _served["企业名单.xlsx"] = xlsx.ToArray();
        }

        var coverage = await SendFileAsync(TeamsFile("企业名单.xlsx", "xlsx"));

        var text = AllText(coverage);
        Assert.Contains("已保存名单“企业名单.xlsx”中的 5 家企业", text);
        Assert.Contains("舞阳气体有限公司", text); // exactly which key unit is missing
        Assert.Contains("1/2", text);
        Assert.Contains("1/3 (33.3%)", text);
        await _host.WithDbAsync(async db =>
        {
            var plan = await db.AnnualPlans.Include(p => p.Entries).ThenInclude(e => e.Enterprise).SingleAsync();
            Assert.Equal(SubmissionStatus.Draft, plan.Status);
            Assert.Equal(5, plan.Entries.Count);
            Assert.Equal(2, plan.Entries.Count(e => e.Planned));
            Assert.Equal(5, await db.Enterprises.CountAsync(e => e.Unit!.Code == "wuyang"));
        });

        var refused = Card(await _bot.PressAsync(DefaultUser, coverage, "plan.file", step: "confirm"));
        // The workflow's refusal, the same the API gives: what is missing, and the explanation asked for.
        Assert.Equal("计划未达到要求（重点单位缺 1 家，一般单位还差 0 家），请补充或填写说明后再提交。", ErrorUnder(refused, "shortfallExplanation"));
        var receipt = Card(await _bot.PressAsync(DefaultUser, refused, "plan.file", new() { ["shortfallExplanation"] = "舞阳气体有限公司停产，复产后检查。" }, step: "confirm"));
        Assert.Contains("已提交", AllText(receipt));

        await _host.WithDbAsync(async db =>
        {
            var plan = await db.AnnualPlans.SingleAsync();
            Assert.Equal(SubmissionStatus.Submitted, plan.Status);
            Assert.Equal("舞阳气体有限公司停产，复产后检查。", plan.ShortfallExplanation);
        });

        // Every card of the upload, in zh-CN here, is clean for the official parser.
        var checks = await AdaptiveCardParser.CheckAsync(_bot.Cards.Select(s => (s.Name, (JsonNode)s.Card)));
        Assert.All(checks, c => Assert.True(c.IsClean, c.ToString()));
    }

    [Fact]
    public async Task The_upload_cards_in_english_are_clean_for_the_official_parser()
    {
        await _host.AddPersonAsync("Wang", PersonRole.CountyLiaison, "wuyang", language: "en-US");
        _served["bad.csv"] = Encoding.UTF8.GetBytes(string.Join("\n",
            "名称,统一社会信用代码,类别,重点/一般,是否列入计划",
            $"舞阳化工有限公司,{Code(1)},危险化学品,重点,是",
            $"舞阳矿业有限公司,{Code(3)},煤矿,一般,否"));
        _served["good.csv"] = Encoding.UTF8.GetBytes(string.Join("\n",
            "名称,统一社会信用代码,类别,重点/一般,是否列入计划",
            $"舞阳化工有限公司,{Code(1)},危险化学品,重点,是",
            $"舞阳面粉厂,{Code(3)},工贸,一般,是"));

        var report = await SendFileAsync(new JsonObject { ["contentType"] = "text/csv", ["contentUrl"] = $"{_filesUrl}/files/bad.csv", ["name"] = "bad.csv" });
        var coverage = await SendFileAsync(TeamsFile("good.csv", "csv"));

        Assert.DoesNotContain("未保存任何数据", AllText(report));
        Assert.DoesNotContain("已保存名单", AllText(coverage));
        var checks = await AdaptiveCardParser.CheckAsync(_bot.Cards.Select(s => (s.Name, (JsonNode)s.Card)));
        Assert.Equal(2, checks.Count);
        Assert.All(checks, c => Assert.True(c.IsClean, c.ToString()));
    }

    [Fact]
    public async Task A_document_sent_in_the_chat_is_kept_and_attached_to_the_approval_and_another_units_file_is_refused()
    {
        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n% 舞阳县人民政府关于年度监督检查计划的批复\n%%EOF");
        _served["批复.pdf"] = pdf;

        var ask = await SendFileAsync(TeamsFile("批复.pdf", "pdf"));
        Assert.Contains("已收到“批复.pdf”", AllText(ask));

        var attached = Card(await _bot.PressAsync(DefaultUser, ask, "approval.attach", edit: d => Assert.Equal("approval", d["slot"]!.GetValue<string>())));
        Assert.Contains("已作为批复/批示文件", AllText(attached));

        Guid fileId = default;
        await _host.WithDbAsync(async db =>
        {
            var approval = await db.PlanApprovals.SingleAsync();
            Assert.Equal(SubmissionStatus.Draft, approval.Status);
            fileId = approval.ApprovalAttachmentId!.Value;
            var file = await db.Files.SingleAsync(f => f.Id == fileId);
            Assert.Equal(("批复.pdf", "application/pdf", (long)pdf.Length), (file.FileName, file.ContentType, file.Length));
        });
        var store = _host.Services.GetRequiredService<GuidanceBot.Data.Files.FileStore>();
        Assert.Equal(pdf, await File.ReadAllBytesAsync(store.PathOf(fileId)));

        // The approval form shows the document as attached.
        var form = Card(await _bot.InvokeAsync(DefaultUser, "approval.file"));
        Assert.Contains("已附", AllText(form));

        // Another county's liaison edits the card to take this file as theirs.
        const string Other = "00000000-0000-0000-0000-0000000000077";
        await _host.AddPersonAsync("林联络", PersonRole.CountyLiaison, "linying", aadObjectId: Other);
        var refused = await _bot.PressAsync(Other, ask, "approval.attach", edit: d => d.Remove("unitId"));
        Assert.Equal(403, refused["statusCode"]!.GetValue<int>());
        await _host.WithDbAsync(async db => Assert.Equal(1, await db.PlanApprovals.CountAsync()));

        var checks = await AdaptiveCardParser.CheckAsync(_bot.Cards.Select(s => (s.Name, (JsonNode)s.Card)));
        Assert.All(checks, c => Assert.True(c.IsClean, c.ToString()));
    }
}
