using System.Text.Json.Nodes;
using GuidanceBot.Bot.Protocol;
using Microsoft.Extensions.Logging;

namespace GuidanceBot.Bot.Flows.Common;

/// <summary>A file a user attached to a message: where to GET it, its name and extension (lower case, no dot).</summary>
public sealed record SentFile(Uri Url, string Name, string Extension)
{
    private const string CsvType = "text/csv";
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public bool IsSpreadsheet => Extension is "csv" or "xlsx";

    /// <summary>
    /// Teams: an attachment of type <c>application/vnd.microsoft.teams.file.download.info</c> whose
    /// <c>content.downloadUrl</c> serves the bytes; other channels: a direct <c>contentUrl</c> (any type but
    /// cards and inline HTML).
    /// </summary>
    public static SentFile? Find(Activity activity)
    {
        foreach (var a in activity.Attachments ?? [])
        {
            if (a.ContentType == Attachment.TeamsFileDownloadInfoContentType && a.Content is JsonObject info
                && info["downloadUrl"]?.GetValue<string>() is { } download && WebUri(download) is { } teamsUrl)
            {
                var type = info["fileType"]?.GetValue<string>()?.ToLowerInvariant() ?? Path.GetExtension(a.Name ?? "").TrimStart('.').ToLowerInvariant();
                return new SentFile(teamsUrl, a.Name ?? "file." + type, type);
            }
            if (a.ContentUrl is { } contentUrl && WebUri(contentUrl) is { } url
                && a.ContentType is { } contentType && !contentType.StartsWith("application/vnd.microsoft.card", StringComparison.Ordinal) && contentType != "text/html")
            {
                var ext = contentType switch
                {
                    CsvType => "csv",
                    XlsxType => "xlsx",
                    _ => Path.GetExtension(a.Name ?? "").TrimStart('.').ToLowerInvariant(),
                };
                return new SentFile(url, a.Name ?? "file." + ext, ext);
            }
        }
        return null;
    }

    private static Uri? WebUri(string s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) ? u : null;
}

/// <summary>GETs a sent file into memory, up to a size limit (the URL came in the authenticated activity).</summary>
public sealed partial class SentFileDownloader(IHttpClientFactory http, ILogger<SentFileDownloader> logger)
{
    public const string HttpClientName = "GuidanceBot.SentFiles";

    public async Task<MemoryStream?> DownloadAsync(SentFile file, long maxBytes, CancellationToken ct)
    {
        try
        {
            using var response = await http.CreateClient(HttpClientName).GetAsync(file.Url, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > maxBytes)
            {
                LogDownloadFailed(null, file.Url.Host, (int)response.StatusCode);
                return null;
            }
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
            buffer.Position = 0;
            return buffer;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            LogDownloadFailed(e, file.Url.Host, 0);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not download a sent file from {Host} (status {Status})")]
    private partial void LogDownloadFailed(Exception? e, string host, int status);
}
