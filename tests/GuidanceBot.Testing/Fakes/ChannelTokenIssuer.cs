using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GuidanceBot.Testing.Fakes;

/// <summary>
/// The token side of the Bot Framework channel and of an Entra ID tenant, on Kestrel at 127.0.0.1:random:
/// OpenID metadata and a JWKS whose keys carry <c>endorsements</c> as login.botframework.com publishes them,
/// and RS256 tokens signed with those keys, shaped like the ones Teams sends to a bot.
/// </summary>
public sealed class ChannelTokenIssuer : IAsyncDisposable
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    public const string Tenant = "00000000-0000-0000-0000-0000000000001";

    private WebApplication _app = null!;
    private int _metadataRequests;

    /// <summary>The channel's key, endorsed for Teams.</summary>
    public RsaSecurityKey TeamsKey { get; } = NewKey("channel-teams");

    /// <summary>A channel key endorsed only for another channel (webchat).</summary>
    public RsaSecurityKey WebChatKey { get; } = NewKey("channel-webchat");

    /// <summary>The tenant's Entra ID key (no endorsements, like login.microsoftonline.com).</summary>
    public RsaSecurityKey TenantKey { get; } = NewKey("tenant-key");

    public string BaseUrl { get; private set; } = "";
    public string ChannelMetadataUrl => $"{BaseUrl}/v1/.well-known/openidconfiguration";
    public string EntraMetadataUrl => $"{BaseUrl}/{{tenant}}/v2.0/.well-known/openid-configuration";
    public static string EntraV1Issuer => $"https://sts.windows.net/{Tenant}/";
    public static string EntraV2Issuer => $"https://login.microsoftonline.com/{Tenant}/v2.0";

    /// <summary>How often a metadata document was fetched (keys must be cached, not fetched per turn).</summary>
    public int MetadataRequests => _metadataRequests;

    private static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    public static async Task<ChannelTokenIssuer> StartAsync()
    {
        var issuer = new ChannelTokenIssuer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/v1/.well-known/openidconfiguration", () =>
        {
            Interlocked.Increment(ref issuer._metadataRequests);
            return Results.Text(new JsonObject
            {
                ["issuer"] = BotFrameworkIssuer,
                ["authorization_endpoint"] = "https://invalid.botframework.com",
                ["jwks_uri"] = $"{issuer.BaseUrl}/v1/.well-known/keys",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
            }.ToJsonString(), "application/json");
        });
        app.MapGet("/v1/.well-known/keys", () => Results.Text(new JsonObject
        {
            ["keys"] = new JsonArray(Jwk(issuer.TeamsKey, ["msteams", "skype"]), Jwk(issuer.WebChatKey, ["webchat"])),
        }.ToJsonString(), "application/json"));
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) =>
        {
            Interlocked.Increment(ref issuer._metadataRequests);
            return Results.Text(new JsonObject
            {
                ["issuer"] = $"https://login.microsoftonline.com/{tenant}/v2.0",
                ["jwks_uri"] = $"{issuer.BaseUrl}/{tenant}/discovery/v2.0/keys",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            }.ToJsonString(), "application/json");
        });
        app.MapGet("/{tenant}/discovery/v2.0/keys", () => Results.Text(new JsonObject
        {
            ["keys"] = new JsonArray(Jwk(issuer.TenantKey, null)),
        }.ToJsonString(), "application/json"));
        await app.StartAsync();
        issuer._app = app;
        issuer.BaseUrl = app.Urls.First();
        return issuer;
    }

    private static JsonObject Jwk(RsaSecurityKey key, string[]? endorsements)
    {
        var p = key.Rsa.ExportParameters(false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = key.KeyId,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
        };
        if (endorsements is not null)
        {
            jwk["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode)e)]);
        }
        return jwk;
    }

    /// <summary>A token as the Bot Framework channel issues it for a bot: iss, aud = app id, serviceurl, 1 hour.</summary>
    public static string CreateToken(SecurityKey key, string audience, string? serviceUrl, DateTimeOffset now,
        string issuer = BotFrameworkIssuer, TimeSpan? lifetime = null, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var claims = new Dictionary<string, object> { ["appid"] = "channel-app-id" };
        if (serviceUrl is not null)
        {
            claims["serviceurl"] = serviceUrl;
        }

        var life = lifetime ?? TimeSpan.FromHours(1);
        var notBefore = life < TimeSpan.Zero ? now + life - TimeSpan.FromHours(1) : now - TimeSpan.FromMinutes(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = notBefore.UtcDateTime,
            NotBefore = notBefore.UtcDateTime,
            Expires = (now + life).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    /// <summary>
    /// An Entra ID app-only token as the tenant issues it to an app calling this bot: v1 (<c>sts.windows.net</c>,
    /// caller in <c>appid</c>) or v2 (<c>login.microsoftonline.com/…/v2.0</c>, caller in <c>azp</c>), the tenant in
    /// <c>tid</c>, and no <c>serviceurl</c> unless one is given.
    /// </summary>
    public static string CreateEntraToken(SecurityKey key, string audience, string callerAppId, DateTimeOffset now,
        string version = "1.0", string tenant = Tenant, string? serviceUrl = null)
    {
        var claims = new Dictionary<string, object> { ["ver"] = version, ["tid"] = tenant };
        claims[version == "2.0" ? "azp" : "appid"] = callerAppId;
        if (serviceUrl is not null)
        {
            claims["serviceurl"] = serviceUrl;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = version == "2.0" ? $"https://login.microsoftonline.com/{tenant}/v2.0" : $"https://sts.windows.net/{tenant}/",
            Audience = audience,
            Claims = claims,
            IssuedAt = (now - TimeSpan.FromMinutes(1)).UtcDateTime,
            NotBefore = (now - TimeSpan.FromMinutes(1)).UtcDateTime,
            Expires = (now + TimeSpan.FromHours(1)).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise valid claims.</summary>
    public static string CreateUnsignedToken(string audience, string serviceUrl, DateTimeOffset now)
    {
        static string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = "channel-teams" }.ToJsonString();
        var payload = new JsonObject
        {
            ["iss"] = BotFrameworkIssuer,
            ["aud"] = audience,
            ["serviceurl"] = serviceUrl,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        }.ToJsonString();
        return $"{B64(header)}.{B64(payload)}.";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
