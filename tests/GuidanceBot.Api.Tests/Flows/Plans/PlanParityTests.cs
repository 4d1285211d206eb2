using System.Text.Json.Nodes;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rules;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Plans;

/// <summary>
/// Each filing step both doors offer, taken by 王联络 through <c>/api/v1</c> (PUT the draft, POST submit) and through chat (the
/// form, the check, the confirmation), leaves the same rows, audit entries and queued messages. The clock stands at
/// 2022-03-01 09:00 in China.
/// </summary>
public class PlanParityTests
{
    private static readonly string[] Categories = [EnterpriseCategoryCodes.NonCoalMine, EnterpriseCategoryCodes.HazardousChemicals, EnterpriseCategoryCodes.IndustryTrade];

    /// <summary>The plan's figures: hazardous chemicals 5 key and 30 general units; the other categories none.</summary>
    private static object[] ApiFigures(int keyPlanned, int generalPlanned) =>
        [.. Categories.Select(c => c == EnterpriseCategoryCodes.HazardousChemicals
            ? new { categoryCode = c, keyTotal = 5, keyPlanned, generalTotal = 30, generalPlanned }
            : new { categoryCode = c, keyTotal = 0, keyPlanned = 0, generalTotal = 0, generalPlanned = 0 })];

    /// <summary>The same figures as the plan card's inputs.</summary>
    private static Dictionary<string, string> CardFigures(int keyPlanned, int generalPlanned)
    {
        var figures = new Dictionary<string, string>();
        foreach (var c in Categories)
        {
            var hc = c == EnterpriseCategoryCodes.HazardousChemicals;
            figures[$"{c}.keyTotal"] = hc ? "5" : "0";
            figures[$"{c}.keyPlanned"] = hc ? $"{keyPlanned}" : "0";
            figures[$"{c}.generalTotal"] = hc ? "30" : "0";
            figures[$"{c}.generalPlanned"] = hc ? $"{generalPlanned}" : "0";
        }
        return figures;
    }

    private static async Task<(int Id, Guid Version)> PlanOf(Door door) =>
        await door.Db(async db => await db.AnnualPlans.Where(p => p.Unit!.Code == "wuyang").Select(p => new ValueTuple<int, Guid>(p.Id, p.Version)).SingleAsync());

    private static Task NoSeed(Door _) => Task.CompletedTask;

    [Fact]
    public async Task Submitting_a_plan_short_of_coverage_with_its_explanation_is_the_same_step_in_both_doors()
    {
        const string why = "一家重点企业停产整顿，复产后补充检查。";
        var result = await DoorParity.AssertSameAsync(NoSeed,
            api: async door =>
            {
                var plan = await door.PutAsync(door.Liaison, "/api/v1/plans/wuyang/2022", new { figures = ApiFigures(4, 9), shortfallExplanation = why });
                Assert.False(plan!["coverage"]!["isMet"]!.GetValue<bool>());
                var filing = plan["filing"]!;
                await door.PostAsync(door.Liaison, $"/api/v1/plans/{filing["id"]}/submit", new { version = filing["version"]!.GetValue<string>() });
            },
            chat: async door =>
            {
                var form = Card(await door.Chat.InvokeAsync(LiaisonAad, "plan.file"));
                var coverage = Card(await door.Chat.PressAsync(LiaisonAad, form, "plan.file", CardFigures(4, 9)));
                Assert.Contains("✘", AllText(coverage));
                var receipt = Card(await door.Chat.PressAsync(LiaisonAad, coverage, "plan.file", new() { [PlanFields.ShortfallExplanation] = why }, step: "confirm"));
                Assert.Contains("已提交", AllText(receipt));
            });

        Assert.Contains(result.Api.Tables["AnnualPlans"], row => row.Contains("Status=Submitted") && row.Contains($"ShortfallExplanation={why}"));
        Assert.Equal(3, result.Api.Tables["PlanCategoryFigures"].Count);
        Assert.Equal(["plan.edit", "plan.submit"], result.Api.Audit.Select(a => a.Split(' ')[0]));
    }

    [Fact]
    public async Task Submitting_the_approval_and_filing_is_the_same_step_in_both_doors()
    {
        var result = await DoorParity.AssertSameAsync(NoSeed,
            api: async door =>
            {
                var approval = await door.PutAsync(door.Liaison, "/api/v1/approvals/wuyang/2022", new
                {
                    approvalKind = "GovernmentReply", approvalDocumentNumber = "舞政文〔2022〕12号", approvalDate = "2022-02-15",
                    filingDate = "2022-02-20", filingDocumentNumber = "舞应急〔2022〕3号",
                });
                var filing = approval!["filing"]!;
                await door.PostAsync(door.Liaison, $"/api/v1/approvals/{filing["id"]}/submit", new { version = filing["version"]!.GetValue<string>() });
            },
            chat: async door =>
            {
                var form = Card(await door.Chat.InvokeAsync(LiaisonAad, "approval.file"));
                var confirm = Card(await door.Chat.PressAsync(LiaisonAad, form, "approval.file", new()
                {
                    ["approvalKind"] = "GovernmentReply", ["approvalDocumentNumber"] = "舞政文〔2022〕12号", ["approvalDate"] = "2022-02-15",
                    ["filingDate"] = "2022-02-20", ["filingDocumentNumber"] = "舞应急〔2022〕3号",
                }));
                Assert.Contains("已提交", AllText(Card(await door.Chat.PressAsync(LiaisonAad, confirm, "approval.file", step: "confirm"))));
            });

        Assert.Contains(result.Api.Tables["PlanApprovals"], row => row.Contains("Status=Submitted") && row.Contains("FilingDocumentNumber=舞应急〔2022〕3号"));
        Assert.Equal(["approval.edit", "approval.submit"], result.Api.Audit.Select(a => a.Split(' ')[0]));
    }

    [Fact]
    public async Task Submitting_the_publication_with_a_long_link_is_the_same_step_in_both_doors()
    {
        // 1,500 characters: refused before by the API (500) and the chat (1,000); one limit now, FieldLimits.UrlMax.
        var planUrl = "https://wuyang.gov.cn/yjj/plan-2022.html?ref=" + new string('a', 1500 - 45);
        Assert.Equal(1500, planUrl.Length);
        var result = await DoorParity.AssertSameAsync(NoSeed,
            api: async door =>
            {
                var publication = await door.PutAsync(door.Liaison, "/api/v1/publications/wuyang/2022", new
                {
                    planUrl, doubleRandomPlanUrl = "http://wuyang.gov.cn/yjj/srsj-2022.html", publishedOn = "2022-02-28",
                });
                var filing = publication!["filing"]!;
                await door.PostAsync(door.Liaison, $"/api/v1/publications/{filing["id"]}/submit", new { version = filing["version"]!.GetValue<string>() });
            },
            chat: async door =>
            {
                var form = Card(await door.Chat.InvokeAsync(LiaisonAad, "publication.file"));
                var confirm = Card(await door.Chat.PressAsync(LiaisonAad, form, "publication.file", new()
                {
                    ["planUrl"] = planUrl, ["doubleRandomPlanUrl"] = "http://wuyang.gov.cn/yjj/srsj-2022.html", ["publishedOn"] = "2022-02-28",
                }));
                Assert.Contains("已提交", AllText(Card(await door.Chat.PressAsync(LiaisonAad, confirm, "publication.file", step: "confirm"))));
            });

        Assert.Contains(result.Api.Tables["PlanPublications"], row => row.Contains("Status=Submitted") && row.Contains($"PlanUrl={planUrl}"));
        Assert.Equal(["publication.edit", "publication.submit"], result.Api.Audit.Select(a => a.Split(' ')[0]));
    }

    /// <summary>A plan the city returned: short of coverage (4 of 5 key units), with the county's explanation.</summary>
    private static Task SeedReturnedPlanAsync(Door door) => door.Host.WithDbAsync(async db =>
    {
        var unit = await db.Units.SingleAsync(u => u.Code == "wuyang");
        db.AnnualPlans.Add(new AnnualPlan
        {
            UnitId = unit.Id, Year = 2022, Status = SubmissionStatus.Returned, ReturnCount = 1, ReturnReason = "请核实重点单位数量",
            ShortfallExplanation = "一家重点企业停产整顿，复产后补充检查。",
            Categories = [.. Categories.Select(c => c == EnterpriseCategoryCodes.HazardousChemicals
                ? new PlanCategoryFigures { CategoryCode = c, KeyTotal = 5, KeyPlanned = 4, GeneralTotal = 30, GeneralPlanned = 10 }
                : new PlanCategoryFigures { CategoryCode = c })],
        });
        await db.SaveChangesAsync();
    });

    [Fact]
    public async Task A_returned_plan_filed_again_keeps_its_shortfall_explanation_through_chat_as_through_the_api()
    {
        var result = await DoorParity.AssertSameAsync(SeedReturnedPlanAsync,
            api: async door =>
            {
                var (id, version) = await PlanOf(door);
                // The figures now meet coverage; the request says nothing of the explanation.
                var plan = await door.PutAsync(door.Liaison, "/api/v1/plans/wuyang/2022", new { figures = ApiFigures(5, 10), version });
                await door.PostAsync(door.Liaison, $"/api/v1/plans/{id}/submit", new { version = plan!["filing"]!["version"]!.GetValue<string>() });
            },
            chat: async door =>
            {
                var form = Card(await door.Chat.InvokeAsync(LiaisonAad, "plan.file"));
                Assert.Contains("请核实重点单位数量", AllText(form));
                var coverage = Card(await door.Chat.PressAsync(LiaisonAad, form, "plan.file", CardFigures(5, 10)));
                Assert.DoesNotContain("✘", AllText(coverage)); // met: no explanation asked
                Assert.Contains("已提交", AllText(Card(await door.Chat.PressAsync(LiaisonAad, coverage, "plan.file", step: "confirm"))));
            });

        // Kept in chat too (the chat used to drop it when coverage was met).
        var plan = Assert.Single(result.Chat.Tables["AnnualPlans"]);
        Assert.Contains("ShortfallExplanation=一家重点企业停产整顿，复产后补充检查。", plan);
        Assert.Contains($"Status={SubmissionStatus.Resubmitted}", plan);
        Assert.Equal(["plan.edit", "plan.resubmit"], result.Chat.Audit.Select(a => a.Split(' ')[0]));
    }

    /// <summary>A draft filed as an enterprise list: 2 key units, one not planned (short), 3 general, one planned.</summary>
    private static Task SeedListPlanAsync(Door door) => door.Host.WithDbAsync(async db =>
    {
        var unit = await db.Units.SingleAsync(u => u.Code == "wuyang");
        var rows = new[] { (EnterpriseTier.Key, true), (EnterpriseTier.Key, false), (EnterpriseTier.General, true), (EnterpriseTier.General, false), (EnterpriseTier.General, false) };
        db.AnnualPlans.Add(new AnnualPlan
        {
            UnitId = unit.Id, Year = 2022,
            Entries = [.. rows.Select((r, i) => new PlanEntry
            {
                Planned = r.Item2,
                Enterprise = new Enterprise { UnitId = unit.Id, Name = $"舞阳企业{i + 1}", CreditCode = TestCodes.Valid(500 + i), CategoryCode = EnterpriseCategoryCodes.IndustryTrade, Tier = r.Item1 },
            })],
        });
        await db.SaveChangesAsync();
    });

    [Fact]
    public async Task Submitting_a_plan_filed_as_an_enterprise_list_counts_the_list_in_both_doors()
    {
        const string why = "舞阳企业2停产，复产后检查。";
        var result = await DoorParity.AssertSameAsync(SeedListPlanAsync,
            api: async door =>
            {
                var (id, version) = await PlanOf(door);
                // No figures: the list on file is the plan, and it is what coverage counts.
                var plan = await door.PutAsync(door.Liaison, "/api/v1/plans/wuyang/2022", new { shortfallExplanation = why, version });
                Assert.Equal(5, plan!["listedEnterprises"]!.GetValue<int>());
                Assert.Equal(1, plan["coverage"]!["total"]!["keyPlanned"]!.GetValue<int>());
                await door.PostAsync(door.Liaison, $"/api/v1/plans/{id}/submit", new { version = plan["filing"]!["version"]!.GetValue<string>() });
            },
            chat: async door =>
            {
                // The submit button of the coverage card the upload answered with (PlanUploadTests sends the file itself).
                var (_, version) = await PlanOf(door);
                var receipt = Card(await door.Chat.InvokeAsync(LiaisonAad, "plan.file", new JsonObject
                {
                    ["step"] = "confirm", ["mode"] = "list", ["unitId"] = door.Liaison.UnitId, ["year"] = 2022, ["version"] = version.ToString(),
                    [PlanFields.ShortfallExplanation] = why,
                }));
                Assert.Contains("已提交", AllText(receipt));
            });

        Assert.Equal(5, result.Api.Tables["PlanEntry"].Count); // the list stays
        Assert.Contains($"ShortfallExplanation={why}", Assert.Single(result.Api.Tables["AnnualPlans"]));
    }

    [Fact]
    public async Task Put_without_a_list_keeps_the_enterprise_list_and_coverage_still_counts_it()
    {
        await using var door = await Door.StartAsync("api");
        await SeedListPlanAsync(door);
        var (id, version) = await PlanOf(door);

        // Figures sent, no list: the list stays, and it is what coverage counts (the one rule, Coverage.OfPlan).
        var plan = await door.PutAsync(door.Liaison, "/api/v1/plans/wuyang/2022", new { figures = ApiFigures(5, 10), version });
        Assert.Equal(5, plan!["listedEnterprises"]!.GetValue<int>());
        Assert.Equal((2, 1), (plan["coverage"]!["total"]!["keyTotal"]!.GetValue<int>(), plan["coverage"]!["total"]!["keyPlanned"]!.GetValue<int>()));
        Assert.False(plan["coverage"]!["isMet"]!.GetValue<bool>());

        // Nothing sent but the version: the figures and the list both stay.
        plan = await door.PutAsync(door.Liaison, "/api/v1/plans/wuyang/2022", new { version = plan["filing"]!["version"]!.GetValue<string>() });
        Assert.Equal(3, plan!["figures"]!.AsArray().Count);
        await door.Host.WithDbAsync(async db =>
        {
            Assert.Equal(5, await db.Set<PlanEntry>().CountAsync(e => e.AnnualPlanId == id));
            Assert.Equal(3, await db.Set<PlanCategoryFigures>().CountAsync(c => c.AnnualPlanId == id));
        });

        // Submitting judges the list, as the PUT showed: short, and no explanation yet.
        var refused = await door.RefusedAsync(door.Liaison, HttpMethod.Post, $"/api/v1/plans/{id}/submit", new { version = plan["filing"]!["version"]!.GetValue<string>() });
        Assert.Contains("重点单位缺 1 家", refused[PlanFields.ShortfallExplanation]);
    }

    [Fact]
    public async Task A_link_over_the_one_url_limit_is_refused_alike_by_both_doors_under_its_field()
    {
        var tooLong = "https://wuyang.gov.cn/" + new string('a', FieldLimits.UrlMax - 21);
        Assert.Equal(FieldLimits.UrlMax + 1, tooLong.Length);
        IReadOnlyDictionary<string, string>? apiErrors = null;
        JsonObject? refused = null;
        await DoorParity.AssertSameAsync(NoSeed,
            api: async door => apiErrors = await door.RefusedAsync(door.Liaison, HttpMethod.Put, "/api/v1/publications/wuyang/2022", new
            {
                planUrl = tooLong, doubleRandomPlanUrl = "http://wuyang.gov.cn/yjj/srsj-2022.html", publishedOn = "2022-02-28",
            }),
            chat: async door =>
            {
                var form = Card(await door.Chat.InvokeAsync(LiaisonAad, "publication.file"));
                Assert.Equal(FieldLimits.UrlMax, Input(form, PlanFields.PlanUrl)["maxLength"]!.GetValue<int>());
                refused = Card(await door.Chat.PressAsync(LiaisonAad, form, "publication.file", new()
                {
                    [PlanFields.PlanUrl] = tooLong, [PlanFields.DoubleRandomPlanUrl] = "http://wuyang.gov.cn/yjj/srsj-2022.html", [PlanFields.PublishedOn] = "2022-02-28",
                }));
            },
            refused: true); // nothing written by either door: no publication, no audit entry, no notice

        Assert.Equal($"不能超过 {FieldLimits.UrlMax} 个字。", apiErrors![PlanFields.PlanUrl]);
        Assert.Equal(apiErrors[PlanFields.PlanUrl], ErrorUnder(refused!, PlanFields.PlanUrl));
        Assert.DoesNotContain(PlanFields.DoubleRandomPlanUrl, apiErrors.Keys);
        Assert.Null(ErrorUnder(refused!, PlanFields.DoubleRandomPlanUrl));
    }
}
