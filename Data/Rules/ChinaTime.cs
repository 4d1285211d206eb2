namespace GuidanceBot.Data.Rules;

/// <summary>
/// China Standard Time, the calendar every deadline, nudge and document date is in. It has had no daylight
/// saving since 1991, so a fixed offset is exact and does not depend on the host's time-zone database.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>Today in China.</summary>
    public static DateOnly ChinaToday(this TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(Offset).DateTime);

    /// <summary>A UTC instant as China's wall-clock time.</summary>
    public static DateTime Local(DateTime utc) => DateTime.SpecifyKind(utc + Offset, DateTimeKind.Unspecified);

    /// <summary>The China date of a UTC instant.</summary>
    public static DateOnly Date(DateTime utc) => DateOnly.FromDateTime(utc + Offset);

    /// <summary>China's wall-clock <paramref name="local"/> time on <paramref name="day"/>, as UTC.</summary>
    public static DateTime Utc(DateOnly day, TimeOnly local) => DateTime.SpecifyKind(day.ToDateTime(local) - Offset, DateTimeKind.Utc);
}
