using GuidanceBot.Bot.Delivery;
using GuidanceBot.Bot.Nudges;
using GuidanceBot.Bot.Tests.Delivery;
using GuidanceBot.Data;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Seed;
using GuidanceBot.Testing;
using GuidanceBot.Testing.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Tests.Nudges;

/// <summary>
/// The nudge planner and the real delivery dispatcher over a real migrated SQLite file, sending to a fake
/// Connector on loopback, with one clock the test moves. One host for the whole test: no restarts.
/// </summary>
internal sealed class NudgeHarness : IAsyncDisposable
{
    public const string Tenant = "00000000-0000-0000-0000-0000000000001";
    public static readonly TimeSpan China = TimeSpan.FromHours(8);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "guidancebot-tests", Guid.NewGuid().ToString("N"));
    private int _nextUser;

    public TestClock Time { get; } = new(new DateTimeOffset(2021, 12, 31, 0, 0, 0, TimeSpan.Zero));
    public FakeConnector Connector { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;
    public DeliveryDispatcher Dispatcher => Services.GetRequiredService<DeliveryDispatcher>();

    /// <summary>Conversation id → person name, to read the Connector's requests.</summary>
    public Dictionary<string, string> Conversations { get; } = [];

    public static async Task<NudgeHarness> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var h = new NudgeHarness();
        h.Connector = await FakeConnector.StartAsync(h.Time);
        h.Services = await DeliveryHarness.BuildServicesAsync(h.Time, h._folder, null, settings, (services, configuration) =>
        {
            services.AddNudges(configuration);
            // The steps the year's script takes tell people too (a return); those notices are the flows' tests', not the nudges'.
            services.RemoveAll<INoticeOutbox>();
            services.AddSingleton<INoticeOutbox, DiscardingNoticeOutbox>();
        });
        // The seeded 2022 setup without its filing dates: a test about other nudges gets no filing nudges; one about filings sets its own.
        await h.WithDbAsync(db => db.YearSetups.ExecuteUpdateAsync(u => u.SetProperty(s => s.PlanFilingDue, (DateOnly?)null)
            .SetProperty(s => s.ApprovalFilingDue, (DateOnly?)null).SetProperty(s => s.PublicationDue, (DateOnly?)null)));
        return h;
    }

    /// <summary>Sets the clock to a China local time.</summary>
    public void SetLocal(DateOnly day, int hour, int minute = 0)
    {
        var target = new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute)), China);
        var delta = target - Time.GetUtcNow();
        Assert.True(delta >= TimeSpan.Zero, $"the clock only moves forward ({Time.GetUtcNow()} → {target})");
        Time.Advance(delta);
    }

    public DateTimeOffset LocalNow => Time.GetUtcNow().ToOffset(China);

    public async Task<NudgePlan> PlanAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NudgePlanner>().PlanAsync();
    }

    public async Task WithDbAsync(Func<GuidanceDbContext, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<GuidanceDbContext>());
    }

    public async Task<T> WithDbAsync<T>(Func<GuidanceDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<GuidanceDbContext>());
    }

    public async Task WithScopeAsync(Func<IServiceProvider, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }

    /// <summary>A person with a 1:1 conversation the bot has seen.</summary>
    public async Task<Person> AddPersonAsync(string name, PersonRole role, string unitCode, string? language = null, bool muted = false)
    {
        return await WithDbAsync(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Code == unitCode);
            var person = new Person
            {
                Name = name, Role = role, UnitId = unit.Id, TenantId = Tenant, PreferredLanguage = language, MutedOptionalNudges = muted,
            };
            db.People.Add(person);
            await db.SaveChangesAsync();
            var user = $"29:user-{Interlocked.Increment(ref _nextUser)}";
            var now = Time.GetUtcNow().UtcDateTime;
            var conversation = "a:conv-" + user;
            db.ConversationReferences.Add(new ConversationReference
            {
                PersonId = person.Id,
                ChannelId = "msteams",
                ServiceUrl = Connector.ServiceUrl,
                ConversationId = conversation,
                ConversationType = "personal",
                TenantId = Tenant,
                UserId = user,
                AadObjectId = Guid.NewGuid().ToString(),
                BotId = "28:00000000-0000-0000-0000-00000000000011",
                FirstSeenUtc = now,
                LastSeenUtc = now,
            });
            await db.SaveChangesAsync();
            Conversations[conversation] = name;
            return person;
        });
    }

    public Task<List<DeliveryLedgerEntry>> LedgerAsync() =>
        WithDbAsync(db => db.DeliveryLedger.AsNoTracking().OrderBy(e => e.Id).ToListAsync());

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Connector.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
