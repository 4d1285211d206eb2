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

        // HostRuntime.props switches HttpClient's activity propagation off for speed; with traces exported it is
        // what gives each Connector attempt (and MSAL's token request) its span and W3C trace header. Set before
        // any HttpClient handler exists: the runtime reads it once.
        AppContext.SetSwitch("System.Net.Http.EnableActivityPropagation", true);

        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
        });
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(GuidanceTelemetry.Name))
            .WithTracing(t => t
                .AddSource(GuidanceTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !IsProbe(c.Request.Path))
                .AddHttpClientInstrumentation())
            .WithMetrics(m => m
                .AddMeter(GuidanceTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .UseOtlpExporter();
        return builder;
    }

    /// <summary>A supervisor's probe every few seconds is not a trace anyone wants.</summary>
    private static bool IsProbe(PathString path) => path.StartsWithSegments("/alive") || path.StartsWithSegments("/health");
}
