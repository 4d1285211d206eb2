using GuidanceBot.Bot.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GuidanceBot.Api.Infrastructure;

public static class TelemetryExtensions
{
    /// <summary>The standard OpenTelemetry setting: where the OTLP collector is (and the exporter's other OTEL_* settings).</summary>
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The share of traces kept when <c>OTEL_TRACES_SAMPLER</c> is not set.</summary>
    public const string DefaultTraceRatio = "0.1";

    /// <summary>
    /// Traces (requests, turns, Connector calls, jobs), metrics (ours, ASP.NET Core's, HttpClient's, the runtime's)
    /// and logs, exported by OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set — and nothing at all otherwise: no
    /// provider, no listener, so no Activity is created per request or per Connector call (docs/decisions.md, "Host runtime").
    /// </summary>
    public static WebApplicationBuilder AddGuidanceTelemetry(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointSetting]))
        {
            return builder;
        }

        // Traces of 1 in 10 requests and turns unless the operator chooses (the standard OTEL_TRACES_SAMPLER and
        // OTEL_TRACES_SAMPLER_ARG): every turn traced costs about 15% more CPU per turn at full load, and what an
        // operator watches for — stuck deliveries, waves of 429s, refusals — is in the metrics, which count everything.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_TRACES_SAMPLER"]))
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio",
                ["OTEL_TRACES_SAMPLER_ARG"] = builder.Configuration["OTEL_TRACES_SAMPLER_ARG"] ?? DefaultTraceRatio,
            });
        }

        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
        });
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(GuidanceTelemetry.Name))
            .WithTracing(t => t
                .AddSource(GuidanceTelemetry.Name)
                // HttpClient makes no spans: its activity propagation stays off (HostRuntime.props), and each Connector
                // call already has its span (retries and throttling waits included), which halves what a turn exports.
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !IsProbe(c.Request.Path)))
            .WithMetrics(m => m
                .AddMeter(GuidanceTelemetry.Name)
                // Of ASP.NET Core's meters, requests (duration, status, route) and connections: the memory pool's counts
                // every buffer rented, several per request, and routing's every match, which tell an operator nothing.
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics")
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .UseOtlpExporter();
        return builder;
    }

    /// <summary>A supervisor's probe every few seconds is not a trace anyone wants.</summary>
    private static bool IsProbe(PathString path) => path.StartsWithSegments("/alive") || path.StartsWithSegments("/health");
}
