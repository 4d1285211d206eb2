using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Bot.Flows.Visits;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.Visits;
using GuidanceBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Visits;

/// <summary>
/// What 舞阳's liaison (王联络) provides for the unit's visit — links, a file the unit holds, a file uploaded — through the API
/// (their bearer token) and through chat (their cards) gives the same rows, audit entries and queued messages.
/// </summary>
public class MaterialsParityTests
{
    private static Task<int> AddVisitAsync(Door door) => door.Db(async db =>
    {
        var unit = await db.Units.SingleAsync(u => u.Code == "wuyang");
        var visit = new GuidanceVisit { UnitId = unit.Id, Year = 2022, PlannedMonth = 3, Status = VisitStatus.Scheduled, StartDate = new(2022, 3, 20), EndDate = new(2022, 3, 20) };
        db.Visits.Add(visit);
        await db.SaveChangesAsync();
        return visit.Id;
    });

    private static Task<GuidanceVisit> VisitAsync(Door door) => door.Db(db => db.Visits.AsNoTracking().SingleAsync());

    /// <summary>A stored file's id is a random Guid: the same file stored by two hosts has two.</summary>
    private static readonly ParityOptions FileIdsMasked = new() { MaskGuids = true };

    [Fact]
    public async Task Links_are_the_same_step_in_both_doors()
    {
        var result = await DoorParity.AssertSameAsync(
            seed: AddVisitAsync,
            api: async door =>
            {
                var visit = await VisitAsync(door);
                using var response = await door.RequestAsync(door.Liaison, HttpMethod.Post, $"/api/v1/visits/{visit.Id}/materials", new
                {
                    version = visit.Version,
                    materials = new[]
                    {
                        new { checkItemCode = "3.2", materialIndex = 0, url = "https://gov.example.test/manual.pdf" },
                        new { checkItemCode = "3.2", materialIndex = 1, url = "http://gov.example.test/samples.pdf" },
                    },
                });
                await HttpAssert.Json(response, HttpStatusCode.OK);
            },
            chat: async door =>
            {
                var visit = await VisitAsync(door);
                Card(await door.Chat.InvokeAsync(LiaisonAad, MaterialsVerbs.SaveLinks, new JsonObject
                {
                    ["visitId"] = visit.Id, ["version"] = visit.Version.ToString(),
                    [MaterialsCards.LinkId("3.2", 0)] = "https://gov.example.test/manual.pdf",
                    [MaterialsCards.LinkId("3.2", 1)] = "http://gov.example.test/samples.pdf",
                }));
            });

        Assert.Equal(2, result.Api.Tables["VisitMaterials"].Count);
        Assert.Contains(result.Api.Audit, a => a.StartsWith("visit.materials ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_links_are_refused_in_both_doors_each_under_its_field_with_nothing_written()
    {
        var tooLong = "https://gov.example.test/" + new string('a', Data.Rules.FieldLimits.UrlMax);
        IReadOnlyDictionary<string, string>? apiErrors = null;
        Dictionary<string, string>? chatErrors = null;
        await DoorParity.AssertSameAsync(
            seed: AddVisitAsync,
            api: async door =>
            {
                var visit = await VisitAsync(door);
                apiErrors = await door.RefusedAsync(door.Liaison, HttpMethod.Post, $"/api/v1/visits/{visit.Id}/materials", new
                {
                    version = visit.Version,
                    materials = new[]
                    {
                        new { checkItemCode = "3.2", materialIndex = 0, url = "javascript:alert(1)" },
                        new { checkItemCode = "3.2", materialIndex = 1, url = tooLong },
                        new { checkItemCode = "3.3", materialIndex = 0, url = "https://gov.example.test/ok.pdf" },
                    },
                });
            },
            chat: async door =>
            {
                var visit = await VisitAsync(door);
                var card = Card(await door.Chat.InvokeAsync(LiaisonAad, MaterialsVerbs.SaveLinks, new JsonObject
                {
                    ["visitId"] = visit.Id, ["version"] = visit.Version.ToString(),
                    [MaterialsCards.LinkId("3.2", 0)] = "javascript:alert(1)",
                    [MaterialsCards.LinkId("3.2", 1)] = tooLong,
                    [MaterialsCards.LinkId("3.3", 0)] = "https://gov.example.test/ok.pdf",
                }));
                chatErrors = new[] { ("3.2", 0), ("3.2", 1), ("3.3", 0) }
                    .Select(x => (Id: MaterialsCards.LinkId(x.Item1, x.Item2), Error: ErrorUnder(card, MaterialsCards.LinkId(x.Item1, x.Item2))))
                    .Where(x => x.Error is not null).ToDictionary(x => x.Id, x => x.Error!);
            },
            refused: true);

        // Both bad links named, the good one not; the same sentences.
        Assert.Equal(["materials[0].url", "materials[1].url"], apiErrors!.Keys.Order());
        Assert.Equal([MaterialsCards.LinkId("3.2", 0), MaterialsCards.LinkId("3.2", 1)], chatErrors!.Keys.Order());
        Assert.Equal(apiErrors.Values, chatErrors.Values);
    }

    [Fact]
    public async Task A_file_the_unit_holds_is_attached_alike_in_both_doors()
    {
        async Task SeedAsync(Door door)
        {
            await AddVisitAsync(door);
            await door.Host.WithDbAsync(async db =>
            {
                var unit = await db.Units.SingleAsync(u => u.Code == "wuyang");
                db.Files.Add(new StoredFile
                {
                    Id = Guid.NewGuid(), UnitId = unit.Id, FileName = "cases.pdf", ContentType = "application/pdf", Length = 8, Sha256 = "00",
                    UploadedById = door.Liaison.Id, UploadedUtc = door.Host.Clock.GetUtcNow().UtcDateTime,
                });
                await db.SaveChangesAsync();
            });
        }

        var result = await DoorParity.AssertSameAsync(
            seed: SeedAsync,
            api: async door =>
            {
                var (visit, file) = (await VisitAsync(door), await door.Db(db => db.Files.SingleAsync()));
                using var response = await door.RequestAsync(door.Liaison, HttpMethod.Post, $"/api/v1/visits/{visit.Id}/materials",
                    new { version = visit.Version, materials = new[] { new { checkItemCode = "3.3", materialIndex = 0, fileId = file.Id } } });
                await HttpAssert.Json(response, HttpStatusCode.OK);
            },
            chat: async door =>
            {
                var (visit, file) = (await VisitAsync(door), await door.Db(db => db.Files.SingleAsync()));
                Card(await door.Chat.InvokeAsync(LiaisonAad, MaterialsVerbs.Attach, new JsonObject
                {
                    ["visitId"] = visit.Id, ["version"] = visit.Version.ToString(), ["fileId"] = file.Id.ToString(), ["material"] = "3.3#0",
                }));
            },
            options: FileIdsMasked);

        Assert.Contains("FileId=<guid>", Assert.Single(result.Api.Tables["VisitMaterials"]));
    }

    [Fact]
    public async Task A_file_uploaded_through_the_api_or_sent_in_the_chat_leaves_the_same_rows_and_audit_entries()
    {
        var pdf = "%PDF-1.4 roster"u8.ToArray();
        // Sent in the chat: from the host's stand-in for SharePoint's download host (on its Bot:FileHosts).

        var result = await DoorParity.AssertSameAsync(
            seed: AddVisitAsync,
            api: async door =>
            {
                var visit = await VisitAsync(door);
                var content = new ByteArrayContent(pdf);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                using var form = new MultipartFormDataContent
                {
                    { content, "file", "roster.pdf" },
                    { new StringContent("2.1"), "checkItemCode" },
                    { new StringContent("1"), "materialIndex" },
                    { new StringContent(visit.Version.ToString()), "version" },
                };
                using var response = await door.RequestAsync(door.Liaison, HttpMethod.Post, $"/api/v1/visits/{visit.Id}/materials/file", form);
                await HttpAssert.Json(response, HttpStatusCode.OK);
            },
            chat: async door =>
            {
                // Sent in the chat: kept, then attached to the material picked on the card that answers it.
                var host = door.Host;
                var before = host.Connector.Requests.Count;
                var message = host.Sample("message-personal.json");
                message["text"] = "";
                message["from"] = new JsonObject { ["id"] = UserId(LiaisonAad), ["name"] = "c002", ["aadObjectId"] = LiaisonAad };
                message["attachments"] = new JsonArray(new JsonObject
                {
                    ["contentType"] = "application/vnd.microsoft.teams.file.download.info",
                    ["contentUrl"] = "https://contoso.sharepoint.com/personal/wang/Documents/roster.pdf",
                    ["name"] = "roster.pdf",
                    ["content"] = new JsonObject { ["downloadUrl"] = host.Files.Serve("roster.pdf", pdf), ["uniqueId"] = Guid.NewGuid().ToString(), ["fileType"] = "pdf" },
                });
                Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(message, host.ValidToken())).StatusCode);
                await host.Connector.WaitUntilAsync(r => r.Count == before + 1);
                var card = host.Connector.Requests[before].Body!["attachments"]![0]!["content"]!.AsObject();
                var attach = ActionData(card, MaterialsVerbs.Attach);
                attach["material"] = "2.1#1";
                Card(await door.Chat.InvokeAsync(LiaisonAad, MaterialsVerbs.Attach, attach));
            },
            options: FileIdsMasked);

        Assert.Single(result.Api.Tables["Files"]);
        Assert.Single(result.Api.Tables["VisitMaterials"]);
        Assert.Equal(["file.upload", "visit.materials"], result.Api.Audit.Select(a => a.Split(' ')[0]));
    }
}
