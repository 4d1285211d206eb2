using GuidanceBot.Bot.Flows.Years;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Years;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Years;

/// <summary>The year commands in chat: who may use them, a year that exists, a deadline refused on the card with nothing written.</summary>
public sealed class YearFlowTests : IAsyncLifetime
{
    private const string AdminAad = "00000000-0000-0000-0000-00000000a002";
    private TeamsDriver chat = null!;

    public async Task InitializeAsync()
    {
        chat = await TeamsDriver.StartCityAsync();
        await chat.Host.AddPersonAsync("市局管理员", PersonRole.CityAdmin, "luohe", AdminAad);
    }

    public async Task DisposeAsync() => await chat.DisposeAsync();

    private async Task<T> DbAsync<T>(Func<GuidanceBot.Data.GuidanceDbContext, Task<T>> read)
    {
        T value = default!;
        await chat.Host.WithDbAsync(async db => value = await read(db));
        return value;
    }

    private Task<int> SetupsAsync() => DbAsync(db => db.YearSetups.CountAsync());

    [Fact]
    public async Task Only_the_admin_opens_a_year_an_existing_year_is_named_and_a_bad_deadline_is_shown_under_its_input()
    {
        // County liaisons and city staff are refused, nothing opened.
        foreach (var aad in new[] { TeamsDriver.LiaisonAad, TeamsDriver.StaffAad })
        {
            var before = chat.Host.Connector.Requests.Count;
            await chat.MessageAsync(aad, "开启2023年度");
            await chat.Host.Connector.WaitUntilAsync(r => r.Count > before);
            Assert.Contains("您的角色不能办理此事项", chat.Host.Connector.Requests[^1].Body!["text"]!.GetValue<string>());
        }
        Assert.Equal(1, await SetupsAsync());

        // "open 2022": the year exists; the card says so above the setup as it is.
        var existing = await chat.AskForCardAsync(AdminAad, "open 2022", "year-exists");
        Assert.Contains("2022 年度工作方案已存在，不能重复开启。", TeamsDriver.AllText(existing));
        Assert.Equal(1, await SetupsAsync());

        // Opened with "开启2023年度"; a deadline on a Saturday is named under its input and nothing changes.
        var review = await chat.AskForCardAsync(AdminAad, "开启2023年度", "year-open-2023");
        var form = TeamsDriver.Card(await chat.PressAsync(AdminAad, review, YearVerbs.Deadlines));
        var refused = TeamsDriver.Card(await chat.PressAsync(AdminAad, form, YearVerbs.Deadlines, new() { [YearFields.PlanFilingDue] = "2023-04-01" }, step: "save"));
        Assert.Equal("2023-04-01 不是工作日，最近的工作日是 2023-04-03。", TeamsDriver.ErrorUnder(refused, YearFields.PlanFilingDue));
        Assert.Equal(new DateOnly(2023, 3, 31), await DbAsync(db => db.YearSetups.Where(s => s.Year == 2023).Select(s => s.PlanFilingDue).SingleAsync()));
        await chat.AssertCardsValidAsync();
    }
}
