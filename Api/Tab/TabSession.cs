using System.Net;
using System.Security.Claims;
using GuidanceBot.Api.Auth;
using GuidanceBot.Data;
using GuidanceBot.Data.People;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Identity.Web;

namespace GuidanceBot.Api.Tab;

/// <summary>
/// The tab's session: a cookie of its own, made from one of three sign-ins. Inside Teams the page asks TeamsJS for
/// the SSO token and posts it to <c>POST /tab/session</c> as a bearer token, which the API's own scheme validates
/// (issuer, audience, signature, lifetime — the API's configuration, one set of rules); in a browser Entra ID signs in
/// through the operators' OpenID Connect scheme (<see cref="OperatorAccess"/>); in Development, on loopback, a page
/// picks one of the registered people. Whichever it was, the session carries the same claims as an API token
/// (role, unit, name, oid, tid), so <see cref="Caller"/> scopes the pages exactly as it scopes the API.
/// </summary>
public static class TabSession
{
    public const string Scheme = "Tab";
    public const string Policy = "tab";
    public const string CookieName = "GuidanceBot.Tab";

    /// <summary>The language the person chose (with the bot's command), read at sign-in.</summary>
    public const string LanguageClaim = "lang";

    public static WebApplicationBuilder AddTabSession(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie = new TabCookieBuilder { Name = CookieName };
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = false;
            o.LoginPath = "/tab/signin";
            o.AccessDeniedPath = "/tab/forbidden";
            o.ReturnUrlParameter = "returnUrl";
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireRole(ApiAuth.Roles))
            .AddPolicy(Policy + ".city", p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireRole(nameof(PersonRole.CityAdmin), nameof(PersonRole.CityStaff)));
        return builder;
    }

    public const string CityPolicy = Policy + ".city";

    public static void MapTabSession(this IEndpointRouteBuilder app)
    {
        // The TeamsJS SSO token as a bearer header: a cross-site page cannot set that header without CORS, so no
        // antiforgery token is needed here (nor can a form post log someone in).
        app.MapPost("/tab/session", async (HttpContext http, GuidanceDbContext db, CancellationToken ct) =>
        {
            var result = await http.AuthenticateAsync(ApiAuth.Scheme);
            if (!result.Succeeded || result.Principal is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: TabText.Get("SignInFailed", TabText.Culture));
            }
            var principal = await SessionPrincipalAsync(result.Principal, db, ct);
            if (principal is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: TabText.Get("NotRegistered", TabText.Culture));
            }
            await http.SignInAsync(Scheme, principal);
            return Results.NoContent();
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/tab/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync(Scheme);
            return Results.Redirect("/tab/signin");
        }).AllowAnonymous().ExcludeFromDescription();

        // Entra ID in a browser: the operators' OpenID Connect sign-in, then this session from its cookie.
        app.MapGet("/tab/signin/entra", (HttpContext http, IConfiguration configuration, string? returnUrl) =>
        {
            if (string.IsNullOrWhiteSpace(configuration[$"{OperatorAccess.SectionName}:ClientId"]))
            {
                return Results.Redirect("/tab/signin?unavailable=entra");
            }
            var done = "/tab/signin/entra/done?returnUrl=" + Uri.EscapeDataString(LocalUrl(returnUrl));
            return Results.Challenge(new AuthenticationProperties { RedirectUri = done }, [OperatorAccess.SignInScheme]);
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapGet("/tab/signin/entra/done", async (HttpContext http, GuidanceDbContext db, string? returnUrl, CancellationToken ct) =>
        {
            var result = await http.AuthenticateAsync(OperatorAccess.CookieScheme);
            var principal = result.Succeeded && result.Principal is not null ? await SessionPrincipalAsync(result.Principal, db, ct) : null;
            if (principal is null)
            {
                return Results.Redirect("/tab/forbidden");
            }
            await http.SignInAsync(Scheme, principal);
            return Results.Redirect(LocalUrl(returnUrl));
        }).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>A local path to return to, never another site's address.</summary>
    public static string LocalUrl(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/tab";

    /// <summary>
    /// The session's claims. A registered, active person with the token's oid and tid is who signs in: their role and
    /// unit come from the register, as for the bot. Otherwise the token's own role and unit claims decide, as for the
    /// API; a token with neither gets no session.
    /// </summary>
    public static async Task<ClaimsPrincipal?> SessionPrincipalAsync(ClaimsPrincipal token, GuidanceDbContext db, CancellationToken ct)
    {
        var oid = token.GetObjectId();
        var tid = token.GetTenantId();
        var person = oid is null || tid is null ? null : await db.People.AsNoTracking()
            .Where(p => p.AadObjectId == oid && p.TenantId == tid && p.IsActive)
            .Select(p => new { p.Name, p.Role, UnitCode = p.Unit!.Code, p.PreferredLanguage }).FirstOrDefaultAsync(ct);

        string? role;
        string? unit;
        string name;
        string? language = null;
        if (person is not null)
        {
            role = person.Role == PersonRole.CountyResponsible ? nameof(PersonRole.CountyLiaison) : person.Role.ToString();
            unit = person.UnitCode;
            name = person.Name;
            language = person.PreferredLanguage;
        }
        else
        {
            role = ApiAuth.Roles.FirstOrDefault(token.IsInRole)
                ?? token.FindAll("roles").Select(c => c.Value).FirstOrDefault(ApiAuth.Roles.Contains);
            unit = token.FindFirstValue(ApiAuth.UnitClaim);
            name = token.FindFirstValue("name") ?? token.Identity?.Name ?? "?";
            if (role == nameof(PersonRole.CountyLiaison) && unit is null)
            {
                role = null;
            }
        }
        if (role is null)
        {
            return null;
        }
        return Principal(role, unit, name, oid, tid, language);
    }

    public static ClaimsPrincipal Principal(string role, string? unit, string name, string? oid, string? tid, string? language = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.Role, role), new("name", name) };
        if (language is not null)
        {
            claims.Add(new Claim(LanguageClaim, language));
        }
        if (unit is not null)
        {
            claims.Add(new Claim(ApiAuth.UnitClaim, unit));
        }
        if (oid is not null && tid is not null)
        {
            claims.Add(new Claim("oid", oid));
            claims.Add(new Claim("tid", tid));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, "name", ClaimTypes.Role));
    }

    /// <summary>Development only, loopback only: the sign-in that picks a registered person.</summary>
    public static bool DevelopmentSignInAllowed(HttpContext http) =>
        http.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment()
        && http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
}

/// <summary>
/// Inside Teams the tab is a frame of another site, where a browser sends only <c>SameSite=None; Secure</c> cookies;
/// over plain http (a developer's loopback) such a cookie would be refused, so there it is Lax.
/// </summary>
public sealed class TabCookieBuilder : CookieBuilder
{
    public TabCookieBuilder()
    {
        HttpOnly = true;
        Path = "/";
        SecurePolicy = CookieSecurePolicy.SameAsRequest;
        IsEssential = true;
    }

    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        var options = base.Build(context, expiresFrom);
        options.SameSite = context.Request.IsHttps ? SameSiteMode.None : SameSiteMode.Lax;
        options.Secure = context.Request.IsHttps;
        return options;
    }
}
