using System.Text.Json.Nodes;
using GuidanceBot.Bot.Flows.Letters;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Letters;

/// <summary>
/// 闭合 of a problem accepted as in progress (issue 15, point 5), through both doors: the county reports it done and city staff
/// confirm it — the API with the person's bearer token and the completion card in Teams give the same rows, audit and list item;
/// a completion date ahead is refused under its field in both. The clock stands at 2022-03-01 09:00 China time.
/// </summary>
public class CompletionParityTests
{
    /// <summary>wuyang's letter, its report answered and its one problem accepted in progress (promised 2022-03-15), on the list.</summary>
    private static Task SeedAsync(Door door) => door.Db(async db =>
    {
        var wuyang = await db.Units.SingleAsync(u => u.Code == "wuyang");
        var city = await db.Units.SingleAsync(u => u.Code == "luohe");
        var letter = new OpinionLetter
        {
            UnitId = wuyang.Id, IssuerUnitId = city.Id, Year = 2022, Status = LetterStatus.Closed, Number = "(漯)应急指导〔2022〕2号",
            VisitDate = new(2022, 2, 10), ReportDeadline = new(2022, 2, 25), IssuedOn = new(2022, 2, 14), CityContactName = "赵科员", CityContactPhone = "0395-1",
            Problems = [new LetterProblem { Order = 1, Problem = "执法案卷未及时归档", Opinion = "建立归档台账" }],
        };
        db.Letters.Add(letter);
        await db.SaveChangesAsync();
        db.Assignments.Add(new AssignmentItem
        {
            UnitId = wuyang.Id, Year = 2022, Kind = AssignmentKind.VisitProblem, SubjectKey = AssignmentTracker.LetterProblemKey(letter.Problems[0].Id),
            Title = "问题1", AssignedOn = new(2022, 2, 14), DueDate = new(2022, 3, 15),
        });
        db.RectificationReports.Add(new RectificationReport
        {
            OpinionLetterId = letter.Id, UnitId = wuyang.Id, Status = ReportStatus.Accepted, ResponsibleName = "张局长", SubmissionCount = 1,
            Items = [new RectificationItem
            {
                LetterProblemId = letter.Problems[0].Id, Measures = "正在整理案卷", Progress = RectificationProgress.InProgress, ExpectedCompletion = new(2022, 3, 15),
                Decision = ReviewDecision.Accepted,
            }],
        });
        await db.SaveChangesAsync();
        return 0;
    });

    private static Task<(int Letter, int Item, Guid Version)> IdsAsync(Door door) => door.Db(async db =>
    {
        var report = await db.RectificationReports.Include(r => r.Items).SingleAsync();
        return (report.OpinionLetterId, report.Items[0].Id, report.Version);
    });

    private static JsonObject Data((int Letter, int Item, Guid Version) ids, params (string, string)[] inputs)
    {
        var data = new JsonObject { ["letterId"] = ids.Letter, ["itemId"] = ids.Item, ["version"] = ids.Version.ToString() };
        foreach (var (k, v) in inputs)
        {
            data[k] = v;
        }
        return data;
    }

    [Fact]
    public async Task Reporting_done_and_confirming_are_the_same_steps_in_both_doors()
    {
        var result = await DoorParity.AssertSameAsync(
            seed: SeedAsync,
            api: async door =>
            {
                var ids = await IdsAsync(door);
                await door.PostAsync(door.Liaison, $"/api/v1/letters/{ids.Letter}/report/items/{ids.Item}/completion", new { version = ids.Version, note = "案卷已全部归档" });
                ids = await IdsAsync(door);
                var report = (await door.PostAsync(door.Staff, $"/api/v1/letters/{ids.Letter}/report/items/{ids.Item}/completion/review", new { version = ids.Version, decision = "Accepted" }))!;
                Assert.Equal("2022-03-01", report["items"]![0]!["completedOn"]!.GetValue<string>());
            },
            chat: async door =>
            {
                var ids = await IdsAsync(door);
                var open = Card(await door.Chat.InvokeAsync(LiaisonAad, CompletionVerbs.Open, new JsonObject { ["letterId"] = ids.Letter, ["itemId"] = ids.Item }));
                Assert.NotNull(FindAction(open, CompletionVerbs.Report));
                Card(await door.Chat.InvokeAsync(LiaisonAad, CompletionVerbs.Report, Data(ids, (CompletionFields.Note, "案卷已全部归档"))));
                ids = await IdsAsync(door);
                var confirmed = Card(await door.Chat.InvokeAsync(StaffAad, CompletionVerbs.Confirm, Data(ids, (CompletionFields.Decision, "Accepted"))));
                Assert.Contains("已确认整改完成", AllText(confirmed));
                await door.Chat.AssertCardsValidAsync();
            });

        Assert.Contains("ClosedOn=2022-03-01", Assert.Single(result.Api.Tables["Assignments"]));
        Assert.Contains(result.Api.Audit, a => a.StartsWith(LetterWorkflow.CompletionAction + " ", StringComparison.Ordinal));
        Assert.Contains(result.Api.Audit, a => a.StartsWith(LetterWorkflow.CompletionReviewAction + " ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_completion_date_ahead_is_refused_under_its_field_in_both_doors()
    {
        string? apiError = null, chatError = null;
        await DoorParity.AssertSameAsync(
            seed: SeedAsync,
            api: async door =>
            {
                var ids = await IdsAsync(door);
                apiError = (await door.RefusedAsync(door.Liaison, HttpMethod.Post, $"/api/v1/letters/{ids.Letter}/report/items/{ids.Item}/completion",
                    new { version = ids.Version, completedOn = "2022-03-02" }))[CompletionFields.CompletedOn];
            },
            chat: async door =>
            {
                var card = Card(await door.Chat.InvokeAsync(LiaisonAad, CompletionVerbs.Report, Data(await IdsAsync(door), (CompletionFields.CompletedOn, "2022-03-02"))));
                chatError = ErrorUnder(card, CompletionFields.CompletedOn);
            },
            refused: true);

        Assert.Equal("完成日期 2022-03-02 还没到。", apiError);
        Assert.Equal(apiError, chatError);
    }

    /// <summary>The letter of <see cref="LetterSeeds"/> with its report submitted, its second problem answered "in progress", promised for 31 May.</summary>
    private static async Task SeedInProgressAsync(Door door)
    {
        await LetterSeeds.LetterAsync(door, LetterStatus.ReportSubmitted);
        await door.Db(async db =>
        {
            var item = await db.RectificationItems.OrderBy(i => i.LetterProblemId).Skip(1).FirstAsync();
            (item.Progress, item.ExpectedCompletion) = (RectificationProgress.InProgress, new DateOnly(2022, 5, 31));
            return await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task Accepting_a_problem_in_progress_keeps_it_on_the_weekly_list_due_the_promised_day_through_either_door_and_the_letter_closes_without_it()
    {
        var result = await DoorParity.AssertSameAsync(
            seed: SeedInProgressAsync,
            api: async door =>
            {
                var (letter, report) = await door.Db(async db => (await db.Letters.AsNoTracking().SingleAsync(),
                    await db.RectificationReports.AsNoTracking().Include(r => r.Items).SingleAsync()));
                var version = report.Version.ToString();
                foreach (var item in report.Items.OrderBy(i => i.Id))
                {
                    version = (await door.PostAsync(door.Staff, $"/api/v1/letters/{letter.Id}/report/items/{item.Id}/review", new { version, decision = "Accepted" }))!["version"]!.GetValue<string>();
                }
                await door.PostAsync(door.Staff, $"/api/v1/letters/{letter.Id}/close", new { version = letter.Version });
            },
            chat: async door =>
            {
                var (letter, report) = await door.Db(async db => (await db.Letters.AsNoTracking().SingleAsync(),
                    await db.RectificationReports.AsNoTracking().Include(r => r.Items).SingleAsync()));
                var review = Card(await door.Chat.InvokeAsync(StaffAad, "rectification.review", new JsonObject { ["letterId"] = letter.Id }));
                var closed = Card(await door.Chat.PressAsync(StaffAad, review, "rectification.review.save", report.Items.ToDictionary(i => $"d_{i.Id}", _ => "accept")));
                Assert.Null(FindAction(closed, "rectification.review.save"));
            });

        // The letter is closed; the problem in progress stays on the list, now due the day promised; the other is closed.
        Assert.Contains(result.Api.Tables["Letters"], r => r.Contains("Status=Closed"));
        var items = result.Api.Tables["Assignments"];
        Assert.Single(items, r => r.Contains("DueDate=2022-05-31") && r.Contains("ClosedOn=null"));
        Assert.Single(items, r => !r.Contains("ClosedOn=null"));
    }
}
