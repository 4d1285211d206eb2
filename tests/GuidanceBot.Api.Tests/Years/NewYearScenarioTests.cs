using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Bot.Flows.Years;
using GuidanceBot.Bot.Nudges;
using GuidanceBot.Data;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data.Years;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Api.Tests.Years;

/// <summary>
/// Issue 14's "done when": 2026 → 2027 on one host, through /api/messages and /api/v1 with the clock moved. 2026 is opened
/// and published through the API and a 2026 letter is issued whose rectification runs into 2027. From 1 November the admin is
/// nudged that 2027 is not ready; in December the admin opens 2027 in chat ("开启2027年度"), edits a check item on the card,
/// enters the 2027 calendar through the API (PUT /api/v1/calendars/2027: 元旦 1–4 January, Saturday 9 January a make-up
/// working day) and publishes from the card. January 2027's nudges follow that calendar: nothing on its days off, the monthly
/// progress nudge on the make-up Saturday (the 5th working day), the rectification stages counted over it. The 2026 letter
/// keeps its 2026 template version and closes normally.
/// </summary>
public sealed class NewYearScenarioTests : IAsyncLifetime
{
    private const string AdminAad = "00000000-0000-0000-0000-00000000a001";
    private readonly ApiTokens tokens = new();
    private TeamsDriver chat = null!;
    private Person admin = null!;

    private BotHostFactory Host => chat.Host;

    public async Task InitializeAsync()
    {
        chat = await TeamsDriver.StartCityAsync(settings: tokens.Settings.ToDictionary(k => k.Key, k => k.Value));
        admin = await Host.AddPersonAsync("市局管理员", PersonRole.CityAdmin, "luohe", AdminAad);
        var before = Host.Connector.Requests.Count;
        await chat.MessageAsync(AdminAad, "hello");
        await Host.Connector.WaitUntilAsync(r => r.Count > before);
    }

    public async Task DisposeAsync() => await chat.DisposeAsync();

    private HttpClient Api(string role, string? unit = null) => tokens.Client(Host.Http, role, unit, role == "CityAdmin" ? admin.Name : "赵科员");

    private void SetChina(DateOnly day, int hour)
    {
        var target = new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.FromHours(8));
        Host.Clock.Advance(target - Host.Clock.GetUtcNow());
    }

    private async Task<T> ScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private static WorkflowResult Ok(WorkflowResult r) =>
        r.Succeeded ? r : throw new Xunit.Sdk.XunitException($"{r.Status}: {string.Join("; ", r.Errors.Select(e => $"{e.Field}: {e.Message}"))}");

    /// <summary>(China date, kind, person name) of every nudge the ledger holds, due in [from, to].</summary>
    private async Task<List<(DateOnly Day, string Kind, string Person)>> NudgesAsync(DateOnly from, DateOnly to)
    {
        var rows = new List<(DateOnly, string, string)>();
        await Host.WithDbAsync(async db =>
        {
            var names = await db.People.ToDictionaryAsync(p => p.Id, p => p.Name);
            rows = [.. (await db.DeliveryLedger.AsNoTracking().ToListAsync())
                .Select(e => (Day: ChinaTime.Date(e.DueUtc), e.Kind, Person: names[e.PersonId]))
                .Where(e => e.Day >= from && e.Day <= to)
                .OrderBy(e => e.Day).ThenBy(e => e.Kind).ThenBy(e => e.Person)];
        });
        return rows;
    }

    [Fact]
    public async Task The_admin_opens_2027_in_chat_enters_its_calendar_and_january_follows_it_while_a_2026_letter_keeps_its_template_and_closes()
    {
        var adminApi = Api("CityAdmin");

        // ---- 2026, opened and published through the API; a visit to 舞阳 pinned to its template, its problem on item 1.1.
        SetChina(new DateOnly(2026, 6, 1), 10);
        var opened = await HttpAssert.Json(await adminApi.PostJson("/api/v1/years", new { year = 2026 }), HttpStatusCode.Created);
        await HttpAssert.Json(await adminApi.PostJson("/api/v1/years/2026/publish", new { version = opened.GetProperty("version").GetString() }), HttpStatusCode.OK);
        var staff = Actor.From(chat.Staff);
        var liaison = Actor.From(chat.Liaison);
        var visitId = Ok(await ScopeAsync(sp => sp.GetRequiredService<VisitWorkflow>().ScheduleAsync(new ScheduleVisit("wuyang", 2026, 6), staff))).Id!.Value;
        await Host.WithDbAsync(async db =>
        {
            var item = await db.ItemsOfVisit(visitId).SingleAsync(i => i.Code == "1.1");
            var visit = await db.Visits.SingleAsync(v => v.Id == visitId);
            (visit.StartDate, visit.EndDate, visit.Status) = (new DateOnly(2026, 6, 10), new DateOnly(2026, 6, 10), VisitStatus.Done);
            visit.Findings.Add(new VisitFinding { CheckItemId = item.Id, Outcome = FindingOutcome.Problem, Note = "计划未覆盖全部重点企业", RecordedById = chat.Staff.Id });
            await db.SaveChangesAsync();
        });

        // ---- From 1 November (Mon 2 Nov 2026): the admin is told 2027 has neither a calendar nor a setup.
        SetChina(new DateOnly(2026, 11, 2), 9);
        await ScopeAsync(sp => sp.GetRequiredService<NudgePlanner>().PlanAsync());
        Assert.Equal([(new DateOnly(2026, 11, 2), NudgeKinds.NextYearNotReady, admin.Name)],
            (await NudgesAsync(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30))).Where(n => n.Kind == NudgeKinds.NextYearNotReady));

        // ---- December 2026: the letter, its rectification due Fri 15 January 2027.
        SetChina(new DateOnly(2026, 12, 7), 10);
        var issued = Ok(await ScopeAsync(sp => sp.GetRequiredService<LetterWorkflow>().IssueAsync(new LetterDraft(null, null, visitId, null, new DateOnly(2027, 1, 15),
            [new LetterProblemInput("年度计划未覆盖全部重点企业", "补充纳入计划并报备", "1.1")], "张局长", "赵科员", "0395-3131234"), staff)));
        var letterId = issued.Id!.Value;
        Ok(await ScopeAsync(sp => sp.GetRequiredService<LetterWorkflow>().AcknowledgeAsync(letterId, issued.Version!.Value, liaison, receivedByName: "张局长")));

        // The admin opens 2027 in chat: a draft copied from 2026, saying 2027 has no calendar yet.
        var review = await chat.AskForCardAsync(AdminAad, "开启2027年度", "year-open");
        var text = TeamsDriver.AllText(review);
        Assert.Contains("2027 年度工作方案（草稿）", text);
        Assert.Contains("2027 年尚无工作日历", text);

        // …and edits check item 1.1 from the card.
        var chooser = TeamsDriver.Card(await chat.PressAsync(AdminAad, review, YearVerbs.Item));
        var form = TeamsDriver.Card(await chat.PressAsync(AdminAad, chooser, YearVerbs.Item, new() { [YearCards.ItemCode] = "1.1" }, step: "edit"));
        review = TeamsDriver.Card(await chat.PressAsync(AdminAad, form, YearVerbs.Item, new() { ["title"] = "编制2027年度监督检查计划情况" }, step: "save"));
        Assert.Contains("检查事项 1.1 已保存。", TeamsDriver.AllText(review));
        Assert.Contains("编制2027年度监督检查计划情况", TeamsDriver.AllText(review));

        // The 2027 calendar through the API (B's contract): 元旦 Fri 1 – Mon 4 January, Saturday 9 January worked instead.
        await HttpAssert.Json(await adminApi.PutJson("/api/v1/calendars/2027", new
        {
            source = new { title = "国务院办公厅关于2027年部分节假日安排的通知（演练）", documentNumber = (string?)null, issued = "2026-11-05", url = (string?)null },
            daysOff = new[] { new { name = "元旦", first = "2027-01-01", last = "2027-01-04" } },
            extraWorkingDays = new[] { "2027-01-09" },
        }), HttpStatusCode.OK);
        Assert.True((await HttpAssert.Json(await adminApi.GetAsync("/api/v1/years/2027"), HttpStatusCode.OK)).GetProperty("hasCalendar").GetBoolean());

        // Published from the card.
        var published = TeamsDriver.Card(await chat.PressAsync(AdminAad, review, YearVerbs.Publish));
        Assert.Contains("2027 年度工作方案已发布", TeamsDriver.AllText(published));
        await chat.AssertCardsValidAsync();

        // ---- January 2027 at 09:00 every day: the planner works on the calendar's working days only.
        var working = new List<DateOnly>();
        for (var day = new DateOnly(2027, 1, 1); day <= new DateOnly(2027, 1, 15); day = day.AddDays(1))
        {
            SetChina(day, 9);
            var plan = await ScopeAsync(sp => sp.GetRequiredService<NudgePlanner>().PlanAsync());
            if (plan.WorkingDay)
            {
                working.Add(day);
            }
        }
        Assert.Equal([5, 6, 7, 8, 9, 11, 12, 13, 14, 15], working.Select(d => d.Day));
        var january = await NudgesAsync(new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 15));
        Assert.All(january, n => Assert.Contains(n.Day, working));
        // December's progress on the 5th working day, the make-up Saturday 9 January, to each county liaison;
        // the report due Fri 15 Jan: 7 working days before is Thu 7 Jan (counting the Saturday), 3 before Tue 12, 1 before Thu 14, then the day.
        Assert.Equal(
        [
            (new DateOnly(2027, 1, 7), NudgeKinds.RectificationDue, "王联络"),
            (new DateOnly(2027, 1, 9), NudgeKinds.ProgressDue, "李联络"), (new DateOnly(2027, 1, 9), NudgeKinds.ProgressDue, "王联络"),
            (new DateOnly(2027, 1, 12), NudgeKinds.RectificationDue, "王联络"),
            (new DateOnly(2027, 1, 14), NudgeKinds.RectificationDue, "王联络"),
            (new DateOnly(2027, 1, 15), NudgeKinds.RectificationDue, "王联络"),
        ], january.Where(n => n.Kind is NudgeKinds.ProgressDue or NudgeKinds.RectificationDue));

        // ---- The 2026 letter in 2027: still on the 2026 template's item, reported and accepted, closed.
        SetChina(new DateOnly(2027, 1, 18), 10);
        var (letterVersion, problemId) = await ScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<GuidanceDbContext>();
            var l = await db.Letters.AsNoTracking().SingleAsync(x => x.Id == letterId);
            return (l.Version, await db.LetterProblems.Where(p => p.OpinionLetterId == letterId).Select(p => p.Id).SingleAsync());
        });
        Ok(await ScopeAsync(sp => sp.GetRequiredService<LetterWorkflow>().SubmitReportAsync(letterId, letterVersion, null,
            new ReportContent("张局长", [new ReportItemInput(problemId, "已将全部重点企业纳入计划并报备", nameof(RectificationProgress.Done), null, ["https://wuyang.example.gov.cn/proof/1"])]), liaison)));
        var (letterAfter, report) = await ScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<GuidanceDbContext>();
            return (await db.Letters.AsNoTracking().SingleAsync(x => x.Id == letterId),
                await db.RectificationReports.AsNoTracking().Include(r => r.Items).SingleAsync(r => r.OpinionLetterId == letterId));
        });
        Ok(await ScopeAsync(sp => sp.GetRequiredService<LetterWorkflow>().ReviewReportAsync(letterId, letterAfter.Version, report.Version,
            [.. report.Items.Select(i => new ItemReview(i.Id, "Accepted", null))], staff)));

        var closed = await HttpAssert.Json(await Api("CityStaff").GetAsync($"/api/v1/letters/{letterId}"), HttpStatusCode.OK);
        Assert.Equal("Closed", closed.GetProperty("letter").GetProperty("status").GetString());
        await Host.WithDbAsync(async db =>
        {
            var itemYear = await db.LetterProblems.Where(p => p.OpinionLetterId == letterId)
                .Select(p => db.CheckItems.Where(i => i.Id == p.CheckItemId).Select(i => new { i.Title, i.Area!.CheckTemplateId }).Single()).SingleAsync();
            var template2026 = await db.YearSetups.Where(s => s.Year == 2026).Select(s => s.CheckTemplateId).SingleAsync();
            Assert.Equal(template2026, itemYear.CheckTemplateId);
            Assert.Equal(template2026, await db.Visits.Where(v => v.Id == visitId).Select(v => v.CheckTemplateId).SingleAsync());
            Assert.Equal("编制年度监督检查计划情况", itemYear.Title);
            Assert.Equal("编制2027年度监督检查计划情况", await db.ItemsOfYear(2027).Where(i => i.Code == "1.1").Select(i => i.Title).SingleAsync());
        });
    }
}
