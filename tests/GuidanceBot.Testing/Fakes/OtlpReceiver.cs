using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GuidanceBot.Testing.Fakes;

/// <summary>
/// An OpenTelemetry collector's OTLP/HTTP receiver on 127.0.0.1:random: accepts protobuf exports at /v1/traces,
/// /v1/metrics and /v1/logs, counts them, and reads the span names, metric names and log bodies out of the
/// protobuf (the OTLP messages' field numbers, read with a small wire-format reader).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _requests = [];
    private readonly List<string> _spans = [], _metrics = [], _logs = [];
    private WebApplication _app = null!;

    public string Endpoint { get; private set; } = "";

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        receiver._app = builder.Build();
        receiver._app.MapPost("/v1/{signal}", receiver.ReceiveAsync);
        await receiver._app.StartAsync();
        receiver.Endpoint = receiver._app.Urls.First();
        return receiver;
    }

    public int Requests(string signal)
    {
        lock (_lock)
        {
            return _requests.GetValueOrDefault(signal);
        }
    }

    public IReadOnlyList<string> SpanNames { get { lock (_lock) { return [.. _spans]; } } }
    public IReadOnlyList<string> MetricNames { get { lock (_lock) { return [.. _metrics]; } } }
    public IReadOnlyList<string> LogBodies { get { lock (_lock) { return [.. _logs]; } } }

    private async Task<IResult> ReceiveAsync(string signal, HttpRequest request)
    {
        if (request.ContentType != "application/x-protobuf")
        {
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var bytes = body.ToArray();
        // Export*ServiceRequest → Resource* (1) → Scope* (2) → Span / Metric / LogRecord (2) → name (5 / 1) or body (5) → string (1).
        var found = signal switch
        {
            "traces" => Strings(bytes, 1, 2, 2, 5),
            "metrics" => Strings(bytes, 1, 2, 2, 1),
            "logs" => Strings(bytes, 1, 2, 2, 5, 1),
            _ => null,
        };
        if (found is null)
        {
            return Results.NotFound();
        }

        lock (_lock)
        {
            _requests[signal] = _requests.GetValueOrDefault(signal) + 1;
            (signal == "traces" ? _spans : signal == "metrics" ? _metrics : _logs).AddRange(found);
        }

        // An empty ExportTraceServiceResponse / ExportMetricsServiceResponse: everything accepted.
        return Results.Bytes([], "application/x-protobuf");
    }

    /// <summary>The UTF-8 strings at the end of a path of field numbers, descending through length-delimited fields.</summary>
    private static List<string> Strings(ReadOnlySpan<byte> message, params int[] path)
    {
        var found = new List<string>();
        Collect(message, path, found);
        return found;
    }

    private static void Collect(ReadOnlySpan<byte> message, ReadOnlySpan<int> path, List<string> found)
    {
        var at = 0;
        while (at < message.Length)
        {
            var key = Varint(message, ref at);
            var (field, wire) = ((int)(key >> 3), (int)(key & 7));
            switch (wire)
            {
                case 0:
                    Varint(message, ref at);
                    break;
                case 1:
                    at += 8;
                    break;
                case 5:
                    at += 4;
                    break;
                case 2:
                    var length = (int)Varint(message, ref at);
                    var value = message.Slice(at, length);
                    at += length;
                    if (field == path[0])
                    {
                        if (path.Length == 1)
                        {
                            found.Add(Encoding.UTF8.GetString(value));
                        }
                        else
                        {
                            Collect(value, path[1..], found);
                        }
                    }
                    break;
                default:
                    throw new InvalidDataException($"wire type {wire} at byte {at}");
            }
        }
    }

    private static ulong Varint(ReadOnlySpan<byte> bytes, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
