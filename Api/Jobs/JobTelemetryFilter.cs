using System.Diagnostics;
using GuidanceBot.Bot.Telemetry;
using Hangfire.Server;

namespace GuidanceBot.Api.Jobs;

/// <summary>Each job run: a span and its duration (by job and outcome). Nothing is recorded when telemetry is off.</summary>
internal sealed class JobTelemetryFilter : IServerFilter
{
    private const string Started = "guidancebot.started";
    private const string Span = "guidancebot.span";

    public void OnPerforming(PerformingContext context)
    {
        context.Items[Started] = Stopwatch.GetTimestamp();
        if (GuidanceTelemetry.Source.StartActivity("job " + context.BackgroundJob.Job.Type.Name) is { } span)
        {
            span.SetTag("job.id", context.BackgroundJob.Id);
            context.Items[Span] = span;
        }
    }

    public void OnPerformed(PerformedContext context)
    {
        var outcome = context.Exception is null || context.ExceptionHandled ? "succeeded" : "failed";
        if (context.Items.TryGetValue(Span, out var value) && value is Activity span)
        {
            span.SetStatus(outcome == "succeeded" ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
            span.Dispose();
        }

        if (GuidanceTelemetry.JobDuration.Enabled && context.Items.TryGetValue(Started, out var started) && started is long t0)
        {
            GuidanceTelemetry.JobDuration.Record(Stopwatch.GetElapsedTime(t0).TotalSeconds,
                new("job", context.BackgroundJob.Job.Type.Name), new("outcome", outcome));
        }
    }
}
