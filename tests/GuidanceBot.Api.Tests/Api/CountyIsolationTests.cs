using System.Net;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Plans;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Api;

/// <summary>A county liaison of 舞阳 tries 临颍's ids: 404 everywhere, nothing leaked, nothing written.</summary>
public class CountyIsolationTests : IAsyncLifetime
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

    [Fact]
    public async Task Reads_of_another_units_records_are_404_and_lists_hold_only_their_own()
    {
        var wuyang = factory.Liaison("wuyang");
        foreach (var url in new[]
        {
            $"/api/v1/enterprises/{s.LinyingEnterprise}", $"/api/v1/plans/{s.LinyingPlan}", $"/api/v1/letters/{s.LinyingLetter}",
            $"/api/v1/letters/{s.LinyingLetter}/document", "/api/v1/status/2022/units/linying", "/api/v1/status/2022/units/linying/dossier",
        })
        {
            var response = await wuyang.GetAsync(url);
            var problem = await HttpAssert.Problem(response, HttpStatusCode.NotFound);
            Assert.DoesNotContain("linying", problem.ToString());
        }

        var enterprises = await HttpAssert.Json(await wuyang.GetAsync("/api/v1/enterprises?unit=linying"), HttpStatusCode.OK);
        Assert.Equal(0, enterprises.GetProperty("total").GetInt32());
        var own = await HttpAssert.Json(await wuyang.GetAsync("/api/v1/enterprises"), HttpStatusCode.OK);
        Assert.Equal(s.WuyangEnterprise, Assert.Single(own.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt32());

        var overview = await HttpAssert.Json(await wuyang.GetAsync("/api/v1/status/2022"), HttpStatusCode.OK);
        Assert.Equal("wuyang", Assert.Single(overview.GetProperty("units").EnumerateArray()).GetProperty("unitCode").GetString());

        var letters = await HttpAssert.Json(await wuyang.GetAsync("/api/v1/letters"), HttpStatusCode.OK);
        Assert.Equal(0, letters.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Writes_to_another_units_records_are_404_and_change_nothing()
    {
        var wuyang = factory.Liaison("wuyang");
        string version = "";
        await factory.WithDbAsync(async db => version = (await db.AnnualPlans.SingleAsync(p => p.Id == s.LinyingPlan)).Version.ToString());
        string letterVersion = "";
        await factory.WithDbAsync(async db => letterVersion = (await db.Letters.SingleAsync(p => p.Id == s.LinyingLetter)).Version.ToString());
        var auditBefore = 0;
        await factory.WithDbAsync(async db => auditBefore = await db.AuditLog.CountAsync());

        await HttpAssert.Problem(await wuyang.PostJson($"/api/v1/plans/{s.LinyingPlan}/submit", new { version }), HttpStatusCode.NotFound);
        await HttpAssert.Problem(await wuyang.PostJson($"/api/v1/letters/{s.LinyingLetter}/acknowledge", new { version = letterVersion }), HttpStatusCode.NotFound);
        await HttpAssert.Problem(await wuyang.PutJson($"/api/v1/enterprises/{s.LinyingEnterprise}",
            new { name = "改名", creditCode = TestCodes.Valid(2), categoryCode = "industry-trade", tier = "Key", version = Guid.NewGuid() }), HttpStatusCode.NotFound);
        await HttpAssert.Problem(await wuyang.PutJson("/api/v1/plans/linying/2022",
            new { figures = new[] { new { categoryCode = "industry-trade", keyTotal = 1, keyPlanned = 1, generalTotal = 0, generalPlanned = 0 } }, version }), HttpStatusCode.NotFound);
        await HttpAssert.Problem(await wuyang.PostJson("/api/v1/enterprises",
            new { unitCode = "linying", name = "新企业", creditCode = TestCodes.Valid(77), categoryCode = "industry-trade", tier = "General" }), HttpStatusCode.BadRequest, "unitCode");

        await factory.WithDbAsync(async db =>
        {
            Assert.Equal(SubmissionStatus.Draft, (await db.AnnualPlans.SingleAsync(p => p.Id == s.LinyingPlan)).Status);
            Assert.Equal(LetterStatus.Issued, (await db.Letters.SingleAsync(p => p.Id == s.LinyingLetter)).Status);
            Assert.Equal("linying企业2", (await db.Enterprises.SingleAsync(e => e.Id == s.LinyingEnterprise)).Name);
            Assert.False(await db.Enterprises.AnyAsync(e => e.Name == "新企业"));
            Assert.Equal(auditBefore, await db.AuditLog.CountAsync());
        });
    }

    [Fact]
    public async Task A_liaison_may_not_take_city_steps_on_their_own_records()
    {
        var wuyang = factory.Liaison("wuyang");
        string version = "";
        await factory.WithDbAsync(async db => version = (await db.AnnualPlans.SingleAsync(p => p.Id == s.WuyangPlan)).Version.ToString());
        await HttpAssert.Problem(await wuyang.PostJson($"/api/v1/plans/{s.WuyangPlan}/accept", new { version }), HttpStatusCode.Forbidden);
        await HttpAssert.Problem(await wuyang.PostJson("/api/v1/visits", new { unitCode = "wuyang", year = 2022, plannedMonth = 5 }), HttpStatusCode.Forbidden);
        await HttpAssert.Problem(await wuyang.GetAsync("/api/v1/invite-codes"), HttpStatusCode.Forbidden);
        await factory.WithDbAsync(async db => Assert.Equal(SubmissionStatus.Draft, (await db.AnnualPlans.SingleAsync(p => p.Id == s.WuyangPlan)).Status));
    }

    [Fact]
    public async Task City_staff_may_not_submit_a_countys_filing()
    {
        string version = "";
        await factory.WithDbAsync(async db => version = (await db.AnnualPlans.SingleAsync(p => p.Id == s.WuyangPlan)).Version.ToString());
        await HttpAssert.Problem(await factory.CityStaff().PostJson($"/api/v1/plans/{s.WuyangPlan}/submit", new { version }), HttpStatusCode.Forbidden);
    }
}
