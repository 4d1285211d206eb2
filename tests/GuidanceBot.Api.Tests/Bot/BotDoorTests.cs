using System.Net;
using System.Text.Json.Nodes;
using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using GuidanceBot.Testing.Fakes;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Bot;

/// <summary>
/// Who may talk to the bot and where its token may go (issue 12, item 1). An Entra ID token is taken only
/// from a caller on <c>Bot:AllowedCallers</c>; an activity's <c>serviceUrl</c> must be a Connector host the bot
/// trusts (and equal a token's <c>serviceurl</c> claim); a second listener on loopback plays the attacker's host.
/// </summary>
public class BotDoorTests : IAsyncLifetime
{
    private const string OtherApp = "99999999-8888-7777-6666-555555555555";
    private const string TrustedCaller = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    private const string OtherTenant = "00000000-0000-0000-0000-0000000000999";

    private BotHostFactory _host = null!;
    private FakeConnector _elsewhere = null!;

    public async Task InitializeAsync()
    {
        _host = await BotHostFactory.StartAsync(settings: new() { ["Bot:AllowedCallers:0"] = TrustedCaller });
        _elsewhere = await FakeConnector.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _elsewhere.DisposeAsync();
    }

    private DateTimeOffset Now => _host.Clock.GetUtcNow();

    /// <summary>"menu" from the registered liaison (the sample's AAD object id), replies to be sent to <paramref name="serviceUrl"/>.</summary>
    private JsonObject Menu(string serviceUrl)
    {
        var activity = _host.Sample("message-personal.json", "menu");
        activity["serviceUrl"] = serviceUrl;
        return activity;
    }

    private async Task AssertNothingStoredOrSentAsync()
    {
        Assert.Equal(default, await _host.CountRowsAsync());
        Assert.Empty(_elsewhere.Requests);
        Assert.Empty(_host.Connector.Requests);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("2.0")]
    public async Task Another_apps_Entra_token_gets_401_and_the_host_it_names_receives_nothing(string version)
    {
        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var token = ChannelTokenIssuer.CreateEntraToken(_host.Issuer.TenantKey, BotHostFactory.AppId, OtherApp, Now, version);

        var response = await _host.PostAsync(Menu(_elsewhere.ServiceUrl), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingStoredOrSentAsync();
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("2.0")]
    public async Task A_trusted_callers_Entra_token_is_accepted_and_answered_at_the_trusted_host(string version)
    {
        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var token = ChannelTokenIssuer.CreateEntraToken(_host.Issuer.TenantKey, BotHostFactory.AppId, TrustedCaller, Now, version);

        var response = await _host.PostAsync(Menu(_host.ServiceUrl), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(_host.Connector.Requests);
        Assert.StartsWith("Bearer ", reply.Authorization);
        Assert.Equal(1, (await _host.CountRowsAsync()).References);
    }

    [Fact]
    public async Task A_trusted_caller_naming_a_host_off_the_allowlist_gets_401_and_that_host_receives_nothing()
    {
        var token = ChannelTokenIssuer.CreateEntraToken(_host.Issuer.TenantKey, BotHostFactory.AppId, TrustedCaller, Now);

        var response = await _host.PostAsync(Menu(_elsewhere.ServiceUrl), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingStoredOrSentAsync();
    }

    [Fact]
    public async Task A_trusted_caller_cannot_speak_for_a_person_of_another_tenant()
    {
        // A person of another tenant with the sample's AAD object id: the body names them, the token's tenant does not.
        await _host.WithDbAsync(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Code == "wuyang");
            db.People.Add(new Person { Name = "外租户", Role = PersonRole.CountyLiaison, UnitId = unit.Id, TenantId = OtherTenant, AadObjectId = "00000000-0000-0000-0000-0000000000020" });
            await db.SaveChangesAsync();
        });
        var activity = Menu(_host.ServiceUrl);
        activity["channelData"]!["tenant"]!["id"] = OtherTenant;
        activity["conversation"]!["tenantId"] = OtherTenant;
        var token = ChannelTokenIssuer.CreateEntraToken(_host.Issuer.TenantKey, BotHostFactory.AppId, TrustedCaller, Now);

        var response = await _host.PostAsync(activity, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var before = await _host.CountRowsAsync();
        Assert.Equal(0, before.References + before.Processed + before.Ledger);
        Assert.Empty(_host.Connector.Requests);
    }

    [Fact]
    public async Task A_channel_token_whose_serviceurl_claim_is_another_host_gets_401()
    {
        var token = ChannelTokenIssuer.CreateToken(_host.Issuer.TeamsKey, BotHostFactory.AppId, _host.ServiceUrl, Now);

        var response = await _host.PostAsync(Menu(_elsewhere.ServiceUrl), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingStoredOrSentAsync();
    }

    [Fact]
    public async Task A_channel_token_for_a_host_off_the_allowlist_gets_401_and_that_host_receives_nothing()
    {
        // Claim and activity agree, but the host is not a Connector host of this cloud.
        var token = ChannelTokenIssuer.CreateToken(_host.Issuer.TeamsKey, BotHostFactory.AppId, _elsewhere.ServiceUrl, Now);

        var response = await _host.PostAsync(Menu(_elsewhere.ServiceUrl), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingStoredOrSentAsync();
    }

    [Theory]
    [InlineData("HTTP://127.0.0.1:{port}")]              // scheme and host case do not matter
    [InlineData("http://127.0.0.1:{port}/amer/")]        // a path below the trusted origin (Teams' regions)
    public async Task Spellings_of_the_trusted_origin_are_accepted(string spelling)
    {
        var url = spelling.Replace("{port}", new Uri(_host.ServiceUrl).Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var token = ChannelTokenIssuer.CreateToken(_host.Issuer.TeamsKey, BotHostFactory.AppId, url, Now);

        var response = await _host.PostAsync(Menu(url), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_host.Connector.Requests);
    }

    [Theory]
    [InlineData("http://localhost:{port}/", HttpStatusCode.Unauthorized)]  // the same listener under another name is another host
    [InlineData("https://127.0.0.1:{port}/", HttpStatusCode.Unauthorized)] // another scheme is another origin
    [InlineData("http://127.0.0.1:{port}@127.0.0.2:{port}/", HttpStatusCode.BadRequest)] // user info hiding the real host: not a service URL
    public async Task Look_alikes_of_the_trusted_origin_are_refused(string spelling, HttpStatusCode expected)
    {
        var url = spelling.Replace("{port}", new Uri(_host.ServiceUrl).Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var token = ChannelTokenIssuer.CreateToken(_host.Issuer.TeamsKey, BotHostFactory.AppId, url, Now);

        var response = await _host.PostAsync(Menu(url), token);

        Assert.Equal(expected, response.StatusCode);
        await AssertNothingStoredOrSentAsync();
    }
}

/// <summary>Where local mode (no token, no credentials) lets the bot reply: loopback only (docs/decisions.md).</summary>
public class LocalModeHostsTests
{
    [Fact]
    public async Task Local_mode_replies_to_any_loopback_port_without_a_token()
    {
        await using var host = await BotHostFactory.StartAsync(localMode: true);
        await using var playground = await FakeConnector.StartAsync(); // another port, like the Agents Playground's
        var activity = host.Sample("message-personal.json", "menu");
        activity["serviceUrl"] = playground.ServiceUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

        var response = await host.PostAsync(activity, token: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(playground.Requests);
        Assert.Null(reply.Authorization);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("http://192.0.2.10:3978/")]
    public async Task Local_mode_refuses_a_host_that_is_not_loopback_and_stores_nothing(string serviceUrl)
    {
        await using var host = await BotHostFactory.StartAsync(localMode: true);
        var activity = host.Sample("message-personal.json", "menu");
        activity["serviceUrl"] = serviceUrl;

        var response = await host.PostAsync(activity, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(default, await host.CountRowsAsync());
    }
}

/// <summary>A mistyped allowlist entry stops the start instead of failing the first turn.</summary>
public class ConnectorHostsConfigurationTests
{
    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://user@smba.trafficmanager.net")]
    [InlineData("ftp://smba.trafficmanager.net")]
    public void A_connector_host_that_is_not_a_host_or_an_origin_stops_the_start(string entry)
    {
        using var factory = new SettingsFactory(new() { ["Bot:AppId"] = BotHostFactory.AppId, ["Bot:ConnectorHosts:0"] = entry });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Bot:ConnectorHosts", error.Message);
    }

    private sealed class SettingsFactory(Dictionary<string, string?> settings) : GuidanceApiFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => settings;
    }
}
