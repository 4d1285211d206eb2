using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Api.Jobs;
using GuidanceBot.Data;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Testing;
using GuidanceBot.Testing.Fakes;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Api.Tests.Jobs;

/// <summary>
/// The Hangfire jobs in the real host: their schedule in China time, and the weekly list and the monthly review
/// they compile and send through the real dispatcher to the fake Connector, for the hand-computed April and
/// May 2022 of <c>ReviewCompilerTests</c>.
/// </summary>
public class NudgeJobsTests : IAsyncLifetime
{
    private BotHostFactory _host = null!;
    private readonly Dictionary<string, string> _conversations = [];

    public async Task InitializeAsync() => _host = await BotHostFactory.StartAsync(settings: new() { ["PublicLinks:BaseUrl"] = "https://guidance.example.cn/" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void The_recurring_jobs_run_every_minute_and_at_nine_china_time()
    {
        var storage = _host.Services.GetRequiredService<JobStorage>();
        using var connection = storage.GetConnection();
        var jobs = connection.GetRecurringJobs().ToDictionary(j => j.Id);

        Assert.Equal("* * * * *", jobs[DeliveryDispatchJob.Id].Cron);
        Assert.Equal("0 9 * * *", jobs[NudgePlannerJob.Id].Cron);
        Assert.Equal("0 9 * * 1", jobs[WeeklyAssignmentJob.Id].Cron);
        Assert.Equal("0 9 * * *", jobs[MonthlyReviewJob.Id].Cron);
        foreach (var id in new[] { NudgePlannerJob.Id, WeeklyAssignmentJob.Id, MonthlyReviewJob.Id })
        {
            Assert.Equal("Asia/Shanghai", jobs[id].TimeZoneId);
            // 09:00 in Shanghai is 01:00 UTC, whatever the server's own zone.
            Assert.Equal(new TimeSpan(1, 0, 0), jobs[id].NextExecution!.Value.TimeOfDay);
        }
        Assert.Equal(DayOfWeek.Monday, jobs[WeeklyAssignmentJob.Id].NextExecution!.Value.AddHours(8).DayOfWeek);
    }

    private async Task<Dictionary<string, Person>> ScriptMayAsync()
    {
        var people = new Dictionary<string, Person>();
        await _host.WithDbAsync(async db =>
        {
            var units = await db.Units.ToDictionaryAsync(u => u.Code, u => u.Id);
            foreach (var (name, role, unit, language) in new[]
                     {
                         ("王芳", PersonRole.CityStaff, "luohe", (string?)null), ("Admin Li", PersonRole.CityAdmin, "luohe", "en-US"),
                         ("舞阳联络员", PersonRole.CountyLiaison, "wuyang", null), ("临颍联络员", PersonRole.CountyLiaison, "linying", null),
                         ("源汇联络员", PersonRole.CountyLiaison, "yuanhui", null), ("舞阳负责人", PersonRole.CountyResponsible, "wuyang", null),
                     })
            {
                var person = new Person { Name = name, Role = role, UnitId = units[unit], TenantId = BotHostFactory.Tenant, PreferredLanguage = language, AadObjectId = Guid.NewGuid().ToString() };
                db.People.Add(person);
                await db.SaveChangesAsync();
                var conversation = "a:conv-" + person.Id;
                db.ConversationReferences.Add(new ConversationReference
                {
                    PersonId = person.Id, ChannelId = "msteams", ServiceUrl = _host.ServiceUrl, ConversationId = conversation,
                    ConversationType = "personal", TenantId = BotHostFactory.Tenant, UserId = "29:" + person.AadObjectId, AadObjectId = person.AadObjectId,
                    BotId = "28:" + BotHostFactory.AppId, FirstSeenUtc = _host.Clock.GetUtcNow().UtcDateTime, LastSeenUtc = _host.Clock.GetUtcNow().UtcDateTime,
                });
                _conversations[conversation] = name;
                people[name] = person;
            }

            // The hand-computed items of ReviewCompilerTests (see the comments there).
            void Item(string key, string unit, string assigned, string due, string? closed) => db.Assignments.Add(new AssignmentItem
            {
                SubjectKey = key, Title = "事项" + key, UnitId = units[unit], Year = 2022, Kind = AssignmentKind.VisitProblem,
                AssignedOn = DateOnly.Parse(assigned, CultureInfo.InvariantCulture), DueDate = DateOnly.Parse(due, CultureInfo.InvariantCulture),
                ClosedOn = closed is null ? null : DateOnly.Parse(closed, CultureInfo.InvariantCulture), OwnerName = "联络员",
            });
            Item("A", "wuyang", "2022-04-20", "2022-05-10", "2022-05-09");
            Item("B", "wuyang", "2022-05-05", "2022-05-20", "2022-05-25");
            Item("C", "wuyang", "2022-05-06", "2022-05-15", null);
            Item("D", "wuyang", "2022-05-20", "2022-06-15", null);
            Item("E", "wuyang", "2022-03-01", "2022-03-31", "2022-04-02");
            Item("F", "linying", "2022-05-10", "2022-05-31", "2022-05-31");
            Item("G", "linying", "2022-04-01", "2022-04-30", null);
            await db.SaveChangesAsync();
        });
        return people;
    }

    private void SetLocal(int month, int day, int hour = 9)
    {
        var target = new DateTimeOffset(2022, month, day, hour, 0, 0, TimeSpan.FromHours(8));
        _host.Clock.Advance(target - _host.Clock.GetUtcNow());
    }

    private async Task<T> RunAsync<T>(Func<IServiceProvider, Task<T>> job)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await job(scope.ServiceProvider);
    }

    private Task DispatchAsync() => RunAsync(sp => sp.GetRequiredService<DeliveryDispatchJob>().RunAsync(CancellationToken.None));

    private List<(string Person, JsonObject Card)> Received(int skip = 0) => _host.Connector.Requests.Skip(skip)
        .Select(r => (_conversations[r.ConversationId!], r.Body!["attachments"]![0]!["content"]!.AsObject())).ToList();

    /// <summary>The card's download link opens its XLSX from a browser, which carries no bearer token.</summary>
    private async Task AssertOpensXlsxAsync(JsonObject card)
    {
        var link = card["actions"]!.AsArray().Select(a => a!["url"]?.GetValue<string>()).Single(u => u is not null)!;
        Assert.StartsWith("https://guidance.example.cn/files/", link);
        var xlsx = await _host.Http.GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal((System.Net.HttpStatusCode.OK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (xlsx.StatusCode, xlsx.Content.Headers.ContentType?.MediaType));
    }

    private static List<string> Rows(JsonObject card, int table = 0) =>
        card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "Table").ElementAt(table)!["rows"]!.AsArray().Skip(1)
            .Select(r => string.Join("|", r!["cells"]!.AsArray().Select(c => c!["items"]![0]!["text"]!.GetValue<string>()))).ToList();

    /// <summary>Every ledger row's status and send time, for the rows created since <paramref name="after"/>.</summary>
    private Task<List<(DeliveryStatus Status, DateTime? SentUtc)>> LedgerAsync(DateTime after) =>
        RunAsync(async sp => (await sp.GetRequiredService<GuidanceDbContext>().DeliveryLedger.Where(e => e.CreatedUtc >= after)
            .Select(e => new { e.Status, e.SentUtc }).ToListAsync()).Select(e => (e.Status, e.SentUtc)).ToList());

    [Fact]
    public async Task What_the_nine_oclock_jobs_queue_goes_out_at_nine_not_with_the_next_minutes_run()
    {
        await ScriptMayAsync();

        // Monday 28 March, 09:00: three working days before the plan and the approval (31 March), and the weekly list.
        SetLocal(3, 28);
        var nine = _host.Clock.GetUtcNow().UtcDateTime;
        await DispatchAsync(); // the minute's send run, started beside the planner: nothing is queued yet
        Assert.Empty(_host.Connector.Requests);

        var plan = await RunAsync(sp => sp.GetRequiredService<NudgePlannerJob>().RunAsync(CancellationToken.None));
        var week = await RunAsync(sp => sp.GetRequiredService<WeeklyAssignmentJob>().RunAsync(CancellationToken.None));

        // Sent by the jobs themselves, the clock still at 09:00:00: no row waits for 09:01.
        var rows = await LedgerAsync(nine);
        Assert.Equal(plan.Queued + week.Queued, rows.Count);
        Assert.Equal(6, plan.Queued); // wuyang, linying and yuanhui liaisons: plan and approval
        Assert.All(rows, r => Assert.Equal((DeliveryStatus.Sent, (DateTime?)nine), r));
        Assert.Equal(rows.Count, _host.Connector.Requests.Count);

        // The monthly review on the first working day of April, likewise.
        SetLocal(4, 1);
        var april = _host.Clock.GetUtcNow().UtcDateTime;
        var month = await RunAsync(sp => sp.GetRequiredService<MonthlyReviewJob>().RunAsync(CancellationToken.None));
        Assert.Equal(2, month!.Queued);
        Assert.All(await LedgerAsync(april), r => Assert.Equal((DeliveryStatus.Sent, (DateTime?)april), r));
    }

    [Fact]
    public async Task The_monthly_review_goes_to_city_staff_on_the_first_working_day_with_the_hand_computed_ranking()
    {
        await ScriptMayAsync();

        SetLocal(5, 4); // 劳动节: not a working day
        Assert.Null(await RunAsync(sp => sp.GetRequiredService<MonthlyReviewJob>().RunAsync(CancellationToken.None)));
        SetLocal(5, 5); // the first working day of May: April's review
        Assert.Equal(4, (await RunAsync(sp => sp.GetRequiredService<MonthlyReviewJob>().RunAsync(CancellationToken.None)))!.Month);
        await DispatchAsync();
        SetLocal(5, 6); // a later day: nothing again
        Assert.Null(await RunAsync(sp => sp.GetRequiredService<MonthlyReviewJob>().RunAsync(CancellationToken.None)));
        await DispatchAsync();
        var april = Received();
        Assert.Equal(["Admin Li", "王芳"], april.Select(r => r.Person).Order());

        SetLocal(6, 1); // Wednesday 1 June: May's review
        var may = await RunAsync(sp => sp.GetRequiredService<MonthlyReviewJob>().RunAsync(CancellationToken.None));
        var retry = await RunAsync(sp => sp.GetRequiredService<MonthlyReviewJob>().RunAsync(CancellationToken.None)); // a Hangfire retry
        Assert.Equal((may!.SnapshotId, 5, 2, 0), (retry!.SnapshotId, may.Month, may.Queued, retry.Queued));
        await DispatchAsync();

        var sent = Received(april.Count);
        Assert.Equal(["Admin Li", "王芳"], sent.Select(r => r.Person).Order());
        var zh = sent.Single(r => r.Person == "王芳").Card;
        Assert.Equal("2022年5月 月讲评", zh["body"]![0]!["text"]!.GetValue<string>());
        var ranking = Rows(zh);
        Assert.Equal("5|临颍县应急管理局|50.0%|—", ranking[4]);
        Assert.Equal("6|舞阳县应急管理局|33.3%|+33.3%", ranking[5]);
        Assert.All(ranking.Take(4), r => Assert.StartsWith("1|", r));  // the four units with nothing due share the first place
        Assert.Contains("舞阳县应急管理局|3|1|1|1|1", Rows(zh, 1));
        Assert.Contains("临颍县应急管理局|1|1|0|1|0", Rows(zh, 1));
        var overdue = zh["body"]!.AsArray().Select(e => e!["text"]?.GetValue<string>()).Where(t => t?.StartsWith("• ") == true).ToList();
        Assert.Equal(["• 临颍县应急管理局 · 事项G · 截止 2022-04-30 · 逾期 31 天", "• 舞阳县应急管理局 · 事项C · 截止 2022-05-15 · 逾期 16 天"], overdue);
        await AssertOpensXlsxAsync(zh);

        var en = sent.Single(r => r.Person == "Admin Li").Card;
        Assert.Equal("Monthly review 5/2022", en["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("6|Wuyang County|33.3%|+33.3%", Rows(en)[5]);
    }

    [Fact]
    public async Task The_weekly_list_goes_whole_to_city_staff_and_in_parts_to_each_units_liaisons()
    {
        await ScriptMayAsync();

        SetLocal(5, 16); // Monday
        var week = await RunAsync(sp => sp.GetRequiredService<WeeklyAssignmentJob>().RunAsync(CancellationToken.None));
        var retry = await RunAsync(sp => sp.GetRequiredService<WeeklyAssignmentJob>().RunAsync(CancellationToken.None)); // a Hangfire retry
        Assert.Equal((week.SnapshotId, 4, 0), (retry.SnapshotId, week.Queued, retry.Queued));
        // Hangfire stores a job's result: it must serialize.
        Assert.Contains("\"WeekStart\":\"2022-05-16\"", Hangfire.Common.SerializationHelper.Serialize(week, Hangfire.Common.SerializationOption.User));
        await DispatchAsync();

        var sent = Received();
        Assert.Equal(["Admin Li", "临颍联络员", "王芳", "舞阳联络员"], sent.Select(r => r.Person).Order(StringComparer.Ordinal));
        var city = sent.Single(r => r.Person == "王芳").Card;
        Assert.Equal("周交办 2022年第 1 期（2022年5月16日）", city["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(
            ["1|舞阳县应急管理局|[指导发现问题] 事项C（责任人：联络员）|2022-05-15|逾期",
             "2|舞阳县应急管理局|[指导发现问题] 事项B（责任人：联络员）|2022-05-20|在办",
             "3|临颍县应急管理局|[指导发现问题] 事项G（责任人：联络员）|2022-04-30|逾期",
             "4|临颍县应急管理局|[指导发现问题] 事项F（责任人：联络员）|2022-05-31|新增"],
            Rows(city));
        await AssertOpensXlsxAsync(city);
        Assert.Equal([1, 2], Rows(sent.Single(r => r.Person == "舞阳联络员").Card).Select(r => int.Parse(r.Split('|')[0], CultureInfo.InvariantCulture)));
        Assert.Equal([3, 4], Rows(sent.Single(r => r.Person == "临颍联络员").Card).Select(r => int.Parse(r.Split('|')[0], CultureInfo.InvariantCulture)));
        Assert.All(_host.Connector.Requests, r => Assert.True(r.Body!["channelData"]!["notification"]!["alert"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task A_weekly_list_whose_monday_is_a_holiday_goes_out_on_the_weeks_first_working_day()
    {
        await ScriptMayAsync();

        SetLocal(10, 3); // 国庆: Monday 3 October is a day off; the week's first working day is the make-up Saturday 8 October
        await RunAsync(sp => sp.GetRequiredService<WeeklyAssignmentJob>().RunAsync(CancellationToken.None));
        await DispatchAsync();
        Assert.Empty(_host.Connector.Requests);

        SetLocal(10, 8, hour: 8);
        await DispatchAsync();
        Assert.Empty(_host.Connector.Requests);

        SetLocal(10, 8);
        await DispatchAsync();
        Assert.Equal(4, _host.Connector.Requests.Count);
        var snapshot = await RunAsync(sp => sp.GetRequiredService<GuidanceDbContext>().WeeklySnapshots.SingleAsync());
        Assert.Equal(new DateOnly(2022, 10, 3), snapshot.WeekStart);
    }
}
