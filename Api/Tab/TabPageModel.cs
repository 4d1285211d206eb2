using System.Globalization;
using GuidanceBot.Api.Auth;
using GuidanceBot.Data.Rules;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GuidanceBot.Api.Tab;

/// <summary>What every tab page knows: who is looking (the API's <see cref="Caller"/>), the year chosen, the language.</summary>
public abstract class TabPageModel : PageModel
{
    public Caller Caller { get; private set; } = null!;

    /// <summary>False on the pages open to anyone (sign-in, configuration, refusal).</summary>
    public bool SignedIn { get; private set; }

    /// <summary>The year shown: <c>?year=</c> (any year the API accepts), else the current year in China.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public int ShownYear { get; private set; }

    public CultureInfo Culture => TabText.Culture;

    public bool English => Culture.Name == "en-US";

    public string T(string key) => TabText.Get(key);

    public string F(string key, params object?[] args) => TabText.Format(key, args);

    /// <summary>The caller and the year; false (with the localized error page set) when the year is out of range.</summary>
    protected async Task<IActionResult?> BeginAsync()
    {
        Caller = (await Caller.BindAsync(HttpContext, null!))!;
        SignedIn = true;
        ShownYear = Year ?? HttpContext.RequestServices.GetRequiredService<TimeProvider>().ChinaToday().Year;
        if (!FieldLimits.IsYear(ShownYear))
        {
            return NotFoundPage();
        }
        return null;
    }

    /// <summary>A page open to anyone (sign-in, configuration): no caller, the current year.</summary>
    protected void BeginAnonymous() =>
        ShownYear = HttpContext.RequestServices.GetRequiredService<TimeProvider>().ChinaToday().Year;

    /// <summary>Another unit's page, a list that is not the caller's: the localized "not found or not yours" page, 404.</summary>
    protected IActionResult NotFoundPage()
    {
        Unavailable = true;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    /// <summary>Set by <see cref="NotFoundPage"/>: the layout shows the message instead of the page.</summary>
    public bool Unavailable { get; private set; }

    /// <summary>The page's own title (the layout puts it in &lt;title&gt; and &lt;h1&gt;).</summary>
    public abstract string Title { get; }

    /// <summary>Which item of the navigation is this page.</summary>
    public virtual string Section => "overview";

    /// <summary>This page for <paramref name="year"/>, keeping the rest of the address.</summary>
    public string YearUrl(int year) => $"{Request.Path}?year={year}";

    /// <summary>An enum value in words: the text <c>{Type}.{Value}</c>; "—" for none.</summary>
    public string Label(Enum? value) => value is null ? "—" : T($"{value.GetType().Name}.{value}");

    public string Date(DateOnly? date) => date is { } d ? d.ToString(English ? "yyyy-MM-dd" : "yyyy年M月d日", Culture) : "—";

    public string Month(int? month) => month is { } m ? (English ? CultureInfo.GetCultureInfo("en-US").DateTimeFormat.GetAbbreviatedMonthName(m) : $"{m}月") : "—";

    public string UnitName(string name, string? nameEn) => English && !string.IsNullOrEmpty(nameEn) ? nameEn : name;
}
