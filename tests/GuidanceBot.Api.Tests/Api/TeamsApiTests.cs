using System.Net;
using System.Text.Json;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.Plans;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Api;

/// <summary>
/// /api/v1/teams/{unit}: team figures with history, training, monthly progress; the same rule as the bot's
/// cards. The clock stands at 2022-03-01 09:00 in China.
/// </summary>
public class TeamsApiTests : IAsyncLifetime
{
    private readonly ApiTestFactory factory = new();
    private Scenario s = null!;

    public async Task InitializeAsync()
    {
        _ = factory.CreateClient();
        s = await Scenario.SeedAsync(factory);
    }

    public Task DisposeAsync()
    {
        factory.Dispose();
        return Task.CompletedTask;
    }

    private static object Figures(int staff = 12, int approved = 12, int certified = 10, string? note = null, int women = 4) => new
    {
        approvedPosts = approved, staffOnPost = staff, certifiedStaff = certified, note,
        educationPostgraduate = 1, educationBachelor = 8, educationCollege = 2, educationOther = staff - 11,
        relatedFieldOfStudy = 3, ageUnder35 = 3, age35To49 = 6, age50AndOver = staff - 9, men = staff - women, women,
    };

    private async Task<(int Figures, int Training, int Progress, int Audit)> CountsAsync()
    {
        (int, int, int, int) counts = default;
        await factory.WithDbAsync(async db => counts = (await db.TeamFigures.CountAsync(), await db.TrainingSessions.CountAsync(),
            await db.EnforcementProgress.CountAsync(), await db.AuditLog.CountAsync()));
        return counts;
    }

    [Fact]
    public async Task A_liaison_files_figures_training_and_progress_and_reads_back_the_ratios_the_history_and_the_execution_rate()
    {
        var wuyang = factory.Liaison("wuyang");
        var first = await HttpAssert.Json(await wuyang.PostJson("/api/v1/teams/wuyang/figures", Figures()), HttpStatusCode.Created);
        Assert.Equal(1.0, first.GetProperty("onPostRatio").GetDouble());
        factory.Clock.Advance(TimeSpan.FromHours(1));
        var second = await HttpAssert.Json(await wuyang.PostJson("/api/v1/teams/wuyang/figures", Figures(staff: 14, note: "两名新进人员待调整编制", women: 5)), HttpStatusCode.Created);
        Assert.Equal(0.7143, second.GetProperty("certifiedShare").GetDouble()); // 10/14

        var history = await HttpAssert.Json(await wuyang.GetAsync("/api/v1/teams/wuyang/figures?pageSize=1"), HttpStatusCode.OK);
        Assert.Equal(2, history.GetProperty("total").GetInt32());
        Assert.Equal(14, history.GetProperty("items")[0].GetProperty("staffOnPost").GetInt32());
        var page2 = await HttpAssert.Json(await wuyang.GetAsync("/api/v1/teams/wuyang/figures?pageSize=1&page=2"), HttpStatusCode.OK);
        Assert.Equal(12, page2.GetProperty("items")[0].GetProperty("staffOnPost").GetInt32());

        var session = await HttpAssert.Json(await wuyang.PostJson("/api/v1/teams/wuyang/training",
            new { heldOn = "2022-02-18", topic = "危化品企业执法检查要点", hours = 4.5, participants = 7 }), HttpStatusCode.Created);
        Assert.Equal(7, session.GetProperty("participants").GetInt32());
        await HttpAssert.Json(await wuyang.PostJson("/api/v1/teams/wuyang/training",
            new { heldOn = "2022-01-12", topic = "行政处罚程序", hours = 2, participants = 14 }), HttpStatusCode.Created);

        await HttpAssert.Json(await wuyang.PostJson("/api/v1/teams/wuyang/progress/2022/1", new { inspectionsDone = 1, penaltiesDecided = 0, recordsEntered = 1, doubleRandomPublished = 1, penaltiesPublished = 0, enterpriseListUpdatedOn = "2021-12-20", staffListUpdatedOn = "2021-12-20", matterListUpdatedOn = "2021-12-20" }), HttpStatusCode.Created);
        await HttpAssert.Json(await wuyang.PostJson("/api/v1/teams/wuyang/progress/2022/2", new { inspectionsDone = 1, penaltiesDecided = 1, recordsEntered = 1, doubleRandomPublished = 0, penaltiesPublished = 0, enterpriseListUpdatedOn = "2021-12-20", staffListUpdatedOn = "2021-12-20", matterListUpdatedOn = "2021-12-20" }), HttpStatusCode.Created);
        var corrected = await HttpAssert.Json(await wuyang.PostJson("/api/v1/teams/wuyang/progress/2022/2", new { inspectionsDone = 2, penaltiesDecided = 1, recordsEntered = 3, doubleRandomPublished = 1, penaltiesPublished = 0, enterpriseListUpdatedOn = "2021-12-20", staffListUpdatedOn = "2021-12-20", matterListUpdatedOn = "2021-12-20" }), HttpStatusCode.Created);
        Assert.Equal(2, corrected.GetProperty("filings").GetInt32());

        var month = await HttpAssert.Json(await wuyang.GetAsync("/api/v1/teams/wuyang/progress/2022/2"), HttpStatusCode.OK);
        Assert.Equal(2, month.GetProperty("current").GetProperty("inspectionsDone").GetInt32());
        Assert.Equal([2, 1], month.GetProperty("filings").EnumerateArray().Select(f => f.GetProperty("inspectionsDone").GetInt32()));
        var months = await HttpAssert.Json(await wuyang.GetAsync("/api/v1/teams/wuyang/progress?year=2022"), HttpStatusCode.OK);
        Assert.Equal([2, 1], months.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("month").GetInt32()));

        await factory.WithDbAsync(async db =>
        {
            Assert.Equal([12, 14], await db.TeamFigures.OrderBy(f => f.Id).Select(f => f.StaffOnPost).ToListAsync());
            Assert.Equal(2, await db.TrainingSessions.CountAsync(t => t.UnitId == s.WuyangId));
            Assert.Equal(3, await db.EnforcementProgress.CountAsync(p => p.UnitId == s.WuyangId));
            Assert.Equal(["team.figures", "team.figures", "team.training", "team.training", "team.progress", "team.progress", "team.progress"],
                await db.AuditLog.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
            // The plan counts once submitted: 2 key + 3 general planned.
            var plan = await db.AnnualPlans.SingleAsync(p => p.Id == s.WuyangPlan);
            plan.Status = SubmissionStatus.Submitted;
            await db.SaveChangesAsync();
        });

        var team = (await HttpAssert.Json(await wuyang.GetAsync("/api/v1/teams/wuyang"), HttpStatusCode.OK)).GetProperty("team");
        Assert.Equal(14, team.GetProperty("figures").GetProperty("staffOnPost").GetInt32());
        Assert.Equal(0.6429, team.GetProperty("figures").GetProperty("bachelorOrAboveShare").GetDouble()); // 9/14
        Assert.Equal(0.3571, team.GetProperty("figures").GetProperty("womenShare").GetDouble());            // 5/14
        Assert.Equal(1.5, team.GetProperty("trainedShare").GetDouble());                                   // 21 attendances / 14
        Assert.Equal(6.5m, team.GetProperty("training").GetProperty("hours").GetDecimal());

        // The city's status: 5 planned a year → round(5 × 2/12) = 1 due by the end of February; 3 done.
        var overview = await HttpAssert.Json(await factory.CityStaff().GetAsync("/api/v1/status/2022"), HttpStatusCode.OK);
        var row = overview.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unitCode").GetString() == "wuyang");
        var progress = row.GetProperty("team").GetProperty("progress");
        Assert.Equal(5, progress.GetProperty("plannedInspections").GetInt32());
        Assert.Equal(1, progress.GetProperty("plannedToDate").GetInt32());
        Assert.Equal(3, progress.GetProperty("inspectionsToDate").GetInt32());
        Assert.Equal(3.0, progress.GetProperty("executionRate").GetDouble());
        Assert.Equal(1.0, progress.GetProperty("entryRate").GetDouble()); // 4 entered / (3 inspections + 1 penalty)
        Assert.Equal(0.6667, progress.GetProperty("publicationRate").GetDouble()); // 2 published / 3 inspections
        Assert.True(progress.GetProperty("previousMonthReported").GetBoolean());
        var linying = overview.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unitCode").GetString() == "linying");
        Assert.False(linying.GetProperty("team").GetProperty("progress").GetProperty("previousMonthReported").GetBoolean());
        Assert.Equal(JsonValueKind.Null, linying.GetProperty("team").GetProperty("figures").ValueKind);
        var detail = await HttpAssert.Json(await factory.CityStaff().GetAsync("/api/v1/status/2022/units/wuyang"), HttpStatusCode.OK);
        Assert.Equal(2, detail.GetProperty("team").GetProperty("figuresHistory").GetArrayLength());
        Assert.Equal(2, detail.GetProperty("team").GetProperty("training").GetArrayLength());
    }

    [Fact]
    public async Task Figures_that_cannot_be_right_are_400_naming_each_field_in_the_callers_language_and_nothing_is_written()
    {
        var wuyang = factory.Liaison("wuyang");
        var problem = await HttpAssert.Problem(await wuyang.PostJson("/api/v1/teams/wuyang/figures",
            new { approvedPosts = 10, staffOnPost = 12, certifiedStaff = 13, educationPostgraduate = -1, educationBachelor = 8, educationCollege = 2, educationOther = 1,
                  relatedFieldOfStudy = 3, ageUnder35 = 3, age35To49 = 6, age50AndOver = 2, men = 8, women = 4 }), HttpStatusCode.BadRequest, "staffOnPost");
        var errors = problem.GetProperty("errors");
        Assert.Equal("在岗人数（12）超过核定编制（10），请在备注中说明原因。", errors.GetProperty("staffOnPost")[0].GetString());
        Assert.Equal("持证人数（13）不能超过在岗人数（12）。", errors.GetProperty("certifiedStaff")[0].GetString());
        Assert.Equal("不能为负数。", errors.GetProperty("educationPostgraduate")[0].GetString());
        Assert.Equal("各年龄段人数之和（11）应等于在岗人数（12）。", errors.GetProperty("age50AndOver")[0].GetString());
        Assert.False(errors.TryGetProperty("women", out _));

        var english = factory.Liaison("wuyang", "en-US");
        var training = await HttpAssert.Problem(await english.PostJson("/api/v1/teams/wuyang/training",
            new { heldOn = "2022-03-02", topic = "", hours = 300, participants = 0 }), HttpStatusCode.BadRequest, "heldOn");
        Assert.Equal("The date cannot be after today (2022-03-01).", training.GetProperty("errors").GetProperty("heldOn")[0].GetString());
        Assert.Equal("Required.", training.GetProperty("errors").GetProperty("topic")[0].GetString());
        Assert.Equal("Hours must be from 0.5 to 200, with at most one decimal.", training.GetProperty("errors").GetProperty("hours")[0].GetString());
        Assert.Equal("Must be a whole number from 1 to 1000.", training.GetProperty("errors").GetProperty("participants")[0].GetString());

        await HttpAssert.Problem(await english.PostJson("/api/v1/teams/wuyang/progress/2022/4", new { inspectionsDone = 1, penaltiesDecided = 0, recordsEntered = 0, doubleRandomPublished = 0, penaltiesPublished = 0, enterpriseListUpdatedOn = "2021-12-20", staffListUpdatedOn = "2021-12-20", matterListUpdatedOn = "2021-12-20" }),
            HttpStatusCode.BadRequest, "month");
        await HttpAssert.Problem(await english.PostJson("/api/v1/teams/wuyang/progress/2021/11", new { inspectionsDone = 1, penaltiesDecided = 0, recordsEntered = 0, doubleRandomPublished = 0, penaltiesPublished = 0, enterpriseListUpdatedOn = "2021-12-20", staffListUpdatedOn = "2021-12-20", matterListUpdatedOn = "2021-12-20" }),
            HttpStatusCode.BadRequest, "year");
        await HttpAssert.Problem(await english.PostJson("/api/v1/teams/wuyang/progress/2022/13", new { inspectionsDone = 1, penaltiesDecided = 0, recordsEntered = 0, doubleRandomPublished = 0, penaltiesPublished = 0, enterpriseListUpdatedOn = "2021-12-20", staffListUpdatedOn = "2021-12-20", matterListUpdatedOn = "2021-12-20" }),
            HttpStatusCode.BadRequest, "month");
        var rates = await HttpAssert.Problem(await english.PostJson("/api/v1/teams/wuyang/progress/2022/2", new { inspectionsDone = 2, penaltiesDecided = 0, recordsEntered = 3, doubleRandomPublished = 3, penaltiesPublished = 0, enterpriseListUpdatedOn = "2021-12-20", staffListUpdatedOn = "2021-12-20", matterListUpdatedOn = "2021-12-20" }),
            HttpStatusCode.BadRequest, "recordsEntered");
        Assert.True(rates.GetProperty("errors").TryGetProperty("doubleRandomPublished", out _));
        await HttpAssert.Problem(await english.PostRaw("/api/v1/teams/wuyang/progress/2022/2", """{"inspectionsDone":"many"}"""), HttpStatusCode.BadRequest);

        Assert.Equal((0, 0, 0, 0), await CountsAsync());
    }

    [Fact]
    public async Task Another_units_team_is_404_city_staff_read_but_cannot_file_and_pages_are_at_most_100()
    {
        var wuyang = factory.Liaison("wuyang");
        foreach (var url in new[] { "/api/v1/teams/linying", "/api/v1/teams/linying/figures", "/api/v1/teams/linying/training", "/api/v1/teams/linying/progress", "/api/v1/teams/linying/progress/2022/2" })
        {
            var problem = await HttpAssert.Problem(await wuyang.GetAsync(url), HttpStatusCode.NotFound);
            Assert.DoesNotContain("linying", problem.ToString());
        }
        await HttpAssert.Problem(await wuyang.PostJson("/api/v1/teams/linying/figures", Figures()), HttpStatusCode.NotFound);
        await HttpAssert.Problem(await wuyang.PostJson("/api/v1/teams/linying/progress/2022/2", new { inspectionsDone = 1, penaltiesDecided = 0, recordsEntered = 0, doubleRandomPublished = 0, penaltiesPublished = 0, enterpriseListUpdatedOn = "2021-12-20", staffListUpdatedOn = "2021-12-20", matterListUpdatedOn = "2021-12-20" }), HttpStatusCode.NotFound);

        var city = factory.CityStaff();
        var refused = await city.PostJson("/api/v1/teams/wuyang/figures", Figures());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await HttpAssert.Json(await city.GetAsync("/api/v1/teams/linying"), HttpStatusCode.OK);
        await HttpAssert.Problem(await city.GetAsync("/api/v1/teams/linying/figures?pageSize=101"), HttpStatusCode.BadRequest, "pageSize");
        Assert.Equal((0, 0, 0, 0), await CountsAsync());
    }
}
