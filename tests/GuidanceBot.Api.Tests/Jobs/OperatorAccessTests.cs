using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using GuidanceBot.Testing;
using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.People;
using GuidanceBot.Testing.Fakes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Api.Tests.Jobs;

/// <summary>
/// The operators' pages behind a reverse proxy and with Entra sign-in (issue 16, item 3), over real HTTP on
/// loopback: forwarded headers only from a listed proxy; in Production an anonymous browser is sent to the
/// sign-in, and the whole OpenID Connect code flow (PKCE, form_post, code redeemed with the client secret, ID
/// token checked against the issuer's keys) runs against the local issuer before the cookie opens the pages.
/// </summary>
public partial class OperatorAccessTests
{
    private const string Tenant = "00000000-0000-0000-0000-0000000000001";
    private const string ClientId = "22222222-3333-4444-5555-666666666666";

    private sealed class Host(string environment, Dictionary<string, string?> settings, FakeTokenIssuer? issuer) : ApiTestFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. base.Settings, .. settings];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
            if (issuer is not null)
            {
                // The one test-only change: the sign-in's back channel (metadata, keys, code redemption) trusts the local issuer's certificate.
                builder.ConfigureServices(s => s.AddHttpClient(OperatorAccess.BackchannelClientName).ConfigurePrimaryHttpMessageHandler(issuer.CreateTrustingHandler));
            }
        }

        public Uri Address { get; private set; } = null!;

        public static Host Start(string environment, Dictionary<string, string?>? settings = null, FakeTokenIssuer? issuer = null)
        {
            var host = new Host(environment, settings ?? [], issuer);
            // Cookies and tokens carry real expiry times: a browser drops a cookie that expired in the test clock's 2022.
            host.Clock.SetUtcNow(DateTimeOffset.UtcNow);
            host.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            host.StartServer();
            host.Address = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return host;
        }

        /// <summary>A browser: keeps its cookies, follows nothing by itself.</summary>
        public HttpClient Browser() => new(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = Address };
    }

    private static Dictionary<string, string?> SignIn(FakeTokenIssuer issuer) => new()
    {
        ["OperatorSignIn:Instance"] = issuer.Authority + "/",
        ["OperatorSignIn:TenantId"] = Tenant,
        ["OperatorSignIn:ClientId"] = ClientId,
        ["OperatorSignIn:ClientSecret"] = "operator-secret",
    };

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? forwardedFor = null, string? forwardedProto = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Forwarded_headers_from_a_proxy_nobody_listed_are_ignored()
    {
        await using var host = Host.Start("Development");
        using var browser = host.Browser();

        // The caller is on loopback whatever the header claims: in Development the dashboard opens.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(browser, "/hangfire", forwardedFor: "203.0.113.7")).StatusCode);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "127.0.0.1")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8")]
    [InlineData("ForwardedHeaders:KnownProxies", "10.1.2.3, 127.0.0.1")]
    public async Task Behind_a_listed_proxy_a_remote_client_is_not_loopback_even_in_development(string key, string value)
    {
        await using var host = Host.Start("Development", new() { [key] = value });
        using var browser = host.Browser();

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(browser, "/hangfire", forwardedFor: "203.0.113.7")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(browser, "/scalar/", forwardedFor: "203.0.113.7")).StatusCode);
        // The developer on this machine, through the same proxy, is still loopback.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(browser, "/hangfire", forwardedFor: "127.0.0.1")).StatusCode);
    }

    [Fact]
    public async Task A_bad_proxy_entry_stops_the_start_with_the_others()
    {
        using var host = new Host("Production", new() { ["ForwardedHeaders:KnownProxies:0"] = "proxy.local" }, null);

        var error = Record.Exception(() => host.CreateClient());

        Assert.Contains("ForwardedHeaders:KnownProxies entry 'proxy.local' is not an IP address", error?.ToString());
    }

    [Theory]
    [InlineData("/hangfire")]
    [InlineData("/scalar/")]
    public async Task In_production_an_anonymous_browser_is_sent_to_the_entra_sign_in(string path)
    {
        await using var issuer = await FakeTokenIssuer.StartAsync();
        await using var host = Host.Start("Production", SignIn(issuer), issuer);
        using var browser = host.Browser();

        var response = await GetAsync(browser, path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal($"{issuer.Authority}/{Tenant}/oauth2/v2.0/authorize", location.GetLeftPart(UriPartial.Path));
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(ClientId, query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(new Uri(host.Address, "/signin-oidc").ToString(), query["redirect_uri"]);
        Assert.Equal("S256", query["code_challenge_method"]);
    }

    [Fact]
    public async Task Behind_a_listed_tls_proxy_the_sign_in_returns_to_the_https_address()
    {
        await using var issuer = await FakeTokenIssuer.StartAsync();
        await using var host = Host.Start("Production", new(SignIn(issuer)) { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" }, issuer);
        using var browser = host.Browser();

        var response = await GetAsync(browser, "/hangfire", forwardedFor: "203.0.113.7", forwardedProto: "https");

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        Assert.StartsWith("https://", query["redirect_uri"].ToString());
    }

    [GeneratedRegex("""<form method="POST" action="([^"]+)">(.*)</form>""")]
    private static partial Regex FormPost();

    [GeneratedRegex("""<input type="hidden" name="([^"]+)" value="([^"]*)" />""")]
    private static partial Regex Hidden();

    /// <summary>
    /// The browser's part of the sign-in: open <paramref name="path"/>, follow the redirect to the issuer (which signs in
    /// <see cref="FakeTokenIssuer.SignInAs"/>), post its form back to /signin-oidc, follow the redirect back to the page.
    /// </summary>
    private static async Task<HttpResponseMessage> SignInAndOpenAsync(Host host, FakeTokenIssuer issuer, HttpClient browser, string path)
    {
        var challenge = await GetAsync(browser, path);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);

        using var atIssuer = new HttpClient(issuer.CreateTrustingHandler());
        var page = await (await atIssuer.GetAsync(challenge.Headers.Location)).Content.ReadAsStringAsync();
        var form = FormPost().Match(page);
        Assert.True(form.Success, page);
        var fields = Hidden().Matches(form.Groups[2].Value).Select(m => new KeyValuePair<string, string>(
            WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)));
        var back = await browser.PostAsync(WebUtility.HtmlDecode(form.Groups[1].Value), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal(path, back.Headers.Location!.OriginalString);

        return await GetAsync(browser, back.Headers.Location.OriginalString);
    }

    [Fact]
    public async Task A_city_admin_by_app_role_signs_in_and_the_cookie_opens_the_dashboard_and_the_api_reference()
    {
        await using var issuer = await FakeTokenIssuer.StartAsync();
        await using var host = Host.Start("Production", SignIn(issuer), issuer);
        issuer.SignInAs = new("aaaaaaaa-0000-0000-0000-000000000001", "市局管理员", nameof(PersonRole.CityAdmin));
        using var browser = host.Browser();

        var dashboard = await SignInAndOpenAsync(host, issuer, browser, "/hangfire");

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("GuidanceBot jobs", await dashboard.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(browser, "/scalar/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(browser, "/hangfire/recurring")).StatusCode);
        // The cookie is for the operators' pages only: the API still wants its bearer token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(browser, "/api/v1/units")).StatusCode);
    }

    [Fact]
    public async Task A_person_registered_as_city_admin_is_one_without_the_app_role_and_anyone_else_is_refused()
    {
        await using var issuer = await FakeTokenIssuer.StartAsync();
        await using var host = Host.Start("Production", SignIn(issuer), issuer);
        const string admin = "aaaaaaaa-0000-0000-0000-000000000002", staff = "aaaaaaaa-0000-0000-0000-000000000003";
        await host.WithDbAsync(async db =>
        {
            var city = await db.Units.OrderBy(u => u.SortOrder).FirstAsync();
            db.People.Add(new Person { Name = "管理员", Role = PersonRole.CityAdmin, UnitId = city.Id, TenantId = Tenant, AadObjectId = admin });
            db.People.Add(new Person { Name = "市局张三", Role = PersonRole.CityStaff, UnitId = city.Id, TenantId = Tenant, AadObjectId = staff });
            await db.SaveChangesAsync();
        });

        issuer.SignInAs = new(admin, "管理员");
        using (var browser = host.Browser())
        {
            Assert.Equal(HttpStatusCode.OK, (await SignInAndOpenAsync(host, issuer, browser, "/hangfire")).StatusCode);
        }

        foreach (var someone in new[] { staff, "aaaaaaaa-0000-0000-0000-000000000099" })
        {
            issuer.SignInAs = new(someone, "某人");
            using var browser = host.Browser();
            Assert.Equal(HttpStatusCode.Forbidden, (await SignInAndOpenAsync(host, issuer, browser, "/hangfire")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(browser, "/scalar/")).StatusCode);
        }
    }

    [Fact]
    public async Task With_sign_in_configured_a_bearer_token_of_a_city_admin_still_opens_the_dashboard()
    {
        await using var issuer = await FakeTokenIssuer.StartAsync();
        await using var host = Host.Start("Production", SignIn(issuer), issuer);
        using var client = host.Browser();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.Token("CityAdmin"));
        using var staff = host.Browser();
        staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.Token("CityStaff"));

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(staff, "/hangfire")).StatusCode);
        Assert.Empty(issuer.AuthorizeRequests);
    }
}

