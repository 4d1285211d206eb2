using GuidanceBot.Bot.Delivery;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.People;
using GuidanceBot.Testing.Fakes;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Tests.Delivery;

public class DeliveryDispatcherTests
{
    private static readonly Dictionary<string, string?> Fast = new()
    {
        ["Bot:TenantSendsPerSecond"] = "100000",
        ["Bot:ConversationSendsPerSecond"] = "100000",
    };

    private static async Task<List<Person>> PeopleAsync(DeliveryHarness h, int count, string unit = "wuyang")
    {
        var people = new List<Person>();
        for (var i = 0; i < count; i++)
        {
            people.Add(await h.AddPersonAsync($"联络员{i}", PersonRole.CountyLiaison, unit));
        }

        return people;
    }

    private static void AssertEachOnce(FakeConnector connector, IEnumerable<string> texts)
    {
        var sent = connector.Requests.Where(r => r.Status == 201 && r.Text is not null).GroupBy(r => r.Text!).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(texts, t => Assert.Equal(1, sent.GetValueOrDefault(t)));
    }

    [Fact]
    public async Task Due_rows_are_sent_once_and_marked_with_the_activity_id_later_ones_wait()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var people = await PeopleAsync(h, 3);
        await h.EnqueueAsync(people.Select(p => (p.Id, $"nudge-{p.Id}")));
        var tomorrow = h.Time.GetUtcNow().UtcDateTime.AddDays(1);
        await h.EnqueueAsync([(people[0].Id, "tomorrow")], tomorrow);

        var summary = await h.Dispatcher.DispatchDueAsync();

        Assert.Equal(3, summary.Sent);
        AssertEachOnce(h.Connector, people.Select(p => $"nudge-{p.Id}"));
        var rows = await h.LedgerAsync();
        foreach (var row in rows.Take(3))
        {
            Assert.Equal(DeliveryStatus.Sent, row.Status);
            Assert.Equal(1, row.Attempts);
            Assert.Equal(h.Time.GetUtcNow().UtcDateTime, row.SentUtc);
            Assert.Contains(h.Connector.Requests, r => r.Text == $"nudge-{row.PersonId}");
            Assert.Matches("^17957073078\\d\\d$", row.SentActivityId);
        }

        Assert.Equal(DeliveryStatus.Pending, rows[3].Status);
        Assert.Equal(0, (await h.Dispatcher.DispatchDueAsync()).Sent); // nothing due, nothing resent
        h.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, (await h.Dispatcher.DispatchDueAsync()).Sent);
        Assert.Equal(4, h.Connector.Requests.Count);
    }

    [Fact]
    public async Task Two_dispatchers_at_once_never_send_a_message_twice()
    {
        await using var h = await DeliveryHarness.StartAsync(new(Fast) { ["Delivery:BatchSize"] = "7", ["Delivery:MaxConcurrency"] = "4" });
        var people = await PeopleAsync(h, 120);
        await h.EnqueueAsync(people.Select(p => (p.Id, $"n{p.Id}")));

        var one = h.Dispatcher;
        var two = h.NewDispatcher();
        var summaries = await Task.WhenAll(Task.Run(() => one.DispatchDueAsync()), Task.Run(() => two.DispatchDueAsync()));

        Assert.Equal(120, summaries.Sum(s => s.Sent));
        Assert.Equal(120, h.Connector.Requests.Count);
        AssertEachOnce(h.Connector, people.Select(p => $"n{p.Id}"));
        var rows = await h.LedgerAsync();
        Assert.All(rows, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        Assert.All(rows, r => Assert.Equal(1, r.Attempts));
    }

    [Fact]
    public async Task Racing_claims_never_hand_the_same_row_to_both()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var people = await PeopleAsync(h, 60);
        await h.EnqueueAsync(people.Select(p => (p.Id, $"n{p.Id}")));
        var one = h.Dispatcher;
        var two = h.NewDispatcher();

        var claimed = new List<long>();
        for (var round = 0; round < 6; round++)
        {
            var both = await Task.WhenAll(Task.Run(() => one.ClaimAsync(10, default)), Task.Run(() => two.ClaimAsync(10, default)));
            claimed.AddRange(both.SelectMany(b => b).Select(e => e.Id));
        }

        Assert.Equal(60, claimed.Count);
        Assert.Equal(60, claimed.Distinct().Count());
        var rows = await h.LedgerAsync();
        Assert.All(rows, r => Assert.Equal(DeliveryStatus.Claimed, r.Status));
        Assert.Equal(2, rows.Select(r => r.ClaimedBy!.Split('#')[0]).Distinct().Count());
    }

    [Fact]
    public async Task A_dispatcher_that_dies_after_claiming_leaves_rows_that_are_sent_once_after_the_lease()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var people = await PeopleAsync(h, 5);
        await h.EnqueueAsync(people.Select(p => (p.Id, $"n{p.Id}")));

        var dead = h.NewDispatcher();
        Assert.Equal(5, (await dead.ClaimAsync(10, default)).Count); // ...and the process is gone

        var survivor = h.Dispatcher;
        Assert.Equal(0, (await survivor.DispatchDueAsync()).Sent); // still leased
        Assert.Empty(h.Connector.Requests);

        h.Time.Advance(TimeSpan.FromMinutes(5));
        var summary = await survivor.DispatchDueAsync();

        Assert.Equal(5, summary.Sent);
        AssertEachOnce(h.Connector, people.Select(p => $"n{p.Id}"));
        Assert.All(await h.LedgerAsync(), r => Assert.Equal((DeliveryStatus.Sent, 2), (r.Status, r.Attempts)));
    }

    [Fact]
    public async Task A_dispatcher_that_dies_after_sending_before_marking_does_not_cause_a_second_send()
    {
        await using var h = await DeliveryHarness.StartAsync(new() { ["Delivery:MaxConcurrency"] = "1" });
        var person = (await PeopleAsync(h, 1))[0];
        await h.EnqueueAsync([(person.Id, "deadline today")]);

        // Teams receives the activity; the process dies before the answer comes back.
        using var crash = new CancellationTokenSource();
        h.Connector.OnRequest = _ =>
        {
            crash.Cancel();
            return Task.CompletedTask;
        };
        var dying = h.NewDispatcher();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dying.DispatchDueAsync(crash.Token));
        h.Connector.OnRequest = null;
        await h.Connector.WaitUntilAsync(r => r.Count == 1);
        Assert.Equal(DeliveryStatus.Sending, Assert.Single(await h.LedgerAsync()).Status);

        Assert.Equal(0, (await h.Dispatcher.DispatchDueAsync()).Sent);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        var summary = await h.Dispatcher.DispatchDueAsync();

        Assert.Equal((0, 1), (summary.Sent, summary.Unconfirmed));
        Assert.Single(h.Connector.Requests, r => r.Text == "deadline today");
        var row = Assert.Single(await h.LedgerAsync());
        Assert.Equal(DeliveryStatus.Unconfirmed, row.Status);
        Assert.Contains("may have arrived", row.LastError);
        Assert.Equal(0, (await h.Dispatcher.DispatchDueAsync()).Sent);
        Assert.Single(h.Connector.Requests);
    }

    [Fact]
    public async Task Stopping_before_anything_left_gives_the_rows_back_at_once()
    {
        await using var h = await DeliveryHarness.StartAsync(new() { ["Delivery:MaxConcurrency"] = "2" });
        var people = await PeopleAsync(h, 3);
        await h.EnqueueAsync(people.Select(p => (p.Id, $"n{p.Id}")));
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Dispatcher.DispatchDueAsync(stop.Token));

        Assert.Empty(h.Connector.Requests);
        Assert.Equal(3, (await h.NewDispatcher().DispatchDueAsync()).Sent);
    }

    [Fact]
    public async Task A_retryable_failure_goes_back_to_pending_and_is_sent_later()
    {
        await using var h = await DeliveryHarness.StartAsync(new() { ["Bot:MaxRetryAttempts"] = "0", ["Delivery:RetryBaseDelay"] = "00:00:30" });
        var person = (await PeopleAsync(h, 1))[0];
        await h.EnqueueAsync([(person.Id, "n")]);
        h.Connector.Script.Enqueue(new FakeAnswer(503));

        var first = await h.Dispatcher.DispatchDueAsync();

        Assert.Equal((0, 1), (first.Sent, first.Retried));
        var row = Assert.Single(await h.LedgerAsync());
        Assert.Equal(DeliveryStatus.Pending, row.Status);
        Assert.Contains("503", row.LastError);
        Assert.InRange(row.NextAttemptUtc!.Value - h.Time.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(24), TimeSpan.FromSeconds(36));
        Assert.Equal(0, (await h.Dispatcher.DispatchDueAsync()).Sent);

        h.Time.Advance(TimeSpan.FromSeconds(36));
        Assert.Equal(1, (await h.Dispatcher.DispatchDueAsync()).Sent);
        Assert.Equal([503, 201], h.Connector.Requests.Select(r => r.Status));
        Assert.Equal((DeliveryStatus.Sent, 2), ((await h.LedgerAsync())[0].Status, (await h.LedgerAsync())[0].Attempts));
    }

    [Fact]
    public async Task A_long_Retry_After_pauses_the_whole_dispatcher()
    {
        await using var h = await DeliveryHarness.StartAsync(new() { ["Delivery:MaxConcurrency"] = "1", ["Bot:MaxRetryAfter"] = "00:00:30" });
        var people = await PeopleAsync(h, 5);
        await h.EnqueueAsync(people.Select(p => (p.Id, $"n{p.Id}")));
        h.Connector.Script.Enqueue(new FakeAnswer(429, RetryAfter: "120"));

        var paused = await h.Dispatcher.DispatchDueAsync();

        Assert.Equal((0, 1, 4), (paused.Sent, paused.Retried, paused.Released));
        Assert.Single(h.Connector.Requests); // nothing else was tried during the pause
        var until = h.Time.GetUtcNow().UtcDateTime.AddSeconds(120);
        Assert.All(await h.LedgerAsync(), r => Assert.True(r.Status == DeliveryStatus.Pending && r.NextAttemptUtc >= until));
        Assert.All(await h.LedgerAsync(), r => Assert.True(r.Attempts <= 1));

        h.Time.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(0, (await h.Dispatcher.DispatchDueAsync()).Sent);
        h.Time.Advance(TimeSpan.FromSeconds(60));
        await h.DispatchUntilAsync(rows => rows.All(r => r.Status == DeliveryStatus.Sent), TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(5));
        AssertEachOnce(h.Connector, people.Select(p => $"n{p.Id}"));
    }

    [Fact]
    public async Task A_blocked_person_is_marked_unreachable_and_city_staff_are_told_once()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var liaison = await h.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang", phone: "0395-7654321");
        var staff = await h.AddPersonAsync("李科员", PersonRole.CityStaff, "luohe");
        var admin = await h.AddPersonAsync("Admin Zhang", PersonRole.CityAdmin, "luohe", language: "en-US");
        var otherCounty = await h.AddPersonAsync("赵其他", PersonRole.CountyResponsible, "linying");
        var blocked = (await h.PersonalReferenceAsync(liaison.Id))!.ConversationId;
        h.Connector.ConversationAnswers[blocked] = new FakeAnswer(403, Code: "ConversationBlockedByUser");
        await h.EnqueueAsync([(liaison.Id, "报告今天到期")]);

        var summary = await h.Dispatcher.DispatchDueAsync();

        Assert.Equal((1, 2), (summary.Unreachable, summary.Sent)); // the notices go out in the same run
        var rows = await h.LedgerAsync();
        Assert.Equal(DeliveryStatus.Unreachable, rows[0].Status);
        Assert.Contains("ConversationBlockedByUser", rows[0].LastError);
        var notices = rows.Where(r => r.Kind == UnreachableNotice.Kind).ToList();
        Assert.Equal([staff.Id, admin.Id], notices.Select(n => n.PersonId).Order());
        Assert.All(notices, n => Assert.Equal(DeliveryStatus.Sent, n.Status));

        var toStaff = h.Connector.Requests.Single(r => r.ConversationId == (h.PersonalReferenceAsync(staff.Id).Result!.ConversationId)).Text;
        var toAdmin = h.Connector.Requests.Single(r => r.ConversationId == (h.PersonalReferenceAsync(admin.Id).Result!.ConversationId)).Text;
        Assert.Equal("无法通过 Teams 联系到王联络（舞阳县应急管理局）：该人员已屏蔽本应用。发给该人员的提醒无法送达，请通过其他方式联系。联系电话：0395-7654321。", toStaff);
        Assert.Equal("王联络 (Wuyang County) cannot be reached in Teams: they blocked the app. Reminders to them are not being delivered; please contact them another way. Phone: 0395-7654321.", toAdmin);
        Assert.DoesNotContain(h.Connector.Requests, r => r.ConversationId == h.PersonalReferenceAsync(otherCounty.Id).Result!.ConversationId);
        Assert.NotNull((await h.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == liaison.Id))).UnreachableSinceUtc);

        // The next nudge to the same person fails the same way: no second notice.
        h.Time.Advance(TimeSpan.FromDays(1));
        await h.EnqueueAsync([(liaison.Id, "报告已逾期1天")]);
        var next = await h.Dispatcher.DispatchDueAsync();
        Assert.Equal((1, 0), (next.Unreachable, next.Sent));
        Assert.Equal(2, (await h.LedgerAsync()).Count(r => r.Kind == UnreachableNotice.Kind));
    }

    [Fact]
    public async Task A_person_who_never_installed_the_app_is_reported_to_city_staff()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var liaison = await h.AddPersonAsync("孙新人", PersonRole.CountyLiaison, "yancheng", DeliveryHarness.Reach.Never);
        var staff = await h.AddPersonAsync("李科员", PersonRole.CityStaff, "luohe");
        await h.EnqueueAsync([(liaison.Id, "n")]);

        var summary = await h.Dispatcher.DispatchDueAsync();

        Assert.Equal((1, 1), (summary.Unreachable, summary.Sent));
        var notice = Assert.Single(h.Connector.Requests);
        Assert.Equal("无法通过 Teams 联系到孙新人（郾城区应急管理局）：该人员尚未在 Teams 中安装本应用。发给该人员的提醒无法送达，请通过其他方式联系。", notice.Text);
        Assert.Equal((await h.PersonalReferenceAsync(staff.Id))!.ConversationId, notice.ConversationId);
    }

    [Fact]
    public async Task Throttling_and_failures_for_a_while_still_deliver_everything_within_Teams_limits()
    {
        await using var h = await DeliveryHarness.StartAsync(new() { ["Delivery:RetryBaseDelay"] = "00:00:02" });
        var people = await PeopleAsync(h, 130);
        // Two nudges for some people: their conversation sees more than one send.
        await h.EnqueueAsync(people.Select(p => (p.Id, $"a{p.Id}")).Concat(people.Take(20).Select(p => (p.Id, $"b{p.Id}"))));
        h.Connector.Limits = new FakeTeamsLimits(TenantPerSecond: 50, ConversationPerSecond: 7);
        h.Connector.Seed(7);
        h.Connector.Inject429Rate = 0.03;
        h.Connector.Inject503Rate = 0.05;

        await h.DispatchUntilAsync(rows => rows.All(r => r.Status == DeliveryStatus.Sent), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));

        AssertEachOnce(h.Connector, people.Select(p => $"a{p.Id}").Concat(people.Take(20).Select(p => $"b{p.Id}")));
        Assert.True(h.Connector.Injected429 > 0 && h.Connector.Injected503 > 0);
        Assert.Equal(0, h.Connector.Limited429); // the dispatcher itself never went over
        var accepted = h.Connector.Requests.Where(r => r.Status == 201).Select(r => r.ReceivedUtc).Order().ToList();
        Assert.All(accepted, t => Assert.True(accepted.Count(u => u > t - TimeSpan.FromSeconds(1) && u <= t) <= 50));
    }
}
