using GuidanceBot.Bot.Delivery;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Seed;
using GuidanceBot.Testing;
using GuidanceBot.Testing.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Bot.Tests.Delivery;

/// <summary>
/// The outbox on a real migrated SQLite file, the real Connector pipeline, a fake Connector on
/// loopback and a clock the test moves.
/// </summary>
internal sealed class DeliveryHarness : IAsyncDisposable
{
    public const string Tenant = "00000000-0000-0000-0000-0000000000001";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "guidancebot-tests", Guid.NewGuid().ToString("N"));
    private int _nextUser;

    public TestClock Time { get; } = new();
    public FakeConnector Connector { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;
    public DeliveryDispatcher Dispatcher => Services.GetRequiredService<DeliveryDispatcher>();
    public DeliveryLedger Ledger => Services.GetRequiredService<DeliveryLedger>();

    public static async Task<DeliveryHarness> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var h = new DeliveryHarness();
        h.Connector = await FakeConnector.StartAsync(h.Time);
        h.Services = await BuildServicesAsync(h.Time, h._folder, new() { ["Delivery:Lease"] = "00:05:00" }, settings);
        return h;
    }

    /// <summary>
    /// The real data and outbox services on a migrated SQLite file in <paramref name="folder"/>, in local mode,
    /// on the test's clock. Other harnesses (nudges) add their own services through <paramref name="more"/>.
    /// </summary>
    public static async Task<ServiceProvider> BuildServicesAsync(
        TimeProvider time, string folder, Dictionary<string, string?>? defaults, Dictionary<string, string?>? settings,
        Action<IServiceCollection, IConfiguration>? more = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Storage:DataFolder"] = folder,
            ["Bot:AllowUnauthenticatedLocalMode"] = "true",
            ["Bot:AppId"] = "00000000-0000-0000-0000-00000000000011",
        };
        foreach (var (k, v) in (defaults ?? []).Concat(settings ?? []))
        {
            config[k] = v;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(config).Build();
        services.AddGuidanceData(configuration);
        services.AddDelivery(configuration);
        more?.Invoke(services, configuration);
        var provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        }
        return provider;
    }

    /// <summary>A second dispatcher (another process) over the same database and Connector.</summary>
    public DeliveryDispatcher NewDispatcher() => ActivatorUtilities.CreateInstance<DeliveryDispatcher>(Services);

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

    public enum Reach { PersonalConversation, ChannelOnly, Never }

    /// <summary>A person in a seeded unit, with what the bot knows of their Teams identity.</summary>
    public async Task<Person> AddPersonAsync(string name, PersonRole role, string unitCode, Reach reach = Reach.PersonalConversation, string? language = null, string? phone = null)
    {
        return await WithDbAsync(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Code == unitCode);
            var person = new Person { Name = name, Role = role, UnitId = unit.Id, TenantId = Tenant, PreferredLanguage = language, Phone = phone };
            db.People.Add(person);
            await db.SaveChangesAsync();
            var user = $"29:user-{Interlocked.Increment(ref _nextUser)}";
            if (reach != Reach.Never)
            {
                var now = Time.GetUtcNow().UtcDateTime;
                db.ConversationReferences.Add(new ConversationReference
                {
                    PersonId = person.Id,
                    ChannelId = "msteams",
                    ServiceUrl = Connector.ServiceUrl,
                    ConversationId = reach == Reach.PersonalConversation ? "a:conv-" + user : "19:channel@thread.tacv2",
                    ConversationType = reach == Reach.PersonalConversation ? "personal" : "channel",
                    TenantId = Tenant,
                    UserId = user,
                    AadObjectId = Guid.NewGuid().ToString(),
                    BotId = "28:00000000-0000-0000-0000-00000000000011",
                    FirstSeenUtc = now,
                    LastSeenUtc = now,
                });
                await db.SaveChangesAsync();
            }

            return person;
        });
    }

    public Task<ConversationReference?> PersonalReferenceAsync(int personId) => WithDbAsync(db =>
        db.ConversationReferences.AsNoTracking().FirstOrDefaultAsync(r => r.PersonId == personId && r.ConversationType == "personal"));

    public static Activity Nudge(string text) => new() { Type = ActivityTypes.Message, Text = text };

    /// <summary>Queues one nudge per person, committed in one transaction.</summary>
    public async Task EnqueueAsync(IEnumerable<(int PersonId, string Text)> nudges, DateTime? due = null)
    {
        await WithDbAsync(async db =>
        {
            foreach (var (personId, text) in nudges)
            {
                await Ledger.EnqueueAsync(db, new DeliveryKey(personId, "test-nudge", text, "due-0"), Nudge(text), due);
            }

            await DeliveryLedger.SaveChangesAsync(db);
        });
    }

    public Task<List<DeliveryLedgerEntry>> LedgerAsync() =>
        WithDbAsync(db => db.DeliveryLedger.AsNoTracking().OrderBy(e => e.Id).ToListAsync());

    /// <summary>
    /// Runs the dispatcher (as the recurring job does, every <paramref name="step"/>) until the condition holds; during a run
    /// the clock moves only to what the run waits for.
    /// </summary>
    public async Task DispatchUntilAsync(Func<List<DeliveryLedgerEntry>, bool> done, TimeSpan step, TimeSpan limit, DeliveryDispatcher? dispatcher = null)
    {
        dispatcher ??= Dispatcher;
        var moved = TimeSpan.Zero;
        while (true)
        {
            var run = dispatcher.DispatchDueAsync();
            while (!run.IsCompleted)
            {
                // The clock moves only when the run waits on it (a retry's delay, the throttle's pause), to that moment.
                if (await Task.WhenAny(run, Time.WaitingAsync()) != run)
                {
                    moved += Time.AdvanceToNextTimer();
                    Assert.True(moved <= limit, $"not done after moving the clock {moved}");
                }
            }

            await run;
            if (done(await LedgerAsync()))
            {
                return;
            }

            Assert.True(moved <= limit, $"not done after moving the clock {moved}");
            Time.Advance(step);
            moved += step;
        }
    }

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
