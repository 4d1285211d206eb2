using System.Globalization;
using System.Resources;
using GuidanceBot.Bot.Authentication;
using GuidanceBot.Bot.Turns;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Api.Tab;

/// <summary>Options of the Teams tab, bound from <c>Tab</c>.</summary>
public sealed class TabOptions
{
    public const string SectionName = "Tab";

    /// <summary>
    /// Who may frame the tab (CSP <c>frame-ancestors</c>). Empty: the Teams and Microsoft 365 hosts of <c>Bot:Cloud</c>
    /// (<see cref="TabSetup.FrameAncestors"/>).
    /// </summary>
    public List<string> FrameAncestors { get; set; } = [];
}

/// <summary>Texts of the tab: zh-CN in <c>TabText.resx</c> (neutral), en-US in <c>TabText.en.resx</c>.</summary>
public static class TabText
{
    private static readonly ResourceManager Resources = new("GuidanceBot.Api.Tab.TabText", typeof(TabText).Assembly);

    public static CultureInfo Culture => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? BotLanguageTags.English : BotLanguageTags.Chinese;

    public static string Get(string name, CultureInfo culture) =>
        Resources.GetString(name, culture) ?? throw new MissingManifestResourceException($"Tab text '{name}' is missing.");

    public static string Get(string name) => Get(name, Culture);

    public static string Format(string name, params object?[] args) => string.Format(Culture, Get(name), args);
}

internal static class BotLanguageTags
{
    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo(BotLanguage.Chinese);
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo(BotLanguage.English);
}

/// <summary>
/// The Teams tab (issue 18): server-rendered Razor Pages under <c>/tab</c> over the status queries the API and the bot
/// read, its session (<see cref="TabSession"/>), its scripts (served from this assembly, no CDN) and the headers a
/// page framed by Teams needs.
/// </summary>
public static class TabSetup
{
    public const string LanguageCookie = "GuidanceBot.TabLanguage";

    /// <summary>Changes with every build, so the browser keeps the scripts until the host is updated.</summary>
    public static readonly string AssetVersion = typeof(TabSetup).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];

    public static WebApplicationBuilder AddGuidanceTab(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TabOptions>().Bind(builder.Configuration.GetSection(TabOptions.SectionName));
        builder.Services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Tab/Pages";
            o.Conventions.AuthorizeFolder("/", TabSession.Policy);
            o.Conventions.AuthorizeFolder("/City", TabSession.CityPolicy);
            o.Conventions.AllowAnonymousToPage("/SignIn");
            o.Conventions.AllowAnonymousToPage("/Forbidden");
            o.Conventions.AllowAnonymousToPage("/Config");
        });
        // The form's token cookie follows the session cookie's rule (a Teams frame needs SameSite=None over https).
        // X-Frame-Options would stop Teams from framing the tab: the CSP's frame-ancestors says who may.
        builder.Services.Configure<AntiforgeryOptions>(o =>
        {
            o.Cookie = new TabCookieBuilder { Name = "GuidanceBot.Antiforgery" };
            o.SuppressXFrameOptionsHeader = true;
        });
        // Chinese stays readable in the page source (markup characters are still encoded).
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.AddTabSession();
        return builder;
    }

    public static WebApplication MapGuidanceTab(this WebApplication app)
    {
        var csp = ContentSecurityPolicy(app.Services);
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/tab"), tab =>
        {
            tab.Use(async (context, next) =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = csp;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                // Set here, not inside the awaited method: a culture set in an async method does not flow back out.
                var culture = await LanguageAsync(context);
                CultureInfo.CurrentCulture = culture;
                CultureInfo.CurrentUICulture = culture;
                await next(context);
            });
            tab.UseStaticFiles(new StaticFileOptions
            {
                RequestPath = "/tab/assets",
                FileProvider = new EmbeddedFileProvider(typeof(TabSetup).Assembly, "GuidanceBot.Api.TabAssets"),
                OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable",
            });
        });

        app.MapRazorPages();
        app.MapTabSession();
        app.MapTabFiles();
        app.MapGet("/tab/language/{tag}", (HttpContext http, string tag, string? returnUrl) =>
        {
            if (BotLanguage.Supported(tag) is { } culture)
            {
                http.Response.Cookies.Append(LanguageCookie, culture.Name,
                    new TabCookieBuilder { Name = LanguageCookie, Expiration = TimeSpan.FromDays(365) }.Build(http));
            }
            return Results.Redirect(TabSession.LocalUrl(returnUrl));
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// DESIGN.md's language rule for a page: the choice made on the page (its language switch), else the person's
    /// choice (kept in the database, carried by the session), else the deployment's <c>Bot:Language</c>, else — when
    /// the deployment follows the client — the <c>locale</c> Teams puts in the tab's address, or the browser's language.
    /// </summary>
    private static async Task<CultureInfo> LanguageAsync(HttpContext context)
    {
        var chosen = BotLanguage.Supported(context.Request.Cookies[LanguageCookie]);
        if (chosen is null)
        {
            var session = await context.AuthenticateAsync(TabSession.Scheme);
            chosen = BotLanguage.Supported(session.Principal?.FindFirst(TabSession.LanguageClaim)?.Value);
        }
        if (chosen is null)
        {
            var setting = context.RequestServices.GetRequiredService<IOptions<BotOptions>>().Value.Language;
            chosen = string.Equals(setting, BotLanguage.FollowClient, StringComparison.OrdinalIgnoreCase)
                ? BotLanguage.Supported(context.Request.Query["locale"].ToString())
                  ?? BotLanguage.Supported(context.Request.Headers.AcceptLanguage.ToString())
                : BotLanguage.Supported(setting);
        }
        return chosen ?? BotLanguageTags.Chinese;
    }

    private static string ContentSecurityPolicy(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<TabOptions>>().Value.FrameAncestors;
        var cloud = services.GetRequiredService<IConfiguration>().GetValue("Bot:Cloud", BotCloud.Public);
        var ancestors = configured.Count > 0 ? configured : FrameAncestors(cloud);
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self' " + string.Join(' ', ancestors);
    }

    /// <summary>The hosts that show a Teams tab in each cloud: Teams on the web and desktop, Microsoft 365 and Outlook.</summary>
    public static IReadOnlyList<string> FrameAncestors(BotCloud cloud) => cloud switch
    {
        BotCloud.China =>
        [
            "https://teams.microsoftonline.cn", "https://*.teams.microsoftonline.cn",
            "https://*.office365.cn", "https://*.partner.outlook.cn", "https://*.sharepoint.cn",
        ],
        _ =>
        [
            "https://teams.microsoft.com", "https://*.teams.microsoft.com", "https://teams.cloud.microsoft", "https://*.cloud.microsoft",
            "https://*.office.com", "https://*.microsoft365.com", "https://outlook.office.com", "https://*.sharepoint.com",
        ],
    };
}
