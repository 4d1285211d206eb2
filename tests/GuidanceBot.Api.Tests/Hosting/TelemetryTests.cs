using GuidanceBot.Testing;
using System.Net;
using GuidanceBot.Api.Jobs;
using GuidanceBot.Api.Tests.Infrastructure;
using Hangfire;
using GuidanceBot.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace GuidanceBot.Api.Tests.Hosting;

/// <summary>
/// Observability (issue 16, item 5): with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set to a local OTLP/HTTP receiver, a
/// turn's trace, our metrics and the logs arrive there as protobuf; without it no exporter exists at all.
/// </summary>
public class TelemetryTests
{
    [Fact]
    public async Task With_an_otlp_endpoint_a_turn_is_traced_and_the_metrics_and_logs_are_exported()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var host = await BotHostFactory.StartAsync(settings: new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            // Export at once rather than every 5 s (spans) and 60 s (metrics).
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
            // Every trace (the host keeps 1 in 10 unless told).
            ["OTEL_TRACES_SAMPLER"] = "parentbased_always_on",
            ["Jobs:RunServer"] = "true",
        });

        var response = await host.PostAsync(host.Sample("message-personal.json", "你好"), host.ValidToken());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await host.Connector.WaitUntilAsync(r => r.Count == 1);
        // A refused request counts as a refusal by its reason.
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.PostAsync(host.Sample("message-personal.json", "x"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/openapi/v1.json")).StatusCode);
        // A job run: the dispatcher, as the minute's schedule would start it.
        host.Services.GetRequiredService<IRecurringJobManager>().Trigger(DeliveryDispatchJob.Id);

        var until = DateTime.UtcNow.AddSeconds(30);
        // The turn is the request's span (tagged with the activity's type), the reply its Connector call, any other request its route.
        string[] spans = ["POST /api/messages", "connector POST", "GET /openapi/{documentName}.json", "job DeliveryDispatchJob"];
        string[] metrics = ["guidancebot.turns", "guidancebot.refusals", "guidancebot.job.duration", "kestrel.active_connections", "dotnet.gc.collections"];
        while (!(spans.All(collector.SpanNames.Contains) && metrics.All(collector.MetricNames.Contains) && collector.Requests("logs") > 0))
        {
            Assert.True(DateTime.UtcNow < until,
                $"spans: {string.Join(", ", collector.SpanNames.Distinct())}; metrics: {string.Join(", ", collector.MetricNames.Distinct())}; log exports: {collector.Requests("logs")}");
            await Task.Delay(50);
        }

        Assert.Contains(collector.LogBodies, b => b.StartsWith("Refused an activity", StringComparison.Ordinal));
        // No per-request histograms: recorded on every turn they cost a measurable share of its CPU (docs/decisions.md).
        Assert.DoesNotContain(collector.MetricNames, n => n.StartsWith("http.server.", StringComparison.Ordinal) || n.StartsWith("http.client.", StringComparison.Ordinal));
        Assert.NotNull(host.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task Without_an_otlp_endpoint_there_is_no_exporter_and_nothing_listens()
    {
        await using var host = await BotHostFactory.StartAsync();

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
        Assert.DoesNotContain(host.Services.GetServices<Microsoft.Extensions.Logging.ILoggerProvider>(),
            p => p.GetType().FullName!.StartsWith("OpenTelemetry", StringComparison.Ordinal));
    }
}
