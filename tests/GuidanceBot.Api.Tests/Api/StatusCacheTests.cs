using System.Net;
using System.Text.Json;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.Common;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Status;
using GuidanceBot.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Api.Tests.Api;

/// <summary>
/// The year status is cached between writes: whatever way a change is written (SaveChanges, a set-based
/// update, raw SQL, inside a transaction), the next read shows it; writes the status does not read leave
/// the cache alone; a write by another instance shows once the cross-instance staleness has passed.
/// </summary>
public class StatusCacheTests : IAsyncLifetime
{
    private readonly ApiTestFactory factory = new();
    private HttpClient city = null!;

    public Task InitializeAsync()
    {
        city = factory.CityStaff();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        factory.Dispose();
        return Task.CompletedTask;
    }

    private async Task<string?> PlanStatusAsync(string unit = "wuyang")
    {
        var overview = await HttpAssert.Json(await city.GetAsync("/api/v1/status/2022"), HttpStatusCode.OK);
        var row = overview.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unitCode").GetString() == unit);
        return row.GetProperty("plan").GetProperty("status") is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;
    }

    private async Task<string?> DetailPlanStatusAsync(string unit = "wuyang")
    {
        var detail = await HttpAssert.Json(await city.GetAsync($"/api/v1/status/2022/units/{unit}"), HttpStatusCode.OK);
        return detail.GetProperty("summary").GetProperty("plan").GetProperty("status") is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;
    }

    /// <summary>A draft plan for wuyang through the API; the status has been read (and cached) before.</summary>
    private async Task<int> DraftPlanAsync()
    {
        Assert.Null(await PlanStatusAsync());
        Assert.Null(await DetailPlanStatusAsync());
        var plan = await HttpAssert.Json(await factory.Liaison("wuyang").PutJson("/api/v1/plans/wuyang/2022", new
        {
            figures = new[] { new { categoryCode = "industry-trade", keyTotal = 3, keyPlanned = 3, generalTotal = 9, generalPlanned = 3 } },
        }), HttpStatusCode.OK);
        return plan.GetProperty("filing").GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task A_plan_saved_through_the_API_shows_in_the_next_overview_and_detail()
    {
        await DraftPlanAsync();

        Assert.Equal("Draft", await PlanStatusAsync());
        Assert.Equal("Draft", await DetailPlanStatusAsync());
    }

    [Fact]
    public async Task Set_based_and_raw_SQL_writes_show_in_the_next_read()
    {
        var id = await DraftPlanAsync();
        Assert.Equal("Draft", await PlanStatusAsync());

        await factory.WithDbAsync(db => db.AnnualPlans.Where(p => p.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, SubmissionStatus.Submitted)));
        Assert.Equal("Submitted", await PlanStatusAsync());
        Assert.Equal("Submitted", await DetailPlanStatusAsync());

        await factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE AnnualPlans SET Status = 'Accepted' WHERE Id = {id}"));
        Assert.Equal("Accepted", await PlanStatusAsync());

        await factory.WithDbAsync(db => db.AnnualPlans.Where(p => p.Id == id).ExecuteDeleteAsync());
        Assert.Null(await PlanStatusAsync());
        Assert.Null(await DetailPlanStatusAsync());
    }

    [Fact]
    public async Task A_change_inside_a_transaction_shows_once_committed_not_the_read_before_it()
    {
        var id = await DraftPlanAsync();
        Assert.Equal("Draft", await PlanStatusAsync());

        // Its own connection (the app's share one SQLite cache, where a reader would wait for the writer).
        await using var db = new GuidanceBot.Data.GuidanceDbContext(new DbContextOptionsBuilder<GuidanceBot.Data.GuidanceDbContext>()
            .UseSqlite($"Data Source={Path.Combine(factory.DataFolder, "guidancebot.db")};Pooling=False")
            .AddInterceptors(factory.Services.GetRequiredService<ChangeGenerationInterceptor>())
            .Options);
        await using var tx = await db.Database.BeginTransactionAsync();
        var plan = await db.AnnualPlans.SingleAsync(p => p.Id == id);
        plan.Status = SubmissionStatus.Submitted;
        await db.SaveChangesAsync();

        // Read while uncommitted: the old row, and it must not stay cached as the new state.
        Assert.Equal("Draft", await PlanStatusAsync());

        await tx.CommitAsync();
        Assert.Equal("Submitted", await PlanStatusAsync());
    }

    [Fact]
    public async Task Writes_to_the_operational_tables_alone_keep_the_cache()
    {
        await DraftPlanAsync();
        var generation = factory.Services.GetRequiredService<ChangeGeneration>();
        var before = generation.Value;

        await factory.WithDbAsync(async db =>
        {
            db.ProcessedActivities.Add(new ProcessedActivity { Key = "msteams|a:1|act-1", ReceivedUtc = factory.Clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlAsync($"UPDATE ProcessedActivities SET Response = 'x' WHERE Key = 'msteams|a:1|act-1'");
            await db.ProcessedActivities.ExecuteDeleteAsync();
        });
        Assert.Equal(before, generation.Value);

        await factory.WithDbAsync(db => db.AnnualPlans.ExecuteUpdateAsync(s => s.SetProperty(p => p.ReturnCount, 1)));
        Assert.NotEqual(before, generation.Value);
    }

    [Fact]
    public async Task A_write_by_another_instance_shows_after_the_cross_instance_staleness()
    {
        var id = await DraftPlanAsync();
        Assert.Equal("Draft", await PlanStatusAsync());

        // Another process on the same database: nothing here sees the write happen.
        await using (var other = new SqliteConnection($"Data Source={Path.Combine(factory.DataFolder, "guidancebot.db")};Pooling=False"))
        {
            await other.OpenAsync();
            await using var update = other.CreateCommand();
            update.CommandText = $"UPDATE AnnualPlans SET Status = 'Submitted' WHERE Id = {id}";
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        Assert.Equal("Draft", await PlanStatusAsync()); // served from the cache
        factory.Clock.Advance(YearStatusCache.CrossInstanceStaleness);
        Assert.Equal("Submitted", await PlanStatusAsync());
    }
}
