namespace GuidanceBot.Api.Tab.Pages;

/// <summary>Signed in, but the page is not for this role (a liaison at the audit log), or the sign-in matched no one.</summary>
public sealed class ForbiddenModel : TabPageModel
{
    public override string Title => T("ForbiddenTitle");

    public void OnGet()
    {
        BeginAnonymous();
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
