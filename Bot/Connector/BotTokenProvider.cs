using System.Security.Cryptography.X509Certificates;
using GuidanceBot.Bot.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace GuidanceBot.Bot.Connector;

/// <summary>The bearer token the bot presents to the Bot Connector; null when none is needed.</summary>
public interface IBotTokenProvider
{
    Task<string?> GetTokenAsync(CancellationToken ct = default);
}

/// <summary>
/// The bot's Connector token from Microsoft.Identity.Client: client credentials (a secret or a certificate) at the
/// cloud's authority and tenant (<see cref="BotCloudEndpoints"/>), or a user-assigned managed identity. MSAL keeps
/// its own cache; on top of it the provider replaces a token <see cref="ConnectorOptions.TokenRefreshMargin"/>
/// before it expires (measured on the injected clock), so a send never leaves with a token that dies on the way.
/// </summary>
internal sealed class MsalBotTokenProvider : IBotTokenProvider
{
    private static readonly string[] KnownCloudHosts =
        ["login.microsoftonline.com", "login.partner.microsoftonline.cn", "login.chinacloudapi.cn", "login.microsoftonline.us"];

    private readonly ConnectorOptions _options;
    private readonly TimeProvider _time;
    private readonly Lazy<Func<bool, CancellationToken, Task<AuthenticationResult>>> _acquire;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset ExpiresOn)? _current;

    /// <param name="time">The wall clock: Entra's token lifetimes are real time, also during a rehearsal.</param>
    public MsalBotTokenProvider(IOptions<ConnectorOptions> options, BotCloudEndpoints cloud,
        [Microsoft.Extensions.DependencyInjection.FromKeyedServices(GuidanceBot.Data.Rehearsal.RehearsalClock.WallClockKey)] TimeProvider time, IHttpClientFactory httpClientFactory)
    {
        _options = options.Value;
        _time = time;
        _acquire = new(() => Build(_options, cloud, new MsalHttpClientFactory(httpClientFactory)));
    }

    public async Task<string?> GetTokenAsync(CancellationToken ct = default)
    {
        if (_options.AllowUnauthenticatedLocalMode)
        {
            return null;
        }

        if (Fresh() is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh() is { } raced)
            {
                return raced;
            }

            // MSAL would hand back its cached token until its own 5-minute window; once ours says
            // "near expiry", ask for a new one outright.
            var result = await _acquire.Value(_current is not null, ct);
            _current = (result.AccessToken, result.ExpiresOn);
            return result.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    private string? Fresh() =>
        _current is { } c && _time.GetUtcNow() < c.ExpiresOn - _options.TokenRefreshMargin ? c.Token : null;

    private static Func<bool, CancellationToken, Task<AuthenticationResult>> Build(ConnectorOptions o, BotCloudEndpoints cloud, IMsalHttpClientFactory http)
    {
        if (cloud.AppType == BotAppType.UserAssignedMSI)
        {
            // The identity endpoint of the machine (IMDS, App Service…) gives the token; the cloud decides the resource.
            var clientId = string.IsNullOrWhiteSpace(o.ManagedIdentityClientId) ? o.AppId : o.ManagedIdentityClientId;
            if (string.IsNullOrWhiteSpace(clientId))
            {
                throw new InvalidOperationException("Bot:ManagedIdentityClientId (or Bot:AppId) is required for a UserAssignedMSI bot.");
            }

            var identity = ManagedIdentityApplicationBuilder.Create(ManagedIdentityId.WithUserAssignedClientId(clientId))
                .WithHttpClientFactory(http)
                .Build();
            return (force, ct) => identity.AcquireTokenForManagedIdentity(cloud.Resource).WithForceRefresh(force).ExecuteAsync(ct);
        }

        if (string.IsNullOrWhiteSpace(o.AppId))
        {
            throw new InvalidOperationException("Bot:AppId is required to call the Bot Connector (or set Bot:AllowUnauthenticatedLocalMode for local testing).");
        }

        if (cloud.AppType == BotAppType.SingleTenant && cloud.TenantId is null)
        {
            throw new InvalidOperationException("Bot:TenantId is required for a SingleTenant bot.");
        }

        var authority = cloud.TokenAuthority;
        var builder = ConfidentialClientApplicationBuilder.Create(o.AppId).WithHttpClientFactory(http);

        // A cloud authority is validated as usual; anything else (a local test issuer) is taken as given.
        builder = KnownCloudHosts.Contains(new Uri(authority).Host, StringComparer.OrdinalIgnoreCase)
            ? builder.WithAuthority(authority)
            : builder.WithAuthority(authority, validateAuthority: false).WithInstanceDiscovery(false);

        if (!string.IsNullOrEmpty(o.Secret))
        {
            builder = builder.WithClientSecret(o.Secret);
        }
        else if (!string.IsNullOrEmpty(o.CertificatePath))
        {
            builder = builder.WithCertificate(X509CertificateLoader.LoadPkcs12FromFile(o.CertificatePath, o.CertificatePassword), sendX5C: true);
        }
        else if (!string.IsNullOrEmpty(o.CertificateThumbprint))
        {
            builder = builder.WithCertificate(FindByThumbprint(o.CertificateThumbprint), sendX5C: true);
        }
        else
        {
            throw new InvalidOperationException("Set Bot:ClientSecret (or Bot:AppPassword), Bot:CertificatePath or Bot:CertificateThumbprint.");
        }

        var app = builder.Build();
        string[] scopes = [cloud.Scope];
        return (force, ct) => app.AcquireTokenForClient(scopes).WithForceRefresh(force).ExecuteAsync(ct);
    }

    private static X509Certificate2 FindByThumbprint(string thumbprint)
    {
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.My, location);
            store.Open(OpenFlags.ReadOnly);
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
            if (found.Count > 0)
            {
                return found[0];
            }
        }

        throw new InvalidOperationException($"No certificate with thumbprint {thumbprint} in the CurrentUser or LocalMachine My store.");
    }

    /// <summary>MSAL's HTTP goes through IHttpClientFactory, so handlers and test trust are configured the usual way.</summary>
    private sealed class MsalHttpClientFactory(IHttpClientFactory factory) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => factory.CreateClient(ConnectorServiceCollectionExtensions.TokenHttpClientName);
    }
}
