using GuidanceBot.Bot.Authentication;
using GuidanceBot.Bot.Protocol;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Bot.Connector;

/// <summary>
/// The hosts the bot sends activities — and with them its Connector token — to: the Bot Connector hosts of
/// its cloud (https, port 443), whatever the operator adds on <c>Bot:ConnectorHosts</c>, and in local mode
/// (no token at all) any loopback address. A service URL comes from an activity or a stored reference,
/// i.e. ultimately from a request body: it is checked at the door (<c>/api/messages</c>) and again by the
/// Connector client before a token is attached.
/// </summary>
public sealed class ConnectorHosts
{
    private readonly HashSet<Origin> _origins = [];
    private readonly bool _loopback;

    public ConnectorHosts(IOptions<ConnectorOptions> options, BotCloudEndpoints cloud)
    {
        var o = options.Value;
        _loopback = o.AllowUnauthenticatedLocalMode;
        if (!_loopback)
        {
            // Local mode has no credentials and talks to the Agents Playground only: no cloud host by default.
            foreach (var host in cloud.ConnectorHosts)
            {
                _origins.Add(new Origin(Uri.UriSchemeHttps, host, 443));
            }
        }

        foreach (var entry in o.ConnectorHosts)
        {
            if (!string.IsNullOrWhiteSpace(entry))
            {
                _origins.Add(Parse(entry) ?? throw new InvalidOperationException(Invalid(entry)));
            }
        }
    }

    /// <summary>What is wrong with <c>Bot:ConnectorHosts</c>, or null: checked when the host starts.</summary>
    public static string? Problem(ConnectorOptions options) =>
        options.ConnectorHosts.FirstOrDefault(e => !string.IsNullOrWhiteSpace(e) && Parse(e) is null) is { } bad ? Invalid(bad) : null;

    private static string Invalid(string entry) =>
        $"Bot:ConnectorHosts entry '{entry}' is neither a host name (https on port 443) nor an http(s) origin such as https://host:port.";

    /// <summary>True when the bot may send to <paramref name="serviceUrl"/>: a well-formed service URL on a trusted origin.</summary>
    public bool IsTrusted(string? serviceUrl) =>
        ActivityEnvelope.TryParseServiceUrl(serviceUrl, out var uri) && IsTrusted(uri);

    public bool IsTrusted(Uri uri) =>
        uri.IsAbsoluteUri && uri.UserInfo.Length == 0 && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && (_origins.Contains(new Origin(uri.Scheme, uri.IdnHost.ToLowerInvariant(), uri.Port)) || (_loopback && uri.IsLoopback));

    /// <summary>A host name means https on 443; anything with a scheme is taken as an origin (its path is ignored).</summary>
    private static Origin? Parse(string entry)
    {
        entry = entry.Trim();
        var url = entry.Contains("://", StringComparison.Ordinal) ? entry : "https://" + entry;
        return ActivityEnvelope.TryParseServiceUrl(url, out var uri) ? new Origin(uri.Scheme, uri.IdnHost.ToLowerInvariant(), uri.Port) : null;
    }

    private readonly record struct Origin(string Scheme, string Host, int Port);
}
