namespace GuidanceBot.Bot.Connector;

/// <summary>
/// The bot's credentials and the outbound Connector settings, bound from the <c>Bot</c> section (the same
/// section the inbound authentication reads). The cloud's endpoints (token authority, scope, Connector hosts)
/// come from <see cref="Authentication.BotCloudEndpoints"/>.
/// </summary>
public sealed class ConnectorOptions
{
    public const string SectionName = "Bot";

    /// <summary>Microsoft App ID of the bot (the Entra ID app registration).</summary>
    public string? AppId { get; set; }

    /// <summary>Client secret; <see cref="ClientSecret"/> is the same setting under its Entra ID name.</summary>
    public string? AppPassword { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>PFX file of the client certificate (instead of a secret).</summary>
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }

    /// <summary>Thumbprint of a client certificate in the current user's or machine's "My" store.</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>
    /// Client id of the user-assigned managed identity (<c>Bot:AppType</c> = <c>UserAssignedMSI</c>); when empty,
    /// <see cref="AppId"/> (the Azure Bot resource of such a bot names the identity's client id as its app id).
    /// </summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>No token is sent or checked (Agents Playground on loopback). Never in production.</summary>
    public bool AllowUnauthenticatedLocalMode { get; set; }

    /// <summary>
    /// More hosts the bot may send to (and give its token to), added to the cloud's Connector hosts: a host name
    /// (https on 443) or an origin (<c>https://host:port</c>). Anything else is refused before a token is attached.
    /// </summary>
    public List<string> ConnectorHosts { get; set; } = [];

    /// <summary>
    /// More hosts files sent in the chat may be downloaded from, added to the cloud's (<see cref="Authentication.BotCloudEndpoints.FileHosts"/>):
    /// a host name, <c>.domain</c> for a domain and its subdomains (https on 443), or an origin (<c>https://host:port</c>).
    /// </summary>
    public List<string> FileHosts { get; set; } = [];

    /// <summary>How long one download of a file sent in the chat may take, retries included.</summary>
    public TimeSpan FileDownloadTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Teams refuses activities larger than about 80 KB; refuse them before the network.</summary>
    public int MaxCardBytes { get; set; } = 80 * 1024;

    /// <summary>A cached token this close to its expiry is replaced before use.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries after the first attempt for 412, 429, 502, 503, 504.</summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>First backoff delay when the answer carries no <c>Retry-After</c>; doubled each retry, jittered.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest <c>Retry-After</c> waited for inside one call. A longer one ends the call with
    /// <see cref="ConnectorOutcome.Throttled"/> and its <c>RetryAfter</c>, so the caller reschedules.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sends per conversation per second (Teams: 7).</summary>
    public int ConversationSendsPerSecond { get; set; } = 7;

    /// <summary>Sends per tenant per second (Teams: 50 per bot per tenant).</summary>
    public int TenantSendsPerSecond { get; set; } = 50;

    /// <summary>
    /// Added to the one-second window: Teams counts a request when it arrives, and one send's trip there
    /// can be quicker than the fastest round trip suggests. Each millisecond costs 0.1% of the throughput;
    /// a send over the limit costs a whole <c>Retry-After</c> pause. 1 ms let 2–3 of 10,000 nudges over
    /// the limit on loopback, 3 ms none (delivery benchmark, docs/decisions.md); a network with more
    /// jitter than loopback wants more.
    /// </summary>
    public TimeSpan SendWindowMargin { get; set; } = TimeSpan.FromMilliseconds(3);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    internal string? Secret => string.IsNullOrEmpty(ClientSecret) ? AppPassword : ClientSecret;
}
