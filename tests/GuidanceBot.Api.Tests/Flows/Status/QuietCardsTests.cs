using System.Globalization;
using GuidanceBot.Bot.Flows.Status;
using GuidanceBot.Data.Status;
using GuidanceBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Status;

/// <summary>The cards city staff see when there is nothing to do yet, and a paged overview, in both languages.</summary>
public class QuietCardsTests
{
    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task Empty_queue_letter_without_visits_and_a_paged_overview_are_clean_for_the_official_parser(string language)
    {
        await using var flow = await TeamsDriver.StartCityAsync(language);

        var queue = Card(await flow.InvokeAsync(StaffAad, "review.list", name: "review-empty"));
        var letter = Card(await flow.InvokeAsync(StaffAad, "letter.issue", name: "letter-no-visits"));
        Assert.NotEmpty(AllText(queue));
        Assert.NotEmpty(AllText(letter));

        // Six units over pages of four: the second page shows the last two and says which page it is.
        await using var scope = flow.Host.Services.CreateAsyncScope();
        var overview = await scope.ServiceProvider.GetRequiredService<YearStatusQuery>().OverviewAsync(2022);
        var page = StatusCards.Overview(overview, page: 1, pageSize: 4, CultureInfo.GetCultureInfo(language));
        var rows = page["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "Table")!["rows"]!.AsArray();
        Assert.Equal(3, rows.Count); // header + the last two units
        Assert.Contains(StatusText.Format("PageOf", CultureInfo.GetCultureInfo(language), 2, 2), AllText(page));
        flow.Cards.Add(("status-page-2", page));

        await flow.AssertCardsValidAsync();
    }
}
