using System.Net;
using System.Security.Claims;
using GuidanceBot.Bot.Authentication;
using GuidanceBot.Data;
using GuidanceBot.Data.People;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Identity.Web;

namespace GuidanceBot.Api.Auth;

/// <summary>
/// The operators' pages (the Hangfire dashboard, the API reference at /scalar): open to loopback callers in
/// Development only; everywhere else to a city admin — signed in with Entra ID in a browser (OpenID Connect,
/// Microsoft.Identity.Web, a cookie used for these pages alone) or calling with the API's bearer token.
/// The CityAdmin role comes from the token's <c>roles</c> claim or from the registered person the sign-in
/// matches by <c>oid</c> + <c>tid</c>.
/// </summary>
public static class OperatorAccess
{
    public const string Policy = "operator";

    /// <summary>The scheme the policy uses: bearer for a request that carries a token, the sign-in cookie otherwise.</summary>
    public const string Scheme = "Operator";
    public const string CookieScheme = "OperatorCookie";
    public const string SignInScheme = "OperatorSignIn";
    public const string SectionName = "OperatorSignIn";

    /// <summary>The named HttpClient of the sign-in's back channel: metadata, keys, code redemption, issuer validation.</summary>
    public const string BackchannelClientName = "GuidanceBot.OperatorSignIn";

    public static WebApplicationBuilder AddOperatorAccess(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SectionName);
        var signIn = !string.IsNullOrWhiteSpace(section["ClientId"]);
        var authentication = builder.Services.AddAuthentication();

        if (signIn)
        {
            authentication.AddMicrosoftIdentityWebApp(section, SignInScheme, CookieScheme);
            builder.Services.AddHttpClient(BackchannelClientName);
            builder.Services.Configure<AadIssuerValidatorOptions>(o => o.HttpClientName = BackchannelClientName);
            builder.Services.AddOptions<OpenIdConnectOptions>(SignInScheme)
                .Configure<IHttpClientFactory>((o, clients) => o.Backchannel = clients.CreateClient(BackchannelClientName));
            // The cloud's login host unless the section names one: Bot:Cloud decides it for the bot and the operators alike.
            builder.Services.PostConfigure<MicrosoftIdentityOptions>(SignInScheme, o =>
            {
                if (string.IsNullOrWhiteSpace(o.Instance))
                {
                    var cloud = builder.Configuration.GetValue("Bot:Cloud", BotCloud.Public);
                    o.Instance = BotCloudEndpoints.LoginHost(cloud) + "/";
                }
            });
            builder.Services.Configure<OpenIdConnectOptions>(SignInScheme, o =>
            {
                // The authorization code flow with PKCE, the code redeemed with the app's secret (no implicit ID token).
                o.ResponseType = "code";
                o.UsePkce = true;
                o.ClientSecret ??= section["ClientSecret"];
                // Secure when the request is https — behind the TLS proxy that needs ForwardedHeaders:KnownProxies.
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            });
            builder.Services.Configure<CookieAuthenticationOptions>(CookieScheme, o =>
            {
                o.Cookie.Name = "GuidanceBot.Operator";
                o.Cookie.Path = "/";
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                // Not signed in: to Entra ID's sign-in page (the OpenID Connect challenge), not to a local login page.
                o.ForwardChallenge = SignInScheme;
                o.SlidingExpiration = false;
                // Signed in but not a city admin: a plain 403, not a redirect to a page that does not exist.
                o.Events.OnRedirectToAccessDenied = c =>
                {
                    c.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
        }

        authentication.AddPolicyScheme(Scheme, "Operators", o => o.ForwardDefaultSelector = context =>
            !signIn || context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? ApiAuth.Scheme
                : CookieScheme);

        builder.Services.AddSingleton<IAuthorizationHandler, OperatorAccessHandler>();
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(Scheme)
            .AddRequirements(new OperatorRequirement()));
        return builder;
    }

    internal sealed class OperatorRequirement : IAuthorizationRequirement;

    /// <summary>
    /// Loopback in Development (unless <c>Jobs:DashboardOpenOnLoopback</c> is false); else a city admin: the CityAdmin
    /// role in the token (<c>roles</c> from Entra ID, <c>role</c> from dotnet user-jwts), or an active person registered
    /// as city admin with the signed-in <c>oid</c> and <c>tid</c> — asked on each request, so a demoted admin is out at once.
    /// </summary>
    internal sealed class OperatorAccessHandler(IHostEnvironment environment, IConfiguration configuration) : AuthorizationHandler<OperatorRequirement>
    {
        private static readonly string[] RoleClaims = ["roles", "role", ClaimTypes.Role];
        private readonly bool _openOnLoopback = environment.IsDevelopment() && configuration.GetValue("Jobs:DashboardOpenOnLoopback", true);

        protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorRequirement requirement)
        {
            // The caller as the forwarded headers of a known proxy name it (a reverse proxy itself is loopback).
            var http = context.Resource as HttpContext;
            var remote = http?.Connection.RemoteIpAddress;
            if (_openOnLoopback && remote is not null && IPAddress.IsLoopback(remote))
            {
                context.Succeed(requirement);
                return;
            }

            // Microsoft.Identity.Web reads oid/tid under their short or mapped claim types.
            var user = context.User;
            if (user.Identity?.IsAuthenticated != true)
            {
                return;
            }

            if (user.Claims.Any(c => RoleClaims.Contains(c.Type) && c.Value == nameof(PersonRole.CityAdmin))
                || (http is not null && await IsRegisteredAdminAsync(http, user.GetObjectId(), user.GetTenantId())))
            {
                context.Succeed(requirement);
            }
        }

        private static async Task<bool> IsRegisteredAdminAsync(HttpContext http, string? oid, string? tid)
        {
            if (oid is null || tid is null)
            {
                return false;
            }

            var db = http.RequestServices.GetRequiredService<GuidanceDbContext>();
            return await db.People.AsNoTracking().AnyAsync(p => p.IsActive && p.Role == PersonRole.CityAdmin
                && p.TenantId == tid && p.AadObjectId == oid, http.RequestAborted);
        }
    }
}
