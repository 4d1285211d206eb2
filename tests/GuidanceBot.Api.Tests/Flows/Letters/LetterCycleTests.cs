using System.Net;
using System.Text.Json.Nodes;
using GuidanceBot.Data;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Letters;

/// <summary>
/// A guidance visit's whole cycle from Teams: schedule → spot-check draw → findings → issue the letter → the
/// liaison acknowledges → report (filed through the workflow) → review per problem (one returned, then
/// accepted) → closed; the database checked at each step, every card checked by the official parser.
/// </summary>
public class LetterCycleTests
{
    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task A_visit_goes_from_schedule_to_a_closed_letter(string language)
    {
        await using var flow = await TeamsDriver.StartCityAsync(language);
        var zh = language == "zh-CN";
        await flow.SeedPlanAsync("wuyang", SubmissionStatus.Accepted);

        // Schedule: month 12 cannot be done by 30 November; month 3 is saved.
        var schedule = Card(await flow.InvokeAsync(StaffAad, "visit.schedule"));
        Assert.Contains(zh ? "舞阳县应急管理局 尚未安排执法指导" : "Wuyang County has no guidance visit planned", AllText(schedule)); // the risks of the year
        var late = Card(await flow.InvokeAsync(StaffAad, "visit.schedule.save", new JsonObject { ["unitCode"] = "wuyang", ["plannedMonth"] = "12" }, name: "schedule-error"));
        Assert.Contains(zh ? "11 月底" : "end-of-November", ErrorUnder(late, "plannedMonth"));
        await flow.Host.WithDbAsync(async db => Assert.Equal(0, await db.Visits.CountAsync()));
        var saved = Card(await flow.InvokeAsync(StaffAad, "visit.schedule.save", new JsonObject { ["unitCode"] = "wuyang", ["plannedMonth"] = "3" }));
        var visit = await Db(flow, db => db.Visits.SingleAsync());
        Assert.Equal((3, VisitStatus.Planned), (visit.PlannedMonth, visit.Status));

        // The draw: two of the three planned enterprises, seed shown, replay matches.
        var visitCard = Card(await flow.InvokeAsync(StaffAad, "visit.open", ActionData(saved, "visit.open")));
        var drawData = ActionData(visitCard, "visit.draw");
        drawData["count"] = "2";
        var drawn = Card(await flow.InvokeAsync(StaffAad, "visit.draw", drawData));
        var draw = await Db(flow, db => db.SpotCheckDraws.Include(d => d.Enterprises).SingleAsync());
        Assert.Equal(2, draw.Enterprises.Count);
        Assert.Contains(draw.Seed.ToString(), AllText(drawn));
        // The method in words; its id stays in the data for the replay.
        Assert.DoesNotContain(draw.Algorithm, AllText(drawn));
        Assert.Equal("splitmix64-fisher-yates-v1", draw.Algorithm);
        Assert.Contains(zh ? "随机抽取：按随机种子打乱本年度计划检查的" : "Random draw: the", AllText(drawn));
        Assert.Contains("✅", AllText(drawn));
        // The same (now stale) draw button again: refused, still one draw.
        var staleDraw = AssertStale(await flow.InvokeAsync(StaffAad, "visit.draw", drawData));
        Assert.NotNull(FindAction(staleDraw, "visit.open")); // open the visit again

        // Findings: a problem without a note comes back with the error under its note, nothing written.
        var findings = ActionData(drawn, "visit.findings.save");
        findings["f_1_1"] = "problem";
        findings["f_1_2"] = "compliant";
        findings["f_2_1"] = "problem";
        findings["n_2_1"] = "双随机抽查比例不足";
        findings["done"] = "true";
        var bad = Card(await flow.InvokeAsync(StaffAad, "visit.findings.save", findings, name: "findings-error"));
        Assert.NotNull(ErrorUnder(bad, "n_1_1"));
        Assert.Equal("双随机抽查比例不足", FindInput(bad, "n_2_1")?["value"]?.GetValue<string>()); // input kept
        await flow.Host.WithDbAsync(async db => Assert.Equal(0, await db.Set<VisitFinding>().CountAsync()));
        findings["n_1_1"] = "计划未覆盖全部重点企业";
        var recorded = Card(await flow.InvokeAsync(StaffAad, "visit.findings.save", findings));
        await flow.Host.WithDbAsync(async db =>
        {
            Assert.Equal(2, await db.Set<VisitFinding>().CountAsync(f => f.Outcome == FindingOutcome.Problem));
            Assert.Equal(1, await db.Set<VisitFinding>().CountAsync(f => f.Outcome == FindingOutcome.Compliant));
            Assert.Equal(VisitStatus.Done, (await db.Visits.SingleAsync()).Status);
        });

        // The letter form, from the visit's problems; a deadline on a rest day is refused by the workflow.
        var form = Card(await flow.InvokeAsync(StaffAad, "letter.issue", ActionData(recorded, "letter.issue")));
        // The deadline starts at the 2022 setup's rectification period: 20 working days from Tuesday 1 March 2022 (no holiday
        // before 清明) is Tuesday 29 March.
        Assert.Equal("2022-03-29", FindInput(form, LetterFields.ReportDeadline)?["value"]?.GetValue<string>());
        var issue = ActionData(form, "letter.issue.confirm");
        issue[LetterFields.Problem(0)] = "年度计划未覆盖全部重点企业";
        issue[LetterFields.Opinion(0)] = "补充纳入计划并报备";
        issue[LetterFields.Problem(1)] = "双随机抽查比例不足";
        issue[LetterFields.Opinion(1)] = "按比例开展抽查";
        issue[LetterFields.ReportDeadline] = "2022-04-09"; // a Saturday
        issue[LetterFields.CountyResponsibleName] = "张局长";
        issue[LetterFields.CityContactName] = "赵科员";
        issue[LetterFields.CityContactPhone] = "0395-3131234";
        var restDay = Card(await flow.InvokeAsync(StaffAad, "letter.issue.confirm", issue, name: "letter-form-error"));
        Assert.Contains("2022-04-11", ErrorUnder(restDay, LetterFields.ReportDeadline)); // the next working day is suggested
        await flow.Host.WithDbAsync(async db => Assert.Equal(0, await db.Letters.CountAsync()));
        issue[LetterFields.ReportDeadline] = "2022-04-08";
        var issued = Card(await flow.InvokeAsync(StaffAad, "letter.issue.confirm", issue));
        Assert.Contains("(漯)应急指导〔2022〕1号", AllText(issued));
        Assert.Null(FindAction(issued, "letter.issue.confirm")); // the receipt replaced the form

        var letter = await Db(flow, db => db.Letters.Include(l => l.Problems).SingleAsync());
        Assert.Equal((LetterStatus.Issued, "(漯)应急指导〔2022〕1号", new DateOnly(2022, 4, 8)), (letter.Status, letter.Number, letter.ReportDeadline));
        await flow.Host.WithDbAsync(async db =>
        {
            var items = await db.Assignments.OrderBy(a => a.SubjectKey).ToListAsync();
            Assert.Equal(letter.Problems.Select(p => AssignmentTracker.LetterProblemKey(p.Id)).Order(), items.Select(a => a.SubjectKey).Order());
            Assert.All(items, a => Assert.Equal((new DateOnly(2022, 4, 8), (DateOnly?)null), (a.DueDate, a.ClosedOn)));
            Assert.Equal(flow.Liaison.Id, (await db.DeliveryLedger.SingleAsync(e => e.Kind == "letter-issued")).PersonId);
        });

        // The liaison receives the letter proactively: number, problems, deadline, the DOCX link, the receipt button.
        var sent = Assert.Single(await flow.DispatchAsync("letter-card"));
        var sentText = AllText(sent);
        Assert.Contains("(漯)应急指导〔2022〕1号", sentText);
        Assert.Contains("补充纳入计划并报备", sentText);
        Assert.Contains("2022-04-08", sentText);
        // The link opens the DOCX in a browser, which carries no bearer token.
        var link = sent["actions"]!.AsArray().Single(a => a!["type"]!.GetValue<string>() == "Action.OpenUrl")!["url"]!.GetValue<string>();
        Assert.StartsWith($"{DocsBase}/files/", link);
        var docx = await flow.Host.Http.GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal((HttpStatusCode.OK, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), (docx.StatusCode, docx.Content.Headers.ContentType?.MediaType));

        // City staff cannot sign for it; the liaison signs with the responsible person's name.
        var ack = ActionData(sent, "letter.acknowledge");
        ack["receivedBy"] = "张局长";
        AssertError(await flow.InvokeAsync(StaffAad, "letter.acknowledge", ack), 403);
        var receipt = Card(await flow.InvokeAsync(LiaisonAad, "letter.acknowledge", ack));
        Assert.Null(FindAction(receipt, "letter.acknowledge"));
        letter = await Db(flow, db => db.Letters.Include(l => l.Problems).SingleAsync());
        Assert.Equal((LetterStatus.Acknowledged, "张局长"), (letter.Status, letter.AcknowledgedByName));
        AssertError(await flow.InvokeAsync(LiaisonAad, "letter.acknowledge", ack), 422); // a second click: already signed

        // The county's report, filed through the letter workflow (the county flow's own step).
        await SubmitReportAsync(flow, letter, first: true);

        // Review: problem 1 accepted, problem 2 returned with a note; the note is required.
        var queue = Card(await flow.InvokeAsync(StaffAad, "review.list"));
        var review = Card(await flow.InvokeAsync(StaffAad, "rectification.review", ActionData(queue, "rectification.review")));
        var report = await Db(flow, db => db.RectificationReports.Include(r => r.Items).SingleAsync());
        var (item1, item2) = (report.Items.Single(i => i.LetterProblemId == letter.Problems[0].Id), report.Items.Single(i => i.LetterProblemId == letter.Problems[1].Id));
        var decide = ActionData(review, "rectification.review.save");
        decide[$"d_{item1.Id}"] = "accept";
        decide[$"d_{item2.Id}"] = "return";
        var noNote = Card(await flow.InvokeAsync(StaffAad, "rectification.review.save", decide, name: "rect-review-error"));
        Assert.NotNull(ErrorUnder(noNote, $"n_{item2.Id}"));
        Assert.Equal(LetterStatus.ReportSubmitted, (await Db(flow, db => db.Letters.SingleAsync())).Status);
        decide[$"n_{item2.Id}"] = "请补充抽查记录";
        var returned = Card(await flow.InvokeAsync(StaffAad, "rectification.review.save", decide));
        Assert.Null(FindAction(returned, "rectification.review.save"));
        await flow.Host.WithDbAsync(async db =>
        {
            Assert.Equal(LetterStatus.ReportReturned, (await db.Letters.SingleAsync()).Status);
            var r = await db.RectificationReports.Include(x => x.Items).SingleAsync();
            Assert.Equal(ReportStatus.Returned, r.Status);
            Assert.Equal(ReviewDecision.Accepted, r.Items.Single(i => i.Id == item1.Id).Decision);
            Assert.Equal(("请补充抽查记录", ReviewDecision.Returned), (r.Items.Single(i => i.Id == item2.Id).ReviewNote, r.Items.Single(i => i.Id == item2.Id).Decision));
            Assert.NotNull((await db.Assignments.SingleAsync(a => a.SubjectKey == AssignmentTracker.LetterProblemKey(letter.Problems[0].Id))).ClosedOn);
            Assert.Null((await db.Assignments.SingleAsync(a => a.SubjectKey == AssignmentTracker.LetterProblemKey(letter.Problems[1].Id))).ClosedOn);
        });
        var told = Assert.Single(await flow.DispatchAsync("rect-returned"));
        Assert.Contains("请补充抽查记录", AllText(told));
        Assert.NotNull(FindAction(told, "rectification.file"));

        // Resubmitted; the remaining problem accepted: the letter closes, its items close.
        await SubmitReportAsync(flow, await Db(flow, db => db.Letters.Include(l => l.Problems).SingleAsync()), first: false);
        review = Card(await flow.InvokeAsync(StaffAad, "rectification.review", new JsonObject { ["letterId"] = letter.Id }));
        Assert.Null(FindInput(review, $"d_{item1.Id}")); // accepted once, not asked again
        decide = ActionData(review, "rectification.review.save");
        decide[$"d_{item2.Id}"] = "accept";
        var closed = Card(await flow.InvokeAsync(StaffAad, "rectification.review.save", decide));
        Assert.Contains("(漯)应急指导〔2022〕1号", AllText(closed));
        await flow.Host.WithDbAsync(async db =>
        {
            var l = await db.Letters.SingleAsync();
            Assert.Equal(LetterStatus.Closed, l.Status);
            Assert.NotNull(l.ClosedUtc);
            Assert.Equal(ReportStatus.Accepted, (await db.RectificationReports.SingleAsync()).Status);
            Assert.All(await db.Assignments.ToListAsync(), a => Assert.NotNull(a.ClosedOn));
            Assert.Contains(await db.AuditLog.Select(a => a.Action).ToListAsync(), a => a == "letter.close");
        });

        await flow.AssertCardsValidAsync();
    }

    [Fact]
    public async Task A_liaison_cannot_acknowledge_another_units_letter_even_with_an_edited_card()
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        int letterId = 0;
        await flow.Host.WithDbAsync(async db =>
        {
            var units = await db.Units.ToDictionaryAsync(u => u.Code, u => u.Id);
            var letter = new OpinionLetter
            {
                UnitId = units["linying"], IssuerUnitId = units["luohe"], Year = 2022, Status = LetterStatus.Issued, Serial = 1, Number = "(漯)应急指导〔2022〕1号",
                VisitDate = new(2022, 2, 20), ReportDeadline = new(2022, 3, 31), IssuedOn = new(2022, 2, 25), CityContactName = "李四", CityContactPhone = "0395-1234567",
                Problems = [new() { Order = 1, Problem = "问题", Opinion = "意见" }],
            };
            db.Letters.Add(letter);
            await db.SaveChangesAsync();
            letterId = letter.Id;
        });

        // Wuyang's liaison edits a card to name Linying's letter.
        var body = await flow.InvokeAsync(LiaisonAad, "letter.acknowledge",
            new JsonObject { ["letterId"] = letterId, ["number"] = "(漯)应急指导〔2022〕1号", ["receivedBy"] = "王某" });

        AssertError(body, 403);
        var stored = await Db(flow, db => db.Letters.SingleAsync());
        Assert.Equal((LetterStatus.Issued, (string?)null), (stored.Status, stored.AcknowledgedByName));
    }

    [Fact]
    public async Task A_liaison_sending_city_verbs_is_refused_and_nothing_is_written()
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        await flow.SeedPlanAsync("wuyang", SubmissionStatus.Accepted);

        AssertError(await flow.InvokeAsync(LiaisonAad, "visit.schedule.save", new JsonObject { ["unitCode"] = "wuyang", ["plannedMonth"] = "5" }), 403);
        AssertError(await flow.InvokeAsync(LiaisonAad, "letter.issue.confirm", new JsonObject { ["visitId"] = 1 }), 403);
        AssertError(await flow.InvokeAsync(LiaisonAad, "rectification.review.save", new JsonObject { ["letterId"] = 1 }), 403);

        await flow.Host.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.Visits.CountAsync());
            Assert.Equal(0, await db.Letters.CountAsync());
            Assert.DoesNotContain(await db.AuditLog.Select(a => a.Action).ToListAsync(), a => a.StartsWith("visit.") || a.StartsWith("letter."));
        });
    }

    private static async Task SubmitReportAsync(TeamsDriver flow, OpinionLetter letter, bool first)
    {
        await using var scope = flow.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuidanceDbContext>();
        if (first)
        {
            db.RectificationReports.Add(new RectificationReport
            {
                OpinionLetterId = letter.Id, UnitId = letter.UnitId, Status = ReportStatus.Draft, ResponsibleName = "张局长",
                Items = [.. letter.Problems.Select(p => new RectificationItem { LetterProblemId = p.Id, Measures = "已整改：" + p.Opinion, Progress = RectificationProgress.Done })],
            });
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        // Submitting marks the report submitted, counts it and puts the returned problems back to be reviewed: the workflow's step.
        var liaison = await db.People.SingleAsync(p => p.Id == flow.Liaison.Id);
        var result = await scope.ServiceProvider.GetRequiredService<LetterWorkflow>().SubmitReportAsync(letter.Id, letter.Version, Actor.From(liaison));
        Assert.True(result.Succeeded, result.Error?.ToString());
    }

    private static JsonObject? FindInput(JsonObject card, string id) =>
        card["body"]!.AsArray().OfType<JsonObject>().FirstOrDefault(e => e["id"]?.GetValue<string>() == id);

    private static async Task<T> Db<T>(TeamsDriver flow, Func<GuidanceDbContext, Task<T>> query)
    {
        T result = default!;
        await flow.Host.WithDbAsync(async db => result = await query(db));
        return result;
    }
}
