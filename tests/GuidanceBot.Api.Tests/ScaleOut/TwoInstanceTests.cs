using System.Net;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Delivery;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GuidanceBot.Api.Tests.ScaleOut;

/// <summary>
/// Issue 17: two instances on one PostgreSQL database agree. The same activity delivered to both is handled once;
/// letters issued at once on both are numbered without gaps or repeats; 2,000 nudges dispatched by both go out once
/// each, one instance's run at a time (its turn ends with its session); a write on one is seen by the other's caches within the 5 s promised; keys and attachments are shared.
/// </summary>
public sealed class TwoInstanceTests
{
    [PostgreSqlFact]
    public async Task The_same_activity_delivered_to_both_instances_is_handled_once()
    {
        await using var two = await TwoInstances.StartAsync();
        await two.A.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");

        for (var round = 0; round < 5; round++)
        {
            var id = $"retried-{round}";
            var toA = two.A.Sample("message-personal.json", "menu", id);
            var toB = two.B.Sample("message-personal.json", "menu", id);
            toB["conversation"] = toA["conversation"]!.DeepClone();

            // Teams retries at the other instance while the first is still answering.
            var answers = await Task.WhenAll(two.A.PostAsync(toA, two.A.ValidToken()), two.B.PostAsync(toB, two.B.ValidToken()));
            Assert.All(answers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        }

        // A last, different activity to each: once both are answered, no late reply to the retries is pending.
        await two.A.PostAsync(two.A.Sample("message-personal.json", "menu", "last-a"), two.A.ValidToken());
        await two.B.PostAsync(two.B.Sample("message-personal.json", "menu", "last-b"), two.B.ValidToken());
        await two.A.Connector.WaitUntilAsync(r => r.Any(q => q.Body?["replyToId"]?.GetValue<string>() == "last-a"));
        await two.B.Connector.WaitUntilAsync(r => r.Any(q => q.Body?["replyToId"]?.GetValue<string>() == "last-b"));

        var replies = two.A.Connector.Requests.Concat(two.B.Connector.Requests)
            .Where(q => q.Body?["attachments"] is not null)
            .GroupBy(q => q.Body?["replyToId"]?.GetValue<string>())
            .ToDictionary(g => g.Key ?? "", g => g.Count());
        for (var round = 0; round < 5; round++)
        {
            Assert.Equal(1, replies.GetValueOrDefault($"retried-{round}"));
        }
        Assert.Equal(7, (await two.A.CountStoredAsync()).Processed);
    }

    [PostgreSqlFact]
    public async Task Letters_issued_at_once_on_both_instances_are_numbered_without_gaps_or_repeats()
    {
        await using var two = await TwoInstances.StartAsync();
        var staff = Actor.From(await two.A.AddPersonAsync("王科长", PersonRole.CityStaff, "luohe", aadObjectId: "staff-1"));
        var counties = new[] { "yuanhui", "yancheng", "shaoling", "wuyang", "linying", "jingkai" };
        var letters = new List<(int Id, Guid Version)>();
        await two.A.WithDbAsync(async db =>
        {
            var city = await db.Units.SingleAsync(u => u.Code == "luohe");
            foreach (var i in Enumerable.Range(0, 24))
            {
                var county = await db.Units.SingleAsync(u => u.Code == counties[i % counties.Length]);
                var letter = new OpinionLetter
                {
                    UnitId = county.Id, IssuerUnitId = city.Id, Year = 2022, Status = LetterStatus.Draft,
                    VisitDate = new DateOnly(2022, 2, 28), ReportDeadline = new DateOnly(2022, 3, 31),
                    CityContactName = "王科长", CityContactPhone = "0395-0000000", CountyResponsibleName = "李局长",
                    Problems = [new LetterProblem { Order = 1, Problem = "问题", Opinion = "意见" }],
                };
                db.Letters.Add(letter);
                await db.SaveChangesAsync();
                letters.Add((letter.Id, letter.Version));
            }
        });

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var issues = letters.Select((letter, i) => Task.Run(async () =>
        {
            var host = i % 2 == 0 ? two.A : two.B;
            await start.Task;
            await using var scope = host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<LetterWorkflow>().IssueAsync(letter.Id, letter.Version, staff);
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(issues);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        await two.B.WithDbAsync(async db =>
        {
            Assert.Equal(Enumerable.Range(1, 24), await db.Letters.Select(l => l.Serial!.Value).OrderBy(s => s).ToListAsync());
            Assert.Equal(24, await db.Letters.Select(l => l.Number).Distinct().CountAsync());
            Assert.Equal(24, (await db.LetterNumberCounters.SingleAsync()).LastSerial);
        });
    }

    [PostgreSqlFact]
    public async Task Two_thousand_nudges_dispatched_by_both_instances_go_out_once_each_one_instance_at_a_time()
    {
        const int Count = 2000;
        await using var two = await TwoInstances.StartAsync();
        await two.A.WithDbAsync(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Code == "wuyang");
            // 100 tenants of 20 people: Teams' per-tenant limit (which each instance keeps for itself) is not what is measured.
            var people = Enumerable.Range(0, Count).Select(i => new Person
            {
                Name = $"联络员{i:D4}", Role = PersonRole.CountyLiaison, UnitId = unit.Id, TenantId = $"tenant-{i % 100}", AadObjectId = $"aad-{i}",
            }).ToList();
            db.People.AddRange(people);
            await db.SaveChangesAsync();
            var now = DateTime.UtcNow;
            db.ConversationReferences.AddRange(people.Select((p, i) => new ConversationReference
            {
                PersonId = p.Id, ChannelId = "msteams", ServiceUrl = two.Teams.ServiceUrl, ConversationId = $"a:conv-{i}",
                ConversationType = "personal", TenantId = p.TenantId, UserId = $"29:user-{i}", BotId = "28:" + BotHostFactory.AppId,
                FirstSeenUtc = now, LastSeenUtc = now,
            }));
            await db.SaveChangesAsync();
        });
        await using (var scope = two.A.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuidanceDbContext>();
            var ledger = scope.ServiceProvider.GetRequiredService<DeliveryLedger>();
            foreach (var id in await db.People.Where(p => p.Name.StartsWith("联络员")).Select(p => p.Id).ToListAsync())
            {
                await ledger.EnqueueAsync(db, new DeliveryKey(id, "rectification-due", $"rectification:{id}", "due-3"),
                    new Activity { Type = ActivityTypes.Message, Text = $"nudge {id}" });
            }
            await DeliveryLedger.SaveChangesAsync(db);
        }

        // Teams counts a tenant's sends from every instance, each instance's throttle only its own: one run at a time.
        // From the 300th message on, Teams holds every request, so A is stuck mid-run with its sends in flight.
        var dispatchers = new[] { two.A, two.B }.Select(h => h.Services.GetRequiredService<DeliveryDispatcher>()).ToArray();
        var sent = new int[2];
        var arrived = 0;
        var holding = true;
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        two.Teams.OnRequest = async r =>
        {
            if (r.Method == "POST" && r.ConversationId is not null && Interlocked.Increment(ref arrived) >= 300 && Volatile.Read(ref holding))
            {
                held.TrySetResult();
                await release.Task;
            }
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var first = dispatchers[0].DispatchDueAsync(timeout.Token);
        await held.Task.WaitAsync(timeout.Token);

        // While A has the turn, B's run leaves the queue to it and returns at once.
        Assert.Equal(0, (await dispatchers[1].DispatchDueAsync(timeout.Token).WaitAsync(TimeSpan.FromSeconds(30))).Sent);

        // A's connection to the database is lost (its process died, say): PostgreSQL ends the session and the turn with it,
        // and B's next run sends what A had not claimed.
        await using (var connection = new NpgsqlConnection(two.Database))
        {
            await connection.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid))::int FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                connection);
            Assert.Equal(1, await kill.ExecuteScalarAsync());
        }
        Volatile.Write(ref holding, false);
        sent[1] += (await dispatchers[1].DispatchDueAsync(timeout.Token)).Sent;
        Assert.True(sent[1] > 0, "B took over the queue");
        release.SetResult();
        sent[0] += (await first).Sent;

        // Then both instances' recurring runs, again and again, until nothing is left to send.
        while (true)
        {
            var runs = await Task.WhenAll(dispatchers.Select(d => d.DispatchDueAsync(timeout.Token)));
            for (var i = 0; i < 2; i++)
            {
                sent[i] += runs[i].Sent;
            }
            var open = 0;
            await two.A.WithDbAsync(async db => open = await db.DeliveryLedger.CountAsync(e => e.Status != DeliveryStatus.Sent));
            if (open == 0)
            {
                break;
            }
        }

        var posts = two.Teams.Requests.Where(r => r.Method == "POST" && r.ConversationId is not null).ToList();
        Assert.Equal(Count, posts.Count);                                        // none lost, none doubled
        Assert.Equal(Count, posts.Select(r => r.ConversationId).Distinct().Count());
        Assert.Equal(Count, sent[0] + sent[1]);
    }

    [PostgreSqlFact]
    public async Task A_person_registered_on_one_instance_is_known_to_the_other_within_five_seconds()
    {
        await using var two = await TwoInstances.StartAsync();
        var senders = two.B.Services.GetRequiredService<KnownSenders>();
        const string Aad = "00000000-0000-0000-0000-0000000000020";

        // B has looked the sender up (unknown) and remembers that answer.
        await using (var scope = two.B.Services.CreateAsyncScope())
        {
            Assert.Null(await senders.FindAsync(scope.ServiceProvider.GetRequiredService<GuidanceDbContext>(), BotHostFactory.Tenant, Aad));
        }

        await two.A.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang", Aad);
        var written = DateTime.UtcNow;

        Person? known = null;
        while (known is null && DateTime.UtcNow - written < TimeSpan.FromSeconds(5))
        {
            await using var scope = two.B.Services.CreateAsyncScope();
            known = await senders.FindAsync(scope.ServiceProvider.GetRequiredService<GuidanceDbContext>(), BotHostFactory.Tenant, Aad);
            if (known is null)
            {
                await Task.Delay(50); // polling a condition, bounded by the 5 s promised
            }
        }
        Assert.NotNull(known);
        Assert.Equal("王联络", known!.Name);
    }

    [PostgreSqlFact]
    public async Task A_plan_saved_on_one_instance_shows_in_the_others_cached_status_within_five_seconds()
    {
        await using var two = await TwoInstances.StartAsync();
        async Task<SubmissionStatus?> StatusOnBAsync()
        {
            await using var scope = two.B.Services.CreateAsyncScope();
            var overview = await scope.ServiceProvider.GetRequiredService<Data.Status.YearStatusQuery>().OverviewAsync(2022);
            return overview.Units.Single(u => u.UnitCode == "wuyang").Plan.Status;
        }

        Assert.Null(await StatusOnBAsync()); // computed and cached on B; B's clock does not move, so only a notice can refresh it
        await two.A.WithDbAsync(async db =>
        {
            db.AnnualPlans.Add(new AnnualPlan { UnitId = (await db.Units.SingleAsync(u => u.Code == "wuyang")).Id, Year = 2022, Status = SubmissionStatus.Draft });
            await db.SaveChangesAsync();
        });
        var written = DateTime.UtcNow;

        var status = await StatusOnBAsync();
        while (status is null && DateTime.UtcNow - written < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50); // polling a condition, bounded by the 5 s promised
            status = await StatusOnBAsync();
        }
        Assert.Equal(SubmissionStatus.Draft, status);
    }

    [PostgreSqlFact]
    public async Task A_document_link_signed_and_a_file_stored_on_one_instance_open_on_the_other()
    {
        await using var two = await TwoInstances.StartAsync();
        var token = two.A.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("scale-out").Protect("letter 7");
        Assert.Equal("letter 7", two.B.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("scale-out").Unprotect(token));

        var stored = await two.A.Services.GetRequiredService<FileStore>().SaveAsync(new MemoryStream("整改报告"u8.ToArray()), "report.txt", "text/plain", 1, null);
        await using var read = two.B.Services.GetRequiredService<FileStore>().Open(stored.Id);
        Assert.Equal("整改报告", await new StreamReader(read).ReadToEndAsync());
    }

    [PostgreSqlFact]
    public async Task Each_recurring_job_runs_once_per_schedule_across_both_instances()
    {
        // Every job every minute, the job servers polling every second: at the next minute each is due once.
        await using var two = await TwoInstances.StartAsync(new()
        {
            ["Jobs:RunServer"] = "true",
            ["Jobs:SchedulePollingInterval"] = "00:00:01",
            ["Jobs:DispatchCron"] = "* * * * *",
            ["Jobs:NudgeCron"] = "* * * * *",
            ["Jobs:WeeklyCron"] = "* * * * *",
            ["Jobs:MonthlyCron"] = "* * * * *",
        });
        string[] jobs = ["delivery-dispatch", "nudge-planner", "weekly-assignment", "monthly-review"];

        await using var connection = new NpgsqlConnection(two.Database);
        await connection.OpenAsync();
        async Task<Dictionary<string, int>> CreatedAsync()
        {
            await using var command = new NpgsqlCommand(
                "SELECT trim(both '\"' from value), count(*)::int FROM hangfire.jobparameter WHERE name = 'RecurringJobId' GROUP BY 1", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var counts = new Dictionary<string, int>();
            while (await reader.ReadAsync())
            {
                counts[reader.GetString(0)] = reader.GetInt32(1);
            }
            return counts;
        }

        // Until every job has been triggered once (the next minute, plus a poll), then 10 s more of both servers polling.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var created = await CreatedAsync();
        while (!jobs.All(j => created.GetValueOrDefault(j) >= 1) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            created = await CreatedAsync();
        }
        var triggeredAt = DateTime.UtcNow;
        if (triggeredAt.Second < 48)
        {
            await Task.Delay(TimeSpan.FromSeconds(10)); // still inside the same minute: a second trigger would be a double
            created = await CreatedAsync();
        }

        Assert.All(jobs, j => Assert.Equal(1, created.GetValueOrDefault(j)));
        Assert.DoesNotContain("nightly-backup", created.Keys); // PostgreSQL is backed up by its own tools
    }
}
