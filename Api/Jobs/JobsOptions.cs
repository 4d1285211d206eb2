namespace GuidanceBot.Api.Jobs;

/// <summary>Hangfire's schedule and dashboard. Times are China Standard Time unless the zone is changed.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Runs the Hangfire server in this process; tests switch it off and call jobs directly.</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>The embedded default opens the dashboard to loopback callers; everyone else must be a city admin.</summary>
    public bool DashboardOpenOnLoopback { get; set; } = true;

    /// <summary>The authentication scheme whose principal must carry the CityAdmin role for remote dashboard use.</summary>
    public string DashboardAuthenticationScheme { get; set; } = "Bearer";

    public string TimeZone { get; set; } = "Asia/Shanghai";

    public string BackupCron { get; set; } = "30 2 * * *";
}
