using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Api.Tests.Flows.Letters;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Plans;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rules;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Plans;

/// <summary>
/// Every card of onboarding and the county flows, produced by driving the flows in zh-CN and en-US, is
/// clean for the official parser (npm adaptivecards: parse + validateProperties) and under 40 KB.
/// </summary>
public class FlowCardsParserTests : DriverTest
{
    private async Task DriveAsync(string language, string unit, string liaison, string admin, string newcomer)
    {
        Driver.Label = language + ":";
        await Host.AddPersonAsync("联络员 " + language, PersonRole.CountyLiaison, unit, aadObjectId: liaison, language: language);
        await Host.AddPersonAsync("管理员 " + language, PersonRole.CityAdmin, "luohe", aadObjectId: admin, language: language);
        var letterA = await RectificationFlowTests.AddLetterAsync(Host, unit, LetterStatus.Acknowledged, serial: language == "zh-CN" ? 1 : 3);
        await RectificationFlowTests.AddLetterAsync(Host, unit, LetterStatus.Acknowledged, serial: language == "zh-CN" ? 2 : 4);
        int unitId = 0;
        await Host.WithDbAsync(async db => unitId = await db.Units.Where(u => u.Code == unit).Select(u => u.Id).SingleAsync());

        // Onboarding: the invite form, its errors and receipt; the welcome card with an error; the menu after redeeming.
        var invite = Card(await Driver.InvokeAsync(admin, "invite.create"));
        await Driver.PressAsync(admin, invite, "invite.create", new() { ["inviteUnitId"] = unitId.ToString(), ["inviteRole"] = "CityStaff", ["inviteeName"] = "", ["days"] = "99" });
        await Driver.PressAsync(admin, invite, "invite.create", new() { ["inviteUnitId"] = unitId.ToString(), ["inviteRole"] = "CountyLiaison", ["inviteeName"] = "新人" });
        await Driver.InvokeAsync(newcomer, "invite.redeem", new JsonObject { ["inviteCode"] = "WRONG-CODE1" });

        // Approval: form, errors, confirmation, receipt, the filed view, a stale card.
        var approval = Card(await Driver.InvokeAsync(liaison, "approval.file"));
        var approvalBad = Card(await Driver.PressAsync(liaison, approval, "approval.file", new() { ["approvalDate"] = "2021-01-01", ["filingDate"] = "x" }));
        var approvalConfirm = Card(await Driver.PressAsync(liaison, approvalBad, "approval.file", new()
        {
            ["approvalDocumentNumber"] = "文〔2022〕1号", ["approvalDate"] = "2022-02-01", ["filingDate"] = "2022-02-02", ["filingDocumentNumber"] = "备〔2022〕1号",
        }));
        await Driver.PressAsync(liaison, approvalConfirm, "approval.file", step: "confirm");
        await Driver.PressAsync(liaison, approvalConfirm, "approval.file", step: "confirm");
        await Driver.InvokeAsync(liaison, "approval.file");

        // Publication: the form with errors.
        var publication = Card(await Driver.InvokeAsync(liaison, "publication.file"));
        await Driver.PressAsync(liaison, publication, "publication.file", new() { ["planUrl"] = "ftp://x" });

        // Plan: the form, its errors, the coverage card short (with the explanation error) and met, the receipt.
        var plan = Card(await Driver.InvokeAsync(liaison, "plan.file"));
        var figures = new Dictionary<string, string>();
        foreach (var c in new[] { "non-coal-mine", "hazardous-chemicals", "industry-trade" })
        {
            (figures[$"{c}.keyTotal"], figures[$"{c}.keyPlanned"], figures[$"{c}.generalTotal"], figures[$"{c}.generalPlanned"]) = ("4", "3", "9", "2");
        }
        await Driver.PressAsync(liaison, plan, "plan.file", new(figures) { ["industry-trade.keyPlanned"] = "-1" });
        var shortCard = Card(await Driver.PressAsync(liaison, plan, "plan.file", figures));
        await Driver.PressAsync(liaison, shortCard, "plan.file", step: "confirm");
        var met = Card(await Driver.PressAsync(liaison, plan, "plan.file", new(figures) { ["non-coal-mine.keyPlanned"] = "4", ["hazardous-chemicals.keyPlanned"] = "4", ["industry-trade.keyPlanned"] = "4", ["non-coal-mine.generalPlanned"] = "3", ["hazardous-chemicals.generalPlanned"] = "3", ["industry-trade.generalPlanned"] = "3" }));
        await Driver.PressAsync(liaison, met, "plan.file", step: "confirm");

        // Rectification: the pick list, the form with errors, the confirmation, the receipt, the submitted view.
        await Driver.InvokeAsync(liaison, "rectification.file");
        var rect = Card(await Driver.InvokeAsync(liaison, "rectification.file", new JsonObject { ["letterId"] = letterA }));
        var problems = Inputs(rect).Select(i => i["id"]!.GetValue<string>()).Where(id => id.StartsWith("m_")).ToList();
        await Driver.PressAsync(liaison, rect, "rectification.file", new() { [problems[0]] = "" });
        var typed = problems.ToDictionary(p => p, p => "措施 measures");
        typed["p_" + problems[1][2..]] = "InProgress";
        typed["d_" + problems[1][2..]] = "2022-06-30";
        typed["e_" + problems[0][2..]] = "https://example.gov.cn/a";
        var rectConfirm = Card(await Driver.PressAsync(liaison, rect, "rectification.file", typed));
        await Driver.PressAsync(liaison, rectConfirm, "rectification.file", step: "confirm");
        await Driver.InvokeAsync(liaison, "rectification.file", new JsonObject { ["letterId"] = letterA });

        await Driver.InvokeAsync(liaison, "deadlines.show");
        await Driver.InvokeAsync(liaison, "help.show");
        await Driver.InvokeAsync(admin, "help.show");
        await Driver.InvokeAsync(liaison, "menu.show");
        await Driver.InvokeAsync(admin, "menu.show");
    }

    [Fact]
    public async Task Every_flow_card_in_both_languages_is_clean_for_the_official_parser_and_small()
    {
        await DriveAsync("zh-CN", "wuyang", "00000000-0000-0000-0000-000000000a001", "00000000-0000-0000-0000-000000000a002", "00000000-0000-0000-0000-000000000a003");
        await DriveAsync("en-US", "linying", "00000000-0000-0000-0000-000000000b001", "00000000-0000-0000-0000-000000000b002", "00000000-0000-0000-0000-000000000b003");
        var cards = Driver.Cards.Select(s => (Name: s.Name, Card: (JsonNode)s.Card)).ToList();
        foreach (var culture in new[] { "zh-CN", "en-US" })
        {
            var c = CultureInfo.GetCultureInfo(culture);
            cards.Add(($"{culture}:welcome-error", BotCards.Welcome(c, GuidanceBot.Data.Rules.DomainError.Create("invite.code_unknown", c).Message, "ABCDE-FGHJK")));
            // Every registered command at once: the longest help card there can be.
            cards.Add(($"{culture}:help-all", BotCards.Help(c, Host.Services.GetRequiredService<GuidanceBot.Bot.Turns.TurnRouter>().Commands)));
            // The upload's cards (the upload test drives them in zh-CN through the chat).
            cards.Add(($"{culture}:list-errors", PlanListUpload.ErrorReport(c, "list.csv", 60, 45,
                [.. Enumerable.Range(2, 45).Select(r => new EnterpriseListError(r, "creditCode", "校验位错误 wrong check digit"))], null)));
            cards.Add(($"{culture}:list-file-error", PlanListUpload.ErrorReport(c, "list.xlsx", 0, 0, [], "缺少列 missing column")));
            // City staff's offer to replace the city plan's list (CityPlanReplaceTests drives it in both languages through the chat).
            cards.Add(($"{culture}:city-plan-offer", DovetailingCards.ReplaceOffer(new CityPlanReplaceOffer(Guid.NewGuid(), 2022, Guid.NewGuid(), 12,
                new DateTime(2022, 3, 1, 1, 0, 0, DateTimeKind.Utc), "赵科员", "city.xlsx", 14, 3, 1), c)));
            var coverage = Coverage.FromFigures([new PlanCategoryFigures { CategoryCode = "industry-trade", KeyTotal = 3, KeyPlanned = 2, GeneralTotal = 10, GeneralPlanned = 1 }], c);
            cards.Add(($"{culture}:list-coverage", PlanFlow.CoverageCard(c, coverage, (code, _) => code, null, PlanText.Get("ErrExplanationRequired", c), "plan.file", new JsonObject { ["mode"] = "list" }, "note").Build()));
        }
        Assert.True(cards.Count >= 50, $"only {cards.Count} cards");
        // Both languages really differ (the en-US cards are not Chinese).
        Assert.Contains(cards, c => c.Name.StartsWith("en-US:plan.file") && AllText(c.Card.AsObject()).Contains("Coverage check"));
        Assert.Contains(cards, c => c.Name.StartsWith("zh-CN:plan.file") && AllText(c.Card.AsObject()).Contains("覆盖率检查"));

        var checks = await AdaptiveCardParser.CheckAsync(cards);

        Assert.Equal(cards.Count, checks.Count);
        Assert.All(checks, check =>
        {
            Assert.True(check.IsClean, check.ToString());
            Assert.True(check.Bytes < 40 * 1024, check.ToString());
        });
    }
}
