using GuidanceBot.Bot.Delivery;
using GuidanceBot.Bot.Flows.Reviews;
using GuidanceBot.Bot.Nudges;
using GuidanceBot.Data;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Tracking;
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
}

/// <summary>Every day at 09:00: queues the day's nudges (nothing on days off). Idempotent by the ledger's keys.</summary>
public sealed class NudgePlannerJob(NudgePlanner planner)
{
    public const string Id = "nudge-planner";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public Task<NudgePlan> RunAsync(CancellationToken ct) => planner.PlanAsync(ct);
}

/// <summary>
/// Every Monday at 09:00: compiles this week's 周交办 (once; a retry returns the stored snapshot) and queues it
/// for the first working day of the week at the send time, so a Monday holiday moves it to the next working
/// day. A week with no working day (春节) is compiled but not sent.
/// </summary>
public sealed class WeeklyAssignmentJob(ReviewCompiler compiler, ReviewPublisher publisher, WorkingDayCalendar calendar,
    IOptions<NudgeOptions> options, TimeProvider time)
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
        return new Result(snapshot.Id, monday, queued);
    }

    internal static DateTime SendTimeUtc(DateOnly day, NudgeOptions options) =>
        ChinaTime.Utc(day, options.SendAt);
}

/// <summary>
/// Every day at 09:00: on the first working day of the month, compiles the previous month's 月讲评 and
/// queues the ranking to city staff. A later working day catches up if that run never happened.
/// </summary>
public sealed class MonthlyReviewJob(ReviewCompiler compiler, ReviewPublisher publisher, GuidanceDbContext db, WorkingDayCalendar calendar,
    IOptions<NudgeOptions> options, TimeProvider time)
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
        return new Result(snapshot.Id, snapshot.Year, snapshot.Month, queued);
    }
}
