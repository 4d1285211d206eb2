using System.Net;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Plans;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Api;

/// <summary>The year's steps over HTTP, through the same workflows as the bot, and the status that follows.</summary>
public class WorkflowTests : IAsyncLifetime
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

    [Fact]
    public async Task Plan_edit_submit_return_resubmit_accept_with_versions_and_status()
    {
        var liaison = factory.Liaison("wuyang");
        var city = factory.CityStaff();

        // Coverage short: 2 of 9 general units is less than a third.
        var plan = await HttpAssert.Json(await liaison.PutJson("/api/v1/plans/wuyang/2022", new
        {
            figures = new[] { new { categoryCode = "industry-trade", keyTotal = 3, keyPlanned = 3, generalTotal = 9, generalPlanned = 2 } },
        }), HttpStatusCode.OK);
        Assert.False(plan.GetProperty("coverage").GetProperty("isMet").GetBoolean());
        Assert.NotEmpty(plan.GetProperty("coverage").GetProperty("shortfalls").EnumerateArray());
        var id = plan.GetProperty("filing").GetProperty("id").GetInt32();
        var version = plan.GetProperty("filing").GetProperty("version").GetString();

        plan = await HttpAssert.Json(await liaison.PutJson("/api/v1/plans/wuyang/2022", new
        {
            figures = new[] { new { categoryCode = "industry-trade", keyTotal = 3, keyPlanned = 3, generalTotal = 9, generalPlanned = 3 } },
            version,
        }), HttpStatusCode.OK);
        Assert.True(plan.GetProperty("coverage").GetProperty("isMet").GetBoolean());
        var v1 = plan.GetProperty("filing").GetProperty("version").GetString();

        // An edit with the old version is a conflict and changes nothing.
        await HttpAssert.Problem(await liaison.PutJson("/api/v1/plans/wuyang/2022", new
        {
            figures = new[] { new { categoryCode = "industry-trade", keyTotal = 1, keyPlanned = 1, generalTotal = 0, generalPlanned = 0 } },
            version,
        }), HttpStatusCode.Conflict);

        var submitted = await HttpAssert.Json(await liaison.PostJson($"/api/v1/plans/{id}/submit", new { version = v1 }), HttpStatusCode.OK);
        var v2 = submitted.GetProperty("version").GetString();

        await HttpAssert.Problem(await city.PostJson($"/api/v1/plans/{id}/accept", new { version = v1 }), HttpStatusCode.Conflict);
        await HttpAssert.Problem(await city.PostJson($"/api/v1/plans/{id}/return", new { version = v2 }), HttpStatusCode.BadRequest, "reason");
        var returned = await HttpAssert.Json(await city.PostJson($"/api/v1/plans/{id}/return", new { version = v2, reason = "请补充一般单位名单" }), HttpStatusCode.OK);
        var v3 = returned.GetProperty("version").GetString();
        var resubmitted = await HttpAssert.Json(await liaison.PostJson($"/api/v1/plans/{id}/submit", new { version = v3 }), HttpStatusCode.OK);
        await HttpAssert.Json(await city.PostJson($"/api/v1/plans/{id}/accept", new { version = resubmitted.GetProperty("version").GetString() }), HttpStatusCode.OK);

        await factory.WithDbAsync(async db =>
        {
            var stored = await db.AnnualPlans.SingleAsync(p => p.Id == id);
            Assert.Equal(SubmissionStatus.Accepted, stored.Status);
            Assert.Equal(1, stored.ReturnCount);
            var actions = await db.AuditLog.Where(a => a.EntityType == nameof(AnnualPlan) && a.EntityId == id.ToString()).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
            Assert.Equal(["plan.edit", "plan.edit", "plan.submit", "plan.return", "plan.resubmit", "plan.accept"], actions);
        });

        var overview = await HttpAssert.Json(await city.GetAsync("/api/v1/status/2022"), HttpStatusCode.OK);
        var row = overview.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unitCode").GetString() == "wuyang");
        Assert.Equal("Accepted", row.GetProperty("plan").GetProperty("status").GetString());
        Assert.True(row.GetProperty("coverageMet").GetBoolean());
        Assert.Equal(6, overview.GetProperty("units").GetArrayLength());

        var audit = await HttpAssert.Json(await city.GetAsync("/api/v1/audit?unit=wuyang&action=plan.&pageSize=2"), HttpStatusCode.OK);
        Assert.Equal(6, audit.GetProperty("total").GetInt32());
        Assert.Equal("plan.accept", audit.GetProperty("items")[0].GetProperty("action").GetString());
    }

    [Fact]
    public async Task A_letter_is_drafted_issued_with_its_number_acknowledged_and_downloadable()
    {
        var city = factory.CityStaff();
        var letter = await HttpAssert.Json(await city.PostJson("/api/v1/letters", new
        {
            unitCode = "wuyang", year = 2022, visitDate = "2022-02-28", reportDeadline = "2022-03-31",
            problems = new[] { new { problem = "执法案卷不规范", opinion = "对照标准整改" } },
            countyResponsibleName = "赵六", cityContactName = "李四", cityContactPhone = "0395-1234567",
        }), HttpStatusCode.Created);
        var id = letter.GetProperty("letter").GetProperty("id").GetInt32();

        // A draft is the city's: the county does not see it yet.
        await HttpAssert.Problem(await factory.Liaison("wuyang").GetAsync($"/api/v1/letters/{id}"), HttpStatusCode.NotFound);

        var issued = await HttpAssert.Json(await city.PostJson($"/api/v1/letters/{id}/issue",
            new { version = letter.GetProperty("letter").GetProperty("version").GetString() }), HttpStatusCode.OK);
        Assert.Equal("(漯)应急指导〔2022〕1号", issued.GetProperty("detail").GetString());

        var liaison = factory.Liaison("wuyang");
        var seen = await HttpAssert.Json(await liaison.GetAsync($"/api/v1/letters/{id}"), HttpStatusCode.OK);
        await HttpAssert.Json(await liaison.PostJson($"/api/v1/letters/{id}/acknowledge",
            new { version = seen.GetProperty("letter").GetProperty("version").GetString() }), HttpStatusCode.OK);

        var docx = await liaison.GetAsync($"/api/v1/letters/{id}/document");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType?.MediaType);
        var bytes = await docx.Content.ReadAsByteArrayAsync();
        Assert.Equal((byte)'P', bytes[0]);

        await factory.WithDbAsync(async db =>
        {
            var stored = await db.Letters.SingleAsync(l => l.Id == id);
            Assert.Equal(LetterStatus.Acknowledged, stored.Status);
            Assert.Equal("wuyang联络员", stored.AcknowledgedByName);
        });

        var detail = await HttpAssert.Json(await city.GetAsync("/api/v1/status/2022/units/wuyang"), HttpStatusCode.OK);
        Assert.Equal("(漯)应急指导〔2022〕1号", detail.GetProperty("summary").GetProperty("letter").GetProperty("number").GetString());
        Assert.Equal("2022-03-31", detail.GetProperty("summary").GetProperty("rectification").GetProperty("dueDate").GetString());
        Assert.False(detail.GetProperty("summary").GetProperty("rectification").GetProperty("isOverdue").GetBoolean());

        // After the deadline, with no report, the row says overdue.
        factory.Clock.Advance(TimeSpan.FromDays(40));
        detail = await HttpAssert.Json(await city.GetAsync("/api/v1/status/2022/units/wuyang"), HttpStatusCode.OK);
        Assert.True(detail.GetProperty("summary").GetProperty("rectification").GetProperty("isOverdue").GetBoolean());
    }

    [Fact]
    public async Task A_typical_case_is_reported_and_judged_with_a_version()
    {
        var c = await HttpAssert.Json(await factory.Liaison("wuyang").PostJson("/api/v1/cases", new
        {
            year = 2022, title = "某公司未落实安全培训案", caseNumber = "舞应急罚〔2022〕3号", reportedOn = "2022-02-10", enforcementType = "行政处罚",
        }), HttpStatusCode.Created);
        var id = c.GetProperty("id").GetInt32();
        var judge = new { version = c.GetProperty("version").GetString(), procedureSound = true, contentAccurate = true, evidenceConclusive = true, lawCorrectlyApplied = true, fileComplete = true };
        await HttpAssert.Problem(await factory.Liaison("wuyang").PostJson($"/api/v1/cases/{id}/judge", judge), HttpStatusCode.Forbidden);
        var judged = await HttpAssert.Json(await factory.CityStaff().PostJson($"/api/v1/cases/{id}/judge", judge), HttpStatusCode.OK);
        Assert.Equal("Qualified", judged.GetProperty("qualification").GetString());
        await HttpAssert.Problem(await factory.CityStaff().PostJson($"/api/v1/cases/{id}/judge", judge), HttpStatusCode.Conflict);

        var overview = await HttpAssert.Json(await factory.CityStaff().GetAsync("/api/v1/status/2022"), HttpStatusCode.OK);
        var row = overview.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unitCode").GetString() == "wuyang");
        Assert.Equal(1, row.GetProperty("typicalCases").GetProperty("qualified").GetInt32());
    }
}
