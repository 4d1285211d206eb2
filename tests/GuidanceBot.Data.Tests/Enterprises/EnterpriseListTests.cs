using System.Globalization;
using System.Text;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Imports;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Data.Tests.Enterprises;

/// <summary>The enterprise list reader shared by the API import and the bot's plan upload.</summary>
public class EnterpriseListTests
{
    private static readonly EnterpriseCategory[] Categories =
    [
        new() { Code = "hazardous-chemicals", Name = "危险化学品", NameEn = "Hazardous chemicals" },
        new() { Code = "industry-trade", Name = "工贸", NameEn = "Industry and trade" },
    ];

    private static string Code(int serial)
    {
        var org8 = $"MA{serial:D6}";
        var first17 = "91411121" + org8 + CreditCode.ComputeOrganisationCheckChar(org8);
        return first17 + CreditCode.ComputeCheckChar(first17);
    }

    private static EnterpriseListResult Read(string csv, bool requirePlanned = true) =>
        EnterpriseList.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), TableFormat.Csv, Categories, CultureInfo.GetCultureInfo("zh-CN"),
            (key, args) => key + "(" + string.Join(",", args) + ")", maxRows: 100, requirePlanned);

    [Fact]
    public void Reads_chinese_headers_and_values_with_the_planned_column()
    {
        var result = Read($"企业名称,统一社会信用代码,类别,重点/一般,是否列入计划\n甲厂,{Code(1)},危险化学品,重点,是\nB Co,{Code(2).ToLowerInvariant()},industry-trade,general,no\n");

        Assert.Null(result.FileError);
        Assert.Empty(result.Errors);
        Assert.Equal(
            [new EnterpriseListRow(2, "甲厂", Code(1), "hazardous-chemicals", EnterpriseTier.Key, true),
             new EnterpriseListRow(3, "B Co", Code(2), "industry-trade", EnterpriseTier.General, false)],
            result.Rows);
    }

    [Fact]
    public void Reports_every_bad_row_by_number_and_field()
    {
        var badCheck = Code(3)[..17] + (Code(3)[17] == '0' ? '1' : '0');
        var result = Read($"name,creditCode,category,tier,planned\n甲厂,{Code(1)},危险化学品,重点,是\n乙厂,{Code(1)},煤矿,特殊,也许\n丙厂,{badCheck},工贸,一般,是\n");

        Assert.Equal(3, result.TotalRows);
        Assert.Single(result.Rows);
        Assert.Equal(2, result.InvalidRows);
        Assert.Contains(new EnterpriseListError(3, "creditCode", "import.duplicate_in_file(2)"), result.Errors);
        Assert.Contains(new EnterpriseListError(3, "category", "field.unknown_category(煤矿)"), result.Errors);
        Assert.Contains(new EnterpriseListError(3, "tier", "import.bad_tier(特殊)"), result.Errors);
        Assert.Contains(new EnterpriseListError(3, "planned", "import.bad_planned(也许)"), result.Errors);
        Assert.Contains(result.Errors, e => e.Row == 4 && e.Field == "creditCode");
    }

    [Fact]
    public void The_planned_column_is_required_only_when_asked_for()
    {
        var csv = $"name,creditCode,category,tier\n甲厂,{Code(1)},危险化学品,重点\n";

        Assert.Equal("import.missing_column(planned)", Read(csv).FileError);
        var register = Read(csv, requirePlanned: false);
        Assert.Null(register.FileError);
        Assert.Null(Assert.Single(register.Rows).Planned);
    }
}
