namespace GuidanceBot.Api.Tab.Pages;

/// <summary>The channel tab's configuration page: which page the tab shows (TeamsJS saves the choice with Teams).</summary>
public sealed class ConfigModel : TabPageModel
{
    public override string Title => T("ConfigTitle");

    public void OnGet() => BeginAnonymous();
}
