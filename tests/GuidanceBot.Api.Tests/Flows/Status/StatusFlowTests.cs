using System.Text;
using System.Text.Json.Nodes;
using GuidanceBot.Data.Cases;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Visits;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Status;

/// <summary>"进度" and "逾期" from Teams: the same facts as the year status query, readable on a phone.</summary>
public class StatusFlowTests
{
    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task City_staff_see_every_unit_in_one_small_card_and_a_unit_in_detail(string language)
    {
        await using var flow = await TeamsDriver.StartCityAsync(language);
        var zh = language == "zh-CN";
        await SeedYearAsync(flow);

        var overview = await flow.AskForCardAsync(StaffAad, zh ? "进度" : "status", "status-overview");
        var table = overview["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "Table")!;
        var rows = table["rows"]!.AsArray();
        Assert.Equal(7, rows.Count); // a header and the six county-level units
        Assert.Equal(6, table["columns"]!.AsArray().Count); // few columns: a phone shows them (the sixth: the plan's execution rate)
        var wuyang = string.Join("|", Texts(rows[4]));
        Assert.EndsWith("|❗0.0%", wuyang); // planned, nothing reported yet, February's progress owed
        Assert.Contains("✅", wuyang); // plan accepted
        Assert.Contains("1号", wuyang); // the letter number
        Assert.True(Encoding.UTF8.GetByteCount(overview.ToJsonString()) < 40 * 1024);

        // Per unit: by the unit's name as people type it.
        var detail = await flow.AskForCardAsync(StaffAad, zh ? "进度 舞阳县" : "status Wuyang County", "status-detail");
        var text = AllText(detail);
        Assert.Contains(zh ? "舞阳县" : "Wuyang County", text);
        Assert.Contains("(漯)应急指导〔2022〕1号", text);
        Assert.Contains(zh ? "上月进度" : "Last month's progress", text); // the team and progress facts, from the same query
        Assert.Contains(zh ? "报送 1 件，合格 0 件，待评定 1 件" : "1 reported, 0 qualified, 1 awaiting judgement", text);
        Assert.Matches(zh ? @"材料已提供 \d+/16 项" : @"materials \d+ of 16 provided", text); // the 2022 template asks for 16 materials

        // The overview's own unit picker gives the same card.
        var picked = Card(await flow.InvokeAsync(StaffAad, "status.overview", new JsonObject { ["unit"] = "wuyang" }));
        Assert.Equal(AllText(detail), AllText(picked));

        await flow.AssertCardsValidAsync();
    }

    [Fact]
    public async Task A_liaison_asking_for_another_unit_gets_their_own()
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        await SeedYearAsync(flow);

        var card = await flow.AskForCardAsync(LiaisonAad, "进度 临颍", "status-liaison");
        var text = AllText(card);
        Assert.Contains("舞阳县", text);
        Assert.DoesNotContain("临颍", text);
    }

    [Fact]
    public async Task An_unknown_unit_gets_a_clear_answer()
    {
        await using var flow = await TeamsDriver.StartCityAsync();

        await flow.MessageAsync(StaffAad, "进度 火星县");

        await flow.Host.Connector.WaitUntilAsync(r => r.Count == 4);
        Assert.Contains("火星县", flow.Host.Connector.Requests[^1].Text);
    }

    [Fact]
    public async Task Overdue_lists_what_is_late_with_the_days_for_the_city_and_only_their_own_for_a_liaison()
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        await SeedYearAsync(flow);
        await flow.Host.WithDbAsync(async db =>
        {
            var units = await db.Units.ToDictionaryAsync(u => u.Code, u => u.Id);
            db.Assignments.Add(new AssignmentItem
            {
                UnitId = units["linying"], Year = 2022, Kind = AssignmentKind.MissingFiling, SubjectKey = "MissingFiling:plan:x:2022",
                Title = "报送年度计划", AssignedOn = new(2022, 2, 1), DueDate = new(2022, 2, 20),
            });
            await db.SaveChangesAsync();
        });
        flow.Host.Clock.Advance(TimeSpan.FromDays(40)); // 2022-04-10: Wuyang's report (due 03-31) is 10 days late

        var all = await flow.AskForCardAsync(StaffAad, "逾期", "overdue-city");
        var rows = all["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "Table")!["rows"]!.AsArray().Skip(1).Select(r => Texts(r)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["临颍县应急管理局", "报送年度计划", "49"], rows[0]);
        Assert.Equal(["舞阳县应急管理局", "整改报告 (漯)应急指导〔2022〕1号", "10"], rows[1]);

        var own = await flow.AskForCardAsync(LiaisonAad, "overdue", "overdue-liaison");
        Assert.DoesNotContain("临颍", AllText(own));
        Assert.Contains("舞阳", AllText(own));
        await flow.AssertCardsValidAsync();
    }

    /// <summary>Wuyang: plan accepted, visit done, letter 1 issued (report due 03-31); Linying: plan submitted.</summary>
    private static async Task SeedYearAsync(TeamsDriver flow)
    {
        await flow.SeedPlanAsync("wuyang", SubmissionStatus.Accepted);
        await flow.SeedPlanAsync("linying", SubmissionStatus.Submitted);
        await flow.Host.WithDbAsync(async db =>
        {
            var units = await db.Units.ToDictionaryAsync(u => u.Code, u => u.Id);
            db.Visits.Add(new GuidanceVisit { UnitId = units["wuyang"], Year = 2022, PlannedMonth = 2, Status = VisitStatus.Done, StartDate = new(2022, 2, 20) });
            db.Letters.Add(new OpinionLetter
            {
                UnitId = units["wuyang"], IssuerUnitId = units["luohe"], Year = 2022, Status = LetterStatus.Acknowledged, Serial = 1, Number = "(漯)应急指导〔2022〕1号",
                VisitDate = new(2022, 2, 20), ReportDeadline = new(2022, 3, 31), IssuedOn = new(2022, 2, 25), CityContactName = "李四", CityContactPhone = "0395-1234567",
                Problems = [new() { Order = 1, Problem = "问题", Opinion = "意见" }],
            });
            db.TypicalCases.Add(new TypicalCase
            {
                UnitId = units["wuyang"], Year = 2022, Title = "某公司未落实安全培训案", CaseNumber = "舞应急罚〔2022〕1号", ReportedOn = new(2022, 2, 22),
                EnforcementType = "penalty", ReportedById = flow.Liaison.Id,
            });
            await db.SaveChangesAsync();
        });
    }
}
