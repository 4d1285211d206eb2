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
    /// Traces (requests, turns, Connector calls, jobs), metrics (ours, Kestrel's connections, the runtime's)
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
                // ASP.NET Core's own request activity, made only for a trace that is kept and named by UseGuidanceTelemetry.
                // (The instrumentation package subscribes to ASP.NET Core's diagnostic events, which makes an activity for
                // every request, kept or not: measurably more CPU per turn.) HttpClient makes no spans: its activity
                // propagation stays off (HostRuntime.props) and each Connector call has its own span, retries included.
                .AddSource(AspNetCoreSource))
            .WithMetrics(m => m
                .AddMeter(GuidanceTelemetry.Name)
                // What an operator watches is ours (turns, refusals, deliveries and 429s, nudges, jobs), Kestrel's connections,
                // unhandled exceptions and the runtime's. No per-request histograms (ASP.NET Core's request duration, HttpClient's):
                // recorded on every turn they cost about 4% of its CPU (docs/decisions.md), and a kept trace shows a request's time.
                .AddMeter("Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics")
                .AddRuntimeInstrumentation())
            .UseOtlpExporter();
        return builder;
    }

    private const string AspNetCoreSource = "Microsoft.AspNetCore";

    /// <summary>
    /// Names a kept request span as OpenTelemetry's conventions do (<c>POST /api/messages</c>) and adds the method, route
    /// and status; a probe's span is not exported. Outermost, so the status is the one sent. Nothing when telemetry is off.
    /// </summary>
    public static WebApplication UseGuidanceTelemetry(this WebApplication app)
    {
        if (app.Services.GetService<OpenTelemetry.Trace.TracerProvider>() is null)
        {
            return app;
        }

        app.Use(static async (context, next) =>
        {
            try
            {
                await next(context);
            }
            finally
            {
                if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpActivityFeature>()?.Activity is { IsAllDataRequested: true } span)
                {
                    Describe(span, context);
                }
            }
        });
        return app;
    }

    private static void Describe(System.Diagnostics.Activity span, HttpContext context)
    {
        if (IsProbe(context.Request.Path))
        {
            span.ActivityTraceFlags &= ~System.Diagnostics.ActivityTraceFlags.Recorded;
            return;
        }

        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        var status = context.Response.StatusCode;
        span.DisplayName = route is null ? context.Request.Method : $"{context.Request.Method} {route}";
        span.SetTag("http.request.method", context.Request.Method);
        span.SetTag("http.route", route);
        span.SetTag("url.path", context.Request.Path.Value);
        span.SetTag("http.response.status_code", status);
        if (status >= 500)
        {
            span.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
        }
    }

    /// <summary>A supervisor's probe every few seconds is not a trace anyone wants.</summary>
    private static bool IsProbe(PathString path) => path.StartsWithSegments("/alive") || path.StartsWithSegments("/health");
}
