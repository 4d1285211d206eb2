using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Flows.Visits;
using GuidanceBot.Data.Documents;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Visits;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Visits;

/// <summary>
/// 全过程跟踪 (issue 15, point 3): city staff record, for each drawn enterprise of wuyang's visit, the procedure, the documents and the
/// closing they saw — through the API (a real bearer token) and the follow-up card in Teams — with the same rows, audit and refusals;
/// not for an enterprise that was not drawn, not before the visit's first day, not by a county; photos go through the one file store;
/// a finding may rest on a record; the opinion letter DOCX shows the records. The clock stands at 2022-03-01 09:00 China time, the
/// visit's first day.
/// </summary>
public class FollowUpTests
{
    private sealed class FixedSeed : SpotCheckSeeds
    {
        public override int Next() => 20220301;
    }

    internal static readonly ParityOptions SameDraw = new() { Services = s => s.AddSingleton<SpotCheckSeeds>(new FixedSeed()) };

    /// <summary>wuyang's accepted plan of three enterprises, a visit from <paramref name="start"/> and its draw of two.</summary>
    internal static async Task SeedAsync(Door door, DateOnly? start = null)
    {
        await door.Chat.SeedPlanAsync("wuyang", SubmissionStatus.Accepted);
        var day = start ?? new DateOnly(2022, 3, 1);
        var id = await door.Db(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Code == "wuyang");
            var visit = new GuidanceVisit { UnitId = unit.Id, Year = 2022, PlannedMonth = day.Month, Status = VisitStatus.Scheduled, StartDate = day, EndDate = day.AddDays(1) };
            db.Visits.Add(visit);
            await db.SaveChangesAsync();
            return visit.Id;
        });
        var version = await door.Db(db => db.Visits.Where(v => v.Id == id).Select(v => v.Version).SingleAsync());
        await door.PostAsync(door.Staff, $"/api/v1/visits/{id}/draw", new { version, count = 2 });
    }

    internal static Task<int> VisitIdAsync(Door door) => door.Db(db => db.Visits.Select(v => v.Id).SingleAsync());

    internal static Task<List<int>> DrawnAsync(Door door) =>
        door.Db(db => db.SpotCheckDraws.SelectMany(d => d.Enterprises).OrderBy(e => e.Order).Select(e => e.EnterpriseId).ToListAsync());

    internal static async Task<int> NotDrawnAsync(Door door)
    {
        var drawn = await DrawnAsync(door);
        return await door.Db(db => db.Enterprises.Where(e => !drawn.Contains(e.Id)).Select(e => e.Id).FirstAsync());
    }

    internal static object Body(int enterpriseId, Guid? version = null) => new
    {
        enterpriseId,
        procedure = "Compliant",
        procedureNote = "检查前出示执法证件，召开执法启动会",
        documents = "Problem",
        documentsNote = "现场检查记录未载明检查时间",
        closure = "NotChecked",
        notes = "企业负责人在场",
        version,
    };

    private static JsonObject Card(int visitId, int enterpriseId, Guid? version = null)
    {
        var data = new JsonObject
        {
            ["visitId"] = visitId, [FollowUpFields.EnterpriseId] = enterpriseId,
            [FollowUpFields.Procedure] = "Compliant", [FollowUpFields.ProcedureNote] = "检查前出示执法证件，召开执法启动会",
            [FollowUpFields.Documents] = "Problem", [FollowUpFields.DocumentsNote] = "现场检查记录未载明检查时间",
            [FollowUpFields.Closure] = "NotChecked", [FollowUpFields.Notes] = "企业负责人在场",
        };
        if (version is not null)
        {
            data[FollowUpFields.Version] = version.ToString();
        }
        return data;
    }

    [Fact]
    public async Task Recording_what_the_team_saw_is_the_same_step_in_both_doors_and_a_second_record_replaces_the_first()
    {
        var result = await DoorParity.AssertSameAsync(
            seed: door => SeedAsync(door),
            api: async door =>
            {
                var (visit, drawn) = (await VisitIdAsync(door), (await DrawnAsync(door))[0]);
                using var created = await door.RequestAsync(door.Staff, HttpMethod.Post, $"/api/v1/visits/{visit}/follow-ups", Body(drawn));
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                var record = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
                Assert.Equal("Problem", record["documents"]!.GetValue<string>());
                // Again with the record's version: replaced, not a second record.
                var replaced = await door.PostAsync(door.Staff, $"/api/v1/visits/{visit}/follow-ups", Body(drawn, Guid.Parse(record["version"]!.GetValue<string>())));
                Assert.Equal(record["id"]!.GetValue<int>(), replaced!["id"]!.GetValue<int>());
            },
            chat: async door =>
            {
                var (visit, drawn) = (await VisitIdAsync(door), (await DrawnAsync(door))[0]);
                // From the visit card: the drawn enterprise's button opens its form.
                var visitCard = TeamsDriver.Card(await door.Chat.InvokeAsync(StaffAad, VisitVerbs.VisitOpen, new JsonObject { ["visitId"] = visit }));
                var open = ActionData(visitCard, VisitVerbs.FollowUpOpen);
                Assert.Equal(drawn, open[FollowUpFields.EnterpriseId]!.GetValue<int>());
                TeamsDriver.Card(await door.Chat.InvokeAsync(StaffAad, VisitVerbs.FollowUpOpen, open));
                var saved = TeamsDriver.Card(await door.Chat.InvokeAsync(StaffAad, VisitVerbs.FollowUpSave, Card(visit, drawn)));
                Assert.Contains("已保存", AllText(saved));
                var version = ActionData(saved, VisitVerbs.FollowUpSave)[FollowUpFields.Version]!.GetValue<string>();
                TeamsDriver.Card(await door.Chat.InvokeAsync(StaffAad, VisitVerbs.FollowUpSave, Card(visit, drawn, Guid.Parse(version))));
                await door.Chat.AssertCardsValidAsync();
            },
            options: SameDraw);

        var row = Assert.Single(result.Api.Tables["VisitFollowUps"]);
        Assert.Contains("Documents=Problem", row);
        Assert.Contains("ObservedOn=2022-03-01", row);
        Assert.Equal(2, result.Api.Audit.Count(a => a.StartsWith(FollowUpWorkflow.RecordAction + " GuidanceVisit#", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_record_for_an_enterprise_that_was_not_drawn_is_refused_in_both_doors_and_nothing_is_written()
    {
        string? apiError = null, chatError = null;
        await DoorParity.AssertSameAsync(
            seed: door => SeedAsync(door),
            api: async door =>
            {
                var errors = await door.RefusedAsync(door.Staff, HttpMethod.Post, $"/api/v1/visits/{await VisitIdAsync(door)}/follow-ups", Body(await NotDrawnAsync(door)));
                apiError = errors[FollowUpFields.EnterpriseId];
            },
            chat: async door =>
            {
                var card = TeamsDriver.Card(await door.Chat.InvokeAsync(StaffAad, VisitVerbs.FollowUpSave, Card(await VisitIdAsync(door), await NotDrawnAsync(door))));
                chatError = AllText(card);
            },
            refused: true, options: SameDraw);

        Assert.Matches("^企业（编号 \\d+）不是本次抽查抽中的企业，只能为抽中的企业记录跟踪情况。$", apiError);
        Assert.Contains(apiError!, chatError);
    }

    [Fact]
    public async Task Before_the_visits_first_day_nothing_is_recorded_and_from_that_day_it_is()
    {
        await using var door = await Door.StartAsync("api", SameDraw);
        await SeedAsync(door, new DateOnly(2022, 3, 2));
        var (visit, drawn) = (await VisitIdAsync(door), (await DrawnAsync(door))[0]);

        using (var early = await door.RequestAsync(door.Staff, HttpMethod.Post, $"/api/v1/visits/{visit}/follow-ups", Body(drawn)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
            Assert.Contains("指导尚未开始（开始日期：2022-03-02）", await early.Content.ReadAsStringAsync());
        }
        var chat = TeamsDriver.Card(await door.Chat.InvokeAsync(StaffAad, VisitVerbs.FollowUpSave, Card(visit, drawn)));
        Assert.Contains("指导尚未开始", AllText(chat));
        Assert.Equal(0, await door.Db(db => db.VisitFollowUps.CountAsync()));

        door.Host.Clock.Advance(TimeSpan.FromDays(1));
        using var during = await door.RequestAsync(door.Staff, HttpMethod.Post, $"/api/v1/visits/{visit}/follow-ups", Body(drawn));
        Assert.Equal(HttpStatusCode.Created, during.StatusCode);
    }

    [Fact]
    public async Task Only_city_staff_record_and_a_county_sees_its_own_records_but_cannot_write()
    {
        await using var door = await Door.StartAsync("api", SameDraw);
        await SeedAsync(door);
        var (visit, drawn) = (await VisitIdAsync(door), (await DrawnAsync(door))[0]);

        using (var county = await door.RequestAsync(door.Liaison, HttpMethod.Post, $"/api/v1/visits/{visit}/follow-ups", Body(drawn)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, county.StatusCode);
        }
        var refused = await door.Chat.InvokeAsync(LiaisonAad, VisitVerbs.FollowUpSave, Card(visit, drawn));
        AssertError(refused, 403);
        Assert.Equal(0, await door.Db(db => db.VisitFollowUps.CountAsync()));

        await door.PostAsync(door.Staff, $"/api/v1/visits/{visit}/follow-ups", Body(drawn));
        var seen = (await door.SendAsync(door.Liaison, HttpMethod.Get, $"/api/v1/visits/{visit}/follow-ups"))!.AsArray();
        Assert.Equal(drawn, Assert.Single(seen)!["enterpriseId"]!.GetValue<int>());
    }

    [Fact]
    public async Task Bad_fields_are_named_at_once_and_a_problem_needs_its_note()
    {
        await using var door = await Door.StartAsync("api", SameDraw);
        await SeedAsync(door);
        var (visit, drawn) = (await VisitIdAsync(door), (await DrawnAsync(door))[0]);

        var errors = await door.RefusedAsync(door.Staff, HttpMethod.Post, $"/api/v1/visits/{visit}/follow-ups",
            new { enterpriseId = drawn, procedure = "Excellent", documents = "Problem", closure = "Compliant", observedOn = "2022-03-05" });
        Assert.Equal("跟踪日期 2022-03-05 还没到。", errors[FollowUpFields.ObservedOn]);
        Assert.StartsWith("请选择检查结果：", errors[FollowUpFields.Procedure]);
        Assert.Equal("发现问题时请填写说明。", errors[FollowUpFields.DocumentsNote]);

        var nothing = await door.RefusedAsync(door.Staff, HttpMethod.Post, $"/api/v1/visits/{visit}/follow-ups", new { enterpriseId = drawn });
        Assert.Equal("请至少评定执法程序、文书填写、检查闭合中的一项。", nothing[FollowUpFields.Procedure]);
        Assert.Equal(0, await door.Db(db => db.VisitFollowUps.CountAsync()));
    }

    internal static MultipartFormDataContent Photo(string name, byte[] bytes, Guid version)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return new MultipartFormDataContent { { file, "file", name }, { new StringContent(version.ToString()), "version" } };
    }

    [Fact]
    public async Task A_photo_is_kept_in_the_file_store_with_its_hash_and_a_refused_one_leaves_nothing()
    {
        await using var door = await Door.StartAsync("api", SameDraw);
        await SeedAsync(door);
        var (visit, drawn) = (await VisitIdAsync(door), (await DrawnAsync(door))[0]);
        var record = (await door.PostAsync(door.Staff, $"/api/v1/visits/{visit}/follow-ups", Body(drawn)))!;
        var version = Guid.Parse(record["version"]!.GetValue<string>());
        var bytes = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4 };

        // The bytes decide, not the name: a PDF named .jpg is not a photo.
        using (var pdf = await door.RequestAsync(door.Staff, HttpMethod.Post, $"/api/v1/visits/{visit}/follow-ups/{drawn}/photos", Photo("现场.jpg", "%PDF-1.7\n"u8.ToArray(), version)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, pdf.StatusCode);
            Assert.Contains("\"file\"", await pdf.Content.ReadAsStringAsync());
        }
        using (var stale = await door.RequestAsync(door.Staff, HttpMethod.Post, $"/api/v1/visits/{visit}/follow-ups/{drawn}/photos", Photo("现场.jpg", bytes, Guid.NewGuid())))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        }
        var store = door.Host.Services.GetRequiredService<GuidanceBot.Data.Files.FileStore>();
        Assert.Equal(0, await door.Db(db => db.Files.CountAsync()));
        Assert.Empty(Directory.Exists(store.Root) ? Directory.GetFiles(store.Root) : []);

        var added = (await door.SendAsync(door.Staff, HttpMethod.Post, $"/api/v1/visits/{visit}/follow-ups/{drawn}/photos", Photo("现场.jpg", bytes, version)))!;
        var photo = Assert.Single(added["photos"]!.AsArray())!;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), photo["sha256"]!.GetValue<string>());
        var fileId = Guid.Parse(photo["fileId"]!.GetValue<string>());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(store.PathOf(fileId)));
        // The photo belongs to the visited unit, like its materials; the dossier lists it with its hash.
        var (unit, wuyang) = await door.Db(async db => (await db.Files.Select(f => f.UnitId).SingleAsync(), await db.Units.Where(u => u.Code == "wuyang").Select(u => u.Id).SingleAsync()));
        Assert.Equal(wuyang, unit);
        var dossier = await door.Db(db => new FollowUpQuery(db).ListForDossierAsync(wuyang, 2022));
        Assert.Equal(photo["sha256"]!.GetValue<string>(), Assert.Single(Assert.Single(dossier).Photos).Sha256);
        Assert.Contains(await door.Db(db => db.AuditLog.Select(a => a.Action).ToListAsync()), a => a == FollowUpWorkflow.PhotoAction);
    }

    [Fact]
    public async Task A_finding_rests_on_a_record_in_both_doors_and_a_record_of_another_visit_is_refused()
    {
        var result = await DoorParity.AssertSameAsync(
            seed: async door =>
            {
                await SeedAsync(door);
                await door.PostAsync(door.Staff, $"/api/v1/visits/{await VisitIdAsync(door)}/follow-ups", Body((await DrawnAsync(door))[0]));
            },
            api: async door =>
            {
                var visit = await door.Db(db => db.Visits.SingleAsync());
                var record = await door.Db(db => db.VisitFollowUps.Select(f => f.Id).SingleAsync());
                var errors = await door.RefusedAsync(door.Staff, HttpMethod.Put, $"/api/v1/visits/{visit.Id}/findings",
                    new { version = visit.Version, findings = new[] { new { checkItemCode = "1.4", outcome = "Problem", note = "文书填写不规范", followUpId = record + 1000 } } });
                Assert.Equal($"跟踪记录（编号 {record + 1000}）不属于本次指导。", errors[VisitFields.FollowUp(0)]);
                var detail = (await door.PutAsync(door.Staff, $"/api/v1/visits/{visit.Id}/findings",
                    new { version = visit.Version, findings = new[] { new { checkItemCode = "1.4", outcome = "Problem", note = "文书填写不规范", followUpId = record } } }))!;
                Assert.Equal(record, detail["findings"]![0]!["followUpId"]!.GetValue<int>());
            },
            chat: async door =>
            {
                var visit = await door.Db(db => db.Visits.SingleAsync());
                var record = await door.Db(db => db.VisitFollowUps.Select(f => f.Id).SingleAsync());
                var card = TeamsDriver.Card(await door.Chat.InvokeAsync(StaffAad, VisitVerbs.VisitOpen, new JsonObject { ["visitId"] = visit.Id }));
                Assert.Contains(Input(card, "u_1_4")["choices"]!.AsArray(), c => c!["value"]!.GetValue<string>() == record.ToString());
                TeamsDriver.Card(await door.Chat.InvokeAsync(StaffAad, VisitVerbs.VisitFindings, new JsonObject
                {
                    ["visitId"] = visit.Id, ["version"] = visit.Version.ToString(), ["f_1_4"] = "problem", ["n_1_4"] = "文书填写不规范", ["u_1_4"] = record.ToString(),
                }));
            },
            options: SameDraw);

        Assert.Contains("VisitFollowUpId=", Assert.Single(result.Api.Tables["VisitFinding"]));
        Assert.DoesNotContain("VisitFollowUpId=null", Assert.Single(result.Api.Tables["VisitFinding"]));
    }

    [Fact]
    public async Task The_opinion_letter_docx_shows_what_the_team_saw_before_the_problems()
    {
        await using var door = await Door.StartAsync("api", SameDraw);
        await SeedAsync(door);
        var (visit, drawn) = (await VisitIdAsync(door), await DrawnAsync(door));
        await door.PostAsync(door.Staff, $"/api/v1/visits/{visit}/follow-ups", Body(drawn[0]));
        var name = await door.Db(db => db.Enterprises.Where(e => e.Id == drawn[0]).Select(e => e.Name).SingleAsync());

        var letter = (await door.PostAsync(door.Staff, "/api/v1/letters", new
        {
            unitCode = "wuyang", year = 2022, guidanceVisitId = visit, visitDate = "2022-03-01", reportDeadline = "2022-03-31", problems = new[] { new { problem = "现场检查记录未载明检查时间", opinion = "规范填写执法文书" } },
            countyResponsibleName = "张局长", cityContactName = "赵科员", cityContactPhone = "0395-1234567",
        }))!;
        using var response = await door.RequestAsync(door.Staff, HttpMethod.Get, $"/api/v1/letters/{letter["letter"]!["id"]!.GetValue<int>()}/document");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var docx = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        using var reader = new StreamReader(docx.GetEntry("word/document.xml")!.Open());
        var paragraphs = System.Xml.Linq.XDocument.Parse(await reader.ReadToEndAsync()).Descendants().Where(e => e.Name.LocalName == "p")
            .Select(p => string.Concat(p.Descendants().Where(e => e.Name.LocalName == "t").Select(t => t.Value))).ToList();
        var heading = paragraphs.IndexOf(OpinionLetterDocument.FollowUpHeading);
        Assert.True(heading > 0, string.Join("\n", paragraphs));
        var line = paragraphs[heading + 1];
        Assert.StartsWith($"（1）{name}（", line);
        Assert.Contains("执法程序：规范，检查前出示执法证件，召开执法启动会；执法文书填写：存在问题，现场检查记录未载明检查时间；执法检查闭合：未查看。其他：企业负责人在场。", line);
        Assert.True(paragraphs.FindIndex(p => p.StartsWith("1. 问题：现场检查记录未载明检查时间", StringComparison.Ordinal)) > heading + 1, string.Join("\n", paragraphs));
    }
}
