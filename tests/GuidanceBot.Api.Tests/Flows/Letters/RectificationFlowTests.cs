using System.Text.Json.Nodes;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Letters;

/// <summary>The rectification report from a card: one section per problem, late marked, returned problems revised.</summary>
public class RectificationFlowTests : DriverTest
{
    /// <summary>An issued letter with two problems, due 2022-03-31, in the given state.</summary>
    public static async Task<int> AddLetterAsync(BotHostFactory host, string unitCode, LetterStatus status, int serial = 1)
    {
        var id = 0;
        await host.WithDbAsync(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Code == unitCode);
            var city = await db.Units.SingleAsync(u => u.Code == "luohe");
            var letter = new OpinionLetter
            {
                UnitId = unit.Id, IssuerUnitId = city.Id, Year = 2022, Serial = serial, Number = $"(漯)应急指导〔2022〕{serial}号",
                Status = status, VisitDate = new DateOnly(2022, 2, 20), ReportDeadline = new DateOnly(2022, 3, 31),
                IssuedOn = new DateOnly(2022, 2, 25), CityContactName = "张联系", CityContactPhone = "0395-1234567",
                CountyResponsibleName = "赵局长",
                Problems =
                [
                    new LetterProblem { Order = 1, Problem = "年度计划未覆盖全部重点单位", Opinion = "补充列入计划" },
                    new LetterProblem { Order = 2, Problem = "执法文书填写不规范", Opinion = "组织培训并整改" },
                ],
            };
            db.Letters.Add(letter);
            await db.SaveChangesAsync();
            id = letter.Id;
        });
        return id;
    }

    private async Task<(OpinionLetter Letter, RectificationReport? Report)> LoadAsync(int letterId)
    {
        (OpinionLetter, RectificationReport?) result = default;
        await Host.WithDbAsync(async db => result = (
            await db.Letters.AsNoTracking().Include(l => l.Problems).SingleAsync(l => l.Id == letterId),
            await db.RectificationReports.AsNoTracking().Include(r => r.Items).ThenInclude(i => i.Evidence).SingleOrDefaultAsync(r => r.OpinionLetterId == letterId)));
        return result;
    }

    [Fact]
    public async Task A_late_report_is_accepted_and_marked_then_only_the_returned_problem_is_revised()
    {
        var liaison = await Host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var letterId = await AddLetterAsync(Host, "wuyang", LetterStatus.Acknowledged);
        var (letter, _) = await LoadAsync(letterId);
        var (p1, p2) = (letter.Problems.Single(p => p.Order == 1).Id, letter.Problems.Single(p => p.Order == 2).Id);
        Host.Clock.SetUtcNow(new DateTimeOffset(2022, 4, 2, 2, 0, 0, TimeSpan.Zero)); // two days after the deadline

        var form = Card(await Driver.InvokeAsync(DefaultUser, "rectification.file"));
        Assert.Contains("(漯)应急指导〔2022〕1号", AllText(form));
        Assert.Contains("已超过报送期限", AllText(form));
        Assert.Equal("赵局长", Input(form, "responsibleName")["value"]!.GetValue<string>());

        var bad = Card(await Driver.PressAsync(DefaultUser, form, "rectification.file", new()
        {
            [$"m_{p1}"] = "已将 3 家重点企业补充列入计划", [$"p_{p1}"] = "Done", [$"e_{p1}"] = "https://wuyang.gov.cn/plan-v2.html",
            [$"m_{p2}"] = "", [$"p_{p2}"] = "InProgress", [$"e_{p2}"] = "not-a-link",
        }));
        Assert.Equal("此项必填。", ErrorUnder(bad, $"m_{p2}"));
        Assert.Equal("此项必填。", ErrorUnder(bad, $"d_{p2}"));
        Assert.Contains("not-a-link", ErrorUnder(bad, $"e_{p2}"));
        Assert.Null((await LoadAsync(letterId)).Report);

        var confirm = Card(await Driver.PressAsync(DefaultUser, bad, "rectification.file", new()
        {
            [$"m_{p2}"] = "已组织全员培训，正在逐卷复查", [$"d_{p2}"] = "2022-05-31", [$"e_{p2}"] = "",
        }));
        Assert.Contains("整改中，预计 2022-05-31 完成", AllText(confirm));
        var receipt = Card(await Driver.PressAsync(DefaultUser, confirm, "rectification.file", step: "confirm"));
        Assert.Contains("整改报告已提交", AllText(receipt));

        var (after, report) = await LoadAsync(letterId);
        Assert.Equal(LetterStatus.ReportSubmitted, after.Status);
        Assert.NotNull(report);
        Assert.True(report.IsLate);
        Assert.Equal(1, report.SubmissionCount);
        Assert.Equal(liaison.Id, report.SubmittedById);
        Assert.Equal("赵局长", report.ResponsibleName);
        var item1 = report.Items.Single(i => i.LetterProblemId == p1);
        Assert.Equal("https://wuyang.gov.cn/plan-v2.html", Assert.Single(item1.Evidence).Url);
        var item2 = report.Items.Single(i => i.LetterProblemId == p2);
        Assert.Equal((RectificationProgress.InProgress, new DateOnly(2022, 5, 31)), (item2.Progress, item2.ExpectedCompletion));

        // The city accepts problem 1, returns problem 2 and the report.
        await Host.WithDbAsync(async db =>
        {
            var r = await db.RectificationReports.Include(x => x.Items).SingleAsync();
            r.Items.Single(i => i.LetterProblemId == p1).Decision = ReviewDecision.Accepted;
            var returned = r.Items.Single(i => i.LetterProblemId == p2);
            returned.Decision = ReviewDecision.Returned;
            returned.ReviewNote = "请提供复查台账";
            r.Status = ReportStatus.Returned;
            var city = new Person { Name = "李市局", Role = PersonRole.CityStaff, UnitId = after.IssuerUnitId };
            db.People.Add(city);
            await db.SaveChangesAsync();
        });
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var wf = scope.ServiceProvider.GetRequiredService<LetterWorkflow>();
            var l = (await LoadAsync(letterId)).Letter;
            var result = await wf.ReturnReportAsync(letterId, l.Version, "第 2 项证据不足", new Actor(null, "李市局", PersonRole.CityStaff, l.IssuerUnitId));
            Assert.True(result.Succeeded, result.Error?.Message);
        }

        var revise = Card(await Driver.InvokeAsync(DefaultUser, "rectification.file"));
        Assert.DoesNotContain(Inputs(revise), i => i["id"]!.GetValue<string>() == $"m_{p1}"); // accepted: read only
        Assert.Contains("请提供复查台账", AllText(revise));
        var reviseConfirm = Card(await Driver.PressAsync(DefaultUser, revise, "rectification.file", new()
        {
            [$"m_{p2}"] = "已完成复查，台账见链接", [$"p_{p2}"] = "Done", [$"e_{p2}"] = "https://wuyang.gov.cn/ledger.xlsx\nhttps://wuyang.gov.cn/photos",
        }));
        // An edited card cannot reopen the accepted problem: its fields are not read.
        var resubmitted = Card(await Driver.PressAsync(DefaultUser, reviseConfirm, "rectification.file", step: "confirm", edit: d => d[$"m_{p1}"] = "篡改"));
        Assert.Contains("整改报告已提交", AllText(resubmitted));

        var (final, finalReport) = await LoadAsync(letterId);
        Assert.Equal(LetterStatus.ReportSubmitted, final.Status);
        Assert.Equal(2, finalReport!.SubmissionCount);
        var kept = finalReport.Items.Single(i => i.LetterProblemId == p1);
        Assert.Equal(("已将 3 家重点企业补充列入计划", ReviewDecision.Accepted), (kept.Measures, kept.Decision));
        var revised = finalReport.Items.Single(i => i.LetterProblemId == p2);
        Assert.Equal(("已完成复查，台账见链接", ReviewDecision.Pending, RectificationProgress.Done), (revised.Measures, revised.Decision, revised.Progress));
        Assert.Equal(2, revised.Evidence.Count);
    }

    [Fact]
    public async Task My_tasks_lists_the_filings_and_the_letters_due_with_dates()
    {
        await Host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        await AddLetterAsync(Host, "wuyang", LetterStatus.Issued, serial: 1);
        await AddLetterAsync(Host, "wuyang", LetterStatus.Acknowledged, serial: 2);
        await AddLetterAsync(Host, "linying", LetterStatus.Acknowledged, serial: 3);
        Host.Clock.SetUtcNow(new DateTimeOffset(2022, 4, 1, 2, 0, 0, TimeSpan.Zero));

        var card = Card(await Driver.InvokeAsync(DefaultUser, "deadlines.show"));

        var text = AllText(card);
        Assert.Contains("未开始", text);
        Assert.Contains("(漯)应急指导〔2022〕1号", text);
        Assert.Contains("签收意见书", text);
        Assert.Contains("(漯)应急指导〔2022〕2号", text);
        Assert.Contains("2022-03-31（已逾期）", text);
        Assert.DoesNotContain("〔2022〕3号", text); // another county's letter
        Assert.Contains("rectification.file", Verbs(card));
        Assert.Contains("plan.file", Verbs(card));
    }
}
