using System.Net;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data;
using GuidanceBot.Data.Cases;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Api;

/// <summary>
/// /api/v1/cases through <see cref="CaseWorkflow"/>, the same rules as the bot: the county reports for
/// itself, the city judges against the five criteria. The clock stands at 2022-03-01 09:00 in China.
/// </summary>
public class CaseApiTests : IAsyncLifetime
{
    private readonly ApiTestFactory factory = new();

    public Task InitializeAsync()
    {
        _ = factory.CreateClient();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        factory.Dispose();
        return Task.CompletedTask;
    }

    private async Task<(List<TypicalCase> Cases, List<string> Audit)> Db()
    {
        (List<TypicalCase>, List<string>) result = default;
        await factory.WithDbAsync(async (GuidanceDbContext db) => result = (
            await db.TypicalCases.AsNoTracking().OrderBy(c => c.Id).ToListAsync(),
            await db.AuditLog.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Action).ToListAsync()));
        return result;
    }

    private static object Case(string number = "舞应急罚〔2022〕3号", string reportedOn = "2022-02-10", string type = "inspection") =>
        new { year = 2022, title = "某公司未落实安全培训案", caseNumber = number, reportedOn, enforcementType = type };

    [Fact]
    public async Task Report_judge_not_qualified_then_rejudge_with_versions_and_the_database_follows()
    {
        var created = await HttpAssert.Json(await factory.Liaison("wuyang").PostJson("/api/v1/cases", Case()), HttpStatusCode.Created);
        Assert.Equal(("inspection", "Pending", "wuyang"),
            (created.GetProperty("enforcementType").GetString(), created.GetProperty("qualification").GetString(), created.GetProperty("unitCode").GetString()));
        var id = created.GetProperty("id").GetInt32();
        var version = created.GetProperty("version").GetString();

        var city = factory.CityStaff();
        var noReason = new { version, qualified = false, procedureSound = false, contentAccurate = true, evidenceConclusive = true, lawCorrectlyApplied = true, fileComplete = true };
        await HttpAssert.Problem(await city.PostJson($"/api/v1/cases/{id}/judge", noReason), HttpStatusCode.BadRequest, "reason");
        var allMet = new { version, qualified = false, procedureSound = true, contentAccurate = true, evidenceConclusive = true, lawCorrectlyApplied = true, fileComplete = true, reason = "卷宗薄弱" };
        await HttpAssert.Problem(await city.PostJson($"/api/v1/cases/{id}/judge", allMet), HttpStatusCode.BadRequest, "qualified");
        var notAll = new { version, qualified = true, procedureSound = true, contentAccurate = true, evidenceConclusive = true, lawCorrectlyApplied = false, fileComplete = true };
        await HttpAssert.Problem(await city.PostJson($"/api/v1/cases/{id}/judge", notAll), HttpStatusCode.BadRequest, "qualified");
        Assert.Equal(CaseQualification.Pending, (await Db()).Cases.Single().Qualification);

        var judged = await HttpAssert.Json(await city.PostJson($"/api/v1/cases/{id}/judge",
            new { version, qualified = false, procedureSound = false, contentAccurate = true, evidenceConclusive = true, lawCorrectlyApplied = true, fileComplete = true, reason = "立案程序缺少审批" }),
            HttpStatusCode.OK);
        Assert.Equal(("NotQualified", false), (judged.GetProperty("qualification").GetString(), judged.GetProperty("procedureSound").GetBoolean()));
        var newVersion = judged.GetProperty("version").GetString();

        // The same decision again (with the new version) is a 422; the old version a 409.
        var same = new { version = newVersion, qualified = false, procedureSound = false, contentAccurate = true, evidenceConclusive = true, lawCorrectlyApplied = true, fileComplete = true, reason = "立案程序缺少审批" };
        var unchanged = await HttpAssert.Problem(await city.PostJson($"/api/v1/cases/{id}/judge", same), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("case.judge_unchanged", unchanged.GetProperty("code").GetString());
        var qualified = new { version, procedureSound = true, contentAccurate = true, evidenceConclusive = true, lawCorrectlyApplied = true, fileComplete = true };
        await HttpAssert.Problem(await city.PostJson($"/api/v1/cases/{id}/judge", qualified), HttpStatusCode.Conflict);
        var rejudged = await HttpAssert.Json(await city.PostJson($"/api/v1/cases/{id}/judge", qualified with { version = newVersion }), HttpStatusCode.OK);
        Assert.Equal("Qualified", rejudged.GetProperty("qualification").GetString());

        var (cases, audit) = await Db();
        Assert.Equal((CaseQualification.Qualified, true, "inspection"), (cases.Single().Qualification, cases.Single().ProcedureSound, cases.Single().EnforcementType));
        Assert.Equal(["case.report", "case.judge", "case.rejudge"], audit);
    }

    [Fact]
    public async Task Bad_reports_name_each_field_in_the_callers_language_and_write_nothing()
    {
        var liaison = factory.Liaison("wuyang");
        await HttpAssert.Json(await liaison.PostJson("/api/v1/cases", Case()), HttpStatusCode.Created);
        var before = await Db();

        var future = await HttpAssert.Problem(await liaison.PostJson("/api/v1/cases", Case("X-1", "2022-03-02")), HttpStatusCode.BadRequest, "reportedOn");
        Assert.Equal("报送日期不能晚于今天（2022-03-01）。", future.GetProperty("errors").GetProperty("reportedOn")[0].GetString());
        var english = await HttpAssert.Problem(await factory.Liaison("wuyang", "en-US").PostJson("/api/v1/cases", Case("X-2", type: "fine")), HttpStatusCode.BadRequest, "enforcementType");
        Assert.Contains("Administrative penalty", english.GetProperty("errors").GetProperty("enforcementType")[0].GetString());
        await HttpAssert.Problem(await liaison.PostJson("/api/v1/cases", Case()), HttpStatusCode.BadRequest, "caseNumber");
        await HttpAssert.Problem(await liaison.PostJson("/api/v1/cases", new { year = 2022, title = "案", caseNumber = "X-3", reportedOn = "2022-02-01", enforcementType = "penalty", unitCode = "linying" }),
            HttpStatusCode.BadRequest, "unitCode");
        // The city does not report; it judges.
        await HttpAssert.Problem(await factory.CityStaff().PostJson("/api/v1/cases", Case("X-4")), HttpStatusCode.Forbidden);

        Assert.Equal(before.Cases.Count, (await Db()).Cases.Count);
        Assert.Equal(before.Audit, (await Db()).Audit);
    }

    [Fact]
    public async Task A_county_sees_only_its_own_cases_and_cannot_judge()
    {
        var mine = await HttpAssert.Json(await factory.Liaison("wuyang").PostJson("/api/v1/cases", Case()), HttpStatusCode.Created);
        var id = mine.GetProperty("id").GetInt32();
        await HttpAssert.Problem(await factory.Liaison("linying").GetAsync($"/api/v1/cases/{id}"), HttpStatusCode.NotFound);
        var theirs = await HttpAssert.Json(await factory.Liaison("linying").GetAsync("/api/v1/cases"), HttpStatusCode.OK);
        Assert.Equal(0, theirs.GetProperty("total").GetInt32());
        var judge = new { version = mine.GetProperty("version").GetString(), procedureSound = true, contentAccurate = true, evidenceConclusive = true, lawCorrectlyApplied = true, fileComplete = true };
        await HttpAssert.Problem(await factory.Liaison("wuyang").PostJson($"/api/v1/cases/{id}/judge", judge), HttpStatusCode.Forbidden);
        await HttpAssert.Problem(await factory.CityStaff().PostJson($"/api/v1/cases/{id + 50}/judge", judge), HttpStatusCode.NotFound);
        Assert.Equal(CaseQualification.Pending, (await Db()).Cases.Single().Qualification);
    }

    [Fact]
    public async Task The_weekly_list_counts_cases_per_unit_and_a_county_reads_only_its_own_line()
    {
        await HttpAssert.Json(await factory.Liaison("wuyang").PostJson("/api/v1/cases", Case()), HttpStatusCode.Created);
        await HttpAssert.Json(await factory.Liaison("wuyang").PostJson("/api/v1/cases", Case("舞应急罚〔2022〕4号")), HttpStatusCode.Created);
        await HttpAssert.Json(await factory.Liaison("linying").PostJson("/api/v1/cases", Case("临应急罚〔2022〕1号")), HttpStatusCode.Created);
        // Reported on Tuesday 1 March; the list of Monday 7 March counts them as last week's, all awaiting judgement.
        var id = 0;
        await factory.WithDbAsync(async (GuidanceDbContext db) =>
            id = (await new GuidanceBot.Data.Tracking.ReviewCompiler(db, factory.Clock).CompileWeeklyAsync(new DateOnly(2022, 3, 7))).Id);

        var all = await HttpAssert.Json(await factory.CityStaff().GetAsync($"/api/v1/weekly/{id}"), HttpStatusCode.OK);
        var lines = all.GetProperty("cases").EnumerateArray().ToDictionary(c => c.GetProperty("unitName").GetString()!,
            c => (c.GetProperty("reportedLastWeek").GetInt32(), c.GetProperty("awaitingJudgement").GetInt32(), c.GetProperty("reportedInYear").GetInt32(), c.GetProperty("qualifiedInYear").GetInt32()));
        Assert.Equal((2, 2, 2, 0), lines["舞阳县应急管理局"]);
        Assert.Equal((1, 1, 1, 0), lines["临颍县应急管理局"]);
        Assert.Equal(3, lines.Values.Sum(l => l.Item1));

        var mine = await HttpAssert.Json(await factory.Liaison("wuyang").GetAsync($"/api/v1/weekly/{id}"), HttpStatusCode.OK);
        Assert.Equal(["舞阳县应急管理局"], mine.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("unitName").GetString()));
    }
}
