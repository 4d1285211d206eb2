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

    [Theory]
    [InlineData("zh-CN", "00000000-0000-0000-0000-00000000a0c1", "请选择至少一个县区单位（只能选择在用的县区单位）。", "“nowhere”不是在用的县区单位。", "已保存。")]
    [InlineData("en-US", "00000000-0000-0000-0000-00000000a0e1", "Choose at least one county unit (units in use only).", "\"nowhere\" is not a county unit in use.", "Saved.")]
    public async Task The_admin_edits_the_counties_in_scope_on_the_year_card_and_no_unit_or_an_unknown_unit_is_refused_under_the_input_with_nothing_written(
        string language, string aad, string noUnit, string unknownUnit, string saved)
    {
        await chat.Host.AddPersonAsync("管理员 " + language, PersonRole.CityAdmin, "luohe", aad, language);
        var review = await chat.AskForCardAsync(aad, "年度2022", "year-2022-" + language);
        var form = TeamsDriver.Card(await chat.PressAsync(aad, review, YearVerbs.Units));
        var input = TeamsDriver.Input(form, YearFields.UnitCodes);
        Assert.True(input["isMultiSelect"]!.GetValue<bool>());
        Assert.Equal(6, input["choices"]!.AsArray().Count);
        Assert.Equal(6, input["value"]!.GetValue<string>().Split(',').Length); // the year's units ticked

        async Task<(List<int> Units, Guid Version, int Audit)> StoredAsync() => await DbAsync(async db => (
            (await db.YearSetups.SingleAsync(s => s.Year == 2022)).UnitIds,
            await db.YearSetups.Where(s => s.Year == 2022).Select(s => s.Version).SingleAsync(),
            await db.AuditLog.CountAsync(a => a.Action == YearSetupWorkflow.UpdateAction)));
        var before = await StoredAsync();

        // No unit, then a unit that is no county in use: the message under the input, the choice as sent, nothing written.
        var none = TeamsDriver.Card(await chat.PressAsync(aad, form, YearVerbs.Units, new() { [YearFields.UnitCodes] = "" }, step: "save"));
        Assert.Equal(noUnit, TeamsDriver.ErrorUnder(none, YearFields.UnitCodes));
        var unknown = TeamsDriver.Card(await chat.PressAsync(aad, form, YearVerbs.Units, new() { [YearFields.UnitCodes] = "wuyang,nowhere" }, step: "save"));
        Assert.Equal(unknownUnit, TeamsDriver.ErrorUnder(unknown, YearFields.UnitCodes));
        Assert.Equal("wuyang,nowhere", TeamsDriver.Input(unknown, YearFields.UnitCodes)["value"]!.GetValue<string>());
        var cityUnit = TeamsDriver.Card(await chat.PressAsync(aad, form, YearVerbs.Units, new() { [YearFields.UnitCodes] = "luohe" }, step: "save"));
        Assert.NotNull(TeamsDriver.ErrorUnder(cityUnit, YearFields.UnitCodes));
        var unchanged = await StoredAsync();
        Assert.Equal(before.Units, unchanged.Units);
        Assert.Equal(before.Version, unchanged.Version);
        Assert.Equal(before.Audit, unchanged.Audit);

        // Two counties: saved, audited, and the review card names them.
        var done = TeamsDriver.Card(await chat.PressAsync(aad, form, YearVerbs.Units, new() { [YearFields.UnitCodes] = "wuyang,linying" }, step: "save"));
        Assert.Contains(saved, TeamsDriver.AllText(done));
        var after = await StoredAsync();
        var expected = await DbAsync(db => db.Units.Where(u => u.Code == "wuyang" || u.Code == "linying").OrderBy(u => u.Id).Select(u => u.Id).ToListAsync());
        Assert.Equal(expected, after.Units);
        Assert.Equal(before.Audit + 1, after.Audit);
        var names = await DbAsync(db => db.Units.Where(u => u.Code == "wuyang" || u.Code == "linying").Select(u => language == "en-US" ? u.NameEn! : u.Name).ToListAsync());
        Assert.All(names, n => Assert.Contains(n, TeamsDriver.AllText(done)));

        // The form from before that save is stale: nothing changes.
        TeamsDriver.AssertStale(await chat.PressAsync(aad, form, YearVerbs.Units, new() { [YearFields.UnitCodes] = "wuyang" }, step: "save"));
        Assert.Equal(expected, (await StoredAsync()).Units);

        // Anyone else pressing the units button is refused whatever the card says.
        var refused = await chat.PressAsync(TeamsDriver.StaffAad, form, YearVerbs.Units, new() { [YearFields.UnitCodes] = "wuyang" }, step: "save");
        TeamsDriver.AssertError(refused, 403);
        Assert.Equal(expected, (await StoredAsync()).Units);
        await chat.AssertCardsValidAsync();
    }
}
