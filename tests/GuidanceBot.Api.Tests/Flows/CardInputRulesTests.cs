using System.Text.Json.Nodes;
using GuidanceBot.Api.Tests.Flows.Letters;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Visits;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Flows;

/// <summary>
/// The cards' door to the same input rules as the API: text no field may hold is refused before any handler
/// (so every card is covered), blank-looking text is blank, and dates lie in 2000–2100.
/// </summary>
public class CardInputRulesTests
{
    [Theory]
    [InlineData("已\u0001整改", "U+0001")]
    [InlineData("已整改\0", "U+0000")]
    [InlineData("已\u202E整改", "U+202E")]
    public async Task A_report_whose_measures_hold_a_control_character_is_refused_and_nothing_is_stored(string measures, string named)
    {
        await using var host = await BotHostFactory.StartAsync();
        var bot = new TeamsDriver(host);
        await host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var letterId = await RectificationFlowTests.AddLetterAsync(host, "wuyang", LetterStatus.Acknowledged);
        var problems = await Problems(host, letterId);

        var form = TeamsDriver.Card(await bot.InvokeAsync(TeamsDriver.DefaultUser, "rectification.file"));
        var answer = await bot.PressAsync(TeamsDriver.DefaultUser, form, "rectification.file", new()
        {
            [$"m_{problems[0]}"] = measures, [$"p_{problems[0]}"] = "Done",
            [$"m_{problems[1]}"] = "已完成", [$"p_{problems[1]}"] = "Done",
        });

        Assert.Equal("application/vnd.microsoft.error", answer["type"]!.GetValue<string>());
        Assert.Equal(400, answer["statusCode"]!.GetValue<int>());
        Assert.Contains(named, answer["value"]!["message"]!.GetValue<string>());
        await host.WithDbAsync(async db => Assert.Equal(0, await db.RectificationReports.CountAsync()));
    }

    [Fact]
    public async Task A_name_of_zero_width_characters_is_blank_and_a_single_line_field_refuses_line_breaks()
    {
        await using var host = await BotHostFactory.StartAsync();
        var bot = new TeamsDriver(host);
        await host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var letterId = await RectificationFlowTests.AddLetterAsync(host, "wuyang", LetterStatus.Acknowledged);
        var problems = await Problems(host, letterId);
        var form = TeamsDriver.Card(await bot.InvokeAsync(TeamsDriver.DefaultUser, "rectification.file"));
        var typed = new Dictionary<string, string>
        {
            ["responsibleName"] = "\u200B\u200D\uFEFF",
            [$"m_{problems[0]}"] = "已完成\n第二段", [$"p_{problems[0]}"] = "Done",
            [$"m_{problems[1]}"] = "已完成", [$"p_{problems[1]}"] = "Done",
        };

        var blank = TeamsDriver.Card(await bot.PressAsync(TeamsDriver.DefaultUser, form, "rectification.file", typed));
        Assert.Equal("此项必填。", TeamsDriver.ErrorUnder(blank, "responsibleName")); // the workflow's own message, as the API gives it
        Assert.Null(TeamsDriver.ErrorUnder(blank, $"m_{problems[0]}")); // paragraphs may break lines

        typed["responsibleName"] = "赵\n局长";
        var twoLines = TeamsDriver.Card(await bot.PressAsync(TeamsDriver.DefaultUser, form, "rectification.file", typed));
        Assert.Contains("只能填写一行", TeamsDriver.ErrorUnder(twoLines, "responsibleName"));
        await host.WithDbAsync(async db => Assert.Equal(0, await db.RectificationReports.CountAsync()));
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    public async Task A_letter_deadline_outside_2000_to_2100_is_refused_under_the_field(string deadline)
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        var visitId = 0;
        await flow.Host.WithDbAsync(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Code == "wuyang");
            var item = await db.CheckItems.OrderBy(i => i.Code).FirstAsync(i => db.CheckTemplates.Any(t => t.Year == 2022 && t.Areas.Any(a => a.Id == i.CheckAreaId)));
            var visit = new GuidanceVisit
            {
                UnitId = unit.Id, Year = 2022, PlannedMonth = 2, StartDate = new(2022, 2, 20), EndDate = new(2022, 2, 20), Status = VisitStatus.Done,
                Findings = [new VisitFinding { CheckItemId = item.Id, Outcome = FindingOutcome.Problem, Note = "计划未覆盖全部重点企业", RecordedById = flow.Staff.Id }],
            };
            db.Visits.Add(visit);
            await db.SaveChangesAsync();
            visitId = visit.Id;
        });

        var form = TeamsDriver.Card(await flow.InvokeAsync(TeamsDriver.StaffAad, "letter.issue", new JsonObject { ["visitId"] = visitId }));
        var issue = TeamsDriver.ActionData(form, "letter.issue.confirm");
        (issue[LetterFields.Problem(0)], issue[LetterFields.Opinion(0)], issue[LetterFields.CountyResponsibleName], issue[LetterFields.CityContactName], issue[LetterFields.CityContactPhone], issue[LetterFields.ReportDeadline]) =
            ("计划未覆盖全部重点企业", "补充纳入计划", "赵局长", "李四", "0395-1234567", deadline);
        var refused = TeamsDriver.Card(await flow.InvokeAsync(TeamsDriver.StaffAad, "letter.issue.confirm", issue));

        Assert.Contains("2100-12-31", TeamsDriver.ErrorUnder(refused, LetterFields.ReportDeadline));
        await flow.Host.WithDbAsync(async db => Assert.Equal(0, await db.Letters.CountAsync()));
    }

    private static async Task<List<int>> Problems(BotHostFactory host, int letterId)
    {
        var ids = new List<int>();
        await host.WithDbAsync(async db => ids = await db.Set<LetterProblem>().Where(p => p.OpinionLetterId == letterId).OrderBy(p => p.Order).Select(p => p.Id).ToListAsync());
        return ids;
    }
}
