using GuidanceBot.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tab.Pages;

/// <summary>
/// The sign-in: inside Teams the script signs in with the SSO token at once; in a browser, Entra ID; in Development
/// on loopback, a list of the registered people to act as (the form carries an antiforgery token).
/// </summary>
public sealed class SignInModel(GuidanceDbContext db, IConfiguration configuration) : TabPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string Return => TabSession.LocalUrl(ReturnUrl);

    public bool EntraConfigured => !string.IsNullOrWhiteSpace(configuration[$"{Auth.OperatorAccess.SectionName}:ClientId"]);

    public bool Development { get; private set; }

    public IReadOnlyList<(int Id, string Name, string Role, string Unit)> People { get; private set; } = [];

    public override string Title => T("SignInTitle");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        BeginAnonymous();
        Development = TabSession.DevelopmentSignInAllowed(HttpContext);
        if (Development)
        {
            People = [.. (await db.People.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Unit!.SortOrder).ThenBy(p => p.Role).ThenBy(p => p.Name)
                .Select(p => new { p.Id, p.Name, p.Role, UnitName = p.Unit!.Name, p.Unit.NameEn }).ToListAsync(ct))
                .Select(p => (p.Id, p.Name, Label(p.Role), UnitName(p.UnitName, p.NameEn)))];
        }
        return Page();
    }

    public async Task<IActionResult> OnPostDevelopmentAsync(int personId, CancellationToken ct)
    {
        BeginAnonymous();
        if (!TabSession.DevelopmentSignInAllowed(HttpContext))
        {
            return NotFound();
        }
        var person = await db.People.AsNoTracking().Where(p => p.Id == personId && p.IsActive)
            .Select(p => new { p.Name, p.Role, UnitCode = p.Unit!.Code, p.AadObjectId, p.TenantId, p.PreferredLanguage }).FirstOrDefaultAsync(ct);
        if (person is null)
        {
            return NotFoundPage();
        }
        var role = person.Role == Data.People.PersonRole.CountyResponsible ? nameof(Data.People.PersonRole.CountyLiaison) : person.Role.ToString();
        await HttpContext.SignInAsync(TabSession.Scheme,
            TabSession.Principal(role, person.UnitCode, person.Name, person.AadObjectId, person.TenantId, person.PreferredLanguage));
        return LocalRedirect(Return);
    }
}
