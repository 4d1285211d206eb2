using System.Net;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Flows.Visits;
using GuidanceBot.Data;
using GuidanceBot.Data.Plans;
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
/// Visit materials through /api/messages on the real host: city staff set the visit's date, the liaison gets the
/// request card (exactly the 2022 template's items and materials, the accepted approval ticked), gives links and
/// sends a file in the chat; bad links, wrong files, stale cards, another unit's visit and the wrong role are refused
/// with nothing written. The database is checked after each step; every card goes through the official parser.
/// </summary>
public class MaterialsFlowTests
{
    private static async Task<int> SeedVisitAsync(TeamsDriver flow, string unit = "wuyang")
    {
        var id = 0;
        await flow.Host.WithDbAsync(async db =>
        {
            var unitId = await db.Units.Where(u => u.Code == unit).Select(u => u.Id).SingleAsync();
            // The approval was accepted with both documents: those two materials are on file.
            db.PlanApprovals.Add(new PlanApproval
            {
                UnitId = unitId, Year = 2022, Status = SubmissionStatus.Accepted, ApprovalDocumentNumber = "舞政文〔2022〕3号", FilingDocumentNumber = "舞应急〔2022〕5号",
            });
            var visit = new GuidanceVisit { UnitId = unitId, Year = 2022, PlannedMonth = 3, Status = VisitStatus.Planned };
            db.Visits.Add(visit);
            await db.SaveChangesAsync();
            id = visit.Id;
        });
        return id;
    }

    private static async Task<(List<string> Items, List<string> Materials)> TemplateAsync(TeamsDriver flow)
    {
        var items = await flow.Host.QueryAsync(db => db.CheckItems.AsNoTracking()
            .Where(i => db.CheckTemplates.Any(t => t.Year == 2022 && t.Areas.Any(a => a.Id == i.CheckAreaId))).ToListAsync());
        return (items.Select(i => "item-" + i.Code).Order().ToList(),
            items.SelectMany(i => i.Materials.Select((_, n) => $"mat-{i.Code}-{n}")).Order().ToList());
    }

    private static IEnumerable<string> Ids(JsonNode? node) => node switch
    {
        JsonObject o => (o["id"] is JsonValue v && v.TryGetValue<string>(out var id) ? [id] : Array.Empty<string>()).Concat(o.SelectMany(p => Ids(p.Value))),
        JsonArray a => a.SelectMany(Ids),
        _ => [],
    };

    private static string Line(JsonObject card, string id) =>
        card["body"]!.AsArray().Single(e => e?["id"]?.GetValue<string>() == id)!["text"]!.GetValue<string>();

    private static Task<int> ProvidedAsync(TeamsDriver flow) => flow.Host.QueryAsync(db => db.VisitMaterials.CountAsync());

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task The_city_sets_the_date_the_liaison_gets_exactly_the_template_and_provides_links(string language)
    {
        await using var flow = await TeamsDriver.StartCityAsync(language);
        var zh = language == "zh-CN";
        var visitId = await SeedVisitAsync(flow);
        var (items, materials) = await TemplateAsync(flow);

        // City staff: the list, the visit, then its date.
        var overview = Card(await flow.InvokeAsync(StaffAad, MaterialsVerbs.Overview, name: "materials-overview"));
        Assert.Contains(zh ? "舞阳县" : "Wuyang County", AllText(overview));
        var city = Card(await flow.InvokeAsync(StaffAad, MaterialsVerbs.CityVisit, ActionData(overview, MaterialsVerbs.CityVisit), name: "materials-city"));
        // The visit's own card leads to the same view.
        var visitCard = Card(await flow.InvokeAsync(StaffAad, "visit.open", new JsonObject { ["visitId"] = visitId }, name: "visit"));
        var fromVisit = Card(await flow.InvokeAsync(StaffAad, MaterialsVerbs.CityVisit, ActionData(visitCard, MaterialsVerbs.CityVisit), name: "materials-city-from-visit"));
        Assert.Equal(AllText(city), AllText(fromVisit));
        Assert.Contains(zh ? "2 / 16" : "2 of 16", AllText(city)); // 16 materials, the two approval documents on file

        // A date in the past is refused under the field, nothing written.
        var data = ActionData(city, MaterialsVerbs.SetDate);
        data["start"] = "2022-02-28";
        var refused = Card(await flow.InvokeAsync(StaffAad, MaterialsVerbs.SetDate, data, name: "materials-city-bad-date"));
        Assert.Contains("2022-02-28", ErrorUnder(refused, "start"));
        Assert.Null(await flow.Host.QueryAsync(db => db.Visits.Where(v => v.Id == visitId).Select(v => v.StartDate).SingleAsync()));

        data["start"] = "2022-03-15";
        var dated = Card(await flow.InvokeAsync(StaffAad, MaterialsVerbs.SetDate, data, name: "materials-city-dated"));
        Assert.Contains("2022-03-15", AllText(dated));
        var visit = await flow.Host.QueryAsync(db => db.Visits.AsNoTracking().SingleAsync(v => v.Id == visitId));
        Assert.Equal((new DateOnly(2022, 3, 15), VisitStatus.Scheduled), (visit.StartDate!.Value, visit.Status));
        Assert.Equal(1, await flow.Host.QueryAsync(db => db.AuditLog.CountAsync(a => a.Action == "visit.date")));

        // The request went to 舞阳's liaison only, at once, through the outbox.
        var sent = await flow.DispatchAsync("materials-request");
        var request = Assert.Single(sent);
        Assert.Equal(items, Ids(request).Where(i => i.StartsWith("item-", StringComparison.Ordinal)).Order().ToList());
        Assert.Equal(materials, Ids(request).Where(i => i.StartsWith("mat-", StringComparison.Ordinal)).Order().ToList());
        Assert.StartsWith("✅", Line(request, "mat-1.2-0"));
        Assert.StartsWith("✅", Line(request, "mat-1.2-1"));
        Assert.StartsWith("⬜", Line(request, "mat-1.1-0"));
        Assert.Contains(zh ? "政府批复文件" : "Government approval document", AllText(request));
        Assert.DoesNotContain(zh ? "Government approval document" : "政府批复文件", AllText(request));
        var ledger = await flow.Host.QueryAsync(db => db.DeliveryLedger.AsNoTracking().Where(e => e.Kind == MaterialsRequestNotice.Name).ToListAsync());
        Assert.Equal([flow.Liaison.Id], ledger.Select(e => e.PersonId));

        // "My deadlines" shows the visit's materials and leads to the same form.
        var deadlines = Card(await flow.InvokeAsync(LiaisonAad, "deadlines.show", name: "deadlines-with-materials"));
        Assert.Contains(zh ? "2022-03-15 执法指导：已提供 2 / 16 项材料" : "Guidance visit on 2022-03-15: 2 of 16 materials provided", AllText(deadlines));
        Assert.Equal(visitId, ActionData(deadlines, MaterialsVerbs.Open)["visitId"]!.GetValue<int>());

        // The liaison opens the form: a link per missing material.
        var form = Card(await flow.InvokeAsync(LiaisonAad, MaterialsVerbs.Open, ActionData(request, MaterialsVerbs.Open), name: "materials-form"));
        var save = ActionData(form, MaterialsVerbs.SaveLinks);
        save[MaterialsCards.LinkId("1.1", 0)] = "https://gov.example.test/wuyang/enterprises.pdf";
        save[MaterialsCards.LinkId("1.1", 1)] = "ftp://gov.example.test/planned.pdf";
        var bad = Card(await flow.InvokeAsync(LiaisonAad, MaterialsVerbs.SaveLinks, save, name: "materials-form-bad-link"));
        Assert.Contains(zh ? "列入执法计划企业名单" : "Enterprises in the enforcement plan", ErrorUnder(bad, MaterialsCards.LinkId("1.1", 1)));
        Assert.Null(ErrorUnder(bad, MaterialsCards.LinkId("1.1", 0)));
        Assert.Equal("https://gov.example.test/wuyang/enterprises.pdf", bad["body"]!.AsArray().Single(e => e?["id"]?.GetValue<string>() == MaterialsCards.LinkId("1.1", 0))!["value"]!.GetValue<string>());
        Assert.Equal(0, await ProvidedAsync(flow));

        save[MaterialsCards.LinkId("1.1", 1)] = "https://gov.example.test/wuyang/planned.pdf";
        var saved = Card(await flow.InvokeAsync(LiaisonAad, MaterialsVerbs.SaveLinks, save, name: "materials-form-saved"));
        Assert.StartsWith("✅", Line(saved, "mat-1.1-1"));
        var rows = await flow.Host.QueryAsync(db => db.VisitMaterials.AsNoTracking().OrderBy(m => m.MaterialIndex).ToListAsync());
        Assert.Equal(["https://gov.example.test/wuyang/enterprises.pdf", "https://gov.example.test/wuyang/planned.pdf"], rows.Select(r => r.Url));
        Assert.All(rows, r => Assert.Equal(flow.Liaison.Id, r.ProvidedById));

        // The old form again (a second click, an old copy): stale, nothing written.
        save[MaterialsCards.LinkId("1.3", 0)] = "https://gov.example.test/wuyang/cases.pdf";
        var stale = AssertStale(await flow.InvokeAsync(LiaisonAad, MaterialsVerbs.SaveLinks, save, name: "materials-form-stale"));
        Assert.Contains(zh ? "卡片已过期" : "This card is out of date", AllText(stale));
        Assert.StartsWith("✅", Line(stale, "mat-1.1-1")); // the materials as they are now, under the notice
        Assert.Equal(2, await ProvidedAsync(flow));
        Assert.Equal("stale", await flow.Host.QueryAsync(db => db.AuditLog.Where(a => a.Action == "bot.refused").Select(a => a.Reason).SingleAsync()));

        // City staff see completeness per item before the visit.
        var after = Card(await flow.InvokeAsync(StaffAad, MaterialsVerbs.CityVisit, new JsonObject { ["visitId"] = visitId }, name: "materials-city-after"));
        Assert.Contains(zh ? "4 / 16" : "4 of 16", AllText(after));
        var table = after["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "Table")!["rows"]!.AsArray();
        Assert.Equal(items.Count + 1, table.Count);
        Assert.Equal("2/2", Texts(table[1]!)[1]);

        await flow.AssertCardsValidAsync();
    }

    [Fact]
    public async Task Another_units_visit_the_wrong_role_and_hand_edited_cards_are_refused_and_nothing_is_written()
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        var visitId = await SeedVisitAsync(flow);
        await flow.Host.WithDbAsync(async db =>
        {
            var v = await db.Visits.SingleAsync(x => x.Id == visitId);
            (v.StartDate, v.Status) = (new DateOnly(2022, 3, 15), VisitStatus.Scheduled);
            await db.SaveChangesAsync();
        });
        var form = Card(await flow.InvokeAsync(LiaisonAad, MaterialsVerbs.Open, new JsonObject { ["visitId"] = visitId }));
        var save = ActionData(form, MaterialsVerbs.SaveLinks);
        save[MaterialsCards.LinkId("1.1", 0)] = "https://gov.example.test/list.pdf";

        // 临颍's liaison with 舞阳's visit id.
        AssertError(await flow.InvokeAsync(OtherLiaisonAad, MaterialsVerbs.SaveLinks, save), 403);
        AssertError(await flow.InvokeAsync(OtherLiaisonAad, MaterialsVerbs.Open, new JsonObject { ["visitId"] = visitId }), 403);
        // City staff cannot provide; a liaison cannot set the date.
        AssertError(await flow.InvokeAsync(StaffAad, MaterialsVerbs.SaveLinks, save), 403);
        AssertError(await flow.InvokeAsync(LiaisonAad, MaterialsVerbs.SetDate, new JsonObject { ["visitId"] = visitId, ["version"] = save["version"]!.DeepClone(), ["start"] = "2022-03-20" }), 403);
        AssertError(await flow.InvokeAsync(LiaisonAad, MaterialsVerbs.Overview), 403);
        // A card edited to name another unit.
        var edited = save.DeepClone().AsObject();
        edited["unitId"] = flow.Liaison.UnitId + 1;
        AssertError(await flow.InvokeAsync(LiaisonAad, MaterialsVerbs.SaveLinks, edited), 403);

        Assert.Equal(0, await ProvidedAsync(flow));
        Assert.Equal(new DateOnly(2022, 3, 15), await flow.Host.QueryAsync(db => db.Visits.Where(v => v.Id == visitId).Select(v => v.StartDate!.Value).SingleAsync()));
        Assert.Equal(6, await flow.Host.QueryAsync(db => db.AuditLog.CountAsync(a => a.Action == "bot.refused")));
    }

    [Fact]
    public async Task A_file_sent_in_the_chat_is_attached_to_the_material_picked_and_wrong_files_are_refused()
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        var visitId = await SeedVisitAsync(flow);
        await flow.Host.WithDbAsync(async db =>
        {
            var v = await db.Visits.SingleAsync(x => x.Id == visitId);
            (v.StartDate, v.Status) = (new DateOnly(2022, 3, 15), VisitStatus.Scheduled);
            await db.SaveChangesAsync();
        });

        var served = new Dictionary<string, byte[]>
        {
            ["roster.pdf"] = "%PDF-1.4 roster"u8.ToArray(),
            ["big.pdf"] = new byte[20 * 1024 * 1024 + 1],
        };
        // Served by the host's stand-in for SharePoint's download host (on its Bot:FileHosts).

        async Task<JsonObject> SendAsync(string name, string type)
        {
            var before = flow.Host.Connector.Requests.Count;
            var message = flow.Host.Sample("message-personal.json");
            message["text"] = "";
            message["from"] = new JsonObject { ["id"] = UserId(LiaisonAad), ["name"] = "c002", ["aadObjectId"] = LiaisonAad };
            message["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.teams.file.download.info",
                ["contentUrl"] = "https://contoso.sharepoint.com/personal/wang/Documents/" + name,
                ["name"] = name,
                ["content"] = new JsonObject { ["downloadUrl"] = served.TryGetValue(name, out var bytes) ? flow.Host.Files.Serve(name, bytes) : flow.Host.Files.Url(name), ["uniqueId"] = Guid.NewGuid().ToString(), ["fileType"] = type },
            });
            Assert.Equal(HttpStatusCode.OK, (await flow.Host.PostAsync(message, flow.Host.ValidToken())).StatusCode);
            await flow.Host.Connector.WaitUntilAsync(r => r.Count == before + 1);
            return flow.Host.Connector.Requests[before].Body!.AsObject();
        }

        // Wrong type and over the limit: told why (the file named), nothing kept.
        var exe = await SendAsync("setup.exe", "exe");
        Assert.Contains("setup.exe", exe["text"]!.GetValue<string>());
        var big = await SendAsync("big.pdf", "pdf");
        Assert.Contains("20 MB", big["text"]!.GetValue<string>());
        Assert.Equal(0, await flow.Host.QueryAsync(db => db.Files.CountAsync()));

        var reply = await SendAsync("roster.pdf", "pdf");
        var card = reply["attachments"]![0]!["content"]!.AsObject();
        flow.Cards.Add(("materials-file-received", card.DeepClone()));
        var choices = card["body"]!.AsArray().Single(e => e?["id"]?.GetValue<string>() == "material")!["choices"]!.AsArray();
        Assert.Equal(16, choices.Count);
        var attach = ActionData(card, MaterialsVerbs.Attach);
        attach["material"] = "2.1#1";
        var done = Card(await flow.InvokeAsync(LiaisonAad, MaterialsVerbs.Attach, attach, name: "materials-attached"));
        Assert.Contains("roster.pdf", Line(done, "mat-2.1-1"));
        var row = await flow.Host.QueryAsync(db => db.VisitMaterials.AsNoTracking().Include(m => m.File).SingleAsync());
        Assert.Equal(("执法人员在编在岗名册", "roster.pdf", 1), (row.MaterialName, row.File!.FileName, row.MaterialIndex));
        var store = flow.Host.Services.GetRequiredService<GuidanceBot.Data.Files.FileStore>();
        Assert.Equal("%PDF-1.4 roster"u8.ToArray(), await File.ReadAllBytesAsync(store.PathOf(row.FileId!.Value)));

        // The same card again is stale; another liaison with this file is refused.
        AssertError(await flow.InvokeAsync(OtherLiaisonAad, MaterialsVerbs.Attach, attach), 403);
        var again = AssertStale(await flow.InvokeAsync(LiaisonAad, MaterialsVerbs.Attach, attach, name: "materials-attach-stale"));
        Assert.Contains("roster.pdf", Line(again, "mat-2.1-1"));
        Assert.Equal(1, await ProvidedAsync(flow));

        await flow.AssertCardsValidAsync();
    }
}

/// <summary>Reads a value from the test host's database in its own scope.</summary>
internal static class FactoryQueries
{
    public static async Task<T> QueryAsync<T>(this GuidanceApiFactory factory, Func<GuidanceDbContext, Task<T>> query)
    {
        T result = default!;
        await factory.WithDbAsync(async db => result = await query(db));
        return result;
    }
}
