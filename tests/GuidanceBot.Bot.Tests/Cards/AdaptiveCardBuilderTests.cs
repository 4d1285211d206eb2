using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Testing;

namespace GuidanceBot.Bot.Tests.Cards;

public class AdaptiveCardBuilderTests
{
    [Fact]
    public async Task Every_element_the_builder_makes_passes_the_official_parser()
    {
        var card = AdaptiveCardBuilder.Create()
            .Title("审批报备")
            .Heading("政府批复")
            .Text("请填写以下信息", subtle: true)
            .Facts([("单位", "舞阳县应急管理局"), ("年度", "2022")])
            .TextInput("docNumber", "批复文号", "舞政文〔2022〕12号", required: true, maxLength: 100)
            .TextInput("note", "说明", multiline: true, error: "说明不能超过500字")
            .NumberInput("count", "重点企业数", 12, required: true, min: 0)
            .DateInput("approvalDate", "批复日期", new DateOnly(2022, 3, 18), required: true)
            .ChoiceInput("kind", "审批方式", [("政府批复", "GovernmentReply"), ("领导批示", "LeaderEndorsement")], "GovernmentReply", required: true, expanded: true)
            .Toggle("confirm", "我确认以上信息属实", false)
            .Table(["单位", "计划", "报备"], [["舞阳县", "✔", "✘"], ["临颍县", "✔", "✔"]])
            .Separator()
            .Execute("提交", "approval.submit", new JsonObject { ["unit"] = "wuyang" }, ActionStyle.Positive)
            .Execute("取消", "menu", validateInputs: false)
            .OpenUrl("下载意见书", "https://example.org/letter.docx")
            .Refresh("review.refresh", new JsonObject { ["id"] = 3 }, ["user-1", "user-2"])
            .Build();

        var result = Assert.Single(await AdaptiveCardParser.CheckAsync([("all-elements", card)]));

        Assert.True(result.IsClean, result.ToString());
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("zh-CN", "请填写「名称」。", "请选择「类别」。")]
    [InlineData("en-US", "Please fill in \"Name\".", "Please choose \"Category\".")]
    public async Task A_required_input_left_empty_is_answered_with_a_sentence_naming_it_not_its_bare_label(string language, string text, string choice)
    {
        var culture = System.Globalization.CultureInfo.GetCultureInfo(language);
        var name = language == "zh-CN" ? "名称" : "Name";
        var category = language == "zh-CN" ? "类别" : "Category";
        var card = AdaptiveCardBuilder.Create(culture)
            .TextInput("name", name, required: true)
            .ChoiceInput("category", category, [("A", "a")], required: true)
            .DateInput("on", name, required: true, error: "已有错误。")
            .Execute("OK", "x")
            .Build();

        var body = card["body"]!.AsArray();
        Assert.Equal(text, body[0]!["errorMessage"]!.GetValue<string>());
        Assert.Equal(choice, body[1]!["errorMessage"]!.GetValue<string>());
        Assert.Equal("已有错误。", body[2]!["errorMessage"]!.GetValue<string>()); // the server's own error wins
        Assert.True(Assert.Single(await AdaptiveCardParser.CheckAsync([("required", card)])).IsClean);

        // The parser check catches a bare label.
        body[0]!["errorMessage"] = name;
        Assert.Contains("required input", Assert.Single(await AdaptiveCardParser.CheckAsync([("bare", card)])).Failures.Single());
    }

    [Fact]
    public async Task The_parser_check_reports_a_card_the_client_would_reject()
    {
        var card = AdaptiveCardBuilder.Create()
            .TextInput("same", "一")
            .TextInput("same", "二")
            .Build();

        var result = Assert.Single(await AdaptiveCardParser.CheckAsync([("duplicate-ids", card)]));

        Assert.False(result.IsClean);
        Assert.Contains(result.Failures, f => f.Contains("DuplicateId", StringComparison.Ordinal));
    }

    [Fact]
    public void A_server_side_error_is_shown_under_its_field_and_the_value_is_kept()
    {
        var card = AdaptiveCardBuilder.Create()
            .TextInput("planUrl", "计划公示链接", "ftp://x", required: true, error: "链接必须以 http:// 或 https:// 开头")
            .Build();

        var body = card["body"]!.AsArray();
        Assert.Equal("ftp://x", body[0]!["value"]!.GetValue<string>());
        Assert.Equal("链接必须以 http:// 或 https:// 开头", body[1]!["text"]!.GetValue<string>());
        Assert.Equal("Attention", body[1]!["color"]!.GetValue<string>());
    }

    [Fact]
    public void Stored_text_with_characters_a_submission_may_not_hold_is_shown_without_them()
    {
        // Measures stored before input was checked: the form can be sent back as shown, without an invisible U+0001 to hunt for.
        var card = AdaptiveCardBuilder.Create().TextInput("m_1", "整改措施", "已\u0001整改\u202E完毕\n第二段", multiline: true).Build();

        Assert.Equal("已整改完毕\n第二段", card["body"]![0]!["value"]!.GetValue<string>());
    }
}
