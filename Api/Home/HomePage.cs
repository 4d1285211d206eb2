using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text;
using System.Text.Encodings.Web;
using GuidanceBot.Api.Common;
using GuidanceBot.Api.Demo;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Api.Home;

/// <summary>Texts of the home page: zh-CN in <c>HomeText.resx</c> (neutral), en-US in <c>HomeText.en.resx</c>.</summary>
public static class HomeText
{
    private static readonly ResourceManager Resources = new("GuidanceBot.Api.Home.HomeText", typeof(HomeText).Assembly);

    public static string Get(string name, CultureInfo culture) =>
        Resources.GetString(name, culture) ?? throw new MissingManifestResourceException($"Home text '{name}' is missing.");
}

/// <summary>
/// <c>GET /</c>: a small page for whoever opens the host's address — what runs, the health check, and in Development
/// the API reference and the Agents Playground steps (with whether local mode and the demo personas are on).
/// zh-CN unless the browser asks for English (request localization, as for the API).
/// </summary>
public static class HomePage
{
    public const string PlaygroundUrl = "http://localhost:56150";

    // Chinese stays readable in the page source; markup characters are still encoded.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>The demo seed (Development, opt-in) and the home page.</summary>
    public static WebApplicationBuilder AddGuidanceHome(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection(DemoOptions.SectionName));
        builder.Services.AddScoped<DemoPersonas>();
        return builder;
    }

    public static WebApplication MapGuidanceHome(this WebApplication app)
    {
        app.MapGet("/", (IHostEnvironment environment, IConfiguration configuration, IOptions<DemoOptions> demo) =>
                TypedResults.Content(Render(ApiText.Culture, environment, configuration, demo.Value), "text/html; charset=utf-8"))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    internal static string Render(CultureInfo c, IHostEnvironment environment, IConfiguration configuration, DemoOptions demo)
    {
        string T(string key) => Html.Encode(HomeText.Get(key, c));
        string F(string key, params object[] args) => Html.Encode(string.Format(c, HomeText.Get(key, c), args));
        static string Code(string text) => $"<pre><code>{Html.Encode(text)}</code></pre>";
        var version = typeof(HomePage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
        var development = environment.IsDevelopment();

        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!doctype html>
            <html lang="{c.Name}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{T("Title")}</title>
            <style>body{"{"}font-family:system-ui,"Microsoft YaHei","PingFang SC",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1b1b1b{"}"}
            h1{"{"}color:#1F5FAD{"}"}pre{"{"}background:#f3f5f8;padding:.6rem;overflow-x:auto{"}"}.note{"{"}color:#555{"}"}</style>
            </head>
            <body>
            <h1>{T("Title")}</h1>
            <p>{F("Intro", "/api/messages", "/api/v1")}</p>
            <p class="note">{F("Running", environment.EnvironmentName, version)}</p>
            <h2>{T("Links")}</h2>
            <ul>
            <li><a href="/health">{T("Health")}</a> (/health)</li>

            """);
        if (development)
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <li><a href="/scalar">{T("ApiReference")}</a> (/scalar)</li>
                <li><a href="/openapi/v1.json">{T("OpenApi")}</a> (/openapi/v1.json)</li>
                <li><a href="/hangfire">{T("Jobs")}</a> (/hangfire)</li>

                """);
        }
        html.Append("</ul>\n");
        if (development)
        {
            var localMode = configuration.GetValue<bool>("Bot:AllowUnauthenticatedLocalMode");
            html.Append(CultureInfo.InvariantCulture, $"""
                <h2>{T("PlaygroundTitle")}</h2>
                <p class="note">{T(localMode ? "LocalModeOn" : "LocalModeOff")} {T(demo.SeedPersonas ? "DemoOn" : "DemoOff")}</p>
                <ol>
                <li>{T("PlaygroundStep1")}{Code("Bot__AllowUnauthenticatedLocalMode=true Demo__SeedPersonas=true dotnet run --project Api --urls http://127.0.0.1:3978")}</li>
                <li>{T("PlaygroundStep2")}{Code("npx @microsoft/m365agentsplayground --disable-telemetry -e http://127.0.0.1:3978/api/messages -c msteams")}</li>
                <li>{F("PlaygroundStep3", PlaygroundUrl)}</li>
                </ol>

                """);
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{T("Deploy")}</p>\n");
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }
}
