using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using GuidanceBot.Api.Tab;
using GuidanceBot.Api.Tests.Api;
using GuidanceBot.Bot.Authentication;
using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Api.Tests.Tab;

/// <summary>
/// Who may open the tab's pages and files, over HTTP: every route enumerated; a liaison's scope (the API's rule); the
/// import form's antiforgery token; the headers a Teams frame needs; the Development sign-in on loopback only; a
/// registered person's role and unit winning over the token's.
/// </summary>
public sealed partial class TabAccessTests : IClassFixture<ApiTestFactory>
{
    private readonly ApiTestFactory factory;

    public TabAccessTests(ApiTestFactory factory) => this.factory = factory;

    /// <summary>The tab's routes open to anyone; every other /tab route needs the session.</summary>
    private static readonly string[] Anonymous =
    [
        "/tab/signin", "/tab/forbidden", "/tab/config", "/tab/session", "/tab/signout", "/tab/language/{tag}",
        "/tab/signin/entra", "/tab/signin/entra/done",
    ];

    private HttpClient Browser() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private async Task<HttpClient> SignedInAsync(string role, string? unit = null, string? oid = null, string? tid = null)
    {
        var browser = Browser();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tab/session");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", factory.Token(role, unit, oid: oid, tid: tid));
        Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(request)).StatusCode);
        return browser;
    }

    private static string Fill(string pattern) => pattern
        .Replace("{code}", "wuyang").Replace("{year:int}", "2022").Replace("{id:int}", "1").Replace("{tag}", "en-US");

    private IReadOnlyList<string> TabRoutes() =>
    [
        .. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p.StartsWith("/tab", StringComparison.Ordinal))
            .Distinct().Order(),
    ];

    [Fact]
    public async Task Every_tab_page_and_file_sends_a_browser_without_a_session_to_the_sign_in()
    {
        var routes = TabRoutes();
        Assert.Contains("/tab", routes);
        Assert.Contains("/tab/units/{code}", routes);
        Assert.Contains("/tab/files/letters/{id:int}", routes);
        using var browser = Browser();

        foreach (var route in routes.Where(r => !Anonymous.Contains(r)))
        {
            var response = await browser.GetAsync(Fill(route));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{route}: {(int)response.StatusCode}");
            Assert.Equal("/tab/signin", response.Headers.Location!.AbsolutePath);
        }
        // An API bearer token is not a tab session: the pages want the cookie.
        using var api = Browser();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.Token("CityStaff"));
        Assert.Equal(HttpStatusCode.Redirect, (await api.GetAsync("/tab")).StatusCode);
    }

    [Fact]
    public async Task A_liaison_gets_the_not_found_page_for_another_units_page_and_files_and_city_staff_get_them()
    {
        var scenario = await Scenario.SeedAsync(factory);
        using var liaison = await SignedInAsync("CountyLiaison", "wuyang");
        using var city = await SignedInAsync("CityStaff");

        foreach (var path in new[] { "/tab/units/linying?year=2022", $"/tab/files/letters/{scenario.LinyingLetter}", "/tab/files/dossier/2022/linying" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await liaison.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await city.GetAsync(path)).StatusCode);
        }
        var page = await liaison.GetAsync("/tab/units/linying?year=2022");
        Assert.Contains("无权查看", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await liaison.GetAsync("/tab/units/wuyang?year=2022")).StatusCode);
        // The audit log is for city roles: a liaison is sent to the refusal page, which answers 403.
        var audit = await liaison.GetAsync("/tab/city/audit");
        Assert.Equal("/tab/forbidden", audit.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.GetAsync(audit.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await city.GetAsync("/tab/city/audit")).StatusCode);
    }

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]+)" """)]
    private static partial Regex AntiforgeryToken();

    private static MultipartFormDataContent ImportForm(string? token, string csv)
    {
        var form = new MultipartFormDataContent();
        if (token is not null)
        {
            form.Add(new StringContent(token), "__RequestVerificationToken");
        }
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Upload", "list.csv");
        return form;
    }

    [Fact]
    public async Task The_import_form_needs_its_antiforgery_token_and_imports_with_the_APIs_importer()
    {
        using var liaison = await SignedInAsync("CountyLiaison", "shaoling");
        var csv = $"名称,统一社会信用代码,类别,重点/一般\n召陵一号厂,{TestCodes.Valid(9301)},工贸,重点\n召陵二号厂,{TestCodes.Valid(9302)},工贸,一般\n";
        int Count() => factory.Services.CreateScope().ServiceProvider.GetRequiredService<GuidanceBot.Data.GuidanceDbContext>()
            .Enterprises.Count(e => e.Unit!.Code == "shaoling");
        var before = Count();

        var forged = await liaison.PostAsync("/tab/enterprises?handler=Import", ImportForm(null, csv));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(before, Count());

        var page = await (await liaison.GetAsync("/tab/enterprises")).Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        var imported = await liaison.PostAsync("/tab/enterprises?handler=Import", ImportForm(token, csv));
        var html = await imported.Content.ReadAsStringAsync();
        Assert.True(imported.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("共 2 行，导入 2 行", html);
        Assert.Equal(before + 2, Count());
        await factory.WithDbAsync(async db => Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "enterprise.import")));

        // A bad row: nothing imported, the row and field named on the page.
        var bad = $"名称,统一社会信用代码,类别,重点/一般\n召陵三号厂,{TestCodes.BadCheck(9303)},工贸,重点\n";
        var refused = await liaison.PostAsync("/tab/enterprises?handler=Import", ImportForm(token, bad));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("有问题的行", await refused.Content.ReadAsStringAsync());
        Assert.Equal(before + 2, Count());
    }

    [Fact]
    public async Task The_pages_may_be_framed_by_Teams_and_nothing_else()
    {
        using var city = await SignedInAsync("CityStaff");
        var response = await city.GetAsync("/tab/enterprises");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("connect-src 'self';", csp);
        Assert.False(response.Headers.Contains("X-Frame-Options"), "X-Frame-Options would stop Teams from showing the tab");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        // The China cloud's tab is framed by the 21Vianet Teams.
        Assert.Contains("https://teams.microsoftonline.cn", TabSetup.FrameAncestors(BotCloud.China));
        Assert.DoesNotContain("https://teams.microsoft.com", TabSetup.FrameAncestors(BotCloud.China));
        // The scripts are the host's own.
        var echarts = await city.GetAsync("/tab/assets/echarts.min.js");
        Assert.Equal(HttpStatusCode.OK, echarts.StatusCode);
        Assert.Contains("echarts", await echarts.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await city.GetAsync("/tab/assets/teams.min.js")).StatusCode);
    }

    [Fact]
    public async Task A_registered_persons_role_and_unit_decide_the_session_whatever_the_token_claims()
    {
        const string tenant = "00000000-0000-0000-0000-0000000000001", oid = "bbbbbbbb-0000-0000-0000-000000000001";
        await factory.WithDbAsync(async db =>
        {
            var wuyang = await db.Units.FirstAsync(u => u.Code == "wuyang");
            db.People.Add(new Person { Name = "舞阳联络员甲", Role = PersonRole.CountyLiaison, UnitId = wuyang.Id, TenantId = tenant, AadObjectId = oid, PreferredLanguage = "en-US" });
            await db.SaveChangesAsync();
        });

        using var browser = await SignedInAsync("CityStaff", oid: oid, tid: tenant);

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/tab/units/linying?year=2022")).StatusCode);
        var overview = await (await browser.GetAsync("/tab?year=2022")).Content.ReadAsStringAsync();
        Assert.Contains("data-unit=\"wuyang\"", overview);
        Assert.DoesNotContain("data-unit=\"linying\"", overview);
        // Their own language choice (kept in the register) is the page's language.
        Assert.Contains("<html lang=\"en-US\">", overview);
        Assert.Contains("舞阳联络员甲", overview);
    }

    [Fact]
    public async Task A_token_without_a_role_or_a_liaison_without_a_unit_gets_no_session()
    {
        using var browser = Browser();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tab/session");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", factory.Token("CountyLiaison"));
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(request)).StatusCode);
        using var none = new HttpRequestMessage(HttpMethod.Post, "/tab/session");
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(none)).StatusCode);
    }

    [Fact]
    public async Task Outside_Development_there_is_no_sign_in_that_picks_a_person()
    {
        using var browser = Browser();
        var page = await (await browser.GetAsync("/tab/signin")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("personId", page);
        var response = await browser.PostAsync("/tab/signin?handler=Development", new FormUrlEncodedContent([new("personId", "1")]));
        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/tab")).StatusCode);
    }

    private sealed class DevelopmentHost : ApiTestFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Development");
        }

        public Uri Address { get; private set; } = null!;

        public static DevelopmentHost Start()
        {
            var host = new DevelopmentHost();
            host.Clock.SetUtcNow(DateTimeOffset.UtcNow);
            host.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            host.StartServer();
            host.Address = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return host;
        }
    }

    [Fact]
    public async Task In_Development_on_loopback_a_registered_person_is_picked_with_the_forms_token()
    {
        await using var host = DevelopmentHost.Start();
        await host.WithDbAsync(async db =>
        {
            var linying = await db.Units.FirstAsync(u => u.Code == "linying");
            db.People.Add(new Person { Name = "临颍联络员乙", Role = PersonRole.CountyLiaison, UnitId = linying.Id });
            await db.SaveChangesAsync();
        });
        var id = 0;
        await host.WithDbAsync(async db => id = await db.People.Where(p => p.Name == "临颍联络员乙").Select(p => p.Id).FirstAsync());
        using var browser = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = host.Address };

        var page = await (await browser.GetAsync("/tab/signin?returnUrl=%2Ftab%2Funits%2Flinying")).Content.ReadAsStringAsync();
        Assert.Contains("临颍联络员乙", page);
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync("/tab/signin?handler=Development&returnUrl=%2Ftab",
            new FormUrlEncodedContent([new("personId", id.ToString())]))).StatusCode);

        var signedIn = await browser.PostAsync("/tab/signin?handler=Development&returnUrl=%2Ftab%2Funits%2Flinying",
            new FormUrlEncodedContent([new("personId", id.ToString()), new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/tab/units/linying", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/tab/units/linying")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/tab/units/wuyang")).StatusCode);
    }
}
