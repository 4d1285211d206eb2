using GuidanceBot.Data.Cases;
using GuidanceBot.Data.Common;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Seed;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Testing;
using GuidanceBot.Testing.Fakes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Data.Tests.Infrastructure;

/// <summary>
/// A real SQLite file in a fresh temp folder, created by the real initializer (migrations, WAL, seed),
/// with a clock the test moves. Each <see cref="NewContext"/> is its own connection, as two requests are.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string folder, string? postgres)
    {
        Folder = folder;
        Provider = postgres is null ? StorageProvider.Sqlite : StorageProvider.PostgreSql;
        ConnectionString = postgres ?? new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, "guidancebot.db"),
            DefaultTimeout = 30, // seconds a writer waits for another writer's lock
            Cache = SqliteCacheMode.Shared,
            Pooling = true,
        }.ToString();
    }

    public string Folder { get; }
    public string ConnectionString { get; }

    /// <summary>SQLite, or PostgreSQL in scripts/test.sh's PostgreSQL pass (<see cref="TestStorage"/>).</summary>
    public StorageProvider Provider { get; }

    /// <summary>1 March 2022, 09:00 in China.</summary>
    public TestClock Clock { get; } = new();

    public WorkingDayCalendar Calendar { get; } =
        WorkingDayCalendar.LoadFromFolder(Path.Combine(DatabaseInitializer.ShippedSeedFolder, "calendars"));

    public static async Task<TestDatabase> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "guidancebot-data-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var db = new TestDatabase(folder, TestStorage.IsPostgreSql ? await TestStorage.CreatePostgreSqlDatabaseAsync() : null);
        await using var context = db.NewContext();
        var storage = Options.Create(new StorageOptions { DataFolder = folder, Provider = db.Provider, ConnectionString = db.ConnectionString });
        await new DatabaseInitializer(context, storage, NullLogger<DatabaseInitializer>.Instance).InitializeAsync();
        return db;
    }

    /// <param name="extra">Interceptors a test adds, e.g. to make a save fail.</param>
    public GuidanceDbContext NewContext(params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] extra) =>
        new(OptionsFor(new DbContextOptionsBuilder<GuidanceDbContext>())
            .AddInterceptors([new VersioningInterceptor(Clock), .. extra])
            .Options);

    private DbContextOptionsBuilder<GuidanceDbContext> OptionsFor(DbContextOptionsBuilder<GuidanceDbContext> options) =>
        Provider == StorageProvider.PostgreSql ? options.UseGuidanceDatabase(Provider, ConnectionString) : options.UseSqlite(ConnectionString);

    /// <summary>The steps' notices, as ledger rows on the step's context (<see cref="LedgerNoticeOutbox"/>).</summary>
    public INoticeOutbox Notices => new LedgerNoticeOutbox(Clock);

    public LetterWorkflow Letters(GuidanceDbContext db) => new(db, new LetterNumbering(db), Calendar, new AssignmentTracker(db), Notices, Clock);

    public SubmissionWorkflow Submissions(GuidanceDbContext db) => new(db, Notices, Clock);

    public CaseWorkflow Cases(GuidanceDbContext db) => new(db, Notices, Clock);

    public async Task<T> WithContextAsync<T>(Func<GuidanceDbContext, Task<T>> action)
    {
        await using var db = NewContext();
        return await action(db);
    }

    public async Task<OrgUnit> UnitAsync(string code) =>
        await WithContextAsync(db => db.Units.AsNoTracking().SingleAsync(u => u.Code == code));

    /// <summary>A person of the unit with the role, as the identity layer would have bound them.</summary>
    public async Task<Person> PersonAsync(string unitCode, PersonRole role, string name)
    {
        var unit = await UnitAsync(unitCode);
        return await WithContextAsync(async db =>
        {
            var person = new Person { Name = name, Role = role, UnitId = unit.Id };
            db.People.Add(person);
            await db.SaveChangesAsync();
            return person;
        });
    }

    public async Task<Enterprise> EnterpriseAsync(string unitCode, string name, string creditCode, EnterpriseTier tier,
        string category = EnterpriseCategoryCodes.IndustryTrade)
    {
        var unit = await UnitAsync(unitCode);
        return await WithContextAsync(async db =>
        {
            var e = new Enterprise { UnitId = unit.Id, Name = name, CreditCode = creditCode, CategoryCode = category, Tier = tier };
            db.Enterprises.Add(e);
            await db.SaveChangesAsync();
            return e;
        });
    }

    /// <summary>A draft letter from the city to the county, ready to issue.</summary>
    public async Task<OpinionLetter> DraftLetterAsync(string countyCode, DateOnly deadline, int problems = 1)
    {
        var city = await UnitAsync("luohe");
        var county = await UnitAsync(countyCode);
        return await WithContextAsync(async db =>
        {
            var letter = new OpinionLetter
            {
                UnitId = county.Id,
                IssuerUnitId = city.Id,
                Year = 2022,
                Status = LetterStatus.Draft,
                VisitDate = new DateOnly(2022, 2, 28),
                ReportDeadline = deadline,
                CityContactName = "王科长",
                CityContactPhone = "0395-0000000",
                CountyResponsibleName = "李局长",
                Problems = [.. Enumerable.Range(1, problems).Select(i => new LetterProblem { Order = i, Problem = $"问题{i}", Opinion = $"意见{i}" })],
            };
            db.Letters.Add(letter);
            await db.SaveChangesAsync();
            return letter;
        });
    }

    public async Task<AnnualPlan> PlanAsync(string unitCode, Action<AnnualPlan> fill)
    {
        var unit = await UnitAsync(unitCode);
        return await WithContextAsync(async db =>
        {
            var plan = new AnnualPlan { UnitId = unit.Id, Year = 2022, Status = SubmissionStatus.Draft };
            fill(plan);
            db.AnnualPlans.Add(plan);
            await db.SaveChangesAsync();
            return plan;
        });
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Provider == StorageProvider.PostgreSql)
        {
            TestStorage.DropPostgreSqlDatabase(ConnectionString);
        }
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a handle still closing; the temp folder is cleaned by the OS
        }
        await Task.CompletedTask;
    }
}
