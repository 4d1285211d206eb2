using GuidanceBot.Bot.Delivery;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Bot.Tests.Delivery;

public class DeliveryLedgerTests
{
    [Fact]
    public async Task The_same_key_twice_gives_one_row()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var person = await h.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var key = new DeliveryKey(person.Id, "rectification-due", "rectification:7", "due-3");

        var added = await h.WithDbAsync(async db =>
        {
            var first = await h.Ledger.EnqueueAsync(db, key, DeliveryHarness.Nudge("a"));
            var second = await h.Ledger.EnqueueAsync(db, key, DeliveryHarness.Nudge("a"));
            await DeliveryLedger.SaveChangesAsync(db);
            return (first, second);
        });
        var later = await h.WithDbAsync(async db => await h.Ledger.EnqueueAsync(db, key, DeliveryHarness.Nudge("a")));

        Assert.Equal((true, false), added);
        Assert.False(later);
        var row = Assert.Single(await h.LedgerAsync());
        Assert.Equal($"{person.Id}|rectification-due|rectification:7|due-3", row.IdempotencyKey);
        Assert.Equal(DeliveryStatus.Pending, row.Status);
        Assert.Equal(h.Time.GetUtcNow().UtcDateTime, row.DueUtc);
    }

    [Fact]
    public async Task Two_transactions_queueing_the_same_key_keep_one_row_and_both_changes()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var person = await h.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var key = new DeliveryKey(person.Id, "letter-unacknowledged", "letter:3", "day-3");

        await using var scopeA = h.Services.CreateAsyncScope();
        await using var scopeB = h.Services.CreateAsyncScope();
        var a = scopeA.ServiceProvider.GetRequiredService<GuidanceBot.Data.GuidanceDbContext>();
        var b = scopeB.ServiceProvider.GetRequiredService<GuidanceBot.Data.GuidanceDbContext>();
        // Both look before either commits: both see no row.
        Assert.True(await h.Ledger.EnqueueAsync(a, key, DeliveryHarness.Nudge("from a")));
        Assert.True(await h.Ledger.EnqueueAsync(b, key, DeliveryHarness.Nudge("from b")));
        (await b.People.SingleAsync(p => p.Id == person.Id)).Phone = "0395-1234567";

        await DeliveryLedger.SaveChangesAsync(a);
        await DeliveryLedger.SaveChangesAsync(b);

        var row = Assert.Single(await h.LedgerAsync());
        Assert.Contains("from a", row.Payload);
        Assert.Equal("0395-1234567", (await h.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == person.Id))).Phone);
    }

    [Fact]
    public async Task A_queued_message_is_rolled_back_with_the_change_that_caused_it()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var person = await h.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");

        await h.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            (await db.People.SingleAsync(p => p.Id == person.Id)).Phone = "x";
            await h.Ledger.EnqueueAsync(db, new DeliveryKey(person.Id, "k", "s", "1"), DeliveryHarness.Nudge("a"));
            await DeliveryLedger.SaveChangesAsync(db);
            await tx.RollbackAsync();
        });

        Assert.Empty(await h.LedgerAsync());
    }
}
