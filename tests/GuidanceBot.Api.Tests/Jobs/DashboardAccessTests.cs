using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using GuidanceBot.Api.Jobs;
using GuidanceBot.Testing;
using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Api.Tests.Jobs;

/// <summary>
/// The Hangfire dashboard and the API browser over real HTTP on loopback, in Production and Development:
/// what a caller on the same host (a reverse proxy, another process) can see and do.
/// </summary>
public partial class DashboardAccessTests
{
    private sealed class Host(string environment) : ApiTestFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }

        public Uri Address { get; private set; } = null!;

        public static Host Start(string environment)
        {
            var host = new Host(environment);
            host.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            host.StartServer();
            host.Address = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return host;
        }

        /// <summary>A browser-like client on loopback: keeps cookies, carries a bearer token for <paramref name="role"/> if given.</summary>
        public HttpClient Browser(string? role = null)
        {
            var client = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = Address };
            if (role is not null)
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role));
            }
            return client;
        }

        public long Enqueued => Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedCount("default");
    }

    [GeneratedRegex("""<meta name="csrf-header" content="([^"]+)">\s*<meta name="csrf-token" content="([^"]+)">""")]
    private static partial Regex CsrfMeta();

    /// <summary>The dashboard's own "trigger now" button: a form POST, with the page's antiforgery token when given.</summary>
    private static Task<HttpResponseMessage> TriggerAsync(HttpClient client, (string Header, string Token)? csrf = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", WeeklyAssignmentJob.Id)]),
        };
        if (csrf is { } c)
        {
            request.Headers.Add(c.Header, c.Token);
        }
        return client.SendAsync(request);
    }

    /// <summary>Opens the recurring jobs page and reads the antiforgery token it carries (its cookie stays in the client).</summary>
    private static async Task<(string Header, string Token)> OpenPageAsync(HttpClient client)
    {
        var page = await client.GetAsync("/hangfire/recurring");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var meta = CsrfMeta().Match(await page.Content.ReadAsStringAsync());
        Assert.True(meta.Success, "the page carries no antiforgery token");
        return (meta.Groups[1].Value, meta.Groups[2].Value);
    }

    [Fact]
    public async Task In_production_a_loopback_caller_needs_a_city_admin_token_to_see_or_trigger_anything()
    {
        await using var host = Host.Start("Production");

        // Anyone on the host: no page, no action — GET and POST alike.
        using var anyone = host.Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anyone.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anyone.GetAsync("/hangfire/recurring")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TriggerAsync(anyone)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anyone.PostAsync("/hangfire/jobs/enqueued/delete", new FormUrlEncodedContent([new("jobs[]", "1")]))).StatusCode);

        using var staff = host.Browser("CityStaff");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await TriggerAsync(staff)).StatusCode);
        Assert.Equal(0, host.Enqueued);

        // The city admin's token opens it; an action still needs the page's antiforgery token.
        using var admin = host.Browser("CityAdmin");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await TriggerAsync(admin)).StatusCode);
        Assert.Equal(0, host.Enqueued);
        var csrf = await OpenPageAsync(admin);
        Assert.Equal(HttpStatusCode.NoContent, (await TriggerAsync(admin, csrf)).StatusCode);
        Assert.Equal(1, host.Enqueued);
    }

    [Fact]
    public async Task In_development_loopback_opens_the_dashboard_and_its_actions_still_need_the_pages_antiforgery_token()
    {
        await using var host = Host.Start("Development");
        using var developer = host.Browser();

        Assert.Equal(HttpStatusCode.OK, (await developer.GetAsync("/hangfire")).StatusCode);
        // Another site's page posting from the developer's browser has no token.
        Assert.Equal(HttpStatusCode.Forbidden, (await TriggerAsync(developer)).StatusCode);
        Assert.Equal(0, host.Enqueued);

        var csrf = await OpenPageAsync(developer);
        Assert.Equal(HttpStatusCode.NoContent, (await TriggerAsync(developer, csrf)).StatusCode);
        Assert.Equal(1, host.Enqueued);
    }

    [Fact]
    public async Task In_development_a_caller_from_another_address_needs_a_city_admin_token()
    {
        await using var host = new Host("Development");
        _ = host.CreateClient();

        var remote = await host.Server.SendAsync(c => { c.Request.Path = "/hangfire"; c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7"); });
        var admin = await host.Server.SendAsync(c =>
        {
            c.Request.Path = "/hangfire";
            c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
            c.Request.Headers.Authorization = "Bearer " + host.Token("CityAdmin");
        });

        Assert.Equal(StatusCodes.Status401Unauthorized, remote.Response.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, admin.Response.StatusCode);
    }

    [Theory]
    [InlineData("Production", HttpStatusCode.Unauthorized)]
    [InlineData("Staging", HttpStatusCode.Unauthorized)]
    [InlineData("Development", HttpStatusCode.OK)]
    public async Task The_api_browser_opens_to_anyone_only_on_loopback_in_development_and_the_openapi_document_everywhere(string environment, HttpStatusCode scalar)
    {
        await using var host = Host.Start(environment);
        using var anyone = host.Browser();

        Assert.Equal(scalar, (await anyone.GetAsync("/scalar/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync("/openapi/v1.json")).StatusCode);
    }
}
