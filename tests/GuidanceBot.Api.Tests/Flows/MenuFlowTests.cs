using System.Text.Json.Nodes;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows;

/// <summary>The menu as a person meets it: the order its buttons show in, and the language button.</summary>
public class MenuFlowTests
{
    /// <summary>The Action.Execute buttons in the order a client shows them: the body's action sets top to bottom, then the card's actions.</summary>
    private static List<(string Title, string Verb)> ShownButtons(JsonObject card)
    {
        static (string, string) Button(JsonNode a) => (a["title"]!.GetValue<string>(), a["verb"]!.GetValue<string>());
        var inBody = card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "ActionSet").SelectMany(s => s!["actions"]!.AsArray()).Select(a => Button(a!));
        var below = card["actions"]?.AsArray().Select(a => Button(a!)) ?? [];
        return [.. inBody, .. below];
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task The_county_menu_lists_its_main_steps_before_team_cases_and_language(string language)
    {
        await using var flow = await TeamsDriver.StartCityAsync(language);

        var menu = await flow.AskForCardAsync(LiaisonAad, "菜单", "menu-county");
        var verbs = ShownButtons(menu).Select(b => b.Verb).ToList();

        Assert.Equal(["plan.file", "approval.file", "publication.file", "rectification.file", "deadlines.show"], verbs.Take(5));
        Assert.True(verbs.IndexOf("deadlines.show") < verbs.IndexOf("team.home"));
        Assert.True(verbs.IndexOf("team.home") < verbs.IndexOf("case.report"));
        Assert.Equal("language.set", verbs[^1]);

        var city = ShownButtons(await flow.AskForCardAsync(StaffAad, "菜单", "menu-city")).Select(b => b.Verb).ToList();
        Assert.Equal(["status.overview", "review.list"], city.Take(2));
        Assert.Equal("language.set", city[^1]);
        await flow.AssertCardsValidAsync();
    }

    [Fact]
    public async Task The_language_button_keeps_the_persons_choice_and_the_menu_answers_in_it()
    {
        await using var flow = await TeamsDriver.StartCityAsync(); // zh-CN, the deployment's language
        var menu = await flow.AskForCardAsync(LiaisonAad, "菜单", "menu-zh");
        var button = ShownButtons(menu).Single(b => b.Verb == "language.set");
        Assert.Equal("English", button.Title);

        var english = Card(await flow.InvokeAsync(LiaisonAad, "language.set", ActionData(menu, "language.set"), name: "menu-en"));

        Assert.Contains("Menu", AllText(english));
        Assert.Equal("中文", ShownButtons(english).Single(b => b.Verb == "language.set").Title);
        await flow.Host.WithDbAsync(async db =>
        {
            Assert.Equal("en-US", (await db.People.SingleAsync(p => p.AadObjectId == LiaisonAad)).PreferredLanguage);
            var entry = await db.AuditLog.SingleAsync();
            Assert.Equal(("person.language", flow.Liaison.Id), (entry.Action, entry.ActorPersonId));
        });
        // From now on the bot speaks English to them, typed commands included.
        var typed = await flow.AskForCardAsync(LiaisonAad, "菜单", "menu-en-typed");
        Assert.Contains("File the annual inspection plan", AllText(typed));

        // And back.
        var chinese = Card(await flow.InvokeAsync(LiaisonAad, "language.set", ActionData(english, "language.set")));
        Assert.Contains("功能菜单", AllText(chinese));
        await flow.AssertCardsValidAsync();
    }
}
