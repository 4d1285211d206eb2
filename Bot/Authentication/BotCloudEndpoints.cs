namespace GuidanceBot.Bot.Authentication;

/// <summary>
/// Every endpoint the bot's cloud decides, inbound and outbound, resolved once from <c>Bot:Cloud</c>, the app
/// type and the tenant, with any endpoint set explicitly in the <c>Bot</c> section taking its place. The inbound
/// token validation, the outbound token provider and the Connector host allowlist all read this one object, so
/// a China bot cannot check China's tokens and then ask the public cloud for its own.
/// </summary>
/// <remarks>
/// Values as Microsoft documents them ("Configure a bot in Microsoft Azure operated by 21Vianet", the Teams
/// SDK's cloud presets, "National clouds" for the Entra ID issuers). The single-tenant login authority is the
/// bot's own tenant; a multi-tenant bot asks the Bot Framework's tenant of its cloud.
/// </remarks>
public sealed record BotCloudEndpoints
{
    public required BotCloud Cloud { get; init; }

    public required BotAppType AppType { get; init; }

    /// <summary>The bot's Entra ID tenant (single-tenant and managed-identity bots).</summary>
    public string? TenantId { get; init; }

    /// <summary>OpenID metadata of the Bot Framework channel (keys with endorsements).</summary>
    public required string ChannelMetadataUrl { get; init; }

    /// <summary>Issuer of the channel's tokens.</summary>
    public required string ChannelIssuer { get; init; }

    /// <summary>OpenID metadata of the bot's tenant; null when tenant tokens are not accepted (multi-tenant, or no tenant).</summary>
    public string? EntraMetadataUrl { get; init; }

    /// <summary>Issuers (v1 and v2) of the tenant's tokens; empty when tenant tokens are not accepted.</summary>
    public required IReadOnlyList<string> EntraIssuers { get; init; }

    /// <summary>The Entra ID login host of the cloud (<c>https://login.microsoftonline.com</c>), or <c>Bot:TokenAuthority</c>.</summary>
    public required string LoginInstance { get; init; }

    /// <summary>The tenant the bot's token is asked of: its own tenant, or the cloud's Bot Framework tenant for a multi-tenant bot.</summary>
    public required string LoginTenant { get; init; }

    /// <summary>The Bot Connector's scope (<c>…/.default</c>).</summary>
    public required string Scope { get; init; }

    /// <summary>The Bot Connector hosts of the cloud that replies (and the bot's token) may go to.</summary>
    public required IReadOnlyList<string> ConnectorHosts { get; init; }

    /// <summary>
    /// Where files sent in a personal chat are downloaded from (the <c>downloadUrl</c> of a Teams file attachment: the
    /// sender's OneDrive for Business, i.e. SharePoint of the cloud). A leading dot is a domain and its subdomains;
    /// https on 443. No credential goes there: the URL itself is pre-authenticated and short-lived.
    /// </summary>
    public required IReadOnlyList<string> FileHosts { get; init; }

    /// <summary>Where the bot's client-credentials token is asked for: <see cref="LoginInstance"/>/<see cref="LoginTenant"/>.</summary>
    public string TokenAuthority => $"{LoginInstance.TrimEnd('/')}/{LoginTenant}";

    /// <summary>The resource a managed identity asks a token for: the scope without <c>/.default</c>.</summary>
    public string Resource => Scope.EndsWith("/.default", StringComparison.Ordinal) ? Scope[..^"/.default".Length] : Scope;

    /// <summary>The login host of each cloud, for the operators' sign-in too.</summary>
    public static string LoginHost(BotCloud cloud) => Preset(cloud).Login;

    public static BotCloudEndpoints For(BotAuthenticationOptions o)
    {
        var preset = Preset(o.Cloud);
        var tenant = string.IsNullOrWhiteSpace(o.TenantId) ? null : o.TenantId.Trim();
        // Tenant tokens (an allowed caller of the bot's own tenant) exist for a bot with a tenant of its own.
        var tenantTokens = tenant is not null && o.AppType != BotAppType.MultiTenant;
        string WithTenant(string s) => s.Replace("{tenant}", tenant, StringComparison.Ordinal);

        return new BotCloudEndpoints
        {
            Cloud = o.Cloud,
            AppType = o.AppType,
            TenantId = tenant,
            ChannelMetadataUrl = Explicit(o.ChannelMetadataUrl) ?? preset.ChannelMetadata,
            ChannelIssuer = Explicit(o.ChannelIssuer) ?? preset.ChannelIssuer,
            EntraMetadataUrl = tenantTokens ? WithTenant(Explicit(o.EntraMetadataUrl) ?? preset.Login + "/{tenant}/v2.0/.well-known/openid-configuration") : null,
            EntraIssuers = tenantTokens ? [.. (o.EntraIssuers.Count > 0 ? (IEnumerable<string>)o.EntraIssuers : preset.EntraIssuers).Select(WithTenant)] : [],
            LoginInstance = (Explicit(o.TokenAuthority) ?? preset.Login).TrimEnd('/'),
            LoginTenant = Explicit(o.LoginTenant) ?? (o.AppType == BotAppType.MultiTenant ? preset.MultiTenantLogin : tenant ?? "{Bot:TenantId}"),
            Scope = Explicit(o.Scope) ?? preset.Scope,
            ConnectorHosts = preset.ConnectorHosts,
            FileHosts = preset.FileHosts,
        };
    }

    private static string? Explicit(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed record CloudPreset(string ChannelMetadata, string ChannelIssuer, string Login, string MultiTenantLogin,
        string Scope, string[] EntraIssuers, string[] ConnectorHosts, string[] FileHosts);

    private static readonly CloudPreset PublicCloud = new(
        ChannelMetadata: "https://login.botframework.com/v1/.well-known/openidconfiguration",
        ChannelIssuer: "https://api.botframework.com",
        Login: "https://login.microsoftonline.com",
        MultiTenantLogin: "botframework.com",
        Scope: "https://api.botframework.com/.default",
        EntraIssuers: ["https://sts.windows.net/{tenant}/", "https://login.microsoftonline.com/{tenant}/v2.0"],
        // Teams' Bot Connector (GCC included), as the Teams SDK lists it.
        ConnectorHosts: ["smba.trafficmanager.net", "smba.onyx.prod.teams.trafficmanager.net", "smba.infra.gcc.teams.microsoft.com"],
        // OneDrive for Business / SharePoint Online ({tenant}-my.sharepoint.com), GCC included.
        FileHosts: [".sharepoint.com"]);

    private static readonly CloudPreset ChinaCloud = new(
        ChannelMetadata: "https://login.botframework.azure.cn/v1/.well-known/openidconfiguration",
        ChannelIssuer: "https://api.botframework.azure.cn",
        Login: "https://login.partner.microsoftonline.cn",
        MultiTenantLogin: "microsoftservices.partner.onmschina.cn",
        Scope: "https://api.botframework.azure.cn/.default",
        EntraIssuers: ["https://sts.chinacloudapi.cn/{tenant}/", "https://login.partner.microsoftonline.cn/{tenant}/v2.0"],
        ConnectorHosts: ["frontend.botapi.msg.infra.teams.microsoftonline.cn"],
        // SharePoint operated by 21Vianet. Microsoft documents no bot file sending there today; images pasted into the
        // chat still arrive, from the Connector host above (with the bot's token).
        FileHosts: [".sharepoint.cn"]);

    private static CloudPreset Preset(BotCloud cloud) => cloud == BotCloud.China ? ChinaCloud : PublicCloud;
}
