using GuidanceBot.Bot.Hosting;
using GuidanceBot.Data.People;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace GuidanceBot.Api.Auth;

/// <summary>
/// The API's bearer scheme and policies. The scheme is the standard "Bearer" one, configured from
/// <c>Authentication:Schemes:Bearer</c> (what <c>dotnet user-jwts</c> writes locally; authority and
/// audience of the Entra ID app in production). Policies name the scheme, so the bot endpoint's own
/// Bot Framework authentication is not affected.
/// </summary>
public static class ApiAuth
{
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>The claim carrying the caller's unit code (e.g. <c>wuyang</c>).</summary>
    public const string UnitClaim = "unit";

    public const string AnyRole = "api.any";
    public const string City = "api.city";
    public const string CityAdmin = "api.city-admin";
    public const string County = "api.county";

    public static readonly string[] Roles = [nameof(PersonRole.CityAdmin), nameof(PersonRole.CityStaff), nameof(PersonRole.CountyLiaison)];

    public static WebApplicationBuilder AddGuidanceApiAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddJwtBearer(Scheme, o => o.Events = new JwtBearerEvents
        {
            // /api/messages checks the Bot Framework's tokens itself: the API's scheme (the default one,
            // being the only one) does not also parse and reject every token Teams sends.
            OnMessageReceived = static c =>
            {
                if (c.HttpContext.GetEndpoint()?.Metadata.GetMetadata<BotProtocolEndpoint>() is not null)
                {
                    c.NoResult();
                }
                return Task.CompletedTask;
            },
        });
        // Signing keys configured under the scheme (as dotnet user-jwts writes them) arrive as a lazy
        // sequence that re-reads the configuration and builds new key objects (so new hashes and
        // signature providers) on every request; read them once. A key change needs a restart.
        builder.Services.PostConfigure<JwtBearerOptions>(Scheme, o =>
        {
            if (o.TokenValidationParameters.IssuerSigningKeys is { } keys and not ICollection<Microsoft.IdentityModel.Tokens.SecurityKey>)
            {
                o.TokenValidationParameters.IssuerSigningKeys = [.. keys];
            }
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AnyRole, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireRole(Roles))
            .AddPolicy(City, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireRole(nameof(PersonRole.CityAdmin), nameof(PersonRole.CityStaff)))
            .AddPolicy(CityAdmin, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireRole(nameof(PersonRole.CityAdmin)))
            .AddPolicy(County, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireRole(nameof(PersonRole.CountyLiaison))
                .RequireClaim(UnitClaim));
        return builder.AddOperatorAccess();
    }
}
