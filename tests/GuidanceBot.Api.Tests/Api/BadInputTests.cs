using System.Net;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Api;

/// <summary>Every write endpoint given bad input: a 400 ProblemDetails naming the field, and nothing written.</summary>
public class BadInputTests : IClassFixture<ApiTestFactory>
{
    private readonly ApiTestFactory factory;

    public BadInputTests(ApiTestFactory factory) => this.factory = factory;

    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        // role, method, url, body, field
        { "county", "POST", "/api/v1/enterprises", """{"unitCode":"wuyang","creditCode":"91411100000000001X","categoryCode":"industry-trade","tier":"Key"}""", "name" },
        { "county", "POST", "/api/v1/enterprises", """{"unitCode":"wuyang","name":"甲公司","creditCode":"914111000000000019","categoryCode":"industry-trade","tier":"Key"}""", "creditCode" },
        { "county", "POST", "/api/v1/enterprises", """{"unitCode":"wuyang","name":"甲公司","creditCode":"91411100000000001X","categoryCode":"coal","tier":"Key"}""", "categoryCode" },
        { "county", "POST", "/api/v1/enterprises", """{"unitCode":"wuyang","name":"甲公司","creditCode":"91411100000000001X","categoryCode":"industry-trade","tier":"Huge"}""", "tier" },
        { "county", "POST", "/api/v1/enterprises", """{"unitCode":"wuyang","name":12345,"creditCode":"x"}""", "name" },
        { "county", "POST", "/api/v1/enterprises", "not json", "body" },
        { "county", "PUT", "/api/v1/plans/wuyang/2022", """{"figures":[{"categoryCode":"industry-trade","keyTotal":"three","keyPlanned":1}]}""", "figures[0].keyTotal" },
        { "county", "PUT", "/api/v1/plans/wuyang/2022", """{"figures":[{"categoryCode":"industry-trade","keyTotal":3,"keyPlanned":1}]}""", "figures[0].generalTotal" },
        { "county", "PUT", "/api/v1/plans/wuyang/2022", """{"figures":[{"categoryCode":"industry-trade","keyTotal":3,"keyPlanned":4,"generalTotal":0,"generalPlanned":0}]}""", "figures[0].keyPlanned" },
        { "county", "PUT", "/api/v1/plans/wuyang/2022", """{"figures":[]}""", "figures" },
        { "county", "PUT", "/api/v1/approvals/wuyang/2022", """{"approvalKind":"GovernmentReply","approvalDate":"2021-12-30"}""", "approvalDate" },
        { "county", "PUT", "/api/v1/approvals/wuyang/2022", """{"approvalKind":"GovernmentReply","approvalDate":"2022-13-01"}""", "approvalDate" },
        { "county", "PUT", "/api/v1/approvals/wuyang/2022", """{"approvalDate":"2022-02-01"}""", "approvalKind" },
        { "county", "PUT", "/api/v1/publications/wuyang/2022", """{"planUrl":"ftp://example.gov.cn/plan","doubleRandomPlanUrl":"https://example.gov.cn/r"}""", "planUrl" },
        { "county", "PUT", "/api/v1/publications/wuyang/2022", """{"planUrl":"https://example.gov.cn/plan","doubleRandomPlanUrl":"https://example.gov.cn/r","publishedOn":"2023-01-05"}""", "publishedOn" },
        { "county", "POST", "/api/v1/cases", """{"year":2022,"caseNumber":"X1","reportedOn":"2022-01-01","enforcementType":"处罚"}""", "title" },
        { "county", "POST", "/api/v1/cases", """{"year":2022,"title":"案","caseNumber":"X1","reportedOn":"2021-06-01","enforcementType":"处罚"}""", "reportedOn" },
        { "city", "POST", "/api/v1/visits", """{"unitCode":"wuyang","year":2022,"plannedMonth":12}""", "plannedMonth" },
        { "city", "POST", "/api/v1/visits", """{"unitCode":"wuyang","year":2022,"plannedMonth":2}""", "plannedMonth" }, // February has passed on 1 March
        { "city", "POST", "/api/v1/visits", """{"unitCode":"wuyang","year":2021,"plannedMonth":5}""", "plannedMonth" }, // 2021's deadline has passed
        { "city", "POST", "/api/v1/visits", """{"unitCode":"wuyang","year":2022,"plannedMonth":5,"startDate":"2021-05-01"}""", "startDate" },
        { "city", "POST", "/api/v1/visits", """{"unitCode":"nowhere","year":2022,"plannedMonth":5}""", "unitCode" },
        { "city", "POST", "/api/v1/letters", """{"unitCode":"wuyang","year":2022,"visitDate":"2022-02-28","reportDeadline":"2022-03-31","cityContactName":"李四","cityContactPhone":"1"}""", "problems" },
        { "city", "POST", "/api/v1/letters", """{"unitCode":"wuyang","year":2022,"visitDate":"2023-02-28","reportDeadline":"2023-03-31","problems":[{"problem":"p","opinion":"o"}],"cityContactName":"李四","cityContactPhone":"1"}""", "visitDate" },
        { "city", "POST", "/api/v1/letters", """{"unitCode":"wuyang","year":2022,"visitDate":"2022-02-28","reportDeadline":"2022-03-31","problems":[{"problem":"p"}],"cityContactName":"李四","cityContactPhone":"1"}""", "problems[0].opinion" },
        { "admin", "POST", "/api/v1/invite-codes", """{"unitCode":"wuyang","role":"Emperor","inviteeName":"王五"}""", "role" },
        { "admin", "POST", "/api/v1/invite-codes", """{"unitCode":"wuyang","role":"CountyLiaison"}""", "inviteeName" },
        { "admin", "POST", "/api/v1/invite-codes", """{"unitCode":"wuyang","role":"CountyLiaison","inviteeName":"王五","validDays":"soon"}""", "validDays" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_a_400_naming_the_field_and_writes_nothing(string role, string method, string url, string body, string field)
    {
        var client = role switch
        {
            "county" => factory.Liaison("wuyang"),
            "admin" => factory.CityAdmin(),
            _ => factory.CityStaff(),
        };
        var before = await CountsAsync();
        var response = method == "PUT" ? await client.PutRaw(url, body) : await client.PostRaw(url, body);
        await HttpAssert.Problem(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Field_messages_are_Chinese_by_default_and_English_on_request()
    {
        const string body = """{"unitCode":"wuyang","creditCode":"91411100000000001X","categoryCode":"industry-trade","tier":"Key"}""";
        var zh = await HttpAssert.Problem(await factory.Liaison("wuyang").PostRaw("/api/v1/enterprises", body), HttpStatusCode.BadRequest, "name");
        Assert.Equal("提交的数据有误", zh.GetProperty("title").GetString());
        Assert.Contains("必须填写", zh.GetProperty("errors").GetProperty("name")[0].GetString());

        var en = await HttpAssert.Problem(await factory.Liaison("wuyang", "en-US").PostRaw("/api/v1/enterprises", body), HttpStatusCode.BadRequest, "name");
        Assert.Equal("Some fields are not valid", en.GetProperty("title").GetString());
        Assert.Contains("is required", en.GetProperty("errors").GetProperty("name")[0].GetString());
    }

    [Fact]
    public async Task A_bad_check_character_names_the_expected_one()
    {
        var bad = TestCodes.BadCheck(5);
        var response = await factory.Liaison("wuyang").PostJson("/api/v1/enterprises",
            new { unitCode = "wuyang", name = "乙公司", creditCode = bad, categoryCode = "industry-trade", tier = "General" });
        var problem = await HttpAssert.Problem(response, HttpStatusCode.BadRequest, "creditCode");
        Assert.Contains(TestCodes.Valid(5)[17].ToString(), problem.GetProperty("errors").GetProperty("creditCode")[0].GetString());
    }

    [Fact]
    public async Task Steps_without_a_version_are_a_400_naming_version()
    {
        var plan = await HttpAssert.Json(await factory.Liaison("jingkai").PutJson("/api/v1/plans/jingkai/2022", new
        {
            figures = new[] { new { categoryCode = "industry-trade", keyTotal = 1, keyPlanned = 1, generalTotal = 3, generalPlanned = 1 } },
        }), HttpStatusCode.OK);
        var id = plan.GetProperty("filing").GetProperty("id").GetInt32();
        await HttpAssert.Problem(await factory.Liaison("jingkai").PostJson($"/api/v1/plans/{id}/submit", new { }), HttpStatusCode.BadRequest, "version");
        await HttpAssert.Problem(await factory.Liaison("jingkai").PostRaw($"/api/v1/plans/{id}/submit", """{"version":"yesterday"}"""), HttpStatusCode.BadRequest, "version");
    }

    [Fact]
    public async Task Bad_input_on_existing_records_names_the_field_and_changes_nothing()
    {
        var city = factory.CityStaff();
        var visit = await HttpAssert.Json(await city.PostJson("/api/v1/visits", new { unitCode = "shaoling", year = 2022, plannedMonth = 6 }), HttpStatusCode.Created);
        var visitId = visit.GetProperty("id").GetInt32();
        var visitVersion = visit.GetProperty("version").GetString();
        var enterprise = await HttpAssert.Json(await factory.Liaison("shaoling").PostJson("/api/v1/enterprises",
            new { unitCode = "shaoling", name = "丁公司", creditCode = TestCodes.Valid(900), categoryCode = "industry-trade", tier = "General" }), HttpStatusCode.Created);
        var enterpriseId = enterprise.GetProperty("id").GetInt32();
        var kase = await HttpAssert.Json(await factory.Liaison("shaoling").PostJson("/api/v1/cases",
            new { year = 2022, title = "案例", caseNumber = "召应急罚〔2022〕9号", reportedOn = "2022-02-01", enforcementType = "行政处罚" }), HttpStatusCode.Created);
        var before = await CountsAsync();

        await HttpAssert.Problem(await city.PostJson($"/api/v1/visits/{visitId}/draw", new { version = visitVersion, count = 3 }), HttpStatusCode.BadRequest, "count");
        await HttpAssert.Problem(await city.PutJson($"/api/v1/visits/{visitId}/findings",
            new { version = visitVersion, findings = new[] { new { checkItemCode = "9.9", outcome = "Problem" } } }), HttpStatusCode.BadRequest, "findings[0].checkItemCode");
        await HttpAssert.Problem(await city.PutJson($"/api/v1/visits/{visitId}/findings",
            new { version = visitVersion, findings = new[] { new { checkItemCode = "1.1", outcome = "Maybe" } } }), HttpStatusCode.BadRequest, "findings[0].outcome");
        await HttpAssert.Problem(await factory.Liaison("shaoling").PutJson($"/api/v1/enterprises/{enterpriseId}",
            new { name = "丁公司", creditCode = TestCodes.Valid(900), categoryCode = "industry-trade", tier = "General" }), HttpStatusCode.BadRequest, "version");
        await HttpAssert.Problem(await factory.Liaison("shaoling").PutJson($"/api/v1/enterprises/{enterpriseId}",
            new { name = "丁公司", creditCode = TestCodes.Valid(900), categoryCode = "industry-trade", tier = "General", version = Guid.NewGuid() }), HttpStatusCode.Conflict);
        await HttpAssert.Problem(await city.PostJson($"/api/v1/cases/{kase.GetProperty("id").GetInt32()}/judge",
            new { version = kase.GetProperty("version").GetString(), procedureSound = true }), HttpStatusCode.BadRequest, "contentAccurate");

        Assert.Equal(before, await CountsAsync());
        var unchanged = await HttpAssert.Json(await city.GetAsync($"/api/v1/visits/{visitId}"), HttpStatusCode.OK);
        Assert.Empty(unchanged.GetProperty("findings").EnumerateArray());
        Assert.Equal(visitVersion, unchanged.GetProperty("visit").GetProperty("version").GetString());
    }

    private async Task<string> CountsAsync()
    {
        var counts = "";
        await factory.WithDbAsync(async (GuidanceDbContext db) => counts = string.Join(",",
            await db.Enterprises.CountAsync(), await db.AnnualPlans.CountAsync(), await db.PlanApprovals.CountAsync(), await db.PlanPublications.CountAsync(),
            await db.Visits.CountAsync(), await db.Letters.CountAsync(), await db.TypicalCases.CountAsync(), await db.InviteCodes.CountAsync(),
            await db.AuditLog.CountAsync()));
        return counts;
    }
}
