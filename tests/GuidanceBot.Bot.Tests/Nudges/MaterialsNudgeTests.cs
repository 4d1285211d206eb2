using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Nudges;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Bot.Tests.Nudges;

/// <summary>
/// Visit materials over a whole visit cycle in June 2022 (端午 Fri 3 Jun off): three units visited Wed 15 Jun, whose
/// liaisons provide their materials at different times through the real workflow. The planner and the dispatcher
/// run at 09:00 every day; the reminders expected were worked out from the calendar.
/// </summary>
public class MaterialsNudgeTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task A_unit_providing_everything_late_gets_the_reminders_7_and_3_working_days_before_and_nothing_after()
    {
        await using var h = await NudgeHarness.StartAsync();
        var wuyang = await h.AddPersonAsync("舞阳联络员", PersonRole.CountyLiaison, "wuyang");
        await h.AddPersonAsync("舞阳负责人", PersonRole.CountyResponsible, "wuyang");
        var linying = await h.AddPersonAsync("Linying Liaison", PersonRole.CountyLiaison, "linying", "en-US");
        var yancheng = await h.AddPersonAsync("郾城联络员", PersonRole.CountyLiaison, "yancheng");
        await h.AddPersonAsync("王芳", PersonRole.CityStaff, "luohe");

        var visitDay = new DateOnly(2022, 6, 15);
        var visits = await h.WithDbAsync(async db =>
        {
            var units = await db.Units.ToDictionaryAsync(u => u.Code, u => u.Id);
            var ids = new Dictionary<string, int>();
            foreach (var code in new[] { "wuyang", "linying", "yancheng" })
            {
                var v = new GuidanceVisit { UnitId = units[code], Year = 2022, PlannedMonth = 6, StartDate = visitDay, EndDate = visitDay, Status = VisitStatus.Scheduled };
                db.Visits.Add(v);
                await db.SaveChangesAsync();
                ids[code] = v.Id;
            }
            return ids;
        });

        // Who provides what when (China time, 14:00): 舞阳 area 1 on Wed 8 Jun and the rest on Mon 13 Jun (after both
        // reminders); 临颍 everything on Tue 7 Jun (after the first); 郾城 everything on Tue 31 May (before any).
        var script = new List<(DateOnly Day, Person Who, int Visit, Func<MaterialItem, bool> Which)>
        {
            (new(2022, 5, 31), yancheng, visits["yancheng"], _ => true),
            (new(2022, 6, 7), linying, visits["linying"], _ => true),
            (new(2022, 6, 8), wuyang, visits["wuyang"], i => i.Code.StartsWith("1.", StringComparison.Ordinal)),
            (new(2022, 6, 13), wuyang, visits["wuyang"], _ => true),
        };

        for (var day = new DateOnly(2022, 5, 30); day <= new DateOnly(2022, 6, 20); day = day.AddDays(1))
        {
            h.SetLocal(day, 9);
            await h.PlanAsync();
            await h.Dispatcher.DispatchDueAsync();
            h.SetLocal(day, 14);
            foreach (var step in script.Where(s => s.Day == day))
            {
                await ProvideAsync(h, step.Who, step.Visit, step.Which);
            }
        }

        var names = new Dictionary<int, string> { [wuyang.Id] = "wuyang", [linying.Id] = "linying", [yancheng.Id] = "yancheng" };
        var ledger = (await h.LedgerAsync()).Where(e => e.Kind == NudgeKinds.MaterialsMissing).ToList();
        // 7 working days before Wed 15 Jun: 14,13,10,9,8,7,6 → Mon 6 Jun; 3 before: Fri 10 Jun.
        Assert.Equal(
            [("2022-06-06", "linying"), ("2022-06-06", "wuyang"), ("2022-06-10", "wuyang")],
            ledger.Select(e => (DateOnly.FromDateTime(e.DueUtc + NudgeHarness.China).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), names[e.PersonId]))
                .Order().ToList());
        Assert.All(ledger, e => Assert.Equal(Data.Messaging.DeliveryStatus.Sent, e.Status));
        Assert.Equal(3, h.Connector.Requests.Count(r => r.Body?["attachments"]?[0]?["content"]?["body"] is JsonArray body
            && body.Any(b => b?["id"]?.GetValue<string>() == "item-1.1")));

        // The reminders say how much is still missing, in the recipient's language, and list exactly the template's items.
        var cards = ledger.ToDictionary(e => (names[e.PersonId], e.Stage), e => JsonSerializer.Deserialize<Activity>(e.Payload, ProtocolJson.Options)!);
        var second = cards[("wuyang", "before-3-20220615")];
        Assert.Equal("zh-CN", second.Locale);
        Assert.Contains("仍缺 10 项材料", Text(second));   // 16 materials, the 6 of area 1 provided on 8 Jun
        Assert.Contains("仍缺 16 项材料", Text(cards[("wuyang", "before-7-20220615")]));
        var english = cards[("linying", "before-7-20220615")];
        Assert.Equal("en-US", english.Locale);
        Assert.Contains("Government approval document", Text(english));
        Assert.DoesNotContain("政府批复文件", Text(english));
        var codes = await h.WithDbAsync(db => db.CheckItems.Where(i => db.CheckTemplates.Any(t => t.Year == 2022 && t.Areas.Any(a => a.Id == i.CheckAreaId)))
            .Select(i => i.Code).ToListAsync());
        Assert.Equal(codes.Select(c => "item-" + c).Order(), Ids(second.Attachments![0].Content!).Where(i => i.StartsWith("item-", StringComparison.Ordinal)).Order());

        var checks = await AdaptiveCardParser.CheckAsync(ledger.Select(e => ($"{names[e.PersonId]}/{e.Stage}",
            (JsonNode)JsonSerializer.Deserialize<Activity>(e.Payload, ProtocolJson.Options)!.Attachments![0].Content!)));
        Assert.All(checks, c => Assert.True(c.IsClean && c.Bytes < 40_000, c.ToString()));
        foreach (var c in checks)
        {
            output.WriteLine(c.ToString());
        }
    }

    private static async Task ProvideAsync(NudgeHarness h, Person who, int visitId, Func<MaterialItem, bool> which)
    {
        await h.WithScopeAsync(async sp =>
        {
            var vm = (await sp.GetRequiredService<VisitMaterialsQuery>().LoadAsync(visitId))!;
            var provisions = vm.MissingMaterials.Where(x => which(x.Item))
                .Select(x => new MaterialProvision(x.Item.Code, x.Material.Index, null, $"https://docs.example.test/{x.Item.Code}/{x.Material.Index}", "url"))
                .ToList();
            var result = await sp.GetRequiredService<VisitMaterialsWorkflow>().ProvideAsync(visitId, vm.Version, provisions, Actor.From(who));
            Assert.True(result.Succeeded, result.Error?.ToString());
        });
    }

    private static string Text(Activity a) => a.Attachments![0].Content!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static IEnumerable<string> Ids(JsonNode node) => node switch
    {
        JsonObject o => (o["id"] is JsonValue v && v.TryGetValue<string>(out var id) ? [id] : Array.Empty<string>()).Concat(o.Select(p => p.Value).Where(x => x is not null).SelectMany(x => Ids(x!))),
        JsonArray a => a.Where(x => x is not null).SelectMany(x => Ids(x!)),
        _ => [],
    };
}
