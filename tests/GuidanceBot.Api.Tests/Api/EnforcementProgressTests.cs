using System.IO.Compression;
using System.Net;
using GuidanceBot.Api.Tests.Flows.Visits;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.Documents;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Api;

/// <summary>
/// 三.1 as the plan counts it (issue 15, point 8): a month's progress carries the penalties published in the national enterprise
/// credit system and the day each list of the provincial system (enterprises, staff, matters) was last brought up to date; bad
/// input names each field and writes nothing; the status and the monthly review (API, workbook) show them. The clock stands at
/// 2022-03-01 09:00 China time.
/// </summary>
public class EnforcementProgressTests : IAsyncLifetime
{
    private readonly ApiTestFactory factory = new();

    public async Task InitializeAsync()
    {
        _ = factory.CreateClient();
        await Scenario.SeedAsync(factory);
    }

    public Task DisposeAsync()
    {
        factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Bad_fields_are_named_at_once_and_nothing_is_written()
    {
        var wuyang = factory.Liaison("wuyang");
        var missing = await HttpAssert.Problem(await wuyang.PostJson("/api/v1/teams/wuyang/progress/2022/2",
            new { inspectionsDone = 4, penaltiesDecided = 1, recordsEntered = 4, doubleRandomPublished = 2 }), HttpStatusCode.BadRequest);
        var errors = missing.GetProperty("errors");
        foreach (var field in new[] { "penaltiesPublished", "enterpriseListUpdatedOn", "staffListUpdatedOn", "matterListUpdatedOn" })
        {
            Assert.Equal("必须填写。", errors.GetProperty(field)[0].GetString());
        }

        // The year-to-date rates are checked once every field reads.
        var over = await HttpAssert.Problem(await wuyang.PostJson("/api/v1/teams/wuyang/progress/2022/1", new
        {
            inspectionsDone = 4, penaltiesDecided = 1, recordsEntered = 4, doubleRandomPublished = 2, penaltiesPublished = 2,
            enterpriseListUpdatedOn = "2022-01-03", staffListUpdatedOn = "2022-01-03", matterListUpdatedOn = "2022-01-31",
        }), HttpStatusCode.BadRequest);
        Assert.Equal("全年累计在国家企业信用信息公示系统公示行政处罚 2 件，超过累计行政处罚 1 件（公示率不能超过 100%）。",
            over.GetProperty("errors").GetProperty("penaltiesPublished")[0].GetString());

        var wrong = await HttpAssert.Problem(await wuyang.PostJson("/api/v1/teams/wuyang/progress/2022/1", new
        {
            inspectionsDone = 4, penaltiesDecided = 1, recordsEntered = 4, doubleRandomPublished = 2, penaltiesPublished = 1,
            enterpriseListUpdatedOn = "2022-02-03", staffListUpdatedOn = "2022-03-02", matterListUpdatedOn = "2022-01-31",
        }), HttpStatusCode.BadRequest);
        errors = wrong.GetProperty("errors");
        Assert.Equal("更新日期 2022-02-03 晚于所报月份的最后一天 2022-01-31。", errors.GetProperty("enterpriseListUpdatedOn")[0].GetString());
        Assert.Equal("更新日期 2022-03-02 还没到。", errors.GetProperty("staffListUpdatedOn")[0].GetString());
        Assert.False(errors.TryGetProperty("matterListUpdatedOn", out _));
        Assert.Equal(0, await factory.QueryAsync(db => db.EnforcementProgress.CountAsync()));
    }

    [Fact]
    public async Task The_month_is_kept_and_shown_in_the_status_and_the_monthly_review()
    {
        var wuyang = factory.Liaison("wuyang");
        var line = await HttpAssert.Json(await wuyang.PostJson("/api/v1/teams/wuyang/progress/2022/2", new
        {
            inspectionsDone = 6, penaltiesDecided = 3, recordsEntered = 8, doubleRandomPublished = 4, penaltiesPublished = 2,
            enterpriseListUpdatedOn = "2022-02-25", staffListUpdatedOn = "2022-02-10", matterListUpdatedOn = "2021-12-30",
        }), HttpStatusCode.Created);
        Assert.Equal((2, "2022-02-25", "2021-12-30"), (line.GetProperty("penaltiesPublished").GetInt32(),
            line.GetProperty("enterpriseListUpdatedOn").GetString(), line.GetProperty("matterListUpdatedOn").GetString()));

        // The status: year to date and the latest month's lists (two of three brought up to date in February).
        var team = await HttpAssert.Json(await factory.CityStaff().GetAsync("/api/v1/teams/wuyang?year=2022"), HttpStatusCode.OK);
        var progress = team.GetProperty("team").GetProperty("progress");
        Assert.Equal(2, progress.GetProperty("penaltiesPublished").GetInt32());
        Assert.Equal(2, progress.GetProperty("lists").GetProperty("current").GetInt32());
        var detail = await HttpAssert.Json(await factory.CityStaff().GetAsync("/api/v1/status/2022/units/wuyang"), HttpStatusCode.OK);
        Assert.Contains("\"penaltiesPublished\":2", detail.GetRawText());

        // February's review: the unit's line carries the month as reported; a unit that did not report shows blanks.
        var snapshotId = await factory.QueryAsync(async db => (await new ReviewCompiler(db, factory.Clock).CompileMonthlyAsync(2022, 2)).Id);
        var review = await HttpAssert.Json(await factory.CityStaff().GetAsync($"/api/v1/monthly/{snapshotId}"), HttpStatusCode.OK);
        var lines = review.GetProperty("lines").EnumerateArray().ToList();
        var mine = lines.Single(l => l.GetProperty("unitName").GetString() == "舞阳县应急管理局");
        Assert.Equal((3, 2, 2), (mine.GetProperty("penaltiesInMonth").GetInt32(), mine.GetProperty("penaltiesPublishedInMonth").GetInt32(), mine.GetProperty("listsUpdatedInMonth").GetInt32()));
        Assert.Contains(lines, l => l.GetProperty("listsUpdatedInMonth").ValueKind == System.Text.Json.JsonValueKind.Null);

        using var workbook = await factory.CityStaff().GetAsync($"/api/v1/monthly/{snapshotId}/document");
        Assert.Equal(HttpStatusCode.OK, workbook.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await workbook.Content.ReadAsByteArrayAsync()));
        var xml = string.Concat(zip.Entries.Where(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal))
            .Select(e => new StreamReader(e.Open()).ReadToEnd()));
        Assert.Contains(MonthlyReviewWorkbook.Headers[^2], xml);
        Assert.Contains(MonthlyReviewWorkbook.Headers[^1], xml);
    }
}
