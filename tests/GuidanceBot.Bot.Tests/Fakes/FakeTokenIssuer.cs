using System.Net;
using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GuidanceBot.Testing.Fakes;

/// <summary>
/// A local Entra ID token endpoint for MSAL's client-credentials flow: POST {tenant}/oauth2/v2.0/token
/// answers an RS256 JWT for the requested scope's audience, like login.microsoftonline.com does.
/// </summary>
public sealed class FakeTokenIssuer : IAsyncDisposable
{
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key-1" };
    private readonly List<(string Tenant, IFormCollection Form, string Token)> _issued = [];
    private readonly Lock _lock = new();
    private WebApplication _app = null!;

    /// <summary>expires_in of the tokens handed out.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    public string Authority { get; private set; } = "";

    /// <summary>The TLS certificate of the endpoint; clients trust exactly this one.</summary>
    public X509Certificate2 Certificate { get; } = CreateCertificate();

    /// <summary>A handler for MSAL's HttpClient that trusts the endpoint's self-signed certificate.</summary>
    public HttpMessageHandler CreateTrustingHandler() => new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == Certificate.GetCertHashString() },
    };

    private static X509Certificate2 CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    public IReadOnlyList<(string Tenant, IFormCollection Form, string Token)> Issued
    {
        get
        {
            lock (_lock)
            {
                return [.. _issued];
            }
        }
    }

    public static async Task<FakeTokenIssuer> StartAsync()
    {
        var issuer = new FakeTokenIssuer();
        var builder = WebApplication.CreateSlimBuilder();
        // MSAL accepts only an https authority: a self-signed certificate for 127.0.0.1.
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(issuer.Certificate)));
        builder.Logging.ClearProviders();
        issuer._app = builder.Build();
        issuer._app.MapPost("/{tenant}/oauth2/v2.0/token", issuer.IssueAsync);
        issuer._app.MapGet("/msi/token", issuer.IssueForManagedIdentity);
        await issuer._app.StartAsync();
        issuer.Authority = issuer._app.Urls.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        return issuer;
    }

    /// <summary>Answers every client-credentials request as Entra ID does a revoked secret (401 invalid_client).</summary>
    public bool RefuseClients { get; set; }

    /// <summary>Requests to the token endpoint, answered or refused.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    private int _tokenRequests;

    private async Task<IResult> IssueAsync(string tenant, HttpRequest request)
    {
        Interlocked.Increment(ref _tokenRequests);
        var form = await request.ReadFormAsync();
        if (RefuseClients)
        {
            return Results.Json(new { error = "invalid_client", error_description = "AADSTS7000215: Invalid client secret provided." }, statusCode: 401);
        }

        if (form["grant_type"] != "client_credentials" || string.IsNullOrEmpty(form["client_id"]))
        {
            return Results.Json(new { error = "invalid_request" }, statusCode: 400);
        }

        var scope = form["scope"].ToString().Split(' ').First(s => s.EndsWith("/.default", StringComparison.Ordinal));
        var now = DateTime.UtcNow;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = $"{Authority}/{tenant}/v2.0",
            Audience = scope[..^"/.default".Length],
            Subject = new ClaimsIdentity([new Claim("appid", form["client_id"].ToString()), new Claim("tid", tenant), new Claim("jti", Guid.NewGuid().ToString())]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });

        lock (_lock)
        {
            _issued.Add((tenant, form, token));
        }

        return Results.Json(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)Lifetime.TotalSeconds,
            ["ext_expires_in"] = (int)Lifetime.TotalSeconds,
            ["access_token"] = token,
        });
    }

    /// <summary>
    /// The managed-identity endpoint of an App Service (what MSAL calls when <c>IDENTITY_ENDPOINT</c> and
    /// <c>IDENTITY_HEADER</c> are set): GET with the resource and the user-assigned identity's client id.
    /// </summary>
    public string ManagedIdentityEndpoint => $"{Authority}/msi/token";

    public const string ManagedIdentityHeader = "test-identity-header";

    /// <summary>Managed-identity tokens handed out: the resource and the identity's client id asked for.</summary>
    public IReadOnlyList<(string Resource, string ClientId)> ManagedIdentityIssued
    {
        get
        {
            lock (_lock)
            {
                return [.. _managed];
            }
        }
    }

    private readonly List<(string Resource, string ClientId)> _managed = [];

    private IResult IssueForManagedIdentity(HttpRequest request)
    {
        var resource = request.Query["resource"].ToString();
        var clientId = request.Query["client_id"].ToString();
        if (request.Headers["X-IDENTITY-HEADER"] != ManagedIdentityHeader || resource.Length == 0)
        {
            return Results.Json(new { error = "invalid_request" }, statusCode: 400);
        }

        var now = DateTime.UtcNow;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = $"{Authority}/managed-identity/",
            Audience = resource,
            Subject = new ClaimsIdentity([new Claim("appid", clientId), new Claim("jti", Guid.NewGuid().ToString())]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
        lock (_lock)
        {
            _managed.Add((resource, clientId));
        }

        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["expires_on"] = new DateTimeOffset(now + Lifetime).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["resource"] = resource,
            ["token_type"] = "Bearer",
            ["client_id"] = clientId,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
