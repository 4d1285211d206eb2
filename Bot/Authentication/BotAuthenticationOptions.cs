namespace GuidanceBot.Bot.Authentication;

public enum BotAppType
{
    SingleTenant,
    MultiTenant,
}

public enum BotCloud
{
    /// <summary>Azure public cloud (login.botframework.com, login.microsoftonline.com).</summary>
    Public,

    /// <summary>Microsoft Azure operated by 21Vianet (login.botframework.azure.cn, login.partner.microsoftonline.cn).</summary>
    China,
}

/// <summary>
/// How <c>POST /api/messages</c> checks the caller, bound from the <c>Bot</c> section (the section the
/// Connector client reads too). Endpoints left empty come from <see cref="Cloud"/>.
/// </summary>
public sealed class BotAuthenticationOptions
{
    public const string SectionName = "Bot";

    /// <summary>The bot's Microsoft App ID: the audience every token must carry.</summary>
    public string? AppId { get; set; }

    public BotAppType AppType { get; set; } = BotAppType.MultiTenant;

    /// <summary>The bot's Entra ID tenant (single-tenant bots): tokens issued by this tenant are accepted.</summary>
    public string? TenantId { get; set; }

    public BotCloud Cloud { get; set; } = BotCloud.Public;

    /// <summary>OpenID metadata of the Bot Framework channel service (keys with endorsements).</summary>
    public string? ChannelMetadataUrl { get; set; }

    /// <summary>Issuer of the Bot Framework channel's tokens.</summary>
    public string? ChannelIssuer { get; set; }

    /// <summary>OpenID metadata of the Entra ID tenant; <c>{tenant}</c> is replaced by <see cref="TenantId"/>.</summary>
    public string? EntraMetadataUrl { get; set; }

    /// <summary>Issuers of the tenant's Entra ID tokens (v1 and v2); <c>{tenant}</c> is replaced by <see cref="TenantId"/>.</summary>
    public List<string> EntraIssuers { get; set; } = [];

    /// <summary>
    /// App ids whose Entra ID tokens (issued by <see cref="TenantId"/>) the bot accepts: the <c>appid</c> (v1) or
    /// <c>azp</c> (v2) claim must be one of them, as the Bot Framework SDKs' allowed-callers check does. Empty by
    /// default — any app registration of the tenant can get a token for the bot's app id, so a tenant token
    /// alone says nothing about who calls. No wildcard. A listed caller is trusted to speak for the people of
    /// the bot's tenant (its activities' <c>from</c>), so list only apps you run.
    /// </summary>
    public List<string> AllowedCallers { get; set; } = [];

    /// <summary>
    /// No token is required (the Agents Playground sends none). Only on loopback: the host refuses to start
    /// otherwise. Activities received this way are trusted as if authenticated.
    /// </summary>
    public bool AllowUnauthenticatedLocalMode { get; set; }

    /// <summary>Metadata and keys only over https; switched off only for a local test issuer.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Clock skew allowed on <c>nbf</c>/<c>exp</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the keys are fetched again even when nothing fails (the channel rotates them).</summary>
    public TimeSpan MetadataRefreshInterval { get; set; } = TimeSpan.FromHours(12);

    internal string ResolvedChannelMetadataUrl => ChannelMetadataUrl ?? Cloud switch
    {
        BotCloud.China => "https://login.botframework.azure.cn/v1/.well-known/openidconfiguration",
        _ => "https://login.botframework.com/v1/.well-known/openidconfiguration",
    };

    internal string ResolvedChannelIssuer => ChannelIssuer ?? Cloud switch
    {
        BotCloud.China => "https://api.botframework.azure.cn",
        _ => "https://api.botframework.com",
    };

    internal string? ResolvedEntraMetadataUrl => TenantId is null || AppType != BotAppType.SingleTenant ? null : (EntraMetadataUrl ?? Cloud switch
    {
        BotCloud.China => "https://login.partner.microsoftonline.cn/{tenant}/v2.0/.well-known/openid-configuration",
        _ => "https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration",
    }).Replace("{tenant}", TenantId, StringComparison.Ordinal);

    internal IReadOnlyList<string> ResolvedEntraIssuers => TenantId is null || AppType != BotAppType.SingleTenant ? [] : (EntraIssuers.Count > 0 ? EntraIssuers : Cloud switch
    {
        BotCloud.China => ["https://sts.chinacloudapi.cn/{tenant}/", "https://login.partner.microsoftonline.cn/{tenant}/v2.0"],
        _ => ["https://sts.windows.net/{tenant}/", "https://login.microsoftonline.com/{tenant}/v2.0"],
    }).Select(i => i.Replace("{tenant}", TenantId, StringComparison.Ordinal)).ToList();
}
