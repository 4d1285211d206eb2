using System.Globalization;
using GuidanceBot.Data.Rules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Data.Rehearsal;

/// <summary>
/// The rehearsal (演练) settings, bound from <c>Rehearsal</c>: <see cref="StartAt"/> is a China date and time
/// (<c>2022-03-01 09:00</c>, or a date alone for 09:00) at which the host's clock starts; then it runs. Allowed only in the
/// Development environment and never on the production data folder (the host refuses to start otherwise).
/// </summary>
public sealed class RehearsalOptions
{
    public const string SectionName = "Rehearsal";

    public string? StartAt { get; set; }

    public bool IsOn => !string.IsNullOrWhiteSpace(StartAt);

    /// <summary>The start as an instant, or null when it is not a China date (and time) in the date limits.</summary>
    public DateTimeOffset? Start()
    {
        var text = StartAt?.Trim();
        if (DateTime.TryParseExact(text, ["yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            && FieldLimits.IsYear(local.Year))
        {
            if (text!.Length == 10)
            {
                local = local.AddHours(9);
            }
            return new DateTimeOffset(local, ChinaTime.Offset);
        }
        return null;
    }
}

/// <summary>
/// The host's clock during a rehearsal: the real (or test) clock shifted so that it read <c>Rehearsal:StartAt</c> when the
/// host started, running on from there, and moved forward by the admin's rehearsal card. Timers and timestamps are the
/// underlying clock's (durations do not change); only the date and time everyone sees do.
/// </summary>
public sealed class RehearsalClock(TimeProvider inner, DateTimeOffset start) : TimeProvider
{
    /// <summary>
    /// The key of the wall clock: the host's clock, or during a rehearsal the real one it runs on (a test registers its
    /// TestClock under it). What must agree with the outside world — the lifetimes of Teams' and Entra's tokens — reads it.
    /// </summary>
    public const string WallClockKey = "wall-clock";

    private readonly Lock gate = new();
    private TimeSpan offset = start - inner.GetUtcNow();

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return inner.GetUtcNow() + offset;
        }
    }

    /// <summary>Moves the clock forward by <paramref name="by"/> (never back: what happened stays in the past).</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (gate)
        {
            offset += by;
        }
    }

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    /// <summary>
    /// The wall clock (<see cref="WallClockKey"/>) as the host's clock, unless something registered it already (a rehearsal
    /// replaces it with the real clock). Every part that reads it registers this, so each can be built on its own.
    /// </summary>
    public static IServiceCollection TryAddWallClock(IServiceCollection services)
    {
        services.TryAddKeyedSingleton<TimeProvider>(WallClockKey, (sp, _) => sp.GetRequiredService<TimeProvider>());
        return services;
    }

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
