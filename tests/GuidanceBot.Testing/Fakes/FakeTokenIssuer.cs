using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
    private TimeProvider? _clock;

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

    /// <summary>
    /// Starts the endpoint. With <paramref name="clock"/> (the test's clock), a token lives <see cref="Lifetime"/> on that
    /// clock: its <c>expires_in</c> is counted so that MSAL, which adds it to the machine's time, lands on the test clock's
    /// now + lifetime — so a test moves its clock, not the machine's, past a token's expiry.
    /// </summary>
    public static async Task<FakeTokenIssuer> StartAsync(TimeProvider? clock = null)
    {
        var issuer = new FakeTokenIssuer { _clock = clock };
        var builder = WebApplication.CreateSlimBuilder();
        // MSAL accepts only an https authority: a self-signed certificate for 127.0.0.1.
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(issuer.Certificate)));
        builder.Logging.ClearProviders();
        issuer._app = builder.Build();
        issuer._app.MapPost("/{tenant}/oauth2/v2.0/token", issuer.IssueAsync);
        await issuer._app.StartAsync();
        issuer.Authority = issuer._app.Urls.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        return issuer;
    }

    private async Task<IResult> IssueAsync(string tenant, HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (form["grant_type"] != "client_credentials" || string.IsNullOrEmpty(form["client_id"]))
        {
            return Results.Json(new { error = "invalid_request" }, statusCode: 400);
        }

        var scope = form["scope"].ToString().Split(' ').First(s => s.EndsWith("/.default", StringComparison.Ordinal));
        var now = (_clock ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var expiresIn = (long)(Lifetime - (_clock is null ? TimeSpan.Zero : DateTimeOffset.UtcNow - _clock.GetUtcNow())).TotalSeconds;
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
            ["expires_in"] = expiresIn,
            ["ext_expires_in"] = expiresIn,
            ["access_token"] = token,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
