using GuidanceBot.Api.Jobs;
using GuidanceBot.Data;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Api.Tests.Jobs;

/// <summary>
/// Hangfire keeps its log provider in a static: a host disposed by a parallel test would pull the logger
/// factory from under this test's running server, so this one runs alone.
/// </summary>
[CollectionDefinition(nameof(HangfireServerCollection), DisableParallelization = true)]
public sealed class HangfireServerCollection;

/// <summary>The jobs as Hangfire's own server runs them: activated from the host's services, each in its scope.</summary>
[Collection(nameof(HangfireServerCollection))]
public class HangfireWiringTests
{
    [Fact]
    public async Task Triggered_by_hangfire_the_planner_queues_a_nudge_and_the_dispatcher_sends_it()
    {
        await using var host = await BotHostFactory.StartAsync(settings: new() { ["Jobs:RunServer"] = "true" });
        host.Clock.Advance(new DateTimeOffset(2022, 10, 10, 9, 0, 0, TimeSpan.FromHours(8)) - host.Clock.GetUtcNow());
        int liaisonId = 0;
        await host.WithDbAsync(async db =>
        {
            var units = await db.Units.ToDictionaryAsync(u => u.Code, u => u.Id);
            var liaison = new Person { Name = "舞阳联络员", Role = PersonRole.CountyLiaison, UnitId = units["wuyang"], TenantId = BotHostFactory.Tenant, AadObjectId = "00000000-0000-0000-0000-0000000000031" };
            db.People.Add(liaison);
            db.Letters.Add(new OpinionLetter
            {
                UnitId = units["wuyang"], IssuerUnitId = units["luohe"], Year = 2022, Status = LetterStatus.Acknowledged, Number = "(漯)应急指导〔2022〕5号",
                VisitDate = new DateOnly(2022, 9, 1), IssuedOn = new DateOnly(2022, 9, 5), ReportDeadline = new DateOnly(2022, 10, 10),
                CityContactName = "王芳", CityContactPhone = "0395-3100000",
            });
            await db.SaveChangesAsync();
            liaisonId = liaison.Id;
            db.ConversationReferences.Add(new ConversationReference
            {
                PersonId = liaison.Id, ChannelId = "msteams", ServiceUrl = host.ServiceUrl, ConversationId = "a:conv-wuyang", ConversationType = "personal",
                TenantId = BotHostFactory.Tenant, UserId = "29:wuyang", AadObjectId = liaison.AadObjectId, BotId = "28:" + BotHostFactory.AppId,
                FirstSeenUtc = host.Clock.GetUtcNow().UtcDateTime, LastSeenUtc = host.Clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync();
        });

        var jobs = host.Services.GetRequiredService<IRecurringJobManager>();
        jobs.Trigger(NudgePlannerJob.Id);
        await WaitForAsync(host, db => db.DeliveryLedger.AnyAsync(e => e.PersonId == liaisonId));
        jobs.Trigger(DeliveryDispatchJob.Id);
        await WaitForAsync(host, async db => await db.DeliveryLedger.AllAsync(e => e.Status == DeliveryStatus.Sent));

        // The 2022 setup's filing dates (31 March) are long past for 舞阳, which filed nothing: weekly overdue
        // nudges for the plan and the approval (130 working days late: 1 Apr–10 Oct less the holidays, plus the
        // make-up days); and the report due today. Each sent once.
        var ledger = await host.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<GuidanceDbContext>()
            .DeliveryLedger.AsNoTracking().Where(e => e.PersonId == liaisonId).ToListAsync();
        Assert.Equal(["filing-due|overdue-2022W41", "filing-due|overdue-2022W41", "filing-due|overdue-2022W41", "rectification-due|due"], ledger.Select(e => e.Kind + "|" + e.Stage).Order());
        var sent = host.Connector.Requests.Where(r => r.ConversationId == "a:conv-wuyang")
            .Select(r => r.Body!["attachments"]![0]!["content"]!["body"]![0]!["text"]!.GetValue<string>()).Order().ToList();
        // The 2022 setup's publication (29 April) too: 109 working days late (April's 21 working days, 2 and 24 April made up, are not).
        Assert.Equal(new[] { "提醒：整改报告今天到期", "逾期：年度监督检查计划已逾期 130 个工作日", "逾期：计划审批报备材料已逾期 130 个工作日", "逾期：计划公示信息已逾期 109 个工作日" }.Order(), sent);
    }

    /// <summary>Waits for a condition on the database, checking again after each short pause, up to 2 minutes (a loaded CI machine runs the test projects side by side).</summary>
    private static async Task WaitForAsync(BotHostFactory host, Func<GuidanceDbContext, Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            await using (var scope = host.Services.CreateAsyncScope())
            {
                if (await condition(scope.ServiceProvider.GetRequiredService<GuidanceDbContext>()))
                {
                    return;
                }
            }
            await Task.Delay(50, timeout.Token);
        }
    }
}
