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
        issuer._app.MapGet("/msi/token", issuer.IssueForManagedIdentity);
        issuer._app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", issuer.Metadata);
        issuer._app.MapGet("/{tenant}/discovery/v2.0/keys", issuer.Keys);
        issuer._app.MapGet("/{tenant}/oauth2/v2.0/authorize", issuer.Authorize);
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

        if (form["grant_type"] == "authorization_code")
        {
            return RedeemCode(tenant, form);
        }

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

    // ---- Sign-in of a person (OpenID Connect authorization code flow with PKCE), as Entra ID does it for a web app.

    /// <summary>A person the sign-in page signs in; their app roles go into the ID token's <c>roles</c>.</summary>
    public sealed record SignInUser(string ObjectId, string Name, params string[] Roles);

    /// <summary>Who the authorize endpoint signs in (the person at the browser); null refuses with access_denied.</summary>
    public SignInUser? SignInAs { get; set; }

    /// <summary>The query of every authorize request (what the app redirected the browser with).</summary>
    public IReadOnlyList<IQueryCollection> AuthorizeRequests
    {
        get
        {
            lock (_lock)
            {
                return [.. _authorize];
            }
        }
    }

    private readonly List<IQueryCollection> _authorize = [];
    private readonly Dictionary<string, (string Tenant, string ClientId, string RedirectUri, string? Nonce, string? Challenge, SignInUser User)> _codes = [];

    public string SignInAuthority(string tenant) => $"{Authority}/{tenant}/v2.0";

    private IResult Metadata(string tenant) => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = SignInAuthority(tenant),
        ["authorization_endpoint"] = $"{Authority}/{tenant}/oauth2/v2.0/authorize",
        ["token_endpoint"] = $"{Authority}/{tenant}/oauth2/v2.0/token",
        ["end_session_endpoint"] = $"{Authority}/{tenant}/oauth2/v2.0/logout",
        ["jwks_uri"] = $"{Authority}/{tenant}/discovery/v2.0/keys",
        ["response_types_supported"] = new[] { "code", "id_token", "code id_token" },
        ["response_modes_supported"] = new[] { "query", "fragment", "form_post" },
        ["subject_types_supported"] = new[] { "pairwise" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
        ["code_challenge_methods_supported"] = new[] { "plain", "S256" },
        ["tenant_region_scope"] = "AS",
    });

    private IResult Keys()
    {
        var p = _key.Rsa.ExportParameters(false);
        return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", kid = _key.KeyId, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) } } });
    }

    private IResult Authorize(string tenant, HttpRequest request)
    {
        var q = request.Query;
        lock (_lock)
        {
            _authorize.Add(q);
        }

        string redirect = q["redirect_uri"]!, state = q["state"]!;
        if (q["response_type"] != "code" || string.IsNullOrEmpty(q["client_id"]) || string.IsNullOrEmpty(redirect))
        {
            return Results.BadRequest("unsupported request");
        }

        var answer = new Dictionary<string, string>();
        if (SignInAs is { } user)
        {
            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            lock (_lock)
            {
                _codes[code] = (tenant, q["client_id"]!, redirect, q["nonce"], q["code_challenge"], user);
            }
            answer["code"] = code;
        }
        else
        {
            answer["error"] = "access_denied";
        }
        answer["state"] = state;

        if (q["response_mode"] == "form_post")
        {
            var inputs = string.Concat(answer.Select(a => $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(a.Key)}\" value=\"{WebUtility.HtmlEncode(a.Value)}\" />"));
            return Results.Content($"<html><body onload=\"document.forms[0].submit()\"><form method=\"POST\" action=\"{WebUtility.HtmlEncode(redirect)}\">{inputs}</form></body></html>", "text/html");
        }

        return Results.Redirect(redirect + (redirect.Contains('?') ? "&" : "?") + string.Join("&", answer.Select(a => $"{a.Key}={Uri.EscapeDataString(a.Value)}")));
    }

    private IResult RedeemCode(string tenant, IFormCollection form)
    {
        (string Tenant, string ClientId, string RedirectUri, string? Nonce, string? Challenge, SignInUser User) grant;
        lock (_lock)
        {
            if (!_codes.Remove(form["code"].ToString(), out grant))
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }
        }

        // The code is for this client, this redirect, and the verifier of the challenge sent with the authorize request.
        var verifier = form["code_verifier"].ToString();
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));
        if (grant.Tenant != tenant || grant.ClientId != form["client_id"] || grant.RedirectUri != form["redirect_uri"]
            || string.IsNullOrEmpty(form["client_secret"]) || (grant.Challenge is not null && grant.Challenge != challenge))
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }

        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["oid"] = grant.User.ObjectId, ["sub"] = grant.User.ObjectId, ["tid"] = tenant, ["name"] = grant.User.Name,
            ["preferred_username"] = grant.User.Name, ["ver"] = "2.0",
        };
        if (grant.Nonce is not null)
        {
            claims["nonce"] = grant.Nonce;
        }
        if (grant.User.Roles.Length > 0)
        {
            claims["roles"] = grant.User.Roles;
        }

        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = SignInAuthority(tenant),
            Audience = grant.ClientId,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
        return Results.Json(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["scope"] = "openid profile",
            ["expires_in"] = (int)Lifetime.TotalSeconds,
            ["id_token"] = idToken,
            ["access_token"] = idToken,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
