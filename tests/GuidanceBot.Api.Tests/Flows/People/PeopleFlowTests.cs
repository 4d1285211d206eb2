using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Api.Jobs;
using GuidanceBot.Data;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.People;

/// <summary>
/// People administration and the language choice as a person meets them in Teams and through the API (issue 14, points 3
/// and 4): the admin's people card, what a deactivated person gets (one clear answer, no nudges, no notices, 403 from the
/// API), and a person's own language followed by every nudge and notice to them.
/// </summary>
public class PeopleFlowTests
{
    private const string AdminAad = "00000000-0000-0000-0000-00000000c0ad";
    private const string SuccessorAad = "00000000-0000-0000-0000-00000000c0e2";

    private static async Task<(Person Admin, Person Successor)> CastAsync(TeamsDriver flow, string? adminLanguage = null)
    {
        var admin = await flow.Host.AddPersonAsync("周管理", PersonRole.CityAdmin, "luohe", AdminAad, adminLanguage);
        var successor = await flow.Host.AddPersonAsync("王新", PersonRole.CountyLiaison, "wuyang", SuccessorAad);
        var before = flow.Host.Connector.Requests.Count;
        await flow.MessageAsync(SuccessorAad, "hello");
        await flow.Host.Connector.WaitUntilAsync(r => r.Count > before);
        return (admin, successor);
    }

    private static Task SeedOpenItemAsync(TeamsDriver flow) => flow.Host.WithDbAsync(async db =>
    {
        var wuyang = await db.Units.SingleAsync(u => u.Code == "wuyang");
        db.Assignments.Add(new AssignmentItem
        {
            UnitId = wuyang.Id, Year = 2022, Kind = AssignmentKind.VisitProblem, SubjectKey = "LetterProblem:1", Title = "问题1",
            OwnerPersonId = flow.Liaison.Id, OwnerName = flow.Liaison.Name, AssignedOn = new DateOnly(2022, 3, 1), DueDate = new DateOnly(2022, 4, 1),
        });
        await db.SaveChangesAsync();
    });

    private static async Task<T> Read<T>(TeamsDriver flow, Func<GuidanceDbContext, Task<T>> query)
    {
        T result = default!;
        await flow.Host.WithDbAsync(async db => result = await query(db));
        return result;
    }

    private static async Task<string> ReplyTextAsync(TeamsDriver flow, string aad, string text)
    {
        var before = flow.Host.Connector.Requests.Count;
        await flow.MessageAsync(aad, text);
        await flow.Host.Connector.WaitUntilAsync(r => r.Count > before);
        return flow.Host.Connector.Requests[before].Body!["text"]!.GetValue<string>();
    }

    [Fact]
    public async Task The_admin_deactivates_a_liaison_in_chat_with_a_successor_and_the_liaison_then_gets_one_clear_answer_and_no_nudges()
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        var (_, successor) = await CastAsync(flow);
        await SeedOpenItemAsync(flow);

        // The admin's menu offers the people card; the command opens one person.
        Assert.Contains("people.open", Verbs(await flow.AskForCardAsync(AdminAad, "菜单", "menu-admin")));
        var card = await flow.AskForCardAsync(AdminAad, "人员 王联络", "people-person");
        Assert.Contains("王联络", AllText(card));
        Assert.Contains(successor.Id.ToString(), Input(card, "successorId")["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));

        // No reason: the card again, the error under the reason; nothing written.
        var noReason = Card(await flow.PressAsync(AdminAad, card, "people.deactivate", new() { ["successorId"] = successor.Id.ToString() }, name: "people-no-reason"));
        Assert.NotNull(ErrorUnder(noReason, "reason"));
        await flow.Host.WithDbAsync(async db => Assert.True((await db.People.SingleAsync(p => p.Id == flow.Liaison.Id)).IsActive));

        var done = Card(await flow.PressAsync(AdminAad, card, "people.deactivate",
            new() { ["reason"] = "调离岗位", ["successorId"] = successor.Id.ToString() }, name: "people-deactivated"));
        Assert.Contains("已停用", AllText(done));
        Assert.Contains("people.reactivate", Verbs(done));
        await flow.Host.WithDbAsync(async db =>
        {
            Assert.False((await db.People.SingleAsync(p => p.Id == flow.Liaison.Id)).IsActive);
            Assert.Equal(("王新", successor.Id), await db.Assignments.Select(a => new ValueTuple<string, int>(a.OwnerName!, a.OwnerPersonId!.Value)).SingleAsync());
            var entry = await db.AuditLog.SingleAsync(e => e.Action == "person.deactivate");
            Assert.Equal("调离岗位", entry.Reason);
        });

        // The same (now stale) button again: the stale answer.
        AssertStale(await flow.PressAsync(AdminAad, card, "people.deactivate", new() { ["reason"] = "再次" }));

        // The deactivated liaison: a typed command and a card both get the one clear answer, nothing else.
        Assert.Contains("已被市局管理员停用", await ReplyTextAsync(flow, LiaisonAad, "菜单"));
        var pressed = await flow.InvokeAsync(LiaisonAad, "plan.file");
        AssertError(pressed, 403);
        Assert.Contains("已被市局管理员停用", pressed["value"]!["message"]!.GetValue<string>());

        // Nudges on 28 March (three working days before the plan is due) go to the successor, not to them.
        flow.Host.Clock.Advance(new DateTimeOffset(2022, 3, 28, 9, 0, 0, TimeSpan.FromHours(8)) - flow.Host.Clock.GetUtcNow());
        await using (var scope = flow.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NudgePlannerJob>().RunAsync(CancellationToken.None);
        }
        await flow.Host.WithDbAsync(async db =>
        {
            var nudged = await db.DeliveryLedger.Where(e => e.Status != DeliveryStatus.Cancelled).Select(e => e.PersonId).Distinct().ToListAsync();
            Assert.Contains(successor.Id, nudged);
            Assert.DoesNotContain(flow.Liaison.Id, nudged);
        });
        await flow.AssertCardsValidAsync();
    }

    [Fact]
    public async Task Only_the_city_admin_may_open_the_people_card_and_an_edited_successor_of_another_unit_is_named_under_its_input()
    {
        await using var flow = await TeamsDriver.StartCityAsync("en-US");
        await CastAsync(flow, "en-US");
        AssertError(await flow.InvokeAsync(StaffAad, "people.open"), 403);
        AssertError(await flow.InvokeAsync(LiaisonAad, "people.open"), 403);

        var list = Card(await flow.InvokeAsync(AdminAad, "people.open", name: "people-list"));
        var card = Card(await flow.InvokeAsync(AdminAad, "people.open", new JsonObject { ["personId"] = flow.Liaison.Id }, name: "people-person-en"));
        Assert.Contains("Deactivate", AllText(card) + string.Join(" ", Verbs(card)));
        var linying = await Read(flow, db => db.People.Where(p => p.Name == "李联络").Select(p => p.Id).SingleAsync());
        var before = await Read(flow, db => db.People.AsNoTracking().OrderBy(p => p.Id).Select(p => p.Version).ToListAsync());

        var refused = Card(await flow.PressAsync(AdminAad, card, "people.handover",
            new() { ["reason"] = "handover", ["successorId"] = linying.ToString() }, name: "people-handover-refused"));
        Assert.Equal("The successor must be in the same unit.", ErrorUnder(refused, "successorId"));
        Assert.Equal(before, await Read(flow, db => db.People.AsNoTracking().OrderBy(p => p.Id).Select(p => p.Version).ToListAsync()));
        await flow.AssertCardsValidAsync();
    }

    [Fact]
    public async Task A_deactivated_persons_token_is_refused_by_every_api_route_with_a_problem_and_the_admin_steps_are_the_admins()
    {
        await using var door = await Door.StartAsync("api", new ParityOptions { People = [new CastMember("周管理", PersonRole.CityAdmin, "luohe", AdminAad)] });
        var admin = door.People[AdminAad];

        // Not the admin: 403 for city staff and liaisons alike.
        var version = await door.Db(db => db.People.Where(p => p.Id == door.Liaison.Id).Select(p => p.Version).SingleAsync());
        using (var byStaff = await door.RequestAsync(door.Staff, HttpMethod.Post, $"/api/v1/people/{door.Liaison.Id}/deactivate", new { version, reason = "x" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byStaff.StatusCode);
        }

        // Bad input through the API: every field named, nothing written.
        var wangLian = door.EnglishLiaison;
        var fields = await door.RefusedAsync(admin, HttpMethod.Post, $"/api/v1/people/{door.Liaison.Id}/change",
            new { version, reason = " ", role = "CityStaff" });
        Assert.Equal(["reason", "role"], fields.Keys.Order());

        await door.PostAsync(admin, $"/api/v1/people/{door.Liaison.Id}/deactivate", new { version, reason = "调离岗位", successorId = wangLian.Id });

        foreach (var url in new[] { "/api/v1/people", $"/api/v1/people/{door.Liaison.Id}", "/api/v1/units", "/api/v1/plans" })
        {
            using var refused = await door.RequestAsync(door.Liaison, HttpMethod.Get, url);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("person.deactivated", problem.GetProperty("code").GetString());
        }
        // Their colleague still works.
        using var ok = await door.RequestAsync(wangLian, HttpMethod.Get, "/api/v1/people");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        // Reactivated: the token works again.
        var now = await door.Db(db => db.People.Where(p => p.Id == door.Liaison.Id).Select(p => p.Version).SingleAsync());
        await door.PostAsync(admin, $"/api/v1/people/{door.Liaison.Id}/reactivate", new { version = now, reason = "返岗" });
        using var back = await door.RequestAsync(door.Liaison, HttpMethod.Get, "/api/v1/people");
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        await door.DisposeAsync();
    }

    [Fact]
    public async Task A_person_who_chooses_English_in_chat_gets_English_nudges_and_notices_while_a_colleague_stays_Chinese()
    {
        await using var flow = await TeamsDriver.StartCityAsync(); // zh-CN, the deployment's language
        var (_, colleague) = await CastAsync(flow);

        // The command alone shows the choice; with a language it sets it at once.
        var choice = await flow.AskForCardAsync(LiaisonAad, "语言", "language-choice");
        Assert.Equal(["language.set", "language.set"], Verbs(choice));
        var menu = await flow.AskForCardAsync(LiaisonAad, "language English", "language-set-typed");
        Assert.Contains("Language set: English", AllText(menu));
        Assert.Contains("Choose a language", await ReplyOrCardTextAsync(flow, LiaisonAad, "language klingon"));

        // A notice: the city returns wuyang's plan; both wuyang liaisons are told.
        await flow.SeedPlanAsync("wuyang", SubmissionStatus.Submitted);
        var queue = Card(await flow.InvokeAsync(StaffAad, "review.list"));
        var review = Card(await flow.InvokeAsync(StaffAad, "review.open", ActionData(queue, "review.open")));
        var data = ActionData(review, "review.return");
        data["reason"] = "重点企业名单不完整";
        Card(await flow.InvokeAsync(StaffAad, "review.return", data));

        // Nudges: 28 March, three working days before the approval is due.
        flow.Host.Clock.Advance(new DateTimeOffset(2022, 3, 28, 9, 0, 0, TimeSpan.FromHours(8)) - flow.Host.Clock.GetUtcNow());
        await using (var scope = flow.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NudgePlannerJob>().RunAsync(CancellationToken.None);
        }

        var rows = await Read(flow, db => db.DeliveryLedger.AsNoTracking().Select(e => new { e.PersonId, e.Kind, e.Payload }).ToListAsync());
        string Locale(string payload) => JsonNode.Parse(payload)!["locale"]!.GetValue<string>();
        foreach (var (person, language) in new[] { (flow.Liaison.Id, "en-US"), (colleague.Id, "zh-CN") })
        {
            var mine = rows.Where(r => r.PersonId == person).ToList();
            Assert.Contains(mine, r => r.Kind == "submission-returned");
            Assert.Contains(mine, r => r.Kind != "submission-returned"); // a nudge
            Assert.All(mine, r => Assert.Equal(language, Locale(r.Payload)));
        }
        var notice = rows.Single(r => r.PersonId == flow.Liaison.Id && r.Kind == "submission-returned").Payload;
        Assert.Contains("returned", notice, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("退回", rows.Single(r => r.PersonId == colleague.Id && r.Kind == "submission-returned").Payload);
        await flow.AssertCardsValidAsync();
    }

    private static async Task<string> ReplyOrCardTextAsync(TeamsDriver flow, string aad, string text)
    {
        var before = flow.Host.Connector.Requests.Count;
        await flow.MessageAsync(aad, text);
        await flow.Host.Connector.WaitUntilAsync(r => r.Count > before);
        var body = flow.Host.Connector.Requests[before].Body!;
        return body["attachments"] is JsonArray a ? AllText(a[0]!["content"]!) : body["text"]!.GetValue<string>();
    }
}
