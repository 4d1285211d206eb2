using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Flows.Visits;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Visits;
using GuidanceBot.Testing;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Visits;

/// <summary>
/// 随机抽查 stays a surprise (issue 15, point 2): 舞阳's visit starts on 10 March; city staff draw 2 of its 3 planned
/// enterprises on 1 March. Until the visit's first day (China date) nothing the liaison can reach — every GET route of the
/// API called with the liaison's token (documents and the dossier opened), the status card, the materials card and every
/// message sent to the liaison — tells the drawn enterprises from the one not drawn, nor holds the seed; from 00:30 on
/// 10 March (China; 16:30 UTC the day before) the status card, the status API and <c>GET /visits/{id}</c> name them.
/// </summary>
public class DrawSecrecyTests
{
    private const int Seed = 987_654_321;

    private sealed class FixedSeed : SpotCheckSeeds
    {
        public override int Next() => Seed;
    }

    private static readonly ParityOptions Options = new() { Services = s => s.AddSingleton<SpotCheckSeeds>(new FixedSeed()) };

    private sealed record World(int VisitId, int PlanId, IReadOnlyList<(string Name, string Code)> Drawn, (string Name, string Code) NotDrawn, int NotDrawnId);

    private static async Task<World> SeedAndDrawAsync(Door door)
    {
        var planId = await door.Chat.SeedPlanAsync("wuyang", SubmissionStatus.Accepted, enterprises: 3);
        var visit = await door.Db(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Code == "wuyang");
            var v = new GuidanceVisit { UnitId = unit.Id, Year = 2022, PlannedMonth = 3, Status = VisitStatus.Scheduled, StartDate = new(2022, 3, 10), EndDate = new(2022, 3, 11) };
            db.Visits.Add(v);
            await db.SaveChangesAsync();
            return v;
        });
        await door.PostAsync(door.Staff, $"/api/v1/visits/{visit.Id}/draw", new { version = visit.Version, count = 2 });
        return await door.Db(async db =>
        {
            var chosen = await db.SpotCheckDraws.SelectMany(d => d.Enterprises).Select(e => e.EnterpriseId).ToListAsync();
            var all = await db.Enterprises.Where(e => e.Unit!.Code == "wuyang").Select(e => new { e.Id, e.Name, e.CreditCode }).ToListAsync();
            Assert.Equal(2, chosen.Count);
            return new World(visit.Id, planId,
                [.. all.Where(e => chosen.Contains(e.Id)).Select(e => (e.Name, e.CreditCode))],
                all.Where(e => !chosen.Contains(e.Id)).Select(e => (e.Name, e.CreditCode)).Single(), all.Single(e => !chosen.Contains(e.Id)).Id);
        });
    }

    /// <summary>China wall time on a day of March 2022.</summary>
    private static void SetChinaTime(Door door, int day, int hour, int minute) =>
        door.Host.Clock.Advance(new DateTimeOffset(2022, 3, day, hour, minute, 0, TimeSpan.FromHours(8)) - door.Host.Clock.GetUtcNow());

    /// <summary>
    /// What a text gives away of the draw: a drawn enterprise named (or its code) where the one not drawn is not — a list of
    /// all three (the county's own plan) tells nothing — or the seed.
    /// </summary>
    private static string? Leak(string text, World w)
    {
        if (text.Contains(Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            return "the seed";
        }
        var notDrawnShown = text.Contains(w.NotDrawn.Name, StringComparison.Ordinal) || text.Contains(w.NotDrawn.Code, StringComparison.Ordinal);
        var drawnShown = w.Drawn.Where(d => text.Contains(d.Name, StringComparison.Ordinal) || text.Contains(d.Code, StringComparison.Ordinal)).ToList();
        return drawnShown.Count > 0 && !notDrawnShown ? "the drawn " + string.Join("、", drawnShown.Select(d => d.Name)) : null;
    }

    /// <summary>A response as text; a ZIP (the dossier, DOCX, XLSX) as the text of every entry.</summary>
    private static async Task<string> TextOfAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (bytes.Length > 4 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K')
        {
            using var zip = new ZipArchive(new MemoryStream(bytes));
            var all = new StringBuilder();
            foreach (var entry in zip.Entries)
            {
                using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                all.Append(entry.FullName).Append('\n').Append(await reader.ReadToEndAsync()).Append('\n');
            }
            return all.ToString();
        }
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Every GET route under /api/v1, its parameters filled with 舞阳's records (an id under /plans is the plan's, under /enterprises the one not drawn, else the visit's).</summary>
    private static List<string> CountyReadableUrls(Door door, World w)
    {
        var urls = new List<string>();
        foreach (var endpoint in door.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            if (!pattern.StartsWith("/api/v1/", StringComparison.Ordinal)
                || endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") != true)
            {
                continue;
            }
            // One enterprise's record names one enterprise whatever was drawn: the one not drawn, so a leak elsewhere still shows.
            var id = pattern.StartsWith("/api/v1/plans", StringComparison.Ordinal) ? w.PlanId
                : pattern.StartsWith("/api/v1/enterprises", StringComparison.Ordinal) ? w.NotDrawnId : w.VisitId;
            var url = pattern.Replace("{id:int}", id.ToString()).Replace("{year:int}", "2022").Replace("{month:int}", "3").Replace("{itemId:int}", "1")
                .Replace("{code}", "wuyang").Replace("{unit}", "wuyang")
                // A stored file is the county's own upload (it cannot hold a drawn name); any id is refused or missing alike.
                .Replace("{fileId:guid}", Guid.Empty.ToString());
            Assert.DoesNotContain("{", url); // a new kind of parameter: say here how to fill it
            urls.Add(url + (url.Contains('?') ? "&" : "?") + "year=2022&unit=wuyang");
        }
        Assert.Contains("/api/v1/visits/" + w.VisitId + "?year=2022&unit=wuyang", urls);
        return urls;
    }

    private static async Task<List<string>> LeaksToTheLiaisonAsync(Door door, World w)
    {
        var leaks = new List<string>();
        foreach (var url in CountyReadableUrls(door, w))
        {
            using var response = await door.RequestAsync(door.Liaison, HttpMethod.Get, url);
            if (Leak(await TextOfAsync(response), w) is { } leak)
            {
                leaks.Add($"GET {url} ({(int)response.StatusCode}): {leak}");
            }
        }
        var status = await door.Chat.AskForCardAsync(LiaisonAad, "进度", "county-status");
        if (Leak(AllText(status), w) is { } inStatus)
        {
            leaks.Add("status card: " + inStatus);
        }
        var materials = await door.Chat.InvokeAsync(LiaisonAad, MaterialsVerbs.Open, new JsonObject { ["visitId"] = w.VisitId });
        if (Leak(materials.ToJsonString(), w) is { } inMaterials)
        {
            leaks.Add("materials card: " + inMaterials);
        }
        // Every message queued for or sent to the liaison so far (the materials request among them).
        await door.Chat.DispatchAsync("liaison-messages");
        foreach (var sent in door.Host.Connector.Requests.Where(r => r.Body is not null))
        {
            if (sent.Body!.ToJsonString().Contains(UserId(LiaisonAad), StringComparison.Ordinal) && Leak(sent.Body.ToJsonString(), w) is { } inMessage)
            {
                leaks.Add("message to the liaison: " + inMessage);
            }
        }
        return leaks;
    }

    [Fact]
    public async Task Before_the_visits_first_day_nothing_the_county_reaches_names_the_drawn_enterprises()
    {
        await using var door = await Door.StartAsync("secrecy", Options);
        var w = await SeedAndDrawAsync(door);

        // The draw day and the last minutes of the day before the visit (China).
        Assert.Empty(await LeaksToTheLiaisonAsync(door, w));
        SetChinaTime(door, 9, 23, 50);
        Assert.Empty(await LeaksToTheLiaisonAsync(door, w));

        // City staff see the draw at once, in the API and on the status card.
        var asStaff = await door.SendAsync(door.Staff, HttpMethod.Get, $"/api/v1/visits/{w.VisitId}");
        Assert.Equal(w.Drawn.Select(d => d.Name), asStaff!["spotChecked"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()).Order());
        Assert.Equal(Seed, asStaff["drawSeed"]!.GetValue<int>());
        var staffStatus = AllText(await door.Chat.AskForCardAsync(StaffAad, "进度 舞阳", "city-status"));
        Assert.All(w.Drawn, d => Assert.Contains(d.Name, staffStatus));

        await door.Chat.AssertCardsValidAsync();
    }

    [Fact]
    public async Task From_the_visits_first_day_china_time_the_county_sees_the_drawn_enterprises()
    {
        await using var door = await Door.StartAsync("secrecy", Options);
        var w = await SeedAndDrawAsync(door);

        // 00:30 on 10 March in China is 16:30 UTC on 9 March: the China date decides.
        SetChinaTime(door, 10, 0, 30);
        var visit = await door.SendAsync(door.Liaison, HttpMethod.Get, $"/api/v1/visits/{w.VisitId}");
        Assert.Equal(w.Drawn.Select(d => d.Name).Order(), visit!["spotChecked"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()).Order());
        var status = await door.SendAsync(door.Liaison, HttpMethod.Get, "/api/v1/status/2022/units/wuyang");
        Assert.Equal(w.Drawn.Select(d => d.Name).Order(),
            status!["visits"]![0]!["spotCheckedEnterprises"]!.AsArray().Select(n => n!.GetValue<string>()).Order());
        var card = AllText(await door.Chat.AskForCardAsync(LiaisonAad, "进度", "county-status-visit-day"));
        Assert.All(w.Drawn, d => Assert.Contains(d.Name, card));
        Assert.DoesNotContain(w.NotDrawn.Name, card);

        // The replay stays city staff's: the liaison is refused, staff get the seed, candidates, chosen and a matching replay.
        using var refused = await door.RequestAsync(door.Liaison, HttpMethod.Get, $"/api/v1/visits/{w.VisitId}/draw");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var replay = await door.SendAsync(door.Staff, HttpMethod.Get, $"/api/v1/visits/{w.VisitId}/draw");
        Assert.Equal(Seed, replay!["seed"]!.GetValue<int>());
        Assert.Equal(3, replay["candidateIds"]!.AsArray().Count);
        Assert.True(replay["replayMatches"]!.GetValue<bool>());
        Assert.Equal(replay["replayExpected"]!.ToJsonString(), new JsonArray([.. replay["chosen"]!.AsArray().Select(c => (JsonNode?)c!["enterpriseId"]!.GetValue<int>())]).ToJsonString());
    }

    [Fact]
    public async Task A_plan_of_counts_only_cannot_be_drawn_from_the_card_and_the_api_ask_for_the_list()
    {
        await using var door = await Door.StartAsync("counts", Options);
        var visit = await door.Db(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Code == "wuyang");
            db.AnnualPlans.Add(new AnnualPlan
            {
                UnitId = unit.Id, Year = 2022, Status = SubmissionStatus.Accepted,
                Categories = [new() { CategoryCode = "industry-trade", KeyTotal = 3, KeyPlanned = 3, GeneralTotal = 9, GeneralPlanned = 3 }],
            });
            var v = new GuidanceVisit { UnitId = unit.Id, Year = 2022, PlannedMonth = 3 };
            db.Visits.Add(v);
            await db.SaveChangesAsync();
            return v;
        });

        var card = Card(await door.Chat.InvokeAsync(StaffAad, VisitVerbs.VisitOpen, new JsonObject { ["visitId"] = visit.Id }));
        Assert.Contains("没有企业名单，无法从中抽查", AllText(card));
        Assert.DoesNotContain(VisitVerbs.VisitDraw, Verbs(card));

        using var response = await door.RequestAsync(door.Staff, HttpMethod.Post, $"/api/v1/visits/{visit.Id}/draw", new { version = visit.Version, count = 1 });
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请先请该单位报送列入执法计划的企业名单", problem["errors"]!["visit"]![0]!.GetValue<string>());
        Assert.Equal(0, await door.Db(db => db.SpotCheckDraws.CountAsync()));
        await door.Chat.AssertCardsValidAsync();
    }
}
