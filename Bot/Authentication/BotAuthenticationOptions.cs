namespace GuidanceBot.Bot.Authentication;

/// <summary>The Azure Bot resource's app type: whose identity the bot is and where its token comes from.</summary>
public enum BotAppType
{
    /// <summary>An app registration of the bot's own tenant (what Azure creates for new bots).</summary>
    SingleTenant,

    /// <summary>An app registration of any tenant; Azure no longer creates these for new bots.</summary>
    MultiTenant,

    /// <summary>A user-assigned managed identity of the bot's tenant: no secret or certificate at all.</summary>
    UserAssignedMSI,
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
/// Connector client reads too). Endpoints left empty come from <see cref="Cloud"/>, resolved once in
/// <see cref="BotCloudEndpoints"/>.
/// </summary>
public sealed class BotAuthenticationOptions
{
    public const string SectionName = "Bot";

    /// <summary>The bot's Microsoft App ID: the audience every token must carry.</summary>
    public string? AppId { get; set; }

    public BotAppType AppType { get; set; } = BotAppType.SingleTenant;

    /// <summary>The bot's Entra ID tenant (single-tenant and managed-identity bots): its token is asked of this tenant.</summary>
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
    /// The Entra ID login host the bot's own token is asked of (<c>https://login.microsoftonline.com</c>,
    /// <c>https://login.partner.microsoftonline.cn</c>); the tenant is appended.
    /// </summary>
    public string? TokenAuthority { get; set; }

    /// <summary>The tenant the token is asked of, when not the bot's own (or, multi-tenant, the cloud's Bot Framework tenant).</summary>
    public string? LoginTenant { get; set; }

    /// <summary>The Bot Connector scope (<c>https://api.botframework.com/.default</c>; China <c>https://api.botframework.azure.cn/.default</c>).</summary>
    public string? Scope { get; set; }

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
}
