using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Tests.Infrastructure;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GuidanceBot.Data.Tests.Workflows;

public class LetterNumberingTests
{
    private static readonly DateOnly Deadline = new(2022, 3, 31);

    [Fact]
    public async Task Two_letters_issued_at_the_same_moment_from_two_contexts_get_1_and_2()
    {
        await using var tdb = await TestDatabase.CreateAsync();
        var staff = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityStaff, "王科长"));
        var letters = new[] { await tdb.DraftLetterAsync("wuyang", Deadline), await tdb.DraftLetterAsync("linying", Deadline) };

        var results = await IssueAllAtOnceAsync(tdb, letters, staff);

        Assert.All(results, r => Assert.Equal(WorkflowStatus.Done, r.Status));
        Assert.Equal(["(漯)应急指导〔2022〕1号", "(漯)应急指导〔2022〕2号"], results.Select(r => r.Detail!).Order());
        await tdb.WithContextAsync(async db =>
        {
            Assert.Equal([1, 2], await db.Letters.Select(l => l.Serial!.Value).OrderBy(s => s).ToListAsync());
            Assert.Equal(2, (await db.LetterNumberCounters.SingleAsync()).LastSerial);
            Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == "letter.issue"));
            return 0;
        });
    }

    [Fact]
    public async Task Eight_letters_issued_concurrently_are_numbered_1_to_8_without_gaps_or_repeats()
    {
        await using var tdb = await TestDatabase.CreateAsync();
        var staff = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityStaff, "王科长"));
        var letters = new List<OpinionLetter>();
        foreach (var county in new[] { "yuanhui", "yancheng", "shaoling", "wuyang", "linying", "jingkai", "wuyang", "linying" })
        {
            letters.Add(await tdb.DraftLetterAsync(county, Deadline));
        }

        var results = await IssueAllAtOnceAsync(tdb, letters, staff);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        var serials = await tdb.WithContextAsync(db => db.Letters.Select(l => l.Serial!.Value).OrderBy(s => s).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 8), serials);
    }

    [Fact]
    public async Task A_serial_taken_in_a_rolled_back_transaction_is_handed_out_again()
    {
        await using var tdb = await TestDatabase.CreateAsync();
        var city = await tdb.UnitAsync("luohe");

        await using (var db = tdb.NewContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            Assert.Equal(1, await new LetterNumbering(db).NextSerialAsync(city.Id, 2022));
            Assert.Equal(2, await new LetterNumbering(db).NextSerialAsync(city.Id, 2022));
            await tx.RollbackAsync();
        }

        await using (var db = tdb.NewContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            Assert.Equal(1, await new LetterNumbering(db).NextSerialAsync(city.Id, 2022));
            Assert.Equal(1, await new LetterNumbering(db).NextSerialAsync(city.Id, 2023)); // per year
        }
    }

    [Fact]
    public async Task An_issue_whose_save_fails_leaves_no_gap_no_number_and_no_audit_entry()
    {
        await using var tdb = await TestDatabase.CreateAsync();
        var staff = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityStaff, "王科长"));
        var letter = await tdb.DraftLetterAsync("wuyang", Deadline);

        await using (var db = tdb.NewContext(new FailingSave()))
        {
            await Assert.ThrowsAsync<IOException>(() => tdb.Letters(db).IssueAsync(letter.Id, letter.Version, staff));
        }

        await tdb.WithContextAsync(async db =>
        {
            var stored = await db.Letters.SingleAsync();
            Assert.Equal(LetterStatus.Draft, stored.Status);
            Assert.Null(stored.Number);
            Assert.Equal(letter.Version, stored.Version);
            Assert.Empty(await db.LetterNumberCounters.ToListAsync());
            Assert.Empty(await db.AuditLog.ToListAsync());
            return 0;
        });

        await using (var db = tdb.NewContext())
        {
            var result = await tdb.Letters(db).IssueAsync(letter.Id, letter.Version, staff);
            Assert.Equal("(漯)应急指导〔2022〕1号", result.Detail);
        }
    }

    [Fact]
    public async Task Numbering_continues_after_letters_numbered_before_the_counter_existed()
    {
        await using var tdb = await TestDatabase.CreateAsync();
        var staff = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityStaff, "王科长"));
        var imported = await tdb.DraftLetterAsync("yuanhui", Deadline);
        await tdb.WithContextAsync(db => db.Letters.Where(l => l.Id == imported.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Serial, 4).SetProperty(l => l.Status, LetterStatus.Closed)));
        var letter = await tdb.DraftLetterAsync("wuyang", Deadline);

        await using var ctx = tdb.NewContext();
        var result = await tdb.Letters(ctx).IssueAsync(letter.Id, letter.Version, staff);

        Assert.Equal("(漯)应急指导〔2022〕5号", result.Detail);
    }

    [Fact]
    public async Task A_serial_outside_a_transaction_is_refused()
    {
        await using var tdb = await TestDatabase.CreateAsync();
        await using var db = tdb.NewContext();
        await Assert.ThrowsAsync<InvalidOperationException>(() => new LetterNumbering(db).NextSerialAsync(1, 2022));
    }

    /// <summary>Each letter from its own context and connection, all released at once.</summary>
    private static async Task<WorkflowResult[]> IssueAllAtOnceAsync(TestDatabase tdb, IReadOnlyList<OpinionLetter> letters, Actor staff)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = new CountdownEvent(letters.Count);
        var tasks = letters.Select(letter => Task.Run(async () =>
        {
            await using var db = tdb.NewContext();
            await db.Database.OpenConnectionAsync();
            ready.Signal();
            await start.Task;
            return await tdb.Letters(db).IssueAsync(letter.Id, letter.Version, staff);
        })).ToList();

        Assert.True(ready.Wait(TimeSpan.FromSeconds(30)));
        start.SetResult();
        return await Task.WhenAll(tasks);
    }

    /// <summary>The disk fails when the issued letter is saved.</summary>
    private sealed class FailingSave : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            eventData.Context!.ChangeTracker.Entries<OpinionLetter>().Any(e => e.Entity.Number is not null)
                ? throw new IOException("disk I/O error")
                : ValueTask.FromResult(result);
    }
}
