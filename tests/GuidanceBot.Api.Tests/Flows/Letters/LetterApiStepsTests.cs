using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Flows.Letters;

/// <summary>
/// The letter steps through <c>/api/v1</c> with a real bearer token of a city staff member do what the chat does: an issued
/// letter reaches the unit's liaisons (each in their own language) and the weekly list; closing waits for every problem.
/// </summary>
public class LetterApiStepsTests
{
    [Fact]
    public async Task A_letter_issued_through_the_api_reaches_the_liaisons_in_their_language_and_the_weekly_list()
    {
        await using var door = await Door.StartAsync("api");
        var visitId = await LetterSeeds.VisitAsync(door);
        var codes = await LetterSeeds.ProblemCodesAsync(door, visitId);

        var draft = await door.PostAsync(door.Staff, "/api/v1/letters", new
        {
            unitCode = "wuyang", year = 2022, guidanceVisitId = visitId, reportDeadline = LetterSeeds.Deadline,
            problems = LetterSeeds.Problems.Select((p, i) => new { problem = p.Problem, opinion = p.Opinion, checkItemCode = codes[i] }),
            countyResponsibleName = "张局长", cityContactName = "赵科员", cityContactPhone = "0395-3131234",
        });
        var id = draft!["letter"]!["id"]!.GetValue<int>();
        // A draft tells nobody and lists nothing.
        Assert.Equal(0, await door.Db(db => db.DeliveryLedger.CountAsync(e => e.Kind == "letter-issued")));
        var issued = await door.PostAsync(door.Staff, $"/api/v1/letters/{id}/issue", new { version = draft["letter"]!["version"]!.GetValue<string>() });
        Assert.Equal("(漯)应急指导〔2022〕1号", issued!["detail"]!.GetValue<string>());

        var queued = await door.Db(db => db.DeliveryLedger.AsNoTracking().Where(e => e.Kind == "letter-issued").OrderBy(e => e.PersonId).ToListAsync());
        Assert.Equal([door.Liaison.Id, door.EnglishLiaison.Id], queued.Select(e => e.PersonId));
        var zh = JsonNode.Parse(queued.Single(e => e.PersonId == door.Liaison.Id).Payload)!;
        var en = JsonNode.Parse(queued.Single(e => e.PersonId == door.EnglishLiaison.Id).Payload)!;
        Assert.Equal(("zh-CN", "en-US"), (zh["locale"]!.GetValue<string>(), en["locale"]!.GetValue<string>()));
        Assert.Contains("安全生产执法指导意见书", zh.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Contains("Safety enforcement guidance opinion letter", en.ToJsonString());
        Assert.Contains("补充纳入计划并报备", en.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

        var letter = await door.Db(db => db.Letters.AsNoTracking().Include(l => l.Problems).SingleAsync());
        var weekly = await door.Db(db => db.Assignments.AsNoTracking().OrderBy(a => a.SubjectKey).ToListAsync());
        Assert.Equal(letter.Problems.Select(p => AssignmentTracker.LetterProblemKey(p.Id)).Order(), weekly.Select(a => a.SubjectKey).Order());
        Assert.All(weekly, a => Assert.Equal((AssignmentKind.VisitProblem, new DateOnly(2022, 4, 8), (DateOnly?)null), (a.Kind, a.DueDate, a.ClosedOn)));

        // The liaison receives it when the outbox runs: in Teams, in their language.
        var sent = await door.Chat.DispatchAsync("api-issued");
        Assert.Equal(2, sent.Count);
        Assert.Contains(sent, c => TeamsDriver.AllText(c).Contains("Safety enforcement guidance opinion letter"));
    }

    [Fact]
    public async Task The_api_refuses_to_close_while_a_problem_is_returned_or_pending_and_closes_the_weekly_items_once_all_are_accepted()
    {
        await using var door = await Door.StartAsync("api");
        var id = await LetterSeeds.LetterAsync(door, LetterStatus.ReportSubmitted);
        using var staff = await door.ApiAsync(door.Staff);
        async Task<string> LetterVersion() => (await door.Db(db => db.Letters.SingleAsync())).Version.ToString();
        async Task<string> ReportVersion() => (await door.Db(db => db.RectificationReports.SingleAsync())).Version.ToString();
        var items = await door.Db(db => db.RectificationReports.SelectMany(r => r.Items).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync());

        // Both pending.
        var pending = await staff.PostAsJsonAsync($"/api/v1/letters/{id}/close", new { version = await LetterVersion() });
        await HttpAssert.Problem(pending, HttpStatusCode.UnprocessableEntity);
        // One accepted, one returned.
        await door.PostAsync(door.Staff, $"/api/v1/letters/{id}/report/items/{items[0]}/review", new { version = await ReportVersion(), decision = "Accepted" });
        await door.PostAsync(door.Staff, $"/api/v1/letters/{id}/report/items/{items[1]}/review", new { version = await ReportVersion(), decision = "Returned", note = "请补充抽查记录" });
        var returned = await staff.PostAsJsonAsync($"/api/v1/letters/{id}/close", new { version = await LetterVersion() });
        var problem = await HttpAssert.Problem(returned, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("1", problem.GetProperty("detail").GetString());
        await door.Db(async db =>
        {
            Assert.Equal(LetterStatus.ReportSubmitted, (await db.Letters.SingleAsync()).Status);
            Assert.Equal(1, await db.Assignments.CountAsync(a => a.ClosedOn == null)); // the accepted problem's item closed, the other open
            return 0;
        });

        // The second problem accepted too: the letter closes, and with it every weekly item and the report.
        await door.PostAsync(door.Staff, $"/api/v1/letters/{id}/report/items/{items[1]}/review", new { version = await ReportVersion(), decision = "Accepted" });
        await door.PostAsync(door.Staff, $"/api/v1/letters/{id}/close", new { version = await LetterVersion() });
        await door.Db(async db =>
        {
            Assert.Equal(LetterStatus.Closed, (await db.Letters.SingleAsync()).Status);
            Assert.Equal(Data.Rectification.ReportStatus.Accepted, (await db.RectificationReports.SingleAsync()).Status);
            Assert.All(await db.Assignments.ToListAsync(), a => Assert.Equal(new DateOnly(2022, 3, 1), a.ClosedOn));
            return 0;
        });
    }
}
