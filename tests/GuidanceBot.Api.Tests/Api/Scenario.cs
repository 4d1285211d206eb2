using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Plans;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Api;

/// <summary>Two counties with an enterprise, a draft plan and an issued letter each, written straight to the database.</summary>
public sealed record Scenario(int WuyangId, int LinyingId, int WuyangEnterprise, int LinyingEnterprise, int WuyangPlan, int LinyingPlan, int LinyingLetter)
{
    public static async Task<Scenario> SeedAsync(ApiTestFactory factory)
    {
        Scenario? result = null;
        await factory.WithDbAsync(async db =>
        {
            var units = await db.Units.ToDictionaryAsync(u => u.Code, u => u.Id);
            var city = units["luohe"];
            Enterprise E(string unit, int n) => new() { UnitId = units[unit], Name = $"{unit}企业{n}", CreditCode = TestCodes.Valid(n), CategoryCode = EnterpriseCategoryCodes.IndustryTrade, Tier = EnterpriseTier.Key };
            var we = E("wuyang", 1);
            var le = E("linying", 2);
            db.Enterprises.AddRange(we, le);
            AnnualPlan P(string unit) => new()
            {
                UnitId = units[unit], Year = 2022, Status = SubmissionStatus.Draft,
                Categories = [new() { CategoryCode = EnterpriseCategoryCodes.IndustryTrade, KeyTotal = 2, KeyPlanned = 2, GeneralTotal = 9, GeneralPlanned = 3 }],
            };
            var wp = P("wuyang");
            var lp = P("linying");
            db.AnnualPlans.AddRange(wp, lp);
            var letter = new OpinionLetter
            {
                UnitId = units["linying"], IssuerUnitId = city, Year = 2022, Status = LetterStatus.Issued, Serial = 1, Number = "(漯)应急指导〔2022〕1号",
                VisitDate = new(2022, 2, 20), ReportDeadline = new(2022, 3, 31), IssuedOn = new(2022, 2, 25), CityContactName = "李四", CityContactPhone = "0395-1234567",
                Problems = [new() { Order = 1, Problem = "执法计划未覆盖全部重点单位", Opinion = "补充纳入计划" }],
            };
            db.Letters.Add(letter);
            await db.SaveChangesAsync();
            result = new(units["wuyang"], units["linying"], we.Id, le.Id, wp.Id, lp.Id, letter.Id);
        });
        return result!;
    }
}
