using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using GuidanceBot.Api.Operations;
using GuidanceBot.Api.Tests.Flows.Letters;
using GuidanceBot.Bot.Flows.Evidence;
using GuidanceBot.Data.Documents;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Evidence;

/// <summary>
/// Rectification evidence as files, end to end on the real host: a photo sent in the personal chat as a Teams file
/// attachment (downloaded over real HTTP from the stand-in for SharePoint's download host), chosen for a problem, in the
/// item, in the report DOCX's list of evidence and in the dossier fetched through the signed link from the chat, its hash in
/// the manifest, an altered copy failing the check; bad files refused with a clear message and nothing written; the API's
/// upload checked the same way, its downloads only to who may see them.
/// </summary>
public class EvidenceFileTests
{
    /// <summary>A JPEG as a phone writes it, as far as the first bytes tell (the check reads no further).</summary>
    public static byte[] Photo(int size = 40_000, int seed = 7)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        byte[] head = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00];
        head.CopyTo(bytes, 0);
        (bytes[^2], bytes[^1]) = ((byte)0xFF, (byte)0xD9);
        return bytes;
    }

    public static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Aad(string language) => language == "zh-CN" ? LiaisonAad : Door.EnglishLiaisonAad;

    /// <summary>A message from <paramref name="aad"/> carrying <paramref name="attachment"/>; the bot's reply.</summary>
    public static async Task<JsonObject> SendFileAsync(BotHostFactory host, string aad, JsonObject attachment)
    {
        var before = host.Connector.Requests.Count;
        var message = host.Sample("message-personal.json");
        message["text"] = "";
        message["from"] = new JsonObject { ["id"] = UserId(aad), ["name"] = aad[^4..], ["aadObjectId"] = aad };
        message["attachments"] = new JsonArray(attachment);
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(message, host.ValidToken())).StatusCode);
        await host.Connector.WaitUntilAsync(r => r.Count > before);
        return host.Connector.Requests[before].Body!.AsObject();
    }

    private static JsonObject CardOf(JsonObject reply) =>
        reply["attachments"]?[0]?["content"]?.AsObject() ?? throw new Xunit.Sdk.XunitException("no card: " + reply.ToJsonString());

    private static int FilesOnDisk(BotHostFactory host)
    {
        var root = host.Services.GetRequiredService<FileStore>().Root;
        return Directory.Exists(root) ? Directory.GetFiles(root).Length : 0;
    }

    public static async Task<byte[]> ReadAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task A_photo_sent_in_the_chat_is_in_the_item_the_report_docx_and_the_dossier_and_an_altered_copy_fails_the_check(string language)
    {
        await using var door = await Door.StartAsync("evidence");
        var host = door.Host;
        var zh = language == "zh-CN";
        var liaison = zh ? door.Liaison : door.EnglishLiaison;
        var letterId = await RectificationFlowTests.AddLetterAsync(host, "wuyang", LetterStatus.Acknowledged);
        var problems = await door.Db(db => db.LetterProblems.AsNoTracking().Where(p => p.OpinionLetterId == letterId).OrderBy(p => p.Order).ToListAsync());
        var photo = Photo();
        // SharePoint answers 503 once: the download is retried, the user sees nothing of it.
        host.Files.Serve("整改现场.jpg", photo, failFirst: 1);

        var received = CardOf(await SendFileAsync(host, Aad(language), host.Files.Attachment("整改现场.jpg")));
        door.Chat.Cards.Add(("evidence-received-" + language, received.DeepClone()));
        Assert.Contains("整改现场.jpg", AllText(received));
        Assert.Contains(Sha(photo), AllText(received));
        Assert.Contains(zh ? "这是哪个问题的整改佐证" : "Which problem's rectification does it prove", AllText(received));
        var choices = Input(received, EvidenceLimits.LetterProblemId)["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()).ToList();
        Assert.Equal(problems.Select(p => p.Id.ToString()), choices);
        Assert.Equal(2, host.Files.Requests.Count(r => r.Path.Contains("UniqueId")));
        Assert.All(host.Files.Requests, r => Assert.Null(r.Authorization)); // no credential goes to the file host

        // Held until it is chosen: the file and its upload entry, no evidence yet.
        var held = await door.Db(db => db.Files.AsNoTracking().SingleAsync());
        Assert.Equal(("image/jpeg", photo.LongLength, Sha(photo)), (held.ContentType, held.Length, held.Sha256));
        Assert.Equal(0, await door.Db(db => db.RectificationEvidence.CountAsync()));

        var attached = Card(await door.Chat.PressAsync(Aad(language), received, EvidenceVerbs.AttachToReport,
            new() { [EvidenceLimits.LetterProblemId] = problems[0].Id.ToString(), [EvidenceLimits.Caption] = "整改后现场" }, name: "evidence-attached-" + language));
        Assert.Contains(zh ? "已保存为(漯)应急指导〔2022〕1号问题1的整改佐证" : "kept as evidence of problem 1 of (漯)应急指导〔2022〕1号", AllText(attached));
        var evidence = await door.Db(db => db.RectificationEvidence.AsNoTracking().SingleAsync());
        Assert.Equal((held.Id, "整改后现场"), (evidence.FileId!.Value, evidence.Caption));
        Assert.Equal(1, await door.Db(db => db.AuditLog.CountAsync(a => a.Action == "report.evidence" && a.Details!.Contains(Sha(photo)))));

        // The same card pressed again: the file is the problem's evidence already.
        var again = await door.Chat.PressAsync(Aad(language), received, EvidenceVerbs.AttachToReport,
            new() { [EvidenceLimits.LetterProblemId] = problems[0].Id.ToString() });
        Assert.Contains("整改现场.jpg", again["value"]!["message"]!.GetValue<string>());
        Assert.Equal(1, await door.Db(db => db.RectificationEvidence.CountAsync()));

        // The report written and submitted in the chat keeps the file beside its links.
        var form = Card(await door.Chat.InvokeAsync(Aad(language), "rectification.file"));
        var confirm = Card(await door.Chat.PressAsync(Aad(language), form, "rectification.file", new()
        {
            [$"m_{problems[0].Id}"] = "已补充列入计划", [$"p_{problems[0].Id}"] = "Done", [$"e_{problems[0].Id}"] = "https://wuyang.gov.cn/plan-v2.html",
            [$"m_{problems[1].Id}"] = "已组织培训", [$"p_{problems[1].Id}"] = "Done", [$"e_{problems[1].Id}"] = "",
        }));
        Card(await door.Chat.PressAsync(Aad(language), confirm, "rectification.file", step: "confirm"));
        var item = await door.Db(db => db.RectificationItems.AsNoTracking().Include(i => i.Evidence).SingleAsync(i => i.LetterProblemId == problems[0].Id));
        Assert.Equal(ReportStatus.Submitted, await door.Db(db => db.RectificationReports.Select(r => r.Status).SingleAsync()));
        Assert.Equal([held.Id.ToString()], item.Evidence.Where(e => e.FileId is not null).Select(e => e.FileId.ToString()));
        Assert.Equal(["https://wuyang.gov.cn/plan-v2.html"], item.Evidence.Where(e => e.Url is not null).Select(e => e.Url));

        // The report DOCX lists the file: name, type, size, SHA-256.
        var docx = await ReadAsync(await door.RequestAsync(liaison, HttpMethod.Get, $"/api/v1/letters/{letterId}/report/document"));
        using (var word = WordprocessingDocument.Open(new MemoryStream(docx), false))
        {
            var text = word.MainDocumentPart!.Document.Body!.InnerText;
            Assert.Contains(RectificationReportDocument.EvidenceListHeading, text);
            Assert.Contains("整改现场.jpg", text);
            Assert.Contains("image/jpeg", text);
            Assert.Contains($"{photo.Length} 字节", text);
            Assert.Contains(Sha(photo), text);
        }

        // City staff: the unit's status card carries the dossier link; the dossier holds the photo, its hash in the manifest.
        var status = await door.Chat.AskForCardAsync(StaffAad, "进度 舞阳", "status-with-dossier-" + language);
        var link = FindOpenUrl(status);
        Assert.StartsWith(TeamsDriver.DocsBase + "/files/", link);
        var zip = await ReadAsync(await host.Http.GetAsync(new Uri(link).PathAndQuery));
        using (var archive = new ZipArchive(new MemoryStream(zip)))
        {
            var entry = archive.Entries.Single(e => e.FullName.StartsWith("evidence/", StringComparison.Ordinal) && e.FullName.EndsWith("整改现场.jpg", StringComparison.Ordinal));
            Assert.Contains("问题1", entry.FullName);
            using var s = entry.Open();
            using var copy = new MemoryStream();
            await s.CopyToAsync(copy);
            Assert.Equal(photo, copy.ToArray());
            var manifest = JsonNode.Parse(archive.GetEntry(UnitYearDossier.ManifestName)!.Open())!;
            var listed = manifest["files"]!.AsArray().Single(f => f!["path"]!.GetValue<string>() == entry.FullName)!;
            Assert.Equal((Sha(photo), Sha(photo)), (listed["sha256"]!.GetValue<string>(), listed["recordedSha256"]!.GetValue<string>()));
            Assert.Contains(manifest["files"]!.AsArray(), f => f!["path"]!.GetValue<string>().StartsWith("reports/", StringComparison.Ordinal));
        }
        Assert.True(DossierCheck.Verify(new MemoryStream(zip)).Intact);

        // One byte of the photo changed in a copy of the dossier: the check names it, and the command exits 1.
        var altered = Alter(zip, e => e.EndsWith("整改现场.jpg", StringComparison.Ordinal));
        var check = DossierCheck.Verify(new MemoryStream(altered));
        Assert.False(check.Intact);
        Assert.Contains(check.Problems, p => p.Contains("整改现场.jpg", StringComparison.Ordinal) && p.Contains("SHA-256", StringComparison.Ordinal));
        var dir = Directory.CreateTempSubdirectory("dossier-");
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(dir.FullName, "intact.zip"), zip);
            await File.WriteAllBytesAsync(Path.Combine(dir.FullName, "altered.zip"), altered);
            var output = new StringWriter();
            Assert.Equal(0, await HostCommands.RunAsync(["check-dossier", Path.Combine(dir.FullName, "intact.zip")], output));
            Assert.Equal(1, await HostCommands.RunAsync(["check-dossier", Path.Combine(dir.FullName, "altered.zip")], output));
            Assert.Contains("整改现场.jpg", output.ToString());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
        await door.Chat.AssertCardsValidAsync();
    }

    /// <summary>A copy of the ZIP with one byte of the matching entry flipped (its manifest untouched).</summary>
    public static byte[] Alter(byte[] zip, Func<string, bool> which)
    {
        var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zip)))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var e in source.Entries)
            {
                using var s = e.Open();
                using var buffer = new MemoryStream();
                s.CopyTo(buffer);
                var bytes = buffer.ToArray();
                if (which(e.FullName))
                {
                    bytes[bytes.Length / 2] ^= 0x01;
                }
                using var t = target.CreateEntry(e.FullName).Open();
                t.Write(bytes);
            }
        }
        return output.ToArray();
    }

    public static string FindOpenUrl(JsonObject card) =>
        card["actions"]!.AsArray().Select(a => a!.AsObject()).Single(a => a["type"]!.GetValue<string>() == "Action.OpenUrl")["url"]!.GetValue<string>();

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task Bad_files_sent_in_the_chat_are_refused_with_a_clear_message_and_nothing_is_written(string language)
    {
        await using var door = await Door.StartAsync("evidence");
        var host = door.Host;
        var zh = language == "zh-CN";
        await RectificationFlowTests.AddLetterAsync(host, "wuyang", LetterStatus.Acknowledged);
        var audit = await door.Db(db => db.AuditLog.CountAsync());

        // Over 20 MB, sent without a length: stopped while it streams.
        host.Files.Serve("big.jpg", Photo(20 * 1024 * 1024 + 1), chunked: true);
        var big = await SendFileAsync(host, Aad(language), host.Files.Attachment("big.jpg"));
        Assert.Equal(zh ? "文件“big.jpg”超过 20 MB 的上限，未保存。" : "The file \"big.jpg\" is larger than 20 MB; it was not kept.", big["text"]!.GetValue<string>());

        // Named .jpg but a program inside: the bytes decide.
        host.Files.Serve("photo.jpg", [(byte)'M', (byte)'Z', .. new byte[4000]]);
        var exe = await SendFileAsync(host, Aad(language), host.Files.Attachment("photo.jpg"));
        Assert.Contains("photo.jpg", exe["text"]!.GetValue<string>());
        Assert.Contains("JPG, PNG, HEIC, PDF, DOCX", exe["text"]!.GetValue<string>());

        var before = host.Files.Requests.Count;
        // A download address on a host that is not the tenant's SharePoint: not even asked for.
        var foreign = host.Files.Attachment("scan.pdf", "https://files.example.net/scan.pdf");
        var refused = await SendFileAsync(host, Aad(language), foreign);
        Assert.Contains(zh ? "不受信任的地址" : "not trusted", refused["text"]!.GetValue<string>());
        Assert.Equal(before, host.Files.Requests.Count);

        Assert.Equal(0, await door.Db(db => db.Files.CountAsync()));
        Assert.Equal(0, await door.Db(db => db.RectificationEvidence.CountAsync()));
        Assert.Equal(audit, await door.Db(db => db.AuditLog.CountAsync()));
        Assert.Equal(0, FilesOnDisk(host));
    }

    private static MultipartFormDataContent Upload(byte[] bytes, string name, int? problemId = null, string? caption = null)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var form = new MultipartFormDataContent();
        if (problemId is { } p)
        {
            form.Add(new StringContent(p.ToString()), EvidenceLimits.LetterProblemId);
        }
        if (caption is not null)
        {
            form.Add(new StringContent(caption), EvidenceLimits.Caption);
        }
        form.Add(content, EvidenceLimits.File, name);
        return form;
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task Evidence_uploaded_through_the_api_is_checked_the_same_and_downloads_only_to_who_may_see_it(string language)
    {
        await using var door = await Door.StartAsync("evidence", new ParityOptions
        {
            People = [new CastMember("李联络二", PersonRole.CountyLiaison, "linying", "00000000-0000-0000-0000-00000000c0a1", language)],
        });
        var host = door.Host;
        var zh = language == "zh-CN";
        var liaison = zh ? door.Liaison : door.EnglishLiaison;
        var other = door.People["00000000-0000-0000-0000-00000000c0a1"];
        var letterId = await RectificationFlowTests.AddLetterAsync(host, "wuyang", LetterStatus.Acknowledged);
        var problemId = await door.Db(db => db.LetterProblems.Where(p => p.OpinionLetterId == letterId).OrderBy(p => p.Order).Select(p => p.Id).FirstAsync());
        var url = $"/api/v1/letters/{letterId}/report/evidence";

        async Task<HttpResponseMessage> PostAsync(Person who, HttpContent body)
        {
            using var client = await door.ApiAsync(who);
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
            return await client.PostAsync(url, body);
        }

        // Refused: too large, a refused type, no problem named, another unit's letter, city staff: nothing written.
        using (var tooLarge = await PostAsync(liaison, Upload(new byte[EvidenceFiles.MaxBytes + 70 * 1024], "big.pdf", problemId)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
            Assert.Contains(EvidenceLimits.File, await tooLarge.Content.ReadAsStringAsync());
        }
        using (var atLimit = await PostAsync(liaison, Upload([.. "%PDF-1.7\n"u8, .. new byte[EvidenceFiles.MaxBytes]], "big.pdf", problemId)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, atLimit.StatusCode); // one byte over: counted while stored
            Assert.Contains(zh ? "超过 20 MB 的上限" : "larger than 20 MB", await atLimit.Content.ReadAsStringAsync());
        }
        using (var exe = await PostAsync(liaison, Upload([(byte)'M', (byte)'Z', 0, 0], "setup.pdf", problemId)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, exe.StatusCode);
            var problem = JsonNode.Parse(await exe.Content.ReadAsStringAsync())!;
            Assert.Contains("setup.pdf", problem["errors"]![EvidenceLimits.File]![0]!.GetValue<string>());
        }
        using (var noProblem = await PostAsync(liaison, Upload(Photo(), "a.jpg")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noProblem.StatusCode);
            Assert.Contains(EvidenceLimits.LetterProblemId, await noProblem.Content.ReadAsStringAsync());
        }
        using (var otherUnit = await PostAsync(other, Upload(Photo(), "a.jpg", problemId)))
        {
            Assert.Equal(HttpStatusCode.NotFound, otherUnit.StatusCode);
        }
        using (var city = await PostAsync(door.Staff, Upload(Photo(), "a.jpg", problemId)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, city.StatusCode);
        }
        Assert.Equal(0, await door.Db(db => db.Files.CountAsync()));
        Assert.Equal(0, FilesOnDisk(host));

        // A PDF scan: kept, hashed, the item made (no measures yet, so the report is not complete), 201 with the download.
        var scan = (byte[])[.. "%PDF-1.7\n"u8, .. Photo(5000)[11..]];
        using var created = await PostAsync(liaison, Upload(scan, "scan", problemId, "验收单"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dto = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.Equal(("scan.pdf", "application/pdf", Sha(scan), problemId), (dto["fileName"]!.GetValue<string>(), dto["contentType"]!.GetValue<string>(),
            dto["sha256"]!.GetValue<string>(), dto["letterProblemId"]!.GetValue<int>()));
        var download = dto["download"]!.GetValue<string>();
        Assert.Equal(download, created.Headers.Location!.OriginalString);
        var report = await door.Db(db => db.RectificationReports.AsNoTracking().Include(r => r.Items).ThenInclude(i => i.Evidence).SingleAsync());
        Assert.Equal(ReportStatus.Draft, report.Status);
        Assert.Null(Assert.Single(report.Items).Measures);

        // Downloads: the liaison and city staff get the bytes; a liaison of another unit gets a 404, as if there were none.
        Assert.Equal(scan, await ReadAsync(await door.RequestAsync(liaison, HttpMethod.Get, download)));
        Assert.Equal(scan, await ReadAsync(await door.RequestAsync(door.Staff, HttpMethod.Get, download)));
        using (var refused = await door.RequestAsync(other, HttpMethod.Get, download))
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }
        var list = await door.SendAsync(door.Staff, HttpMethod.Get, url);
        Assert.Equal(Sha(scan), list![0]!["sha256"]!.GetValue<string>());
        using (var otherList = await door.RequestAsync(other, HttpMethod.Get, url))
        {
            Assert.Equal(HttpStatusCode.NotFound, otherList.StatusCode);
        }
    }

    [Fact]
    public async Task The_dossier_link_opens_for_its_person_only_until_it_expires_and_never_for_another_unit()
    {
        await using var door = await Door.StartAsync("dossier-link", new ParityOptions
        {
            People = [new CastMember("李联络二", PersonRole.CountyLiaison, "linying", "00000000-0000-0000-0000-00000000c0a1")],
        });
        var host = door.Host;
        var wuyang = await door.Db(db => db.Units.Where(u => u.Code == "wuyang").Select(u => u.Id).SingleAsync());
        var links = host.Services.GetRequiredService<GuidanceBot.Bot.Documents.DocumentLinks>();
        string Path(string link) => new Uri(link).PathAndQuery;

        var staffLink = links.ForDossier(wuyang, 2022, door.Staff.Id);
        using (var ok = await host.Http.GetAsync(Path(staffLink)))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("application/zip", ok.Content.Headers.ContentType!.MediaType);
        }
        // A link made for a liaison of another unit (who can be given none in the chat) opens nothing of wuyang.
        using (var otherUnit = await host.Http.GetAsync(Path(links.ForDossier(wuyang, 2022, door.People["00000000-0000-0000-0000-00000000c0a1"].Id))))
        {
            Assert.Equal(HttpStatusCode.NotFound, otherUnit.StatusCode);
        }
        // The token altered (to name someone else, or anything): not a link.
        var token = staffLink[(staffLink.LastIndexOf('/') + 1)..];
        var altered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];
        using (var forged = await host.Http.GetAsync("/files/" + altered))
        {
            Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        }
        // The person is gone: the link goes with them.
        var leaverLink = links.ForDossier(wuyang, 2022, door.Liaison.Id);
        await host.WithDbAsync(async db =>
        {
            (await db.People.SingleAsync(p => p.Id == door.Liaison.Id)).IsActive = false;
            await db.SaveChangesAsync();
        });
        using (var gone = await host.Http.GetAsync(Path(leaverLink)))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        // An hour later the staff member's link has expired: 410, ask the bot again.
        host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        using (var expired = await host.Http.GetAsync(Path(staffLink)))
        {
            Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        }
    }
}

/// <summary>
/// The guidance team's documents and images (文书、影像资料) kept per visit by city staff, from the chat and the API; the
/// dossier's visit record with them, the draw and its replay, the plan, cases, figures and progress, all in the manifest.
/// </summary>
public class TeamDocumentTests
{
    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task City_staff_keep_the_teams_documents_per_visit_and_the_dossier_holds_the_whole_visit_record(string language)
    {
        const string englishStaffAad = "00000000-0000-0000-0000-00000000c0b1";
        await using var door = await Door.StartAsync("team-documents", new ParityOptions
        {
            People = [new CastMember("Zhao Staff", PersonRole.CityStaff, "luohe", englishStaffAad, "en-US")],
        });
        var host = door.Host;
        var zh = language == "zh-CN";
        var staffAad = zh ? StaffAad : englishStaffAad;
        var staff = zh ? door.Staff : door.People[englishStaffAad];
        await door.Chat.SeedPlanAsync("wuyang", GuidanceBot.Data.Plans.SubmissionStatus.Accepted, 3);
        var visitId = await door.Db(async db =>
        {
            var unitId = await db.Units.Where(u => u.Code == "wuyang").Select(u => u.Id).SingleAsync();
            var candidates = await db.Enterprises.Where(e => e.UnitId == unitId).Select(e => e.Id).OrderBy(i => i).ToListAsync();
            var visit = new GuidanceBot.Data.Visits.GuidanceVisit
            {
                UnitId = unitId, Year = 2022, PlannedMonth = 3, StartDate = new(2022, 3, 1), EndDate = new(2022, 3, 2), Status = GuidanceBot.Data.Visits.VisitStatus.Scheduled,
            };
            db.Visits.Add(visit);
            await db.SaveChangesAsync();
            var outcome = GuidanceBot.Data.Rules.SpotCheck.Draw(candidates, 1, 20220301).Value!;
            db.SpotCheckDraws.Add(outcome.ToEntity(visit.Id, door.Staff.Id, host.Clock.GetUtcNow().UtcDateTime));
            // What the team saw of the drawn enterprise (全过程跟踪), with a photo in the one file store.
            var store = host.Services.GetRequiredService<FileStore>();
            var seen = await store.SaveAsync(new MemoryStream(EvidenceFileTests.Photo(2000, seed: 9)), "执法现场.jpg", "image/jpeg", unitId, door.Staff.Id);
            db.Files.Add(seen);
            db.VisitFollowUps.Add(new GuidanceBot.Data.Visits.VisitFollowUp
            {
                GuidanceVisitId = visit.Id, EnterpriseId = outcome.ChosenIds[0], ObservedOn = new(2022, 3, 1), RecordedById = door.Staff.Id,
                Procedure = GuidanceBot.Data.Visits.FindingOutcome.Compliant, Documents = GuidanceBot.Data.Visits.FindingOutcome.Problem, DocumentsNote = "询问笔录未签名",
                Closure = GuidanceBot.Data.Visits.FindingOutcome.Compliant, Photos = [new() { FileId = seen.Id, AddedUtc = seen.UploadedUtc }],
            });
            await db.SaveChangesAsync();
            return visit.Id;
        });

        // A photo sent in the chat: the visit under way is offered first.
        var photo = EvidenceFileTests.Photo(30_000, seed: 3);
        host.Files.Serve("检查现场.jpg", photo);
        var received = (await EvidenceFileTests.SendFileAsync(host, staffAad, host.Files.Attachment("检查现场.jpg")))["attachments"]![0]!["content"]!.AsObject();
        door.Chat.Cards.Add(("team-document-received-" + language, received.DeepClone()));
        Assert.Equal(visitId.ToString(), Input(received, EvidenceLimits.Visit)["value"]!.GetValue<string>());
        Assert.Contains(zh ? "这是哪次执法指导的文书、影像资料" : "Which guidance visit's documents and images", AllText(received));
        var kept = Card(await door.Chat.PressAsync(staffAad, received, EvidenceVerbs.AttachToVisit, new() { [EvidenceLimits.Caption] = "企业现场检查" },
            name: "team-document-kept-" + language));
        Assert.Contains(zh ? "舞阳县" : "Wuyang", AllText(kept));

        // A liaison pressing a copy of that card (its verb is city staff's) is refused and audited; nothing is attached.
        var refused = await door.Chat.PressAsync(LiaisonAad, received, EvidenceVerbs.AttachToVisit);
        AssertError(refused, 403);

        // A scan of the signed record through the API.
        var record = (byte[])[.. "%PDF-1.4\n"u8, .. new byte[2048]];
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(record);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(new StringContent("检查记录签字页"), EvidenceLimits.Caption);
        form.Add(content, EvidenceLimits.File, "检查记录.pdf");
        using (var created = await door.RequestAsync(staff, HttpMethod.Post, $"/api/v1/visits/{visitId}/documents", form))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using (var byLiaison = await door.RequestAsync(door.Liaison, HttpMethod.Post, $"/api/v1/visits/{visitId}/documents", new MultipartFormDataContent()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byLiaison.StatusCode);
        }
        var documents = await door.Db(db => db.VisitDocuments.AsNoTracking().Include(d => d.File).OrderBy(d => d.Id).ToListAsync());
        Assert.Equal(["检查现场.jpg", "检查记录.pdf"], documents.Select(d => d.File!.FileName));
        Assert.Equal(["企业现场检查", "检查记录签字页"], documents.Select(d => d.Caption));
        Assert.Equal(2, await door.Db(db => db.AuditLog.CountAsync(a => a.Action == "visit.document" && a.EntityId == visitId.ToString())));
        var listed = await door.SendAsync(staff, HttpMethod.Get, $"/api/v1/visits/{visitId}/documents");
        Assert.Equal(EvidenceFileTests.Sha(photo), listed![0]!["sha256"]!.GetValue<string>());

        // The dossier: the visit's record with the draw and its replay, the team's files, and every part of the year.
        var zip = await EvidenceFileTests.ReadAsync(await door.RequestAsync(staff, HttpMethod.Get, "/api/v1/status/2022/units/wuyang/dossier"));
        using var archive = new ZipArchive(new MemoryStream(zip));
        var names = archive.Entries.Select(e => e.FullName).ToList();
        foreach (var part in new[] { "plan/annual-plan.json", "plan/approval-and-filing.json", "plan/publications.json", "visits/01_2022-03/visit.json",
                     "visits/01_2022-03/team-documents/01_检查现场.jpg", "visits/01_2022-03/team-documents/02_检查记录.pdf",
                     "cases.json", "team-figures.json", "progress.json", UnitYearDossier.AuditTrailName, UnitYearDossier.ManifestName })
        {
            Assert.Contains(part, names);
        }
        var visitJson = JsonNode.Parse(archive.GetEntry("visits/01_2022-03/visit.json")!.Open())!;
        Assert.True(visitJson["draw"]!["replay"]!["matches"]!.GetValue<bool>());
        Assert.Equal(20220301, visitJson["draw"]!["seed"]!.GetValue<int>());
        var followUp = visitJson["followUps"]!.AsArray().Single()!;
        Assert.Equal(("Problem", "询问笔录未签名"), (followUp["documents"]!.GetValue<string>(), followUp["documentsNote"]!.GetValue<string>()));
        Assert.Equal("visits/01_2022-03/follow-ups/01_执法现场.jpg", followUp["photos"]![0]!.GetValue<string>());
        Assert.Contains("visits/01_2022-03/follow-ups/01_执法现场.jpg", names);
        Assert.Equal("visits/01_2022-03/team-documents/01_检查现场.jpg", visitJson["teamDocuments"]![0]!["file"]!.GetValue<string>());
        Assert.Equal(3, JsonNode.Parse(archive.GetEntry("plan/annual-plan.json")!.Open())![0]!["enterprises"]!.AsArray().Count);
        var manifest = JsonNode.Parse(archive.GetEntry(UnitYearDossier.ManifestName)!.Open())!;
        Assert.Equal(EvidenceFileTests.Sha(photo), manifest["files"]!.AsArray()
            .Single(f => f!["path"]!.GetValue<string>() == "visits/01_2022-03/team-documents/01_检查现场.jpg")!["sha256"]!.GetValue<string>());
        Assert.Equal(names.Count - 1, manifest["files"]!.AsArray().Count); // every file but the manifest itself
        Assert.True(DossierCheck.Verify(new MemoryStream(zip)).Intact);
        var removed = DossierCheck.Verify(new MemoryStream(EvidenceFileTests.Alter(zip, n => n == "visits/01_2022-03/visit.json")));
        Assert.Contains(removed.Problems, p => p.StartsWith("visits/01_2022-03/visit.json", StringComparison.Ordinal));
        await door.Chat.AssertCardsValidAsync();
    }
}

/// <summary>Evidence through either door leaves the same rows and audit entries.</summary>
public class EvidenceParityTests
{
    private static readonly ParityOptions FileIdsMasked = new() { MaskGuids = true };

    [Fact]
    public async Task A_photo_uploaded_through_the_api_or_sent_in_the_chat_leaves_the_same_rows_and_audit_entries()
    {
        var photo = EvidenceFileTests.Photo();
        await DoorParity.AssertSameAsync(
            seed: door => RectificationFlowTests.AddLetterAsync(door.Host, "wuyang", LetterStatus.Acknowledged),
            api: async door =>
            {
                var problemId = await door.Db(db => db.LetterProblems.OrderBy(p => p.Order).Select(p => p.Id).FirstAsync());
                var letterId = await door.Db(db => db.Letters.Select(l => l.Id).SingleAsync());
                var form = new MultipartFormDataContent();
                var content = new ByteArrayContent(photo);
                content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                form.Add(new StringContent(problemId.ToString()), EvidenceLimits.LetterProblemId);
                form.Add(new StringContent("整改后现场"), EvidenceLimits.Caption);
                form.Add(content, EvidenceLimits.File, "整改现场.jpg");
                using var response = await door.RequestAsync(door.Liaison, HttpMethod.Post, $"/api/v1/letters/{letterId}/report/evidence", form);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            },
            chat: async door =>
            {
                var problemId = await door.Db(db => db.LetterProblems.OrderBy(p => p.Order).Select(p => p.Id).FirstAsync());
                door.Host.Files.Serve("整改现场.jpg", photo);
                var card = (await EvidenceFileTests.SendFileAsync(door.Host, LiaisonAad, door.Host.Files.Attachment("整改现场.jpg")))["attachments"]![0]!["content"]!.AsObject();
                Card(await door.Chat.PressAsync(LiaisonAad, card, EvidenceVerbs.AttachToReport,
                    new() { [EvidenceLimits.LetterProblemId] = problemId.ToString(), [EvidenceLimits.Caption] = "整改后现场" }));
            },
            options: FileIdsMasked);
    }
}
