using System.Collections;
using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using GuidanceBot.Bot.Connector;
using GuidanceBot.Bot.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace GuidanceBot.Bot.Authentication;

public enum BotAuthStatus
{
    /// <summary>A verified token from the channel or the bot's tenant.</summary>
    Authenticated,

    /// <summary>No token checked: the explicit local mode for the Agents Playground.</summary>
    LocalMode,

    /// <summary>401: no token, or a token that is not valid for this bot.</summary>
    Unauthorized,

    /// <summary>403: a valid token whose signing key is not endorsed for the activity's channel.</summary>
    Forbidden,

    /// <summary>503: the issuer's keys could not be fetched; the caller may retry.</summary>
    Unavailable,
}

/// <summary>
/// The outcome of checking a request; <see cref="IsTrusted"/> decides whether its content may be stored.
/// <see cref="CallerTenant"/> is set for an Entra ID token (an allowed caller): the only tenant its activities may name.
/// </summary>
public sealed record BotAuthResult(BotAuthStatus Status, string? Reason = null, ClaimsIdentity? Identity = null,
    string? Issuer = null, string? ServiceUrlClaim = null, IReadOnlyCollection<string>? Endorsements = null,
    bool FromChannel = false, string? CallerTenant = null)
{
    public bool IsTrusted => Status is BotAuthStatus.Authenticated or BotAuthStatus.LocalMode;
    public bool IsAuthenticated => Status == BotAuthStatus.Authenticated;

    internal static BotAuthResult Unauthorized(string reason) => new(BotAuthStatus.Unauthorized, reason);
}

/// <summary>
/// Validates the bearer token Teams (the Bot Framework channel) or the bot's Entra ID tenant puts on
/// <c>POST /api/messages</c>: RS256 signature against the issuer's published keys (cached, refreshed on an
/// unknown key id), issuer, audience = app id, lifetime with skew, for a tenant token the calling app
/// (<c>Bot:AllowedCallers</c>); then per activity the service URL (a trusted Connector host, equal to the
/// <c>serviceurl</c> claim), the tenant (an allowed caller's own) and the signing key's channel endorsements.
/// </summary>
public sealed partial class BotTokenValidator
{
    private const string ServiceUrlClaim = "serviceurl";
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    private readonly BotAuthenticationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BotTokenValidator> _logger;
    private readonly ConnectorHosts _hosts;
    private readonly HashSet<string> _allowedCallers;
    private readonly Issuer _channel;
    private readonly Issuer? _entra;

    /// <param name="time">The wall clock (a rehearsal's shifted clock would refuse Teams' real tokens).</param>
    public BotTokenValidator(IOptions<BotAuthenticationOptions> options, BotCloudEndpoints cloud,
        [Microsoft.Extensions.DependencyInjection.FromKeyedServices(GuidanceBot.Data.Rehearsal.RehearsalClock.WallClockKey)] TimeProvider time,
        IHttpClientFactory httpClientFactory, ConnectorHosts hosts, ILogger<BotTokenValidator> logger)
    {
        _options = options.Value;
        _time = time;
        _hosts = hosts;
        _logger = logger;
        _allowedCallers = new HashSet<string>(_options.AllowedCallers.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()), StringComparer.OrdinalIgnoreCase);
        var retriever = new HttpDocumentRetriever(httpClientFactory.CreateClient(BotServiceCollectionExtensions.MetadataHttpClientName))
        {
            RequireHttps = _options.RequireHttpsMetadata,
        };

        _channel = new Issuer(this, cloud.ChannelMetadataUrl, [cloud.ChannelIssuer], isChannel: true, retriever);
        if (cloud.EntraMetadataUrl is { } entraUrl)
        {
            _entra = new Issuer(this, entraUrl, cloud.EntraIssuers, isChannel: false, retriever);
        }
    }

    public bool LocalMode => _options.AllowUnauthenticatedLocalMode;

    /// <summary>Checks the <c>Authorization</c> header alone (before the body is read).</summary>
    public async Task<BotAuthResult> ValidateAsync(string? authorizationHeader, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(authorizationHeader))
        {
            return LocalMode ? new BotAuthResult(BotAuthStatus.LocalMode) : BotAuthResult.Unauthorized("no token");
        }

        // A token that is sent is checked even in local mode: a bad one is never waved through.
        if (!authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return BotAuthResult.Unauthorized("not a bearer token");
        }

        if (string.IsNullOrEmpty(_options.AppId))
        {
            return BotAuthResult.Unauthorized("Bot:AppId is not configured");
        }

        var token = authorizationHeader["Bearer ".Length..].Trim();
        if (_verified.TryGetValue(token, out var known) && known.Issuer.IsCurrent(known))
        {
            return ValidateLifetime(known.NotBefore, known.Expires) ? known.Result : BotAuthResult.Unauthorized("SecurityTokenExpiredException");
        }

        JsonWebToken jwt;
        try
        {
            jwt = Handler.ReadJsonWebToken(token);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException)
        {
            return BotAuthResult.Unauthorized("malformed token");
        }

        // The unverified issuer only picks which keys to verify against; the issuer is validated again below.
        var issuer = jwt.Issuer switch
        {
            var i when _channel.Accepts(i) => _channel,
            var i when _entra?.Accepts(i) == true => _entra,
            _ => null,
        };
        if (issuer is null)
        {
            return BotAuthResult.Unauthorized("untrusted issuer");
        }

        try
        {
            return await issuer.ValidateAsync(jwt, token, ct);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            LogMetadataUnavailable(e, issuer.MetadataUrl);
            return new BotAuthResult(BotAuthStatus.Unavailable, "signing keys unavailable");
        }
    }

    /// <summary>
    /// The per-activity checks: replies may go to the activity's service URL (a trusted Connector host, the one
    /// the token was issued for), an allowed caller speaks only for its own tenant, and the key signs for this channel.
    /// </summary>
    public BotAuthResult CheckActivity(BotAuthResult auth, Activity activity)
    {
        if (!auth.IsTrusted)
        {
            return auth;
        }

        // The bot answers at the activity's serviceUrl with its Connector token: never a host the sender picked.
        if (!_hosts.IsTrusted(activity.ServiceUrl))
        {
            return BotAuthResult.Unauthorized($"serviceUrl '{activity.ServiceUrl}' is not a trusted Bot Connector host (Bot:ConnectorHosts)");
        }

        if (auth.Status == BotAuthStatus.LocalMode)
        {
            return auth;
        }

        if ((auth.ServiceUrlClaim is not null || auth.FromChannel) && !SameServiceUrl(auth.ServiceUrlClaim, activity.ServiceUrl))
        {
            return BotAuthResult.Unauthorized("serviceurl claim does not match the activity");
        }

        // A tenant token's caller is trusted for its tenant's people only: the body may not name another tenant.
        if (auth.CallerTenant is { } callerTenant && activity.GetTenantId() is { } tenant
            && !string.Equals(tenant, callerTenant, StringComparison.OrdinalIgnoreCase))
        {
            return BotAuthResult.Unauthorized($"the activity's tenant '{tenant}' is not the caller's tenant");
        }

        if (auth.Endorsements is { } endorsements && !endorsements.Contains(activity.ChannelId ?? "", StringComparer.OrdinalIgnoreCase))
        {
            return auth with { Status = BotAuthStatus.Forbidden, Reason = $"signing key not endorsed for channel '{activity.ChannelId}'" };
        }

        return auth;
    }

    private static bool SameServiceUrl(string? claim, string? serviceUrl) =>
        claim is not null && serviceUrl is not null
        && string.Equals(claim.TrimEnd('/'), serviceUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var skew = _options.ClockSkew;
        return expires is { } exp && exp.ToUniversalTime() + skew >= now
            && (notBefore is not { } nbf || nbf.ToUniversalTime() - skew <= now);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not fetch the signing keys from {MetadataUrl}")]
    private partial void LogMetadataUnavailable(Exception e, string metadataUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unknown signing key id; refreshing the keys from {MetadataUrl}")]
    private partial void LogKeyRefresh(string metadataUrl);

    /// <summary>A token whose signature and claims were verified, with the keys that verified it.</summary>
    private sealed record VerifiedToken(Issuer Issuer, Issuer.Snapshot Snapshot, BotAuthResult Result, DateTime? NotBefore, DateTime Expires);

    // Teams sends the same token with every activity until it nears expiry: a token verified against the
    // current keys is not parsed and verified again. Its lifetime is checked on every use; new keys
    // (a metadata refresh) invalidate it.
    private const int MaxCachedTokens = 10_000;
    private readonly ConcurrentDictionary<string, VerifiedToken> _verified = new(StringComparer.Ordinal);

    private void Remember(string token, VerifiedToken verified)
    {
        if (_verified.Count >= MaxCachedTokens)
        {
            _verified.Clear();
        }
        _verified[token] = verified;
    }

    /// <summary>One trusted issuer: its metadata (cached by the ConfigurationManager) and the parameters built from it.</summary>
    private sealed class Issuer
    {
        private readonly BotTokenValidator _owner;
        private readonly HashSet<string> _issuers;
        private readonly bool _isChannel;
        private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;
        private Snapshot? _snapshot;

        /// <param name="isChannel">The Bot Framework channel (keys carry endorsements; tokens carry serviceurl), not the bot's tenant.</param>
        public Issuer(BotTokenValidator owner, string metadataUrl, IReadOnlyList<string> issuers, bool isChannel, IDocumentRetriever retriever)
        {
            _owner = owner;
            MetadataUrl = metadataUrl;
            _issuers = new HashSet<string>(issuers, StringComparer.Ordinal);
            _isChannel = isChannel;
            _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(metadataUrl, new OpenIdConnectConfigurationRetriever(), retriever)
            {
                AutomaticRefreshInterval = owner._options.MetadataRefreshInterval,
            };
        }

        public string MetadataUrl { get; }

        public bool Accepts(string? issuer) => issuer is not null && _issuers.Contains(issuer);

        public async Task<BotAuthResult> ValidateAsync(JsonWebToken jwt, string token, CancellationToken ct)
        {
            var snapshot = await GetSnapshotAsync(ct);
            var verified = await VerifyAsync(jwt, snapshot, ct);
            if (verified.Result.Status == BotAuthStatus.Authenticated)
            {
                _owner.Remember(token, verified);
            }
            return verified.Result;
        }

        /// <summary>Still the keys the token was verified with (a refresh brings new ones).</summary>
        public bool IsCurrent(VerifiedToken verified) => ReferenceEquals(_snapshot, verified.Snapshot);

        private async Task<VerifiedToken> VerifyAsync(JsonWebToken jwt, Snapshot snapshot, CancellationToken ct)
        {
            var result = await Handler.ValidateTokenAsync(jwt, snapshot.Parameters);
            if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                // Keys rotate: an unknown key id fetches the metadata again (the manager limits how often).
                _owner.LogKeyRefresh(MetadataUrl);
                _metadata.RequestRefresh();
                snapshot = await GetSnapshotAsync(ct);
                result = await Handler.ValidateTokenAsync(jwt, snapshot.Parameters);
            }

            if (!result.IsValid)
            {
                return new VerifiedToken(this, snapshot, BotAuthResult.Unauthorized(result.Exception?.GetType().Name ?? "invalid token"), null, default);
            }

            IReadOnlyCollection<string>? endorsements = null;
            if (((result.SecurityToken as JsonWebToken)?.SigningKey?.KeyId ?? jwt.Kid) is { } kid && snapshot.Endorsements.TryGetValue(kid, out var found))
            {
                endorsements = found;
            }
            else if (_isChannel)
            {
                endorsements = []; // a channel key without endorsements is endorsed for nothing
            }

            string? callerTenant = null;
            if (!_isChannel)
            {
                // Any app registration of the tenant can get a token for the bot's app id: only listed callers count.
                var caller = CallerOf(jwt);
                if (caller is null || !_owner._allowedCallers.Contains(caller))
                {
                    return new VerifiedToken(this, snapshot, BotAuthResult.Unauthorized($"caller app '{caller}' is not on Bot:AllowedCallers"), null, default);
                }

                callerTenant = jwt.TryGetPayloadValue<string>("tid", out var tid) && !string.IsNullOrEmpty(tid) ? tid : _owner._options.TenantId;
            }

            var serviceUrl = jwt.TryGetPayloadValue<string>(ServiceUrlClaim, out var s) ? s : null;
            return new VerifiedToken(this, snapshot,
                new BotAuthResult(BotAuthStatus.Authenticated, null, result.ClaimsIdentity, jwt.Issuer, serviceUrl, endorsements, _isChannel, callerTenant),
                jwt.ValidFrom == DateTime.MinValue ? null : jwt.ValidFrom, jwt.ValidTo);
        }

        /// <summary>The calling app: <c>appid</c> in v1 tokens (no <c>ver</c> means v1), <c>azp</c> in v2 tokens.</summary>
        private static string? CallerOf(JsonWebToken jwt)
        {
            var version = jwt.TryGetPayloadValue<string>("ver", out var v) ? v : null;
            var claim = version switch
            {
                null or "" or "1.0" => "appid",
                "2.0" => "azp",
                _ => null,
            };
            return claim is not null && jwt.TryGetPayloadValue<string>(claim, out var caller) && !string.IsNullOrWhiteSpace(caller) ? caller : null;
        }

        private async Task<Snapshot> GetSnapshotAsync(CancellationToken ct)
        {
            var config = await _metadata.GetConfigurationAsync(ct);
            var snapshot = _snapshot;
            if (snapshot is null || !ReferenceEquals(snapshot.Configuration, config))
            {
                snapshot = new Snapshot(config, BuildParameters(config), ReadEndorsements(config));
                _snapshot = snapshot;
            }
            return snapshot;
        }

        private TokenValidationParameters BuildParameters(OpenIdConnectConfiguration config) => new()
        {
            ValidIssuers = _issuers,
            ValidateIssuer = true,
            ValidAudience = _owner._options.AppId,
            ValidateAudience = true,
            IssuerSigningKeys = config.SigningKeys,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireExpirationTime = true,
            ValidateLifetime = true,
            LifetimeValidator = (nbf, exp, _, _) => _owner.ValidateLifetime(nbf, exp),
            ClockSkew = _owner._options.ClockSkew,
            SaveSigninToken = false,
        };

        /// <summary>The Bot Framework's JWKS lists, per key, the channels it may sign for (<c>endorsements</c>).</summary>
        private static Dictionary<string, IReadOnlyCollection<string>> ReadEndorsements(OpenIdConnectConfiguration config)
        {
            var map = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal);
            foreach (var key in config.JsonWebKeySet?.Keys ?? [])
            {
                if (key.Kid is null || !key.AdditionalData.TryGetValue("endorsements", out var raw))
                {
                    continue;
                }

                var values = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                switch (raw)
                {
                    case string one:
                        values.Add(one);
                        break;
                    case JsonElement { ValueKind: JsonValueKind.Array } array:
                        foreach (var e in array.EnumerateArray())
                        {
                            if (e.ValueKind == JsonValueKind.String) { values.Add(e.GetString()!); }
                        }
                        break;
                    case IEnumerable list:
                        foreach (var e in list)
                        {
                            if (e?.ToString() is { } v) { values.Add(v); }
                        }
                        break;
                }
                map[key.Kid] = values;
            }
            return map;
        }

        internal sealed record Snapshot(OpenIdConnectConfiguration Configuration, TokenValidationParameters Parameters,
            Dictionary<string, IReadOnlyCollection<string>> Endorsements);
    }
}
