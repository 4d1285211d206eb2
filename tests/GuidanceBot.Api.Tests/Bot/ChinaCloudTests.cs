using System.Net;
using GuidanceBot.Testing;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Testing.Fakes;
using Microsoft.IdentityModel.JsonWebTokens;

namespace GuidanceBot.Api.Tests.Bot;

/// <summary>
/// <c>Bot:Cloud=China</c> end to end (issue 16, item 1): the host takes the 21Vianet channel's tokens, not the
/// public cloud's, and answers with a token MSAL got from the bot's tenant at the China login for the China
/// Connector scope. Every endpoint is the cloud's except the hosts, which are the local stand-ins.
/// </summary>
public class ChinaCloudTests : IAsyncLifetime
{
    private const string ChinaChannelIssuer = "https://api.botframework.azure.cn";
    private BotHostFactory _host = null!;

    public async Task InitializeAsync() => _host = await BotHostFactory.StartAsync(settings: new() { ["Bot:Cloud"] = "China" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_china_channel_token_is_answered_with_a_token_for_the_china_connector()
    {
        var token = ChannelTokenIssuer.CreateToken(_host.Issuer.TeamsKey, BotHostFactory.AppId, _host.ServiceUrl, _host.Clock.GetUtcNow(), issuer: ChinaChannelIssuer);

        var response = await _host.PostAsync(_host.Sample("message-personal.json", "你好"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _host.Connector.WaitUntilAsync(r => r.Count == 1);
        var issued = Assert.Single(_host.Msal.Issued);
        Assert.Equal(BotHostFactory.Tenant, issued.Tenant);
        Assert.Contains("https://api.botframework.azure.cn/.default", issued.Form["scope"].ToString().Split(' '));
        Assert.Equal("https://api.botframework.azure.cn", new JsonWebToken(issued.Token).Audiences.Single());
        Assert.Equal("Bearer " + issued.Token, Assert.Single(_host.Connector.Requests).Authorization);
    }

    [Fact]
    public async Task A_public_cloud_channel_token_is_refused()
    {
        var token = ChannelTokenIssuer.CreateToken(_host.Issuer.TeamsKey, BotHostFactory.AppId, _host.ServiceUrl, _host.Clock.GetUtcNow());

        var response = await _host.PostAsync(_host.Sample("message-personal.json", "你好"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal((0, 0), await _host.CountStoredAsync());
        Assert.Empty(_host.Msal.Issued);
    }
}
