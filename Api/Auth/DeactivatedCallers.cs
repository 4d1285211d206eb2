using System.Security.Claims;
using GuidanceBot.Api.Common;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Auth;

/// <summary>
/// A person the city admin deactivated cannot use the API, whatever their token still says (a token lives an hour, an
/// app-role assignment in Entra ID until someone removes it): a token whose object id and tenant name a deactivated
/// person — and no active one — is answered 403 ProblemDetails (<c>person.deactivated</c>) before any endpoint runs.
/// A token that names no person (an app or the bootstrap admin) is not affected.
/// </summary>
public static class DeactivatedCallers
{
    public const string Code = "person.deactivated";

    public static TBuilder RefuseDeactivatedCallers<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var http = invocation.HttpContext;
            var user = http.User;
            var oid = user.FindFirstValue("oid") ?? user.FindFirstValue("http://schemas.microsoft.com/identity/claims/objectidentifier");
            var tid = user.FindFirstValue("tid") ?? user.FindFirstValue("http://schemas.microsoft.com/identity/claims/tenantid");
            if (oid is not null && tid is not null)
            {
                var db = http.RequestServices.GetRequiredService<GuidanceDbContext>();
                var states = await db.People.AsNoTracking().Where(p => p.AadObjectId == oid && p.TenantId == tid)
                    .Select(p => p.IsActive).ToListAsync(http.RequestAborted);
                if (states.Count > 0 && !states.Contains(true))
                {
                    return ApiProblems.Status(StatusCodes.Status403Forbidden, ApiText.Get(Code), Code);
                }
            }
            return await next(invocation);
        });
}
