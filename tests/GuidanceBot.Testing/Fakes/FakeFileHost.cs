using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GuidanceBot.Testing.Fakes;

/// <summary>
/// Stands in for SharePoint's download host ({tenant}-my.sharepoint.com) on Kestrel at 127.0.0.1:random: serves the
/// bytes of a file sent in a personal chat at the <c>downloadUrl</c> of its Teams attachment, over real HTTP. A file can
/// be served without a length (chunked, so only counting while streaming finds it too large), fail a number of times
/// first (503, for the retry), or redirect. Records every request (path and whether a credential came with it).
/// </summary>
public sealed class FakeFileHost : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly ConcurrentDictionary<string, ServedFile> _files = new(StringComparer.Ordinal);

    private sealed record ServedFile(byte[] Bytes, bool Chunked, int FailuresLeft, string? RedirectTo);

    public string Origin { get; private set; } = "";

    public ConcurrentQueue<(string Path, string? Authorization)> Requests { get; } = new();

    public static async Task<FakeFileHost> StartAsync()
    {
        var host = new FakeFileHost();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        host._app = builder.Build();
        host._app.MapGet("/personal/{user}/_layouts/15/download.aspx", host.ServeAsync);
        await host._app.StartAsync();
        host.Origin = host._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return host;
    }

    /// <summary>Serves <paramref name="bytes"/> as <paramref name="name"/>; its download URL.</summary>
    public string Serve(string name, byte[] bytes, bool chunked = false, int failFirst = 0, string? redirectTo = null)
    {
        _files[name] = new ServedFile(bytes, chunked, failFirst, redirectTo);
        return Url(name);
    }

    public string Url(string name) => $"{Origin}/personal/wang_contoso/_layouts/15/download.aspx?UniqueId={Uri.EscapeDataString(name)}&tempauth=test";

    /// <summary>The attachment Teams puts in a personal-chat message for a file the user sent (application/vnd.microsoft.teams.file.download.info).</summary>
    public JsonObject Attachment(string name, string? downloadUrl = null) => new()
    {
        ["contentType"] = "application/vnd.microsoft.teams.file.download.info",
        ["contentUrl"] = "https://contoso-my.sharepoint.com/personal/wang_contoso/Documents/Microsoft Teams Chat Files/" + name,
        ["name"] = name,
        ["content"] = new JsonObject
        {
            ["downloadUrl"] = downloadUrl ?? Url(name),
            ["uniqueId"] = Guid.NewGuid().ToString().ToUpperInvariant(),
            ["fileType"] = Path.GetExtension(name).TrimStart('.'),
        },
    };

    private async Task ServeAsync(HttpContext context)
    {
        Requests.Enqueue((context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.FirstOrDefault()));
        var name = context.Request.Query["UniqueId"].ToString();
        if (!_files.TryGetValue(name, out var file))
        {
            context.Response.StatusCode = 404;
            return;
        }
        if (file.FailuresLeft > 0)
        {
            _files[name] = file with { FailuresLeft = file.FailuresLeft - 1 };
            context.Response.StatusCode = 503;
            return;
        }
        if (file.RedirectTo is { } to)
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = to;
            return;
        }
        context.Response.ContentType = "application/octet-stream";
        if (!file.Chunked)
        {
            context.Response.ContentLength = file.Bytes.Length;
        }
        // In pieces, as a network delivers a large file.
        for (var offset = 0; offset < file.Bytes.Length; offset += 64 * 1024)
        {
            await context.Response.Body.WriteAsync(file.Bytes.AsMemory(offset, Math.Min(64 * 1024, file.Bytes.Length - offset)), context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
