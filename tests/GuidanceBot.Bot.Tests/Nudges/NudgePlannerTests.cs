using GuidanceBot.Bot.Nudges;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Tests.Nudges;

public class NudgePlannerTests
{
    /// <summary>A letter to 舞阳 whose report is due Mon 10 Oct 2022 and is 4 working days late on Fri 14 Oct.</summary>
    private static async Task<(NudgeHarness H, Person Liaison)> OverdueLetterAsync()
    {
        var h = await NudgeHarness.StartAsync();
        var liaison = await h.AddPersonAsync("舞阳联络员", PersonRole.CountyLiaison, "wuyang");
        await h.AddPersonAsync("王芳", PersonRole.CityStaff, "luohe");
        await h.WithDbAsync(async db =>
        {
            var units = await db.Units.ToDictionaryAsync(u => u.Code, u => u.Id);
            db.Letters.Add(new OpinionLetter
            {
                UnitId = units["wuyang"], IssuerUnitId = units["luohe"], Year = 2022, Status = LetterStatus.Acknowledged, Number = "(漯)应急指导〔2022〕5号",
                VisitDate = new DateOnly(2022, 9, 1), IssuedOn = new DateOnly(2022, 9, 5), ReportDeadline = new DateOnly(2022, 10, 10),
                CityContactName = "王芳", CityContactPhone = "0395-3100000",
            });
            await db.SaveChangesAsync();
        });
        return (h, liaison);
    }

    [Fact]
    public async Task Planners_run_at_once_and_again_as_retries_queue_each_nudge_once()
    {
        var (h, liaison) = await OverdueLetterAsync();
        await using var _ = h;
        h.SetLocal(new DateOnly(2022, 10, 14), 9);

        var plans = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => h.PlanAsync()));
        await h.PlanAsync(); // a Hangfire retry
        await h.Dispatcher.DispatchDueAsync();

        var ledger = await h.LedgerAsync();
        Assert.Equal(["rectification-due|overdue-20221014"], ledger.Where(e => e.PersonId == liaison.Id).Select(e => e.Kind + "|" + e.Stage));
        Assert.Equal(1, h.Connector.Requests.Count(r => h.Conversations[r.ConversationId!] == "舞阳联络员"));
        Assert.Contains(plans, p => p.Queued > 0);
    }

    [Fact]
    public async Task Planned_before_nine_the_nudge_waits_until_nine_and_a_day_off_plans_nothing()
    {
        var (h, _) = await OverdueLetterAsync();
        await using var __ = h;

        h.SetLocal(new DateOnly(2022, 10, 15), 9); // Saturday, not a make-up day
        Assert.False((await h.PlanAsync()).WorkingDay);
        Assert.Empty(await h.LedgerAsync());

        h.SetLocal(new DateOnly(2022, 10, 17), 2); // Monday, before the send time
        Assert.True((await h.PlanAsync()).Queued > 0);
        await h.Dispatcher.DispatchDueAsync();
        Assert.Empty(h.Connector.Requests);

        h.SetLocal(new DateOnly(2022, 10, 17), 8, 59);
        await h.Dispatcher.DispatchDueAsync();
        Assert.Empty(h.Connector.Requests);

        h.SetLocal(new DateOnly(2022, 10, 17), 9);
        await h.Dispatcher.DispatchDueAsync();
        // The liaison's overdue nudge; for city staff the weekly escalation and, it being October with no unit
        // guided yet, the weekly list of units not yet guided. All at 09:00.
        Assert.Equal(["王芳", "王芳", "舞阳联络员"], h.Connector.Requests.Select(r => h.Conversations[r.ConversationId!]).Order());
        Assert.Equal(["rectification-due", "rectification-escalation", "unguided-units"], (await h.LedgerAsync()).Select(e => e.Kind).Order());
    }

    [Fact]
    public async Task A_muted_person_still_gets_deadline_nudges_even_when_configuration_lists_them_as_optional()
    {
        var h = await NudgeHarness.StartAsync(new() { ["Nudges:OptionalKinds:0"] = NudgeKinds.RectificationDue, ["Nudges:OptionalKinds:1"] = NudgeKinds.UnguidedUnits });
        await using var _ = h;
        var liaison = await h.AddPersonAsync("舞阳联络员", PersonRole.CountyLiaison, "wuyang", muted: true);
        await h.AddPersonAsync("王芳", PersonRole.CityStaff, "luohe", muted: true);
        await h.WithDbAsync(async db =>
        {
            var units = await db.Units.ToDictionaryAsync(u => u.Code, u => u.Id);
            db.Letters.Add(new OpinionLetter
            {
                UnitId = units["wuyang"], IssuerUnitId = units["luohe"], Year = 2022, Status = LetterStatus.Acknowledged, Number = "(漯)应急指导〔2022〕5号",
                VisitDate = new DateOnly(2022, 9, 1), IssuedOn = new DateOnly(2022, 9, 5), ReportDeadline = new DateOnly(2022, 10, 10),
                CityContactName = "王芳", CityContactPhone = "0395-3100000",
            });
            await db.SaveChangesAsync();
        });

        h.SetLocal(new DateOnly(2022, 10, 10), 9);
        var plan = await h.PlanAsync();

        // The report due today reaches the muted liaison; the optional list of unguided units is muted for 王芳.
        Assert.Equal(["rectification-due|due"], (await h.LedgerAsync()).Select(e => e.Kind + "|" + e.Stage));
        Assert.Equal(liaison.Id, (await h.LedgerAsync()).Single().PersonId);
        Assert.Equal(1, plan.Muted);
    }
}
