using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using GuidanceBot.Data.Rules;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GuidanceBot.Testing;

/// <summary>
/// A local test issuer of the API's bearer tokens: the configuration keys <c>dotnet user-jwts</c> writes
/// (<c>Authentication:Schemes:Bearer</c>) for a host to trust it, and real HS256 tokens it signs. Any host
/// factory can take its <see cref="Settings"/> (the bot host too, when a test uses both doors).
/// </summary>
public sealed class ApiTokens
{
    public const string Issuer = "guidancebot-test-issuer";
    public const string Audience = "api://guidancebot-tests";

    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);

    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Authentication:Schemes:Bearer:ValidIssuer", Issuer),
        new("Authentication:Schemes:Bearer:ValidAudiences:0", Audience),
        new("Authentication:Schemes:Bearer:SigningKeys:0:Issuer", Issuer),
        new("Authentication:Schemes:Bearer:SigningKeys:0:Value", Convert.ToBase64String(key)),
    ];

    public string Create(string role, string? unit = null, string name = "测试用户", byte[]? signingKey = null, string? oid = null, string? tid = null, bool rolesClaim = false)
    {
        // Entra ID sends app roles as "roles" (an array); dotnet user-jwts as "role".
        var claims = new Dictionary<string, object> { [rolesClaim ? "roles" : "role"] = rolesClaim ? new[] { role } : role, ["name"] = name, ["sub"] = Guid.NewGuid().ToString() };
        if (unit is not null)
        {
            claims["unit"] = unit;
        }
        if (oid is not null)
        {
            claims["oid"] = oid;
        }
        if (tid is not null)
        {
            claims["tid"] = tid;
        }
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(signingKey ?? key), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A client of <paramref name="http"/>'s address carrying a token for <paramref name="role"/>.</summary>
    public HttpClient Client(HttpClient http, string role, string? unit = null, string name = "测试用户")
    {
        var client = new HttpClient { BaseAddress = http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Create(role, unit, name));
        return client;
    }
}

/// <summary>The host trusting the local test issuer (<see cref="ApiTokens"/>), and clients carrying its tokens.</summary>
public class ApiTestFactory : GuidanceApiFactory
{
    public ApiTokens Tokens { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. Tokens.Settings, new("Api:MaxImportBytes", "65536")];

    public string Token(string role, string? unit = null, string name = "测试用户", byte[]? signingKey = null, string? oid = null, string? tid = null, bool rolesClaim = false) =>
        Tokens.Create(role, unit, name, signingKey, oid, tid, rolesClaim);

    public HttpClient Client(string role, string? unit = null, string? language = null, string name = "测试用户")
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, unit, name));
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        }
        return client;
    }

    public HttpClient CityStaff(string? language = null) => Client("CityStaff", language: language, name: "市局张三");
    public HttpClient CityAdmin() => Client("CityAdmin", name: "市局管理员");
    public HttpClient Liaison(string unit, string? language = null) => Client("CountyLiaison", unit, language, name: $"{unit}联络员");
}

public static class TestCodes
{
    /// <summary>A valid unified social credit code for <paramref name="n"/> (Luohe region 411100, a company).</summary>
    public static string Valid(int n)
    {
        var first17 = "91411100" + n.ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
        return first17 + CreditCode.ComputeCheckChar(first17);
    }

    /// <summary>The same code with a wrong check character.</summary>
    public static string BadCheck(int n)
    {
        var good = Valid(n);
        var wrong = CreditCode.Alphabet[(CreditCode.Alphabet.IndexOf(good[17]) + 1) % CreditCode.Alphabet.Length];
        return good[..17] + wrong;
    }
}
