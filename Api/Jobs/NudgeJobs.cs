using GuidanceBot.Bot.Delivery;
using GuidanceBot.Bot.Flows.Tracking;
using GuidanceBot.Bot.Nudges;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Api.Jobs;

/// <summary>
/// Every minute: sends what the delivery ledger owes. Safe to run twice at once or to retry: rows are
/// claimed with a conditional update, so no message goes out twice. Not retried by Hangfire: the next
/// minute's run is the retry.
/// </summary>
public sealed class DeliveryDispatchJob(DeliveryDispatcher dispatcher)
{
    public const string Id = "delivery-dispatch";

    [AutomaticRetry(Attempts = 0)]
    public Task<DispatchSummary> RunAsync(CancellationToken ct) => dispatcher.DispatchDueAsync(ct);

    /// <summary>A job that has just committed rows due now sends them itself, rather than leaving them for the next minute's run.</summary>
    internal static async Task SendQueuedAsync(DeliveryDispatcher dispatcher, int queued, CancellationToken ct)
    {
        if (queued > 0)
        {
            await dispatcher.DispatchDueAsync(ct);
        }
    }
}

/// <summary>
/// Every day at 09:00: queues the day's nudges (nothing on days off), then sends what is due at once.
/// Idempotent by the ledger's keys.
/// </summary>
/// <remarks>
/// The 09:00 dispatch run starts with the planner and finds nothing yet; without the send here the rows
/// waited for the 09:01 run. The dispatcher is safe to run beside the minute's run (rows are claimed).
/// </remarks>
public sealed class NudgePlannerJob(NudgePlanner planner, DeliveryDispatcher dispatcher)
{
    public const string Id = "nudge-planner";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<NudgePlan> RunAsync(CancellationToken ct)
    {
        var plan = await planner.PlanAsync(ct);
        await DeliveryDispatchJob.SendQueuedAsync(dispatcher, plan.Queued, ct);
        return plan;
    }
}

/// <summary>
/// Every Monday at 09:00: compiles this week's 周交办 (once; a retry returns the stored snapshot) and queues it
/// for the first working day of the week at the send time, so a Monday holiday moves it to the next working
/// day; what is due now goes out at once. A week with no working day (春节) is compiled but not sent.
/// </summary>
public sealed class WeeklyAssignmentJob(ReviewCompiler compiler, TrackingPublisher publisher, WorkingDayCalendar calendar,
    DeliveryDispatcher dispatcher, IOptions<NudgeOptions> options, TimeProvider time)
{
    public const string Id = "weekly-assignment";

    /// <summary>What a run did (kept small: Hangfire stores it with the job).</summary>
    public sealed record Result(int SnapshotId, DateOnly WeekStart, int Queued);

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<Result> RunAsync(CancellationToken ct)
    {
        var today = time.ChinaToday();
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var snapshot = await compiler.CompileWeeklyAsync(monday, ct);
        var first = calendar.WorkingDayOnOrAfter(monday);
        var queued = first <= monday.AddDays(6)
            ? await publisher.PublishWeeklyAsync(snapshot, SendTimeUtc(first, options.Value), ct)
            : 0;
        await DeliveryDispatchJob.SendQueuedAsync(dispatcher, queued, ct);
        return new Result(snapshot.Id, monday, queued);
    }

    internal static DateTime SendTimeUtc(DateOnly day, NudgeOptions options) =>
        ChinaTime.Utc(day, options.SendAt);
}

/// <summary>
/// Every day at 09:00: on the first working day of the month, compiles the previous month's 月讲评 and
/// queues the ranking to city staff, sent at once. A later working day catches up if that run never happened.
/// </summary>
public sealed class MonthlyReviewJob(ReviewCompiler compiler, TrackingPublisher publisher, GuidanceDbContext db, WorkingDayCalendar calendar,
    DeliveryDispatcher dispatcher, IOptions<NudgeOptions> options, TimeProvider time)
{
    public const string Id = "monthly-review";

    /// <summary>What a run did; null when it was not the day (kept small: Hangfire stores it with the job).</summary>
    public sealed record Result(int SnapshotId, int Year, int Month, int Queued);

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<Result?> RunAsync(CancellationToken ct)
    {
        var today = time.ChinaToday();
        var first = calendar.WorkingDayOnOrAfter(new DateOnly(today.Year, today.Month, 1));
        if (!calendar.IsWorkingDay(today) || today < first)
        {
            return null;
        }

        var previous = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var exists = await db.MonthlySnapshots.AnyAsync(s => s.Year == previous.Year && s.Month == previous.Month, ct);
        if (today != first && exists)
        {
            return null;
        }

        var snapshot = await compiler.CompileMonthlyAsync(previous.Year, previous.Month, ct);
        var queued = await publisher.PublishMonthlyAsync(snapshot, WeeklyAssignmentJob.SendTimeUtc(today, options.Value), ct);
        await DeliveryDispatchJob.SendQueuedAsync(dispatcher, queued, ct);
        return new Result(snapshot.Id, snapshot.Year, snapshot.Month, queued);
    }
}
