using System.Text.Json.Nodes;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.TeamFigures;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.TeamFigures;

/// <summary>
/// A county liaison files the team figures, a training session and the month's progress from cards, through
/// /api/messages; the database says what was filed and the city's status card shows the ratios. The clock
/// stands at 2022-03-01 09:00 in China (February is the month owed).
/// </summary>
public class TeamFiguresFlowTests : DriverTest
{
    private const string CityUser = "00000000-0000-0000-0000-0000000000077";
    private static readonly Dictionary<string, string> GoodFigures = new()
    {
        ["approvedPosts"] = "20", ["staffOnPost"] = "22", ["certifiedStaff"] = "18", ["note"] = "2 名借调人员在岗",
        ["educationPostgraduate"] = "2", ["educationBachelor"] = "12", ["educationCollege"] = "6", ["educationOther"] = "2",
        ["relatedFieldOfStudy"] = "5", ["ageUnder35"] = "6", ["age35To49"] = "10", ["age50AndOver"] = "6", ["men"] = "16", ["women"] = "6",
    };

    private async Task<(List<TeamFiguresReport> Figures, List<string> Audit)> StoredAsync()
    {
        (List<TeamFiguresReport>, List<string>) result = default;
        await Host.WithDbAsync(async db => result = (
            await db.TeamFigures.AsNoTracking().OrderBy(f => f.Id).ToListAsync(),
            await db.AuditLog.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Action + ":" + a.Reason).ToListAsync()));
        return result;
    }

    [Fact]
    public async Task Team_figures_that_cannot_be_right_come_back_under_each_field_with_nothing_written_then_each_filing_is_kept_and_the_latest_shows()
    {
        var liaison = await Host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        Driver.Label = "zh-CN:";

        var menu = Card(await Driver.InvokeAsync(DefaultUser, "menu.show"));
        Assert.Contains("team.home", AllVerbs(menu));
        var home = Card(await Driver.InvokeAsync(DefaultUser, "team.home"));
        Assert.Contains("尚未填报", AllText(home));
        var form = Card(await Driver.PressAsync(DefaultUser, home, "team.figures"));
        Assert.Equal(0, ActionData(form, "team.figures")["basedOn"]!.GetValue<int>());

        var bad = Card(await Driver.PressAsync(DefaultUser, form, "team.figures", new(GoodFigures)
        {
            ["note"] = "", ["certifiedStaff"] = "23", ["educationOther"] = "3", ["relatedFieldOfStudy"] = "五",
            ["age35To49"] = "-1", ["women"] = "7",
        }));
        Assert.Equal("在岗人数（22）超过核定编制（20），请在备注中说明原因。", ErrorUnder(bad, "staffOnPost"));
        Assert.Equal("持证人数（23）不能超过在岗人数（22）。", ErrorUnder(bad, "certifiedStaff"));
        Assert.Equal("各学历人数之和（23）应等于在岗人数（22）。", ErrorUnder(bad, "educationOther"));
        Assert.Equal("请填写整数。", ErrorUnder(bad, "relatedFieldOfStudy"));
        Assert.Equal("不能为负数。", ErrorUnder(bad, "age35To49"));
        Assert.Equal("男女人数之和（23）应等于在岗人数（22）。", ErrorUnder(bad, "women"));
        Assert.Null(ErrorUnder(bad, "approvedPosts"));
        Assert.Null(ErrorUnder(bad, "age50AndOver")); // the age sum is not checked while a band cannot be read
        Assert.Equal("-1", Input(bad, "age35To49")["value"]!.GetValue<string>()); // the input is kept as typed
        var (figures, audit) = await StoredAsync();
        Assert.Empty(figures);
        Assert.Empty(audit);

        var receipt = Card(await Driver.PressAsync(DefaultUser, bad, "team.figures", new(GoodFigures)));
        Assert.Contains("已保存", AllText(receipt));
        Assert.Contains("20 / 22 / 18（在岗率 110.0%，持证率 81.8%）", AllText(receipt));
        Assert.Contains("男 16（72.7%）、女 6（27.3%）", AllText(receipt));
        Assert.DoesNotContain("team.figures", Verbs(receipt)); // a second click cannot file twice
        Assert.Empty(Inputs(receipt));
        (figures, audit) = await StoredAsync();
        var first = Assert.Single(figures);
        Assert.Equal((20, 22, 18, "2 名借调人员在岗", 12, 10, 6), (first.ApprovedPosts, first.StaffOnPost, first.CertifiedStaff, first.Note, first.EducationBachelor, first.Age35To49, first.Women));
        Assert.Equal(liaison.Id, first.ReportedById);
        Assert.Equal(["team.figures:"], audit);

        // Later: two staff leave. The form opens with the current figures; the new filing becomes current, the old one stays.
        Host.Clock.Advance(TimeSpan.FromDays(1));
        var again = Card(await Driver.InvokeAsync(DefaultUser, "team.figures"));
        Assert.Equal("22", Input(again, "staffOnPost")["value"]!.GetValue<string>());
        Assert.Equal(first.Id, ActionData(again, "team.figures")["basedOn"]!.GetValue<int>());
        await Driver.PressAsync(DefaultUser, again, "team.figures", new() { ["staffOnPost"] = "20", ["note"] = "", ["educationOther"] = "0", ["age50AndOver"] = "4", ["men"] = "14" });
        (figures, _) = await StoredAsync();
        Assert.Equal([22, 20], figures.Select(f => f.StaffOnPost));

        // The city sees the latest filing in the unit's status.
        await Host.AddPersonAsync("李市局", PersonRole.CityStaff, "luohe", aadObjectId: CityUser);
        var status = Card(await Driver.InvokeAsync(CityUser, "status.overview", new JsonObject { ["unit"] = "wuyang" }));
        Assert.Contains("20 / 20 / 18（在岗率 100.0%，持证率 90.0%）", AllText(status));
        Assert.Contains("35 岁以下 6（30.0%）、35–49 岁 10（50.0%）、50 岁及以上 4（20.0%）", AllText(status));
        var overview = Card(await Driver.InvokeAsync(CityUser, "status.overview", null));
        Assert.Contains("执行", AllText(overview));

        await AssertParsedAsync();
    }

    [Fact]
    public async Task A_card_older_than_the_latest_filing_is_stale_and_cards_for_another_unit_or_from_city_staff_are_refused_writing_nothing()
    {
        await Host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        await Host.AddPersonAsync("李市局", PersonRole.CityStaff, "luohe", aadObjectId: CityUser);
        var linying = 0;
        await Host.WithDbAsync(async db => linying = await db.Units.Where(u => u.Code == "linying").Select(u => u.Id).SingleAsync());

        var older = Card(await Driver.InvokeAsync(DefaultUser, "team.figures"));
        var newer = Card(await Driver.InvokeAsync(DefaultUser, "team.figures"));
        Card(await Driver.PressAsync(DefaultUser, newer, "team.figures", GoodFigures));
        var stale = Card(await Driver.PressAsync(DefaultUser, older, "team.figures", new(GoodFigures) { ["staffOnPost"] = "21", ["note"] = "x" }));
        Assert.Contains("卡片已过期", AllText(stale));
        Assert.Single((await StoredAsync()).Figures);

        var current = Card(await Driver.InvokeAsync(DefaultUser, "team.figures"));
        var otherUnit = await Driver.PressAsync(DefaultUser, current, "team.figures", GoodFigures, edit: d => d["unitId"] = linying);
        Assert.Equal(403, otherUnit["statusCode"]!.GetValue<int>());
        Assert.Equal("此卡片属于其他单位，不能办理。", otherUnit["value"]!["message"]!.GetValue<string>());

        var city = await Driver.PressAsync(CityUser, current, "team.figures", new(GoodFigures) { ["staffOnPost"] = "20", ["note"] = "" });
        Assert.Equal(403, city["statusCode"]!.GetValue<int>());
        Assert.Equal("您的角色不能办理此事项。", city["value"]!["message"]!.GetValue<string>());

        var (figures, audit) = await StoredAsync();
        Assert.Single(figures);
        // The stale card is refused like the others: its own entry, nothing else.
        Assert.Equal(["team.figures:", "bot.refused:stale", "bot.refused:unit", "bot.refused:role"], audit);
    }

    [Fact]
    public async Task In_english_training_and_monthly_progress_refuse_future_dates_and_rates_over_100_then_file_and_show_the_trained_share_and_execution_rate()
    {
        var liaison = await Host.AddPersonAsync("Liaison Wang", PersonRole.CountyLiaison, "wuyang", language: "en-US");
        Driver.Label = "en-US:";
        await Host.WithDbAsync(async db =>
        {
            db.TeamFigures.Add(new TeamFiguresReport
            {
                UnitId = liaison.UnitId, ReportedUtc = new DateTime(2022, 1, 10, 2, 0, 0, DateTimeKind.Utc), ReportedById = liaison.Id,
                ApprovedPosts = 10, StaffOnPost = 10, CertifiedStaff = 9, EducationBachelor = 10, AgeUnder35 = 10, Men = 5, Women = 5,
            });
            // The submitted plan: 4 key + 20 general enterprises planned = 24 inspections a year, 4 due by the end of February.
            db.AnnualPlans.Add(new AnnualPlan
            {
                UnitId = liaison.UnitId, Year = 2022, Status = SubmissionStatus.Submitted, SubmittedUtc = new DateTime(2022, 1, 20, 2, 0, 0, DateTimeKind.Utc),
                Categories = [new PlanCategoryFigures { CategoryCode = "industry-trade", KeyTotal = 4, KeyPlanned = 4, GeneralTotal = 60, GeneralPlanned = 20 }],
            });
            await db.SaveChangesAsync();
        });

        var training = Card(await Driver.InvokeAsync(DefaultUser, "team.training"));
        var bad = Card(await Driver.PressAsync(DefaultUser, training, "team.training", new()
        {
            ["heldOn"] = "2022-03-02", ["topic"] = "Hazardous chemicals inspection", ["hours"] = "0.25", ["participants"] = "12",
        }));
        Assert.Equal("The date cannot be after today (2022-03-01).", ErrorUnder(bad, "heldOn"));
        Assert.Equal("Hours must be from 0.5 to 200, with at most one decimal.", ErrorUnder(bad, "hours"));
        Assert.Equal("Participants (12) cannot exceed the enforcement staff on post (10).", ErrorUnder(bad, "participants"));
        var lastYear = Card(await Driver.PressAsync(DefaultUser, bad, "team.training", new() { ["heldOn"] = "2021-12-20", ["hours"] = "3.5", ["participants"] = "8" }));
        Assert.Equal("The date must be in 2022.", ErrorUnder(lastYear, "heldOn"));
        await Host.WithDbAsync(async db => Assert.Equal(0, await db.TrainingSessions.CountAsync()));

        var saved = Card(await Driver.PressAsync(DefaultUser, lastYear, "team.training", new() { ["heldOn"] = "2022-02-20" }));
        Assert.Contains("Training session recorded.", AllText(saved));
        Assert.Contains("1 sessions, 3.5 hours, 8 attendances (attendances per staff 80.0%)", AllText(saved));
        await Host.WithDbAsync(async db =>
        {
            var t = await db.TrainingSessions.SingleAsync();
            Assert.Equal((new DateOnly(2022, 2, 20), "Hazardous chemicals inspection", 3.5m, 8, liaison.Id), (t.HeldOn, t.Topic, t.Hours, t.Participants, t.ReportedById));
        });

        // The month owed is preselected; a month not yet begun and rates over 100% are refused.
        var progress = Card(await Driver.InvokeAsync(DefaultUser, "team.progress"));
        Assert.Equal("2022-02", Input(progress, "period")["value"]!.GetValue<string>());
        Assert.Equal(["2022-03", "2022-02", "2022-01"], Input(progress, "period")["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
        var over = Card(await Driver.PressAsync(DefaultUser, progress, "team.progress", new()
        {
            ["inspectionsDone"] = "3", ["penaltiesDecided"] = "1", ["recordsEntered"] = "5", ["doubleRandomPublished"] = "4",
            ["penaltiesPublished"] = "1", ["enterpriseListUpdatedOn"] = "2022-02-25", ["staffListUpdatedOn"] = "2022-02-25", ["matterListUpdatedOn"] = "2022-01-10",
        }));
        Assert.Equal("Records entered in the provincial system this year (5) exceed the inspections and penalties this year (4): the entry rate cannot exceed 100%.", ErrorUnder(over, "recordsEntered"));
        Assert.Equal("Random inspection results published this year (4) exceed the inspections this year (3): the publication rate cannot exceed 100%.", ErrorUnder(over, "doubleRandomPublished"));
        var ahead = Card(await Driver.PressAsync(DefaultUser, over, "team.progress", new() { ["period"] = "2022-04", ["recordsEntered"] = "4", ["doubleRandomPublished"] = "2" }));
        Assert.Equal("A month that has not begun cannot be reported (today is 2022-03-01).", ErrorUnder(ahead, "period"));
        await Host.WithDbAsync(async db => Assert.Equal(0, await db.EnforcementProgress.CountAsync()));

        var reported = Card(await Driver.PressAsync(DefaultUser, ahead, "team.progress", new() { ["period"] = "2022-02" }));
        Assert.Contains("Progress for 2022-02 reported.", AllText(reported));
        Assert.Contains("3 inspections / 4 due so far (rate 75.0%); plan 24 enterprises, 2 months ended", AllText(reported));

        // A correction: the month opens with what was reported; the new filing is current, the first is kept.
        var correct = Card(await Driver.InvokeAsync(DefaultUser, "team.progress"));
        Assert.Equal("3", Input(correct, "inspectionsDone")["value"]!.GetValue<string>());
        var corrected = Card(await Driver.PressAsync(DefaultUser, correct, "team.progress", new() { ["inspectionsDone"] = "4" }));
        Assert.Contains("4 inspections / 4 due so far (rate 100.0%)", AllText(corrected));
        await Host.WithDbAsync(async db =>
        {
            var rows = await db.EnforcementProgress.OrderBy(p => p.Id).ToListAsync();
            Assert.Equal([(2022, 2, 3), (2022, 2, 4)], rows.Select(r => (r.Year, r.Month, r.InspectionsDone)));
            Assert.Equal(["team.training", "team.progress", "team.progress"], await db.AuditLog.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        });

        var home = Card(await Driver.InvokeAsync(DefaultUser, "team.home"));
        Assert.Contains("Last month's progress", AllText(home));
        Assert.Contains("reported", AllText(home));
        await AssertParsedAsync();
    }

    private static IEnumerable<string> AllVerbs(JsonObject card) =>
        card.ToJsonString().Split("\"verb\":\"").Skip(1).Select(s => s[..s.IndexOf('"')]);

    /// <summary>Every card the bot answered with passes the official parser, under 40 KB.</summary>
    private async Task AssertParsedAsync()
    {
        var checks = await AdaptiveCardParser.CheckAsync(Driver.Cards.Select(c => (c.Name, (JsonNode)c.Card)));
        Assert.NotEmpty(checks);
        Assert.All(checks, c => Assert.True(c.IsClean && c.Bytes < 40 * 1024, c.ToString()));
    }
}
