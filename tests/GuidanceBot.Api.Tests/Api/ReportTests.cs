using System.Net;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Api;

/// <summary>The county answers a letter with a report; the city reviews it problem by problem and closes the letter.</summary>
public class ReportTests : IAsyncLifetime
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

    private async Task<string> LetterVersionAsync() =>
        (await HttpAssert.Json(await factory.Liaison("linying").GetAsync($"/api/v1/letters/{s.LinyingLetter}"), HttpStatusCode.OK))
            .GetProperty("letter").GetProperty("version").GetString()!;

    [Fact]
    public async Task Report_written_submitted_reviewed_returned_resubmitted_and_closed()
    {
        var liaison = factory.Liaison("linying");
        var city = factory.CityStaff();
        await HttpAssert.Json(await liaison.PostJson($"/api/v1/letters/{s.LinyingLetter}/acknowledge", new { version = await LetterVersionAsync() }), HttpStatusCode.OK);

        var letter = await HttpAssert.Json(await liaison.GetAsync($"/api/v1/letters/{s.LinyingLetter}"), HttpStatusCode.OK);
        var problemId = letter.GetProperty("problems")[0].GetProperty("id").GetInt32();

        // Bad input: an evidence link that is not http(s), an unknown problem.
        await HttpAssert.Problem(await liaison.PutJson($"/api/v1/letters/{s.LinyingLetter}/report", new
        {
            responsibleName = "赵六", items = new[] { new { letterProblemId = problemId, measures = "已补充", progress = "Done", evidenceUrls = new[] { "javascript:alert(1)" } } },
        }), HttpStatusCode.BadRequest, "items[0].evidenceUrls[0]");
        await HttpAssert.Problem(await liaison.PutJson($"/api/v1/letters/{s.LinyingLetter}/report", new
        {
            responsibleName = "赵六", items = new[] { new { letterProblemId = 99999, measures = "已补充", progress = "Done" } },
        }), HttpStatusCode.BadRequest, "items[0].letterProblemId");
        await factory.WithDbAsync(async db => Assert.False(await db.RectificationReports.AnyAsync()));

        var report = await HttpAssert.Json(await liaison.PutJson($"/api/v1/letters/{s.LinyingLetter}/report", new
        {
            responsibleName = "赵六", items = new[] { new { letterProblemId = problemId, measures = "已将全部重点单位纳入计划", progress = "Done", evidenceUrls = new[] { "https://linying.example.gov.cn/plan" } } },
        }), HttpStatusCode.OK);
        Assert.Equal("Draft", report.GetProperty("status").GetString());

        await HttpAssert.Json(await liaison.PostJson($"/api/v1/letters/{s.LinyingLetter}/report/submit",
            new { letterVersion = await LetterVersionAsync(), reportVersion = report.GetProperty("version").GetString() }), HttpStatusCode.OK);

        report = await HttpAssert.Json(await city.GetAsync($"/api/v1/letters/{s.LinyingLetter}/report"), HttpStatusCode.OK);
        Assert.Equal("Submitted", report.GetProperty("status").GetString());
        Assert.False(report.GetProperty("isLate").GetBoolean());
        var itemId = report.GetProperty("items")[0].GetProperty("id").GetInt32();

        await HttpAssert.Problem(await liaison.PostJson($"/api/v1/letters/{s.LinyingLetter}/report/items/{itemId}/review",
            new { version = report.GetProperty("version").GetString(), decision = "Accepted" }), HttpStatusCode.Forbidden);
        await HttpAssert.Problem(await city.PostJson($"/api/v1/letters/{s.LinyingLetter}/report/items/{itemId}/review",
            new { version = report.GetProperty("version").GetString(), decision = "Returned" }), HttpStatusCode.BadRequest, "note");
        report = await HttpAssert.Json(await city.PostJson($"/api/v1/letters/{s.LinyingLetter}/report/items/{itemId}/review",
            new { version = report.GetProperty("version").GetString(), decision = "Returned", note = "请附审批文件" }), HttpStatusCode.OK);
        Assert.Equal("Returned", report.GetProperty("items")[0].GetProperty("decision").GetString());

        var letterVersion = (await HttpAssert.Json(await city.GetAsync($"/api/v1/letters/{s.LinyingLetter}"), HttpStatusCode.OK)).GetProperty("letter").GetProperty("version").GetString();
        await HttpAssert.Json(await city.PostJson($"/api/v1/letters/{s.LinyingLetter}/report/return", new { version = letterVersion, reason = "第1项证据不足" }), HttpStatusCode.OK);

        // The deadline passes; the county resubmits: accepted, and marked late.
        factory.Clock.Advance(TimeSpan.FromDays(45));
        report = await HttpAssert.Json(await liaison.GetAsync($"/api/v1/letters/{s.LinyingLetter}/report"), HttpStatusCode.OK);
        Assert.Equal("Returned", report.GetProperty("status").GetString());
        await HttpAssert.Json(await liaison.PostJson($"/api/v1/letters/{s.LinyingLetter}/report/submit",
            new { letterVersion = await LetterVersionAsync(), reportVersion = report.GetProperty("version").GetString() }), HttpStatusCode.OK);
        report = await HttpAssert.Json(await city.GetAsync($"/api/v1/letters/{s.LinyingLetter}/report"), HttpStatusCode.OK);
        Assert.True(report.GetProperty("isLate").GetBoolean());
        Assert.Equal(2, report.GetProperty("submissionCount").GetInt32());
        report = await HttpAssert.Json(await city.PostJson($"/api/v1/letters/{s.LinyingLetter}/report/items/{itemId}/review",
            new { version = report.GetProperty("version").GetString(), decision = "Accepted" }), HttpStatusCode.OK);

        letterVersion = (await HttpAssert.Json(await city.GetAsync($"/api/v1/letters/{s.LinyingLetter}"), HttpStatusCode.OK)).GetProperty("letter").GetProperty("version").GetString();
        await HttpAssert.Json(await city.PostJson($"/api/v1/letters/{s.LinyingLetter}/close", new { version = letterVersion }), HttpStatusCode.OK);

        await factory.WithDbAsync(async db =>
        {
            Assert.Equal(LetterStatus.Closed, (await db.Letters.SingleAsync(l => l.Id == s.LinyingLetter)).Status);
            Assert.Equal(ReportStatus.Accepted, (await db.RectificationReports.SingleAsync()).Status);
        });
        var docx = await city.GetAsync($"/api/v1/letters/{s.LinyingLetter}/report/document");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);

        var status = await HttpAssert.Json(await city.GetAsync("/api/v1/status/2022/units/linying"), HttpStatusCode.OK);
        Assert.True(status.GetProperty("summary").GetProperty("rectification").GetProperty("isAccepted").GetBoolean());
        Assert.True(status.GetProperty("summary").GetProperty("rectification").GetProperty("isLate").GetBoolean());
    }

    [Fact]
    public async Task A_refused_submit_writes_nothing_to_the_report()
    {
        var liaison = factory.Liaison("linying");
        // Not acknowledged yet: the letter workflow refuses the report step.
        var letter = await HttpAssert.Json(await liaison.GetAsync($"/api/v1/letters/{s.LinyingLetter}"), HttpStatusCode.OK);
        var problemId = letter.GetProperty("problems")[0].GetProperty("id").GetInt32();
        var report = await HttpAssert.Json(await liaison.PutJson($"/api/v1/letters/{s.LinyingLetter}/report", new
        {
            responsibleName = "赵六", items = new[] { new { letterProblemId = problemId, measures = "整改中", progress = "InProgress", expectedCompletion = "2022-06-30" } },
        }), HttpStatusCode.OK);
        await HttpAssert.Problem(await liaison.PostJson($"/api/v1/letters/{s.LinyingLetter}/report/submit",
            new { letterVersion = await LetterVersionAsync(), reportVersion = report.GetProperty("version").GetString() }), HttpStatusCode.UnprocessableEntity);
        await factory.WithDbAsync(async db =>
        {
            var stored = await db.RectificationReports.SingleAsync();
            Assert.Equal(ReportStatus.Draft, stored.Status);
            Assert.Equal(0, stored.SubmissionCount);
        });
    }
}
