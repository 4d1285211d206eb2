using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GuidanceBot.Bot.Telemetry;

/// <summary>
/// The app's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <see cref="Name"/>. Nothing
/// listens unless the host exports telemetry (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>): then <c>StartActivity</c> returns
/// null and an instrument's <c>Add</c> returns at once, so a turn pays nothing for them.
/// </summary>
public static class GuidanceTelemetry
{
    public const string Name = "GuidanceBot";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Activities acted on at /api/messages, by <c>activity.type</c> and the HTTP status answered.</summary>
    public static readonly Counter<long> Turns = Meter.CreateCounter<long>("guidancebot.turns", "{turn}", "Activities acted on at /api/messages");

    /// <summary>Requests refused at /api/messages before any turn, by <c>reason</c> (unauthorized, forbidden, unavailable, malformed, too_large).</summary>
    public static readonly Counter<long> Refusals = Meter.CreateCounter<long>("guidancebot.refusals", "{request}", "Requests refused at /api/messages, by reason");

    /// <summary>
    /// Outbox deliveries by <c>outcome</c>: sent, unreachable, unconfirmed, failed, retried; and every 429 the Connector
    /// answered (<c>throttled</c>, in-turn replies included), which pauses the tenant.
    /// </summary>
    public static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("guidancebot.deliveries", "{delivery}", "Deliveries by outcome; 429s from the Connector as throttled");

    /// <summary>Nudges the daily planner queued.</summary>
    public static readonly Counter<long> NudgesPlanned = Meter.CreateCounter<long>("guidancebot.nudges.planned", "{nudge}", "Nudges queued by the planner");

    /// <summary>How long each job run took, by <c>job</c> and <c>outcome</c> (succeeded, failed).</summary>
    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("guidancebot.job.duration", "s", "Duration of a job run");

    public static void Delivered(string outcome, long count = 1)
    {
        if (count > 0 && Deliveries.Enabled)
        {
            Deliveries.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
