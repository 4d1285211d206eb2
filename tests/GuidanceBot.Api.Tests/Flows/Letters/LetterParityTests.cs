using System.Text.Json.Nodes;
using GuidanceBot.Bot.Flows.Letters;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Letters;

/// <summary>
/// Each letter step both doors offer, taken through the API (a real bearer token of the same person) and through chat, on
/// two fresh databases from the same seed at the same instant: the same rows, audit entries and queued messages
/// (<see cref="DoorParity"/>). The chat issues a letter from the visit's form in one step; the API drafts it and issues the
/// draft — the same step in two calls.
/// </summary>
public class LetterParityTests
{
    [Fact]
    public async Task Issuing_a_letter_is_the_same_through_either_door()
    {
        var result = await DoorParity.AssertSameAsync(
            seed: LetterSeeds.VisitAsync,
            api: async door =>
            {
                var visitId = await door.Db(db => db.Visits.Select(v => v.Id).SingleAsync());
                var codes = await LetterSeeds.ProblemCodesAsync(door, visitId);
                var draft = await door.PostAsync(door.Staff, "/api/v1/letters", new
                {
                    unitCode = "wuyang", year = 2022, guidanceVisitId = visitId, reportDeadline = LetterSeeds.Deadline,
                    problems = LetterSeeds.Problems.Select((p, i) => new { problem = p.Problem, opinion = p.Opinion, checkItemCode = codes[i] }),
                    countyResponsibleName = "张局长", cityContactName = "赵科员", cityContactPhone = "0395-3131234",
                });
                var letter = draft!["letter"]!;
                await door.PostAsync(door.Staff, $"/api/v1/letters/{letter["id"]}/issue", new { version = letter["version"]!.GetValue<string>() });
            },
            chat: async door =>
            {
                var visitId = await door.Db(db => db.Visits.Select(v => v.Id).SingleAsync());
                var form = Card(await door.Chat.InvokeAsync(StaffAad, "letter.issue", new JsonObject { ["visitId"] = visitId }));
                var typed = new Dictionary<string, string>
                {
                    [LetterFields.ReportDeadline] = LetterSeeds.Deadline, [LetterFields.CountyResponsibleName] = "张局长",
                    [LetterFields.CityContactName] = "赵科员", [LetterFields.CityContactPhone] = "0395-3131234",
                };
                for (var i = 0; i < LetterSeeds.Problems.Length; i++)
                {
                    (typed[LetterFields.Problem(i)], typed[LetterFields.Opinion(i)]) = LetterSeeds.Problems[i];
                }
                var receipt = Card(await door.Chat.PressAsync(StaffAad, form, "letter.issue.confirm", typed));
                Assert.Null(FindAction(receipt, "letter.issue.confirm")); // issued, not the form again
            });

        Assert.Contains("Letters", result.Changed);
        Assert.Contains("Assignments", result.Changed);
        // Both wuyang liaisons get the letter, each in their own language; the linying liaison nothing.
        Assert.Equal(2, result.Api.Ledger.Count(l => l.Contains("letter-issued")));
        Assert.Contains(result.Api.Ledger, l => l.Contains("letter-issued") && l.EndsWith("locale=en-US"));
        Assert.Contains(result.Api.Ledger, l => l.Contains("letter-issued") && l.EndsWith("locale=zh-CN"));
        Assert.Equal(["letter.draft", "letter.issue"], result.Api.Audit.Select(a => a.Split(' ')[0]));
    }

    [Fact]
    public async Task Acknowledging_a_letter_is_the_same_through_either_door()
    {
        var result = await DoorParity.AssertSameAsync(
            seed: door => LetterSeeds.LetterAsync(door, LetterStatus.Issued),
            api: async door =>
            {
                var letter = await door.Db(db => db.Letters.AsNoTracking().SingleAsync());
                await door.PostAsync(door.Liaison, $"/api/v1/letters/{letter.Id}/acknowledge", new { version = letter.Version, receivedBy = "张局长" });
            },
            chat: async door =>
            {
                var letter = await door.Db(db => db.Letters.AsNoTracking().SingleAsync());
                var receipt = Card(await door.Chat.InvokeAsync(LiaisonAad, LetterVerbs.LetterAcknowledge,
                    new JsonObject { ["letterId"] = letter.Id, ["number"] = letter.Number, [LetterFields.ReceivedBy] = "张局长" }));
                Assert.Contains("张局长", AllText(receipt));
            });

        Assert.Contains(result.Api.Tables["Letters"], r => r.Contains("Status=Acknowledged") && r.Contains("AcknowledgedByName=张局长"));
        Assert.Equal("letter.acknowledge", result.Api.Audit[^1].Split(' ')[0]);
    }

    [Fact]
    public async Task Filing_the_rectification_report_is_the_same_through_either_door()
    {
        var result = await DoorParity.AssertSameAsync(
            seed: door => LetterSeeds.LetterAsync(door, LetterStatus.Acknowledged),
            api: async door =>
            {
                var letter = await door.Db(db => db.Letters.Include(l => l.Problems).SingleAsync());
                var problems = letter.Problems.OrderBy(p => p.Order).ToList();
                var report = await door.PutAsync(door.Liaison, $"/api/v1/letters/{letter.Id}/report", new
                {
                    responsibleName = "张局长",
                    items = new object[]
                    {
                        new { letterProblemId = problems[0].Id, measures = "已将 3 家重点企业补充列入计划", progress = "Done", evidenceUrls = new[] { "https://wuyang.gov.cn/plan-v2.html" } },
                        new { letterProblemId = problems[1].Id, measures = "已组织全员培训，正在逐卷复查", progress = "InProgress", expectedCompletion = "2022-05-31", evidenceUrls = Array.Empty<string>() },
                    },
                });
                await door.PostAsync(door.Liaison, $"/api/v1/letters/{letter.Id}/report/submit",
                    new { letterVersion = letter.Version, reportVersion = report!["version"]!.GetValue<string>() });
            },
            chat: async door =>
            {
                var letter = await door.Db(db => db.Letters.Include(l => l.Problems).SingleAsync());
                var (p1, p2) = (letter.Problems.Single(p => p.Order == 1).Id, letter.Problems.Single(p => p.Order == 2).Id);
                var form = Card(await door.Chat.InvokeAsync(LiaisonAad, "rectification.file", new JsonObject { ["letterId"] = letter.Id }));
                var confirm = Card(await door.Chat.PressAsync(LiaisonAad, form, "rectification.file", new()
                {
                    ["responsibleName"] = "张局长",
                    [$"m_{p1}"] = "已将 3 家重点企业补充列入计划", [$"p_{p1}"] = "Done", [$"e_{p1}"] = "https://wuyang.gov.cn/plan-v2.html",
                    [$"m_{p2}"] = "已组织全员培训，正在逐卷复查", [$"p_{p2}"] = "InProgress", [$"d_{p2}"] = "2022-05-31", [$"e_{p2}"] = "",
                }));
                var receipt = Card(await door.Chat.PressAsync(LiaisonAad, confirm, "rectification.file", step: "confirm"));
                Assert.Contains("整改报告已提交", AllText(receipt));
            });

        Assert.Contains("RectificationReports", result.Changed);
        Assert.Equal(["report.edit", "letter.report_submit"], result.Api.Audit.Select(a => a.Split(' ')[0]).TakeLast(2));
    }

    [Fact]
    public async Task Accepting_every_problem_closes_the_letter_the_same_through_either_door()
    {
        var result = await DoorParity.AssertSameAsync(
            seed: door => LetterSeeds.LetterAsync(door, LetterStatus.ReportSubmitted),
            api: async door =>
            {
                var (letter, report) = await LoadAsync(door);
                var version = report.Version.ToString();
                foreach (var item in report.Items.OrderBy(i => i.Id))
                {
                    var after = await door.PostAsync(door.Staff, $"/api/v1/letters/{letter.Id}/report/items/{item.Id}/review", new { version, decision = "Accepted" });
                    version = after!["version"]!.GetValue<string>();
                }
                await door.PostAsync(door.Staff, $"/api/v1/letters/{letter.Id}/close", new { version = letter.Version });
            },
            chat: async door =>
            {
                var (letter, report) = await LoadAsync(door);
                var review = Card(await door.Chat.InvokeAsync(StaffAad, "rectification.review", new JsonObject { ["letterId"] = letter.Id }));
                var closed = Card(await door.Chat.PressAsync(StaffAad, review, "rectification.review.save",
                    report.Items.ToDictionary(i => $"d_{i.Id}", _ => "accept")));
                Assert.Null(FindAction(closed, "rectification.review.save"));
            });

        Assert.Equal(["report.review", "report.review", "letter.close"], result.Api.Audit.Select(a => a.Split(' ')[0]).TakeLast(3));
        Assert.Contains(result.Api.Tables["Letters"], r => r.Contains("Status=Closed"));
        Assert.DoesNotContain(result.Api.Tables["Assignments"], r => r.Contains("ClosedOn=null"));
    }

    [Fact]
    public async Task Returning_one_problem_returns_the_report_the_same_through_either_door()
    {
        var result = await DoorParity.AssertSameAsync(
            seed: door => LetterSeeds.LetterAsync(door, LetterStatus.ReportSubmitted),
            api: async door =>
            {
                var (letter, report) = await LoadAsync(door);
                var items = report.Items.OrderBy(i => i.Id).ToList();
                var after = await door.PostAsync(door.Staff, $"/api/v1/letters/{letter.Id}/report/items/{items[0].Id}/review",
                    new { version = report.Version, decision = "Accepted" });
                await door.PostAsync(door.Staff, $"/api/v1/letters/{letter.Id}/report/items/{items[1].Id}/review",
                    new { version = after!["version"]!.GetValue<string>(), decision = "Returned", note = "请补充抽查记录" });
                await door.PostAsync(door.Staff, $"/api/v1/letters/{letter.Id}/report/return", new { version = letter.Version });
            },
            chat: async door =>
            {
                var (letter, report) = await LoadAsync(door);
                var items = report.Items.OrderBy(i => i.Id).ToList();
                var review = Card(await door.Chat.InvokeAsync(StaffAad, "rectification.review", new JsonObject { ["letterId"] = letter.Id }));
                var receipt = Card(await door.Chat.PressAsync(StaffAad, review, "rectification.review.save", new()
                {
                    [$"d_{items[0].Id}"] = "accept", [$"d_{items[1].Id}"] = "return", [$"n_{items[1].Id}"] = "请补充抽查记录",
                }));
                Assert.Null(FindAction(receipt, "rectification.review.save"));
            });

        Assert.Equal(["report.review", "report.review", "letter.report_return"], result.Api.Audit.Select(a => a.Split(' ')[0]).TakeLast(3));
        Assert.Contains("reason=2: 请补充抽查记录", result.Api.Audit[^1]);
        Assert.Equal(2, result.Api.Ledger.Count(l => l.Contains("rectification-returned")));
        // Problem 1 accepted: its weekly item closed; problem 2 returned: still open.
        Assert.Single(result.Api.Tables["Assignments"], r => r.Contains("ClosedOn=null"));
    }

    [Fact]
    public async Task The_harness_fails_when_the_doors_leave_different_rows()
    {
        // The API drafts a letter, the chat does nothing: the comparison must say so.
        var failure = await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => DoorParity.AssertSameAsync(
            seed: LetterSeeds.VisitAsync,
            api: async door => await door.PostAsync(door.Staff, "/api/v1/letters", new
            {
                unitCode = "wuyang", year = 2022, reportDeadline = LetterSeeds.Deadline, visitDate = "2022-02-20",
                problems = new[] { new { problem = "问题", opinion = "意见" } }, cityContactName = "赵科员", cityContactPhone = "0395-3131234",
            }),
            chat: _ => Task.CompletedTask));
        Assert.Contains("LetterProblems differs", failure.Message); // the first table that differs, by name
    }

    private static Task<(OpinionLetter Letter, RectificationReport Report)> LoadAsync(Door door) => door.Db(async db =>
        (await db.Letters.AsNoTracking().Include(l => l.Problems).SingleAsync(),
         await db.RectificationReports.AsNoTracking().Include(r => r.Items).SingleAsync()));
}
