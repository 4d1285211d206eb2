using GuidanceBot.Bot.Connector;
using GuidanceBot.Bot.Proactive;
using GuidanceBot.Bot.Tests.Delivery;
using GuidanceBot.Data.People;
using GuidanceBot.Testing.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Bot.Tests.Connector;

/// <summary>
/// The Connector client sends (and attaches the bot's token) only to a Connector host on the allowlist
/// (issue 12, item 1): whatever the caller passes, a reply's activity or a stored conversation reference.
/// </summary>
public class ConnectorHostsTests
{
    private static Action<IServiceCollection> Trust(FakeTokenIssuer issuer) => services =>
        services.AddHttpClient(ConnectorServiceCollectionExtensions.TokenHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(issuer.CreateTrustingHandler);

    /// <summary>A bot with credentials; the harness's fake Connector is its one trusted host.</summary>
    private static Task<ConnectorHarness> WithCredentialsAsync(FakeTokenIssuer issuer) =>
        ConnectorHarness.StartAsync(new()
        {
            ["Bot:AllowUnauthenticatedLocalMode"] = "false",
            ["Bot:AppId"] = "00000000-0000-0000-0000-00000000000011",
            ["Bot:ClientSecret"] = "s3cret",
            ["Bot:AppType"] = "SingleTenant",
            ["Bot:TenantId"] = ConnectorHarness.Tenant,
            ["Bot:TokenAuthority"] = issuer.Authority,
        }, Trust(issuer));

    [Fact]
    public async Task A_host_off_the_allowlist_is_refused_before_a_token_is_fetched_or_a_byte_is_sent()
    {
        await using var issuer = await FakeTokenIssuer.StartAsync();
        await using var elsewhere = await FakeConnector.StartAsync();
        await using var h = await WithCredentialsAsync(issuer);

        var send = await h.Client.SendToConversationAsync(elsewhere.ServiceUrl, "a:conv-1", ConnectorHarness.Message("secret"));
        var reply = await h.Client.ReplyToActivityAsync(elsewhere.ServiceUrl, "a:conv-1", "17", ConnectorHarness.Message("secret"));
        var update = await h.Client.UpdateActivityAsync(elsewhere.ServiceUrl, "a:conv-1", "17", ConnectorHarness.Message("secret"));
        var create = await h.Client.CreateConversationAsync(elsewhere.ServiceUrl, new ConversationParameters { Members = [new() { Id = "29:x" }] });
        var members = await h.Client.GetConversationMembersAsync(elsewhere.ServiceUrl, "a:conv-1");

        Assert.All([send.Outcome, reply.Outcome, update.Outcome, create.Outcome, members.Outcome],
            o => Assert.Equal(ConnectorOutcome.UntrustedServiceUrl, o));
        Assert.Empty(elsewhere.Requests);
        Assert.Empty(issuer.Issued);

        // The trusted host still gets its message, with the token.
        var ok = await h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message("hello"));
        Assert.True(ok.IsSuccess);
        Assert.StartsWith("Bearer ", Assert.Single(h.Connector.Requests).Authorization);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("")]
    [InlineData("file:///etc/passwd")]
    [InlineData("https://smba.trafficmanager.net.attacker.example/amer/")]
    [InlineData("https://attacker.example/?https://smba.trafficmanager.net/")]
    public async Task Anything_but_a_trusted_absolute_url_is_refused_without_throwing(string serviceUrl)
    {
        await using var issuer = await FakeTokenIssuer.StartAsync();
        await using var h = await WithCredentialsAsync(issuer);

        var result = await h.Client.SendToConversationAsync(serviceUrl, "a:conv-1", ConnectorHarness.Message("x"));

        Assert.Equal(ConnectorOutcome.UntrustedServiceUrl, result.Outcome);
        Assert.Empty(issuer.Issued);
    }

    [Fact]
    public async Task The_public_clouds_Teams_hosts_are_trusted_by_default()
    {
        await using var h = await ConnectorHarness.StartAsync(new() { ["Bot:AllowUnauthenticatedLocalMode"] = "false", ["Bot:ConnectorHosts:0"] = "" });
        var hosts = h.Services.GetRequiredService<ConnectorHosts>();

        Assert.True(hosts.IsTrusted("https://smba.trafficmanager.net/amer/"));
        Assert.True(hosts.IsTrusted("https://smba.trafficmanager.net/teams/"));
        Assert.True(hosts.IsTrusted("https://SMBA.trafficmanager.net:443/emea/"));
        Assert.False(hosts.IsTrusted("http://smba.trafficmanager.net/amer/")); // never in clear text
        Assert.False(hosts.IsTrusted("https://smba.trafficmanager.net:8443/amer/"));
        Assert.False(hosts.IsTrusted("https://frontend.botapi.msg.infra.teams.microsoftonline.cn/"));
        Assert.False(hosts.IsTrusted(h.Connector.ServiceUrl)); // loopback needs local mode or configuration
    }

    [Fact]
    public async Task The_China_cloud_trusts_its_own_Teams_host_and_not_the_public_ones()
    {
        await using var h = await ConnectorHarness.StartAsync(new() { ["Bot:AllowUnauthenticatedLocalMode"] = "false", ["Bot:ConnectorHosts:0"] = "", ["Bot:Cloud"] = "China" });
        var hosts = h.Services.GetRequiredService<ConnectorHosts>();

        Assert.True(hosts.IsTrusted("https://frontend.botapi.msg.infra.teams.microsoftonline.cn/"));
        Assert.False(hosts.IsTrusted("https://smba.trafficmanager.net/amer/"));
    }

    [Fact]
    public async Task A_stored_reference_to_an_untrusted_host_is_never_sent_to()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var liaison = await h.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        await h.WithDbAsync(db => db.ConversationReferences.Where(r => r.PersonId == liaison.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ServiceUrl, "https://attacker.example/")));

        await using var scope = h.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ProactiveMessenger>().SendToPersonAsync(liaison.Id, DeliveryHarness.Nudge("整改报告还有3个工作日到期"));

        Assert.Equal(ProactiveOutcome.Rejected, result.Outcome);
        Assert.Equal(nameof(ConnectorOutcome.UntrustedServiceUrl), result.ErrorCode);
        Assert.Empty(h.Connector.Requests);
    }
}
