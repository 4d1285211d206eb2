using System.Net.Http.Headers;
using System.Text.Json;
using GuidanceBot.Api.Tab;
using GuidanceBot.Testing;
using Xunit.Abstractions;

namespace GuidanceBot.Api.Tests.Tab;

/// <summary>
/// The tab in a real browser (Debian's Chromium driven by Playwright, tests/js/tab-browser.js) on the seeded history:
/// every page in both languages, the overview's and the unit page's numbers against the API's JSON, a liaison kept to
/// their unit, the Teams SSO sign-in inside a stand-in Teams host, axe-core's serious and critical rules, and the
/// overview's time to interactive with its charts. Screenshots stay in the test output: <see cref="ScreenshotFolder"/>.
/// </summary>
public sealed class TabBrowserTests(TabWorld world, ITestOutputHelper output) : IClassFixture<TabWorld>
{
    /// <summary>bin/&lt;configuration&gt;/net10.0/tab-screenshots of this test project.</summary>
    public static readonly string ScreenshotFolder = Path.Combine(AppContext.BaseDirectory, "tab-screenshots");

    private sealed record Visit(string url, string? screenshot = null, bool waitCharts = false, bool axe = false, string? teamsToken = null);

    private sealed record Axe(string id, string? impact, string help, int nodes, string? target);

    private sealed record Timing(double? domInteractive, double? load, double? chartsReady);

    private sealed record Page(string request, int? status, string? url, string? lang, string? title, string? h1,
        Dictionary<string, string>? metrics, Dictionary<string, string>? values, string? text, Timing? timing, int charts,
        Axe[]? axe, string[] errors, string? error, string[]? hostLog);

    private async Task<Page[]> BrowseAsync(IReadOnlyList<Visit> visits, params (string Name, string Value)[] cookies)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var plan = Path.Combine(Path.GetTempPath(), $"tab-plan-{Guid.NewGuid():N}.json");
        var result = Path.ChangeExtension(plan, ".result.json");
        await File.WriteAllTextAsync(plan, JsonSerializer.Serialize(new
        {
            baseUrl = world.Host.BaseAddress.ToString(),
            cookies = cookies.Select(c => new { name = c.Name, value = c.Value }),
            visits,
        }));
        await NodeTool.RunAsync("tab-browser.js", plan, result);
        var pages = JsonSerializer.Deserialize<Page[]>(await File.ReadAllTextAsync(result))!;
        foreach (var page in pages)
        {
            Assert.True(page.error is null, $"{page.request}: {page.error}");
        }
        return pages;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private string Shot(string name) => Path.Combine(ScreenshotFolder, name + ".png");

    private string[] Pages(int year) =>
    [
        $"/tab?year={year}", $"/tab/units/wuyang?year={year}", $"/tab/weekly?year={year}", $"/tab/weekly/{world.WeeklyId}",
        $"/tab/monthly?year={year}", $"/tab/monthly/{world.MonthlyId}", "/tab/city/audit", "/tab/enterprises",
    ];

    private static readonly string[] PageNames = ["overview", "unit", "weekly", "weekly-list", "monthly", "monthly-review", "audit", "enterprises"];

    [Theory]
    [InlineData("zh-CN", "年度执法指导总览", "审计日志")]
    [InlineData("en-US", "at a glance", "Audit log")]
    public async Task Every_page_shows_the_seeded_year_in_the_language_with_no_serious_accessibility_violation(string language, string overviewTitle, string auditTitle)
    {
        var session = await world.SessionAsync("CityStaff");
        var pages = await BrowseAsync(
            // The overview once more at the end: the browser then has the scripts cached, as a person opening the tab again.
            [.. Pages(world.Year).Select((url, i) => new Visit(url, Shot($"{language}-{PageNames[i]}"), waitCharts: i == 0, axe: true)),
                new Visit($"/tab?year={world.Year}", waitCharts: true)],
            (TabSession.CookieName, session), (TabSetup.LanguageCookie, language));

        foreach (var page in pages)
        {
            Assert.Equal(200, page.status);
            Assert.Equal(language, page.lang);
            Assert.Empty(page.errors); // a script error or a CSP refusal shows in the console
            Assert.All(page.axe ?? [], v => Assert.True(v.impact is not ("serious" or "critical"), $"{page.request}: {v.id} ({v.impact}) {v.help} at {v.target}"));
        }
        Assert.Contains(overviewTitle, pages[0].h1);
        Assert.Equal(3, pages[0].charts);
        Assert.Contains(auditTitle, pages[6].h1);
        // Seeded data is on each page: units, an issued letter's number, the weekly list's items, the enterprises.
        Assert.Contains(language == "en-US" ? "Wuyang" : "舞阳", pages[0].text);
        Assert.Contains("应急指导", pages[1].text);
        // The unit page names the plan's categories in the page's language, not by their codes.
        Assert.Contains(language == "en-US" ? "Industry and trade" : "工贸", pages[1].text);
        Assert.DoesNotContain("industry-trade", pages[1].text);
        Assert.Contains("台账不全", pages[3].text);
        Assert.Contains("企业", pages[7].text);
        Assert.NotEqual("0", pages[6].metrics!["audit.total"].Split(' ').First(s => s.Any(char.IsDigit)));
        foreach (var (name, i) in PageNames.Select((n, i) => (n, i)))
        {
            Assert.True(File.Exists(Shot($"{language}-{name}")), name);
        }

        // Not a timed assertion: the figure goes to the test output and the report.
        var (first, again) = (pages[0].timing!, pages[^1].timing!);
        var timing = $"overview {language}, first visit: DOM interactive {first.domInteractive:0} ms, charts drawn {first.chartsReady:0} ms, load {first.load:0} ms; "
            + $"again: DOM interactive {again.domInteractive:0} ms, charts drawn {again.chartsReady:0} ms, load {again.load:0} ms; load average {LoadAverage()}";
        output.WriteLine(timing);
        await File.WriteAllTextAsync(Path.Combine(ScreenshotFolder, $"timing-{language}.txt"), timing + "\n");
    }

    [Fact]
    public async Task The_numbers_on_the_overview_and_the_unit_page_are_the_APIs()
    {
        var session = await world.SessionAsync("CityStaff");
        var pages = await BrowseAsync([new($"/tab?year={world.Year}", waitCharts: true), new($"/tab/units/linying?year={world.Year}")],
            (TabSession.CookieName, session));
        using var api = world.Host.Http("CityStaff");
        var overview = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/status/{world.Year}")).RootElement;

        var compared = 0;
        foreach (var unit in overview.GetProperty("units").EnumerateArray())
        {
            var c = unit.GetProperty("unitCode").GetString()!;
            var m = pages[0].metrics!;
            var v = pages[0].values!;
            Assert.Equal(unit.GetProperty("plan").GetProperty("status").ToString(), v[$"{c}.plan"]);
            Assert.Equal(unit.GetProperty("approval").GetProperty("status").ToString(), v[$"{c}.approval"]);
            Assert.Equal(unit.GetProperty("publication").GetProperty("status").ToString(), v[$"{c}.publication"]);
            Assert.Equal(unit.GetProperty("coverageMet").ToString(), v[$"{c}.coverage"], ignoreCase: true);
            Assert.Equal(unit.GetProperty("visit").GetProperty("status").ToString(), v[$"{c}.visit"]);
            Assert.Equal(unit.GetProperty("visit").GetProperty("plannedMonth").ToString(), v[$"{c}.visitMonth"]);
            foreach (var (group, json) in new[] { ("letters", "letters"), ("items", "items") })
            {
                foreach (var state in new[] { "open", "overdue", "closed" })
                {
                    Assert.Equal(unit.GetProperty(json).GetProperty(state).GetInt32().ToString(), m[$"{c}.{group}.{state}"]);
                    compared++;
                }
            }
            Assert.Equal(unit.GetProperty("typicalCases").GetProperty("reported").GetInt32().ToString(), m[$"{c}.cases.reported"]);
            Assert.Equal(unit.GetProperty("typicalCases").GetProperty("qualified").GetInt32().ToString(), m[$"{c}.cases.qualified"]);
            var materials = unit.GetProperty("materials");
            Assert.Equal($"{materials.GetProperty("provided").GetInt32()}/{materials.GetProperty("required").GetInt32()}", v[$"{c}.materials"]);
        }
        Assert.Equal(6 * 6, compared);
        // The seeded states show: wuyang's open and overdue items, linying's overdue letter.
        Assert.Equal(("2", "1"), (pages[0].metrics!["wuyang.items.open"], pages[0].metrics!["wuyang.items.overdue"]));
        Assert.Equal("1", pages[0].metrics!["linying.letters.overdue"]);

        var detail = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/status/{world.Year}/units/linying")).RootElement;
        var unitPage = pages[1];
        Assert.Equal(detail.GetProperty("summary").GetProperty("plan").GetProperty("status").ToString(), unitPage.values!["linying.plan"]);
        foreach (var state in new[] { "open", "overdue", "closed" })
        {
            Assert.Equal(detail.GetProperty("assignments").GetProperty(state).GetInt32().ToString(), unitPage.metrics![$"linying.items.{state}"]);
        }
        foreach (var letter in detail.GetProperty("letters").EnumerateArray())
        {
            Assert.Contains(letter.GetProperty("number").GetString()!, unitPage.text);
        }
    }

    [Fact]
    public async Task A_liaison_sees_only_their_unit_and_another_units_page_is_refused_in_their_language()
    {
        var session = await world.SessionAsync("CountyLiaison", "wuyang");
        var pages = await BrowseAsync(
        [
            new($"/tab?year={world.Year}", Shot("liaison-overview"), waitCharts: true),
            new($"/tab/units/linying?year={world.Year}", Shot("liaison-other-unit")),
            new($"/tab/units/wuyang?year={world.Year}"),
            new("/tab/city/audit"),
        ], (TabSession.CookieName, session));

        Assert.Equal(["wuyang"], pages[0].metrics!.Keys.Select(k => k.Split('.')[0]).Distinct());
        Assert.Equal(404, pages[1].status);
        Assert.Contains("无权查看", pages[1].text);
        Assert.DoesNotContain("临颍", pages[1].text);
        Assert.Equal(200, pages[2].status);
        Assert.Equal(403, pages[3].status);
        Assert.Equal("/tab/forbidden?returnUrl=%2Ftab%2Fcity%2Faudit", pages[3].url);
    }

    [Fact]
    public async Task Inside_Teams_the_SSO_token_signs_in_and_the_overview_opens()
    {
        // No cookie: the tab starts at its sign-in page, TeamsJS asks the host (the stand-in) for the token.
        var token = world.Host.Token("CityStaff", name: "市局张三");
        var pages = await BrowseAsync([new($"/tab/signin?returnUrl=%2Ftab%3Fyear%3D{world.Year}", Shot("teams-sso"), waitCharts: true, teamsToken: token)]);

        var page = pages[0];
        Assert.Equal($"/tab?year={world.Year}", page.url);
        Assert.Contains("年度执法指导总览", page.h1);
        Assert.Equal(6, page.metrics!.Keys.Select(k => k.Split('.')[0]).Distinct().Count());
        Assert.Contains("initialize", page.hostLog!);
        Assert.Contains("authentication.getAuthToken", page.hostLog!);
        // TeamsJS's own fetch of its valid-domains list from Microsoft's CDN is refused by the tab's CSP (connect-src
        // 'self'); it falls back to the list it carries. Nothing else may fail.
        Assert.All(page.errors, e => Assert.Contains("res.cdn.office.net", e));
    }

    [Fact]
    public async Task Inside_Teams_a_token_of_another_issuer_is_refused_and_the_page_says_so()
    {
        var forged = world.Host.Token("CityAdmin", signingKey: System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var http = new HttpClient { BaseAddress = world.Host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tab/session");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        using var response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith(TabSession.CookieName, StringComparison.Ordinal)));
    }
}
