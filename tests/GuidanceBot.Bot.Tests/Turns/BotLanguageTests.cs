using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.People;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Bot.Tests.Turns;

/// <summary>DESIGN.md: own choice → deployment setting (zh-CN shipped) → the client's locale when set to follow it.</summary>
public class BotLanguageTests
{
    private static BotLanguage Rule(string setting) => new(Options.Create(new BotOptions { Language = setting }));

    private static Activity From(string? locale) => new() { Type = ActivityTypes.Message, Locale = locale };

    private static Person Someone(string? language) => new() { Name = "x", PreferredLanguage = language };

    [Fact]
    public void The_shipped_setting_answers_in_chinese_even_to_an_english_client()
    {
        Assert.Equal("zh-CN", Rule(new BotOptions().Language).Resolve(null, From("en-US")).Name);
    }

    [Fact]
    public void A_persons_own_choice_wins_over_the_deployment_and_the_client()
    {
        Assert.Equal("en-US", Rule("zh-CN").Resolve(Someone("en-US"), From("zh-CN")).Name);
        Assert.Equal("zh-CN", Rule("client").Resolve(Someone("zh-CN"), From("en-US")).Name);
    }

    [Fact]
    public void The_deployment_can_be_english()
    {
        Assert.Equal("en-US", Rule("en-US").Resolve(Someone(null), From("zh-CN")).Name);
    }

    [Theory]
    [InlineData("en-US", "en-US")]
    [InlineData("en-GB", "en-US")]
    [InlineData("zh-TW", "zh-CN")]
    [InlineData("fr-FR", "zh-CN")]
    [InlineData(null, "zh-CN")]
    public void Following_the_client_maps_its_locale_to_a_supported_language(string? locale, string expected)
    {
        Assert.Equal(expected, Rule("client").Resolve(null, From(locale)).Name);
    }

    [Fact]
    public void The_client_info_entity_counts_when_the_activity_has_no_locale()
    {
        var activity = From(null);
        activity.Entities = [new System.Text.Json.Nodes.JsonObject { ["type"] = "clientInfo", ["locale"] = "en-US" }];

        Assert.Equal("en-US", Rule("client").Resolve(null, activity).Name);
    }
}
