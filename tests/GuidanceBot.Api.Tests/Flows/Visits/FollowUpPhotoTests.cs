using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using GuidanceBot.Api.Tests.Flows.Evidence;
using GuidanceBot.Api.Tests.Flows.Letters;
using GuidanceBot.Bot.Flows.Visits;
using GuidanceBot.Data.Documents;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Visits;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Api.Tests.Flows.Visits.FollowUpTests;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Visits;

/// <summary>
/// Photos of a follow-up record (全过程跟踪, issue 15 point 3) sent in the personal chat: "add photos" on the record's card, then
/// Teams file attachments (downloaded over real HTTP from the stand-in for SharePoint) go to the record through the step the
/// API's upload takes (<see cref="FollowUpWorkflow.AddPhotoAsync"/>: type by content, size while written, SHA-256, 20 per record);
/// the answer lists what was kept and what was refused; the photos are in the letter DOCX and the dossier with their hashes.
/// Bad input through either door writes nothing: no file row, no bytes, no upload entry.
/// </summary>
public class FollowUpPhotoTests
{
    private const string EnglishStaffAad = "00000000-0000-0000-0000-00000000c0e5";

    private static ParityOptions Options => new()
    {
        Services = SameDraw.Services,
        People = [new CastMember("Zhang City", PersonRole.CityStaff, "luohe", EnglishStaffAad, "en-US")],
        MaskGuids = true,
    };

    private static string StaffOf(string language) => language == "zh-CN" ? StaffAad : EnglishStaffAad;

    /// <summary>A message from <paramref name="aad"/> carrying <paramref name="attachments"/> (several files in one message); the bot's reply.</summary>
    private static async Task<JsonObject> SendFilesAsync(BotHostFactory host, string aad, params JsonObject[] attachments)
    {
        var before = host.Connector.Requests.Count;
        var message = host.Sample("message-personal.json");
        message["text"] = "";
        message["from"] = new JsonObject { ["id"] = UserId(aad), ["name"] = aad[^4..], ["aadObjectId"] = aad };
        message["attachments"] = new JsonArray([.. attachments]);
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(message, host.ValidToken())).StatusCode);
        await host.Connector.WaitUntilAsync(r => r.Count > before);
        return host.Connector.Requests[before].Body!.AsObject();
    }

    private static JsonObject CardOf(JsonObject reply) =>
        reply["attachments"]?[0]?["content"]?.AsObject() ?? throw new Xunit.Sdk.XunitException("no card: " + reply.ToJsonString());

    /// <summary>wuyang's visit begun, its draw, and a record of the first drawn enterprise; (visit, drawn, record's version).</summary>
    private static async Task<(int Visit, int Drawn, Guid Version)> RecordAsync(Door door)
    {
        await SeedAsync(door);
        var (visit, drawn) = (await VisitIdAsync(door), (await DrawnAsync(door))[0]);
        var record = (await door.PostAsync(door.Staff, $"/api/v1/visits/{visit}/follow-ups", Body(drawn)))!;
        return (visit, drawn, Guid.Parse(record["version"]!.GetValue<string>()));
    }

    /// <summary>"Add photos" pressed on the record's card, as it is shown now; the card that answers.</summary>
    private static async Task<JsonObject> AddPhotosAsync(Door door, string aad, int visit, int drawn, string? name = null)
    {
        var form = Card(await door.Chat.InvokeAsync(aad, VisitVerbs.FollowUpOpen, new JsonObject { ["visitId"] = visit, [FollowUpFields.EnterpriseId] = drawn }));
        return Card(await door.Chat.InvokeAsync(aad, VisitVerbs.FollowUpPhotos, ActionData(form, VisitVerbs.FollowUpPhotos), name: name));
    }

    private static int FilesOnDisk(Door door)
    {
        var root = door.Host.Services.GetRequiredService<FileStore>().Root;
        return Directory.Exists(root) ? Directory.GetFiles(root).Length : 0;
    }

    /// <summary>Nothing of a photo was kept: no photo, no file row, no bytes, no upload or photo entry.</summary>
    private static async Task AssertNothingKeptAsync(Door door, int photos = 0)
    {
        Assert.Equal(photos, await door.Db(db => db.Set<VisitFollowUpPhoto>().CountAsync()));
        Assert.Equal(photos, await door.Db(db => db.Files.CountAsync()));
        Assert.Equal(photos, FilesOnDisk(door));
        Assert.Equal(photos, await door.Db(db => db.AuditLog.CountAsync(a => a.Action == "file.upload")));
        Assert.Equal(photos, await door.Db(db => db.AuditLog.CountAsync(a => a.Action == FollowUpWorkflow.PhotoAction)));
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task A_photo_sent_in_the_chat_lands_on_the_record_the_letter_and_the_dossier_and_an_altered_copy_fails_the_check(string language)
    {
        await using var door = await Door.StartAsync("photos", Options);
        var zh = language == "zh-CN";
        var aad = StaffOf(language);
        var staff = zh ? door.Staff : door.People[EnglishStaffAad];
        var (visit, drawn, _) = await RecordAsync(door);
        var name = await door.Db(db => db.Enterprises.Where(e => e.Id == drawn).Select(e => e.Name).SingleAsync());

        var ready = await AddPhotosAsync(door, aad, visit, drawn, "followup-photos-open-" + language);
        Assert.Contains(zh ? $"请在本聊天中发送{name}的现场照片" : $"Send the photos of {name} in this chat", AllText(ready));

        // Two files in one message: a photo, and a PDF named .jpg. The photo is kept, the PDF refused, each said.
        var photo = EvidenceFileTests.Photo();
        door.Host.Files.Serve("现场1.jpg", photo);
        door.Host.Files.Serve("伪装.jpg", [.. "%PDF-1.7\n"u8, .. new byte[2000]]);
        var answer = CardOf(await SendFilesAsync(door.Host, aad, door.Host.Files.Attachment("现场1.jpg"), door.Host.Files.Attachment("伪装.jpg")));
        door.Chat.Cards.Add(("followup-photos-received-" + language, answer.DeepClone()));
        var text = AllText(answer);
        Assert.Contains(zh ? "已保存：现场1.jpg（image/jpeg" : "Kept: 现场1.jpg (image/jpeg", text);
        Assert.Contains(EvidenceFileTests.Sha(photo), text);
        Assert.Contains(zh ? "未保存：伪装.jpg：文件“伪装.jpg”不是照片（按文件内容判断），未保存。可接受：JPG, PNG, HEIC。"
            : "Not kept: 伪装.jpg: The file “伪装.jpg” is not a photo (judged by its content) and was not kept. Accepted: JPG, PNG, HEIC.", text);
        Assert.Contains(zh ? "该跟踪记录现有照片 1 张（最多 20 张）" : "now holds 1 photo(s) (at most 20)", text);
        Assert.All(door.Host.Files.Requests, r => Assert.Null(r.Authorization)); // no credential goes to the file host

        // On the record: the photo as sent, owned by the visited unit, audited with its hash.
        var kept = await door.Db(db => db.Set<VisitFollowUpPhoto>().Include(p => p.File).AsNoTracking().SingleAsync());
        var wuyang = await door.Db(db => db.Units.Where(u => u.Code == "wuyang").Select(u => u.Id).SingleAsync());
        Assert.Equal(("现场1.jpg", "image/jpeg", EvidenceFileTests.Sha(photo), wuyang, staff.Id),
            (kept.File!.FileName, kept.File.ContentType, kept.File.Sha256, kept.File.UnitId, kept.File.UploadedById));
        Assert.Equal(photo, await File.ReadAllBytesAsync(door.Host.Services.GetRequiredService<FileStore>().PathOf(kept.FileId)));
        Assert.Equal(1, FilesOnDisk(door));
        Assert.Equal(1, await door.Db(db => db.AuditLog.CountAsync(a => a.Action == FollowUpWorkflow.PhotoAction && a.Details!.Contains(EvidenceFileTests.Sha(photo)))));

        // The record's card shows it; "done" ends it: the next file goes where a city staff's file went before (the team's documents).
        var form = Card(await door.Chat.InvokeAsync(aad, VisitVerbs.FollowUpOpen, new JsonObject { ["visitId"] = visit, [FollowUpFields.EnterpriseId] = drawn }));
        Assert.Contains(zh ? "照片 1 张：现场1.jpg" : "1 photo(s): 现场1.jpg", AllText(form));
        var done = Card(await door.Chat.PressAsync(aad, answer, VisitVerbs.FollowUpPhotosDone));
        Assert.Contains(zh ? $"已结束为{name}添加照片" : $"Adding photos to {name} has ended", AllText(done));
        door.Host.Files.Serve("会议.jpg", EvidenceFileTests.Photo(seed: 9));
        var after = CardOf(await SendFilesAsync(door.Host, aad, door.Host.Files.Attachment("会议.jpg")));
        Assert.DoesNotContain(VisitVerbs.FollowUpPhotosDone, Verbs(after));
        Assert.Equal(1, await door.Db(db => db.Set<VisitFollowUpPhoto>().CountAsync()));

        // The letter of the visit lists the record with its photo, in its download and in the dossier.
        var letterId = await RectificationFlowTests.AddLetterAsync(door.Host, "wuyang", LetterStatus.Issued);
        await door.Db(db => db.Letters.Where(l => l.Id == letterId).ExecuteUpdateAsync(s => s.SetProperty(l => l.GuidanceVisitId, visit)));
        var docx = await EvidenceFileTests.ReadAsync(await door.RequestAsync(staff, HttpMethod.Get, $"/api/v1/letters/{letterId}/document"));
        Assert.Contains("现场照片1张：现场1.jpg", LetterText(docx));

        var zip = await EvidenceFileTests.ReadAsync(await door.RequestAsync(staff, HttpMethod.Get, "/api/v1/status/2022/units/wuyang/dossier"));
        using (var archive = new ZipArchive(new MemoryStream(zip)))
        {
            var entry = archive.Entries.Single(e => e.FullName.Contains("/follow-ups/", StringComparison.Ordinal));
            Assert.EndsWith("现场1.jpg", entry.FullName);
            using (var s = entry.Open())
            using (var copy = new MemoryStream())
            {
                await s.CopyToAsync(copy);
                Assert.Equal(photo, copy.ToArray());
            }
            var manifest = JsonNode.Parse(archive.GetEntry(UnitYearDossier.ManifestName)!.Open())!;
            var listed = manifest["files"]!.AsArray().Single(f => f!["path"]!.GetValue<string>() == entry.FullName)!;
            Assert.Equal((EvidenceFileTests.Sha(photo), EvidenceFileTests.Sha(photo)), (listed["sha256"]!.GetValue<string>(), listed["recordedSha256"]!.GetValue<string>()));
            var letter = archive.Entries.Single(e => e.FullName.StartsWith("letters/", StringComparison.Ordinal));
            using var l = letter.Open();
            using var letterCopy = new MemoryStream();
            await l.CopyToAsync(letterCopy);
            Assert.Contains("现场照片1张：现场1.jpg", LetterText(letterCopy.ToArray()));
        }
        Assert.True(DossierCheck.Verify(new MemoryStream(zip)).Intact);
        var altered = DossierCheck.Verify(new MemoryStream(EvidenceFileTests.Alter(zip, e => e.EndsWith("现场1.jpg", StringComparison.Ordinal))));
        Assert.False(altered.Intact);
        Assert.Contains(altered.Problems, p => p.Contains("现场1.jpg", StringComparison.Ordinal) && p.Contains("SHA-256", StringComparison.Ordinal));
        await door.Chat.AssertCardsValidAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_photo_pasted_into_the_chat_is_fetched_from_the_connector_with_the_bots_token_and_lands_on_the_record(bool afterAnotherMessage)
    {
        await using var door = await Door.StartAsync("photos", Options);
        var (visit, drawn, _) = await RecordAsync(door);
        await AddPhotosAsync(door, StaffAad, visit, drawn);
        var photo = EvidenceFileTests.Photo(seed: 5);
        if (afterAnotherMessage)
        {
            door.Host.Files.Serve("现场1.jpg", EvidenceFileTests.Photo());
            Assert.Contains("已保存：现场1.jpg", AllText(CardOf(await SendFilesAsync(door.Host, StaffAad, door.Host.Files.Attachment("现场1.jpg")))));
        }

        // Teams sends a pasted image as an attachment on the Connector (image/*), fetched with the bot's token.
        door.Host.Connector.Attachments["0-pasted"] = photo;
        var before = door.Host.Connector.Requests.Count;
        var message = door.Host.Sample("message-personal.json");
        message["text"] = "";
        message["from"] = new JsonObject { ["id"] = UserId(StaffAad), ["name"] = "staff", ["aadObjectId"] = StaffAad };
        message["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = "image/*", ["contentUrl"] = door.Host.Connector.ServiceUrl + "v3/attachments/0-pasted/views/original",
        });
        Assert.Equal(HttpStatusCode.OK, (await door.Host.PostAsync(message, door.Host.ValidToken())).StatusCode);
        await door.Host.Connector.WaitUntilAsync(r => r.Skip(before).Any(x => x.Method == "POST" && x.ConversationId is not null));
        var requests = door.Host.Connector.Requests.Skip(before).ToList();
        var answer = CardOf(requests.First(x => x.Method == "POST" && x.ConversationId is not null).Body!.AsObject());

        Assert.Contains("已保存", AllText(answer));
        Assert.Contains(EvidenceFileTests.Sha(photo), AllText(answer));
        Assert.StartsWith("Bearer ", Assert.Single(requests, x => x.Method == "GET" && x.Path.Contains("/v3/attachments/0-pasted/", StringComparison.Ordinal)).Authorization);
        var kept = await door.Db(db => db.Set<VisitFollowUpPhoto>().Include(p => p.File).AsNoTracking().OrderBy(p => p.Id).ToListAsync());
        Assert.Equal((afterAnotherMessage ? 2 : 1, EvidenceFileTests.Sha(photo), "image/jpeg"), (kept.Count, kept[^1].File!.Sha256, kept[^1].File!.ContentType));
    }

    private static string LetterText(byte[] docx)
    {
        using var word = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return word.MainDocumentPart!.Document.Body!.InnerText;
    }

    [Fact]
    public async Task Adding_a_photo_is_the_same_step_in_both_doors()
    {
        var photo = EvidenceFileTests.Photo();
        var result = await DoorParity.AssertSameAsync(
            seed: async door => await RecordAsync(door),
            api: async door =>
            {
                var (visit, drawn) = (await VisitIdAsync(door), (await DrawnAsync(door))[0]);
                var version = await door.Db(db => db.VisitFollowUps.Select(f => f.Version).SingleAsync());
                var added = (await door.SendAsync(door.Staff, HttpMethod.Post, $"/api/v1/visits/{visit}/follow-ups/{drawn}/photos", Photo("现场.jpg", photo, version)))!;
                Assert.Equal("现场.jpg", Assert.Single(added["photos"]!.AsArray())!["fileName"]!.GetValue<string>());
            },
            chat: async door =>
            {
                var (visit, drawn) = (await VisitIdAsync(door), (await DrawnAsync(door))[0]);
                await AddPhotosAsync(door, StaffAad, visit, drawn);
                door.Host.Files.Serve("现场.jpg", photo);
                Assert.Contains("已保存：现场.jpg", AllText(CardOf(await SendFilesAsync(door.Host, StaffAad, door.Host.Files.Attachment("现场.jpg")))));
            },
            options: Options);

        Assert.Single(result.Api.Tables["VisitFollowUpPhoto"]);
        Assert.Contains(result.Api.Tables["Files"], row => row.Contains(EvidenceFileTests.Sha(photo)));
        Assert.Contains(result.Api.Audit, a => a.StartsWith(FollowUpWorkflow.PhotoAction + " GuidanceVisit#", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task Bad_photos_through_the_api_are_refused_clearly_and_nothing_is_written(string language)
    {
        await using var door = await Door.StartAsync("photos", Options);
        var zh = language == "zh-CN";
        var staff = zh ? door.Staff : door.People[EnglishStaffAad];
        var (visit, drawn, version) = await RecordAsync(door);
        var undrawn = await NotDrawnAsync(door);
        var second = (await DrawnAsync(door))[1]; // drawn, no record yet
        string Url(int enterprise) => $"/api/v1/visits/{visit}/follow-ups/{enterprise}/photos";

        async Task<JsonNode> RefusedAsync(Person who, int enterprise, MultipartFormDataContent body, HttpStatusCode status)
        {
            using var client = await door.ApiAsync(who);
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
            using var response = await client.PostAsync(Url(enterprise), body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"{(int)response.StatusCode} {text}");
            return JsonNode.Parse(text)!;
        }
        string FileError(JsonNode problem) => problem["errors"]![FollowUpFields.File]![0]!.GetValue<string>();

        // One byte over 20 MB: counted while it is written, and gone again.
        var big = FileError(await RefusedAsync(staff, drawn, Photo("大.jpg", EvidenceFileTests.Photo((int)EvidenceFiles.MaxBytes + 1), version), HttpStatusCode.BadRequest));
        Assert.Equal(zh ? "文件“大.jpg”超过 20 MB 的上限，未保存。" : "The file \"大.jpg\" is larger than 20 MB; it was not kept.", big);
        // A ".jpg" whose bytes are a PDF or a program.
        Assert.Contains("JPG, PNG, HEIC", FileError(await RefusedAsync(staff, drawn, Photo("扫描.jpg", [.. "%PDF-1.7\n"u8, 1, 2, 3], version), HttpStatusCode.BadRequest)));
        Assert.Contains("程序.jpg", FileError(await RefusedAsync(staff, drawn, Photo("程序.jpg", [(byte)'M', (byte)'Z', 0x90, 0], version), HttpStatusCode.BadRequest)));
        // An enterprise that was not drawn, a drawn one without a record.
        var notDrawn = await RefusedAsync(staff, undrawn, Photo("a.jpg", EvidenceFileTests.Photo(), version), HttpStatusCode.BadRequest);
        Assert.Contains(undrawn.ToString(), notDrawn["errors"]![FollowUpFields.EnterpriseId]![0]!.GetValue<string>());
        var noRecord = await RefusedAsync(staff, second, Photo("a.jpg", EvidenceFileTests.Photo(), version), HttpStatusCode.BadRequest);
        Assert.Equal(zh ? "该企业还没有跟踪记录，请先记录跟踪情况，再添加照片。" : "The enterprise has no follow-up record yet: record what the team saw first, then add photos.",
            noRecord["errors"]![FollowUpFields.EnterpriseId]![0]!.GetValue<string>());
        // A county liaison (by the token's role), a stale version.
        using (var county = await (await door.ApiAsync(door.Liaison)).PostAsync(Url(drawn), Photo("a.jpg", EvidenceFileTests.Photo(), version)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, county.StatusCode);
        }
        await RefusedAsync(staff, drawn, Photo("a.jpg", EvidenceFileTests.Photo(), Guid.NewGuid()), HttpStatusCode.Conflict);
        await AssertNothingKeptAsync(door);
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task Bad_photos_in_the_chat_are_refused_clearly_and_nothing_is_written(string language)
    {
        await using var door = await Door.StartAsync("photos", Options);
        var zh = language == "zh-CN";
        var aad = StaffOf(language);
        var (visit, drawn, version) = await RecordAsync(door);
        var undrawn = await NotDrawnAsync(door);
        var second = (await DrawnAsync(door))[1];

        // A county liaison pressing "add photos" (a card forwarded, or made up): refused by who they are.
        AssertError(await door.Chat.InvokeAsync(LiaisonAad, VisitVerbs.FollowUpPhotos,
            new JsonObject { ["visitId"] = visit, [FollowUpFields.EnterpriseId] = drawn, [FollowUpFields.Version] = version.ToString() }), 403);
        // An enterprise not drawn, one without a record: the rule's message; a card older than the record: stale.
        var notDrawn = await door.Chat.InvokeAsync(aad, VisitVerbs.FollowUpPhotos,
            new JsonObject { ["visitId"] = visit, [FollowUpFields.EnterpriseId] = undrawn, [FollowUpFields.Version] = version.ToString() });
        Assert.Contains(undrawn.ToString(), notDrawn["value"]!["message"]!.GetValue<string>());
        var noRecord = await door.Chat.InvokeAsync(aad, VisitVerbs.FollowUpPhotos,
            new JsonObject { ["visitId"] = visit, [FollowUpFields.EnterpriseId] = second, [FollowUpFields.Version] = version.ToString() });
        Assert.Contains(zh ? "该企业还没有跟踪记录" : "has no follow-up record yet", noRecord["value"]!["message"]!.GetValue<string>());
        AssertStale(await door.Chat.InvokeAsync(aad, VisitVerbs.FollowUpPhotos,
            new JsonObject { ["visitId"] = visit, [FollowUpFields.EnterpriseId] = drawn, [FollowUpFields.Version] = Guid.NewGuid().ToString() }));

        // "Add photos", then three bad files in one message: too large (no length sent: stopped while it streams), a PDF and a program named .jpg.
        await AddPhotosAsync(door, aad, visit, drawn);
        door.Host.Files.Serve("big.jpg", EvidenceFileTests.Photo(20 * 1024 * 1024 + 1), chunked: true);
        door.Host.Files.Serve("scan.jpg", [.. "%PDF-1.7\n"u8, .. new byte[4000]]);
        door.Host.Files.Serve("setup.jpg", [(byte)'M', (byte)'Z', .. new byte[4000]]);
        var answer = AllText(CardOf(await SendFilesAsync(door.Host, aad, door.Host.Files.Attachment("big.jpg"), door.Host.Files.Attachment("scan.jpg"),
            door.Host.Files.Attachment("setup.jpg"))));
        Assert.Contains(zh ? "未保存：big.jpg：文件“big.jpg”超过 20 MB 的上限，未保存。" : "Not kept: big.jpg: The file \"big.jpg\" is larger than 20 MB; it was not kept.", answer);
        Assert.Contains(zh ? "未保存：scan.jpg：文件“scan.jpg”不是照片" : "Not kept: scan.jpg: The file “scan.jpg” is not a photo", answer);
        Assert.Contains(zh ? "未保存：setup.jpg：" : "Not kept: setup.jpg: ", answer);
        Assert.DoesNotContain(zh ? "已保存：" : "Kept: ", answer);

        // The record changed after "add photos" (saved again by someone else): the next photo is refused as stale, not kept.
        var current = await door.Db(db => db.VisitFollowUps.Select(f => f.Version).SingleAsync());
        await door.PostAsync(door.Staff, $"/api/v1/visits/{visit}/follow-ups",
            new { enterpriseId = drawn, procedure = "Compliant", documents = "Compliant", closure = "Compliant", version = current });
        door.Host.Files.Serve("late.jpg", EvidenceFileTests.Photo());
        var stale = AllText(CardOf(await SendFilesAsync(door.Host, aad, door.Host.Files.Attachment("late.jpg"))));
        Assert.Contains(zh ? "未保存：late.jpg：" : "Not kept: late.jpg: ", stale);
        await AssertNothingKeptAsync(door);

        // After its lifetime the choice has lapsed: a file goes where a city staff's file goes (the team's documents), not to the record.
        door.Host.Clock.Advance(FollowUpLimits.PhotoTargetLifetime + TimeSpan.FromMinutes(1));
        var lapsed = CardOf(await SendFilesAsync(door.Host, aad, door.Host.Files.Attachment("late.jpg")));
        Assert.DoesNotContain(VisitVerbs.FollowUpPhotosDone, Verbs(lapsed));
        Assert.Equal(0, await door.Db(db => db.Set<VisitFollowUpPhoto>().CountAsync()));
    }

    [Fact]
    public async Task The_21st_photo_is_refused_in_both_doors_and_the_card_offers_no_more()
    {
        await using var door = await Door.StartAsync("photos", Options);
        var (visit, drawn, version) = await RecordAsync(door);
        var url = $"/api/v1/visits/{visit}/follow-ups/{drawn}/photos";
        for (var i = 1; i < FollowUpLimits.PhotosPerRecordMax; i++)
        {
            var added = (await door.SendAsync(door.Staff, HttpMethod.Post, url, Photo($"现场{i}.jpg", EvidenceFileTests.Photo(2000, i), version)))!;
            version = Guid.Parse(added["version"]!.GetValue<string>());
        }
        // The 20th through the chat, then the 21st in the same message: kept, refused.
        await AddPhotosAsync(door, StaffAad, visit, drawn);
        door.Host.Files.Serve("现场20.jpg", EvidenceFileTests.Photo(2000, 20));
        door.Host.Files.Serve("现场21.jpg", EvidenceFileTests.Photo(2000, 21));
        var answer = AllText(CardOf(await SendFilesAsync(door.Host, StaffAad, door.Host.Files.Attachment("现场20.jpg"), door.Host.Files.Attachment("现场21.jpg"))));
        Assert.Contains("已保存：现场20.jpg", answer);
        Assert.Contains("未保存：现场21.jpg：每家企业最多保存 20 张照片。", answer);

        version = await door.Db(db => db.VisitFollowUps.Select(f => f.Version).SingleAsync());
        var errors = await door.RefusedAsync(door.Staff, HttpMethod.Post, url, Photo("现场21.jpg", EvidenceFileTests.Photo(2000, 21), version));
        Assert.Equal("每家企业最多保存 20 张照片。", errors[FollowUpFields.File]);
        await AssertNothingKeptAsync(door, photos: FollowUpLimits.PhotosPerRecordMax);

        var form = Card(await door.Chat.InvokeAsync(StaffAad, VisitVerbs.FollowUpOpen, new JsonObject { ["visitId"] = visit, [FollowUpFields.EnterpriseId] = drawn }));
        Assert.DoesNotContain(VisitVerbs.FollowUpPhotos, Verbs(form));
    }
}
