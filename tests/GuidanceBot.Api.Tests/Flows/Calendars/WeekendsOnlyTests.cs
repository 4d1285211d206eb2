using System.Globalization;
using GuidanceBot.Api.Jobs;
using BotVerbs = GuidanceBot.Bot.Cards.Verbs;
using GuidanceBot.Bot.Flows.Calendars;
using GuidanceBot.Data;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data.Years;
using Microsoft.EntityFrameworkCore;
using GuidanceBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Calendars;

/// <summary>
/// A year without a calendar is counted on weekends only, and the cards that count working days say so: the nudges, the
/// county's deadlines, the city's status and visit planning. Once the admin enters the year, the line goes, at once.
/// </summary>
public class WeekendsOnlyTests
{
    private const string Admin = "00000000-0000-0000-0000-0000000000ad2";
    private const string Line = "2027 年尚未录入节假日安排";

    [Fact]
    public async Task In_2027_without_a_calendar_the_cards_say_they_count_weekends_only_until_the_admin_enters_it()
    {
        await using var flow = await StartCityAsync();
        var host = flow.Host;
        var admin = await host.AddPersonAsync("市局管理员", PersonRole.CityAdmin, "luohe", Admin);
        // The admin opens and publishes 2027 (copied from 2022: the plan is due on March's last working day, Wednesday 31 March,
        // counted on weekends only), so its filing deadline is nudged.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var years = scope.ServiceProvider.GetRequiredService<YearSetupWorkflow>();
            var opened = await years.OpenAsync(2027, Actor.From(admin));
            Assert.True(opened.Succeeded, opened.Message(CultureInfo.InvariantCulture));
            var version = (await scope.ServiceProvider.GetRequiredService<GuidanceDbContext>().YearSetups.AsNoTracking().SingleAsync(y => y.Year == 2027)).Version;
            var published = await years.PublishAsync(2027, version, Actor.From(admin));
            Assert.True(published.Succeeded, published.Message(CultureInfo.InvariantCulture));
        }

        // 2022 has its calendar: no line.
        Assert.DoesNotContain("尚未录入节假日安排", AllText(Card(await flow.InvokeAsync(LiaisonAad, BotVerbs.MyDeadlines))));

        // Monday 22 March 2027, 09:00: seven working days (weekends only) before the plan's filing date, Wednesday 31 March.
        host.Clock.Advance(new DateTimeOffset(2027, 3, 22, 9, 0, 0, TimeSpan.FromHours(8)) - host.Clock.GetUtcNow());
        var sentBefore = host.Connector.Requests.Count;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NudgePlannerJob>().RunAsync(CancellationToken.None);
        }
        await flow.DispatchAsync("nudge-2027");
        var nudges = host.Connector.Requests.Skip(sentBefore).Select(r => AllText(r.Body!["attachments"]![0]!["content"]!)).ToList();
        Assert.NotEmpty(nudges);
        Assert.All(nudges, n => Assert.Contains(Line, n));

        Assert.Contains(Line, AllText(Card(await flow.InvokeAsync(LiaisonAad, BotVerbs.MyDeadlines, name: "deadlines-weekends-only"))));
        Assert.Contains(Line, AllText(Card(await flow.InvokeAsync(StaffAad, BotVerbs.StatusOverview, name: "status-weekends-only"))));
        Assert.Contains(Line, AllText(Card(await flow.InvokeAsync(StaffAad, BotVerbs.ScheduleVisit, name: "schedule-weekends-only"))));

        // The admin enters 2027 in chat: the same cards no longer carry the line, without a restart.
        var form = await flow.AskForCardAsync(Admin, "日历 2027", "calendar-2027");
        await flow.PressAsync(Admin, form, CalendarCards.Verb, new()
        {
            ["source.title"] = "国务院办公厅关于2027年部分节假日安排的通知",
            ["daysOff"] = "元旦 2027-01-01 2027-01-03\n春节 2027-02-05 2027-02-12",
            ["extraWorkingDays"] = "2027-01-31 2027-02-20",
        });
        Assert.DoesNotContain(Line, AllText(Card(await flow.InvokeAsync(LiaisonAad, BotVerbs.MyDeadlines))));
        Assert.DoesNotContain(Line, AllText(Card(await flow.InvokeAsync(StaffAad, BotVerbs.ScheduleVisit))));
        await flow.AssertCardsValidAsync();
    }
}
