namespace GuidanceBot.Api.Jobs;

/// <summary>Hangfire's schedule and dashboard. Times are China Standard Time unless the zone is changed.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Runs the Hangfire server in this process; tests switch it off and call jobs directly.</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>
    /// In Development the operators' pages (dashboard, /scalar) open to loopback callers (false closes them there
    /// too); in every other environment, whatever this says, only a city admin opens them (Api/Auth/OperatorAccess).
    /// </summary>
    public bool DashboardOpenOnLoopback { get; set; } = true;

    /// <summary>How often the job server looks for due recurring and scheduled jobs (Hangfire's default).</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(15);

    public string TimeZone { get; set; } = "Asia/Shanghai";

    public string BackupCron { get; set; } = "30 2 * * *";

    /// <summary>The delivery dispatcher drains what is due every minute.</summary>
    public string DispatchCron { get; set; } = "* * * * *";

    /// <summary>Deadline nudges at 09:00; the planner itself skips days off.</summary>
    public string NudgeCron { get; set; } = "0 9 * * *";

    /// <summary>周交办 every Monday at 09:00.</summary>
    public string WeeklyCron { get; set; } = "0 9 * * 1";

    /// <summary>月讲评: a daily check at 09:00 that acts on the first working day of the month.</summary>
    public string MonthlyCron { get; set; } = "0 9 * * *";
}
