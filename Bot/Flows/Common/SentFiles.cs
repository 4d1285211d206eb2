using System.Text.Json.Nodes;
using GuidanceBot.Bot.Authentication;
using GuidanceBot.Bot.Connector;
using GuidanceBot.Bot.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
    public static SentFile? Find(Activity activity) => FindAll(activity).FirstOrDefault();

    /// <summary>Every file of the message, in the order sent (Teams sends several files, or pasted images, as several attachments).</summary>
    public static IEnumerable<SentFile> FindAll(Activity activity)
    {
        foreach (var a in activity.Attachments ?? [])
        {
            if (a.ContentType == Attachment.TeamsFileDownloadInfoContentType && a.Content is JsonObject info
                && info["downloadUrl"]?.GetValue<string>() is { } download && WebUri(download) is { } teamsUrl)
            {
                var type = info["fileType"]?.GetValue<string>()?.ToLowerInvariant() ?? Path.GetExtension(a.Name ?? "").TrimStart('.').ToLowerInvariant();
                yield return new SentFile(teamsUrl, a.Name ?? "file." + type, type);
                continue;
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
                yield return new SentFile(url, a.Name ?? "file." + ext, ext);
            }
        }
    }

    private static Uri? WebUri(string s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) ? u : null;
}

/// <summary>
/// The hosts a file sent in the chat is downloaded from without a credential: the cloud's file hosts
/// (<see cref="BotCloudEndpoints.FileHosts"/>, SharePoint) and what the operator adds on <c>Bot:FileHosts</c>. A URL comes
/// in an activity, i.e. from a request body: the bot fetches nothing from a host not listed here (nor from a Connector
/// host, <see cref="ConnectorHosts"/>, which gets the bot's token).
/// </summary>
public sealed class SentFileHosts
{
    private readonly List<string> _suffixes = [];
    private readonly HashSet<(string Scheme, string Host, int Port)> _origins = [];

    public SentFileHosts(IOptions<ConnectorOptions> options, BotCloudEndpoints cloud)
    {
        foreach (var entry in cloud.FileHosts.Concat(options.Value.FileHosts).Where(e => !string.IsNullOrWhiteSpace(e)))
        {
            if (!TryAdd(entry.Trim()))
            {
                throw new InvalidOperationException(Invalid(entry));
            }
        }
    }

    /// <summary>What is wrong with <c>Bot:FileHosts</c>, or null: checked when the host starts.</summary>
    public static string? Problem(ConnectorOptions options)
    {
        var probe = new SentFileHosts();
        return options.FileHosts.FirstOrDefault(e => !string.IsNullOrWhiteSpace(e) && !probe.TryAdd(e.Trim())) is { } bad ? Invalid(bad) : null;
    }

    private SentFileHosts()
    {
    }

    private static string Invalid(string entry) =>
        $"Bot:FileHosts entry '{entry}' is neither a host name, a .domain (https on port 443) nor an http(s) origin such as https://host:port.";

    public bool IsAllowed(Uri uri)
    {
        if (!uri.IsAbsoluteUri || uri.UserInfo.Length > 0 || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return false;
        }
        var host = uri.IdnHost.ToLowerInvariant();
        return _origins.Contains((uri.Scheme, host, uri.Port))
               || (uri.Scheme == Uri.UriSchemeHttps && uri.Port == 443 && _suffixes.Any(s => host.EndsWith(s, StringComparison.Ordinal) && host.Length > s.Length));
    }

    private bool TryAdd(string entry)
    {
        if (entry.StartsWith('.'))
        {
            // A domain and every host under it; "." alone or a dot inside a label is not one.
            var domain = entry.ToLowerInvariant();
            if (domain.Length < 4 || Uri.CheckHostName(domain[1..]) != UriHostNameType.Dns)
            {
                return false;
            }
            _suffixes.Add(domain);
            return true;
        }
        var url = entry.Contains("://", StringComparison.Ordinal) ? entry : "https://" + entry;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.UserInfo.Length > 0 || string.IsNullOrEmpty(uri.Host) || uri.PathAndQuery is not ("/" or ""))
        {
            return false;
        }
        _origins.Add((uri.Scheme, uri.IdnHost.ToLowerInvariant(), uri.Port));
        return true;
    }
}

/// <summary>Why a sent file was not downloaded.</summary>
public enum SentFileProblem
{
    None = 0,
    /// <summary>Its address is on no allowed host: nothing was requested.</summary>
    HostRefused,
    /// <summary>Larger than the limit (said by the server, or counted while streaming): the download stopped.</summary>
    TooLarge,
    /// <summary>The server refused or did not answer, after the retries.</summary>
    Failed,
}

/// <summary>A download's outcome: the bytes in memory, or why there are none.</summary>
public sealed record SentFileDownload(MemoryStream? Content, SentFileProblem Problem);

/// <summary>
/// GETs a sent file into memory, up to a size limit counted while the bytes stream in. Only from an allowed host
/// (<see cref="SentFileHosts"/>, no credential) or a Connector host (an image pasted into the chat; the bot's token is
/// attached by the Connector's own handler); a redirect is followed only to an allowed host again. Transient failures are
/// retried (the clients' resilience handler); the whole download is bounded by <c>Bot:FileDownloadTimeout</c>.
/// </summary>
public sealed partial class SentFileDownloader(IHttpClientFactory http, SentFileHosts fileHosts, ConnectorHosts connectorHosts,
    IOptions<ConnectorOptions> options, ILogger<SentFileDownloader> logger)
{
    public const string HttpClientName = "GuidanceBot.SentFiles";

    /// <summary>The same, with the bot's token: for files on a Connector host.</summary>
    public const string ConnectorHttpClientName = "GuidanceBot.SentFiles.Connector";

    private const int MaxRedirects = 3;

    /// <summary>The bytes, or null whatever went wrong (see <see cref="FetchAsync"/> for why).</summary>
    public async Task<MemoryStream?> DownloadAsync(SentFile file, long maxBytes, CancellationToken ct) =>
        (await FetchAsync(file, maxBytes, ct)).Content;

    public async Task<SentFileDownload> FetchAsync(SentFile file, long maxBytes, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.FileDownloadTimeout);
        var url = file.Url;
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                string client;
                if (connectorHosts.IsTrusted(url))
                {
                    client = ConnectorHttpClientName;
                }
                else if (fileHosts.IsAllowed(url))
                {
                    client = HttpClientName;
                }
                else
                {
                    LogHostRefused(url.Host);
                    return new(null, SentFileProblem.HostRefused);
                }

                using var response = await http.CreateClient(client).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location && redirects < MaxRedirects)
                {
                    url = location.IsAbsoluteUri ? location : new Uri(url, location);
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                {
                    LogDownloadFailed(null, url.Host, (int)response.StatusCode);
                    return new(null, SentFileProblem.Failed);
                }
                if (response.Content.Headers.ContentLength > maxBytes)
                {
                    return new(null, SentFileProblem.TooLarge);
                }
                await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
                var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
                {
                    if (buffer.Length + read > maxBytes)
                    {
                        await buffer.DisposeAsync();
                        return new(null, SentFileProblem.TooLarge);
                    }
                    buffer.Write(chunk, 0, read);
                }
                buffer.Position = 0;
                return new(buffer, SentFileProblem.None);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException
                                  && !ct.IsCancellationRequested)
        {
            LogDownloadFailed(e, url.Host, 0);
            return new(null, SentFileProblem.Failed);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not download a sent file from {Host} (status {Status})")]
    private partial void LogDownloadFailed(Exception? e, string host, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to download a sent file from {Host}: not a file host (Bot:FileHosts) nor a Connector host")]
    private partial void LogHostRefused(string host);
}
