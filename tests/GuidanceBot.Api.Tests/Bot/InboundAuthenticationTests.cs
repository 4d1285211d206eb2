using System.Net;
using System.Security.Cryptography;
using System.Text;
using GuidanceBot.Testing;
using GuidanceBot.Testing.Fakes;
using Microsoft.IdentityModel.Tokens;

namespace GuidanceBot.Api.Tests.Bot;

/// <summary>
/// POST /api/messages with real tokens from a local channel/tenant issuer: only a valid token for this
/// bot, this service URL and this channel gets an activity acted on; everything else leaves no trace.
/// </summary>
public class InboundAuthenticationTests : IAsyncLifetime
{
    private BotHostFactory _host = null!;

    public async Task InitializeAsync() => _host = await BotHostFactory.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private DateTimeOffset Now => _host.Clock.GetUtcNow();

    [Fact]
    public async Task A_valid_channel_token_gets_the_message_handled_and_answered()
    {
        var response = await _host.PostAsync(_host.Sample("message-personal.json", "hello"), _host.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _host.Connector.WaitUntilAsync(r => r.Count == 1);
        var reply = Assert.Single(_host.Connector.Requests);
        Assert.Equal("POST", reply.Method);
        Assert.StartsWith("Bearer ", reply.Authorization); // the reply itself carries the bot's MSAL token
        Assert.Equal((1, 1), await _host.CountStoredAsync());
    }

    [Fact]
    public async Task A_token_expired_less_than_five_minutes_ago_is_within_the_skew()
    {
        var token = ChannelTokenIssuer.CreateToken(_host.Issuer.TeamsKey, BotHostFactory.AppId, _host.ServiceUrl, Now, lifetime: TimeSpan.FromMinutes(-3));

        var response = await _host.PostAsync(_host.Sample("message-personal.json", "hello"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string> RejectedTokens() =>
    [
        "no token", "wrong signature", "wrong issuer", "wrong audience", "expired", "not yet valid", "alg none", "HS256",
        "serviceurl mismatch", "no serviceurl", "tenant key under the channel issuer", "tenant token of an app not on the list", "garbage", "basic auth",
    ];

    [Theory]
    [MemberData(nameof(RejectedTokens))]
    public async Task A_bad_or_missing_token_gets_401_and_nothing_is_stored_or_sent(string kind)
    {
        var teams = _host.Issuer.TeamsKey;
        var app = BotHostFactory.AppId;
        var url = _host.ServiceUrl;
        var token = kind switch
        {
            "no token" => null,
            // Same key id as the published key, different key material: the signature does not verify.
            "wrong signature" => ChannelTokenIssuer.CreateToken(new RsaSecurityKey(RSA.Create(2048)) { KeyId = teams.KeyId }, app, url, Now),
            "wrong issuer" => ChannelTokenIssuer.CreateToken(teams, app, url, Now, issuer: "https://api.botframework.evil"),
            "wrong audience" => ChannelTokenIssuer.CreateToken(teams, "another-bot-app-id", url, Now),
            "expired" => ChannelTokenIssuer.CreateToken(teams, app, url, Now, lifetime: TimeSpan.FromMinutes(-6)),
            "not yet valid" => ChannelTokenIssuer.CreateToken(teams, app, url, Now + TimeSpan.FromMinutes(10)),
            "alg none" => ChannelTokenIssuer.CreateUnsignedToken(app, url, Now),
            "HS256" => ChannelTokenIssuer.CreateToken(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(new string('k', 64))) { KeyId = teams.KeyId },
                app, url, Now, algorithm: SecurityAlgorithms.HmacSha256),
            "serviceurl mismatch" => ChannelTokenIssuer.CreateToken(teams, app, "https://smba.trafficmanager.net/amer/", Now),
            "no serviceurl" => ChannelTokenIssuer.CreateToken(teams, app, null, Now),
            "tenant key under the channel issuer" => ChannelTokenIssuer.CreateToken(_host.Issuer.TenantKey, app, url, Now),
            // The bot's own tenant signed it, for the bot's audience, even for this service URL: but no caller is allowed.
            "tenant token of an app not on the list" => ChannelTokenIssuer.CreateEntraToken(_host.Issuer.TenantKey, app, "channel-app-id", Now, serviceUrl: url),
            "garbage" => "not.a.jwt",
            _ => "basic",
        };

        HttpResponseMessage response;
        if (kind == "basic auth")
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
            {
                Content = new StringContent(_host.Sample("message-personal.json", "menu").ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");
            response = await _host.Http.SendAsync(request);
        }
        else
        {
            response = await _host.PostAsync(_host.Sample("message-personal.json", "menu"), token);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal((0, 0), await _host.CountStoredAsync());
        Assert.Empty(_host.Connector.Requests);
    }

    [Fact]
    public async Task A_key_not_endorsed_for_msteams_gets_403_and_nothing_is_stored_or_sent()
    {
        var token = ChannelTokenIssuer.CreateToken(_host.Issuer.WebChatKey, BotHostFactory.AppId, _host.ServiceUrl, Now);

        var response = await _host.PostAsync(_host.Sample("message-personal.json", "menu"), token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal((0, 0), await _host.CountStoredAsync());
        Assert.Empty(_host.Connector.Requests);
    }

    [Fact]
    public async Task The_webchat_key_is_fine_for_a_webchat_activity()
    {
        var activity = _host.Sample("message-personal.json", "hello");
        activity["channelId"] = "webchat";
        var token = ChannelTokenIssuer.CreateToken(_host.Issuer.WebChatKey, BotHostFactory.AppId, _host.ServiceUrl, Now);

        var response = await _host.PostAsync(activity, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_token_accepted_before_is_refused_once_it_has_expired()
    {
        var token = _host.ValidToken(); // valid for one hour
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(_host.Sample("message-personal.json", "hello"), token)).StatusCode);

        _host.Clock.Advance(TimeSpan.FromMinutes(66));

        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.PostAsync(_host.Sample("message-personal.json", "hello"), token)).StatusCode);
    }

    [Fact]
    public async Task Signing_keys_are_fetched_once_not_per_turn()
    {
        for (var i = 0; i < 5; i++)
        {
            var response = await _host.PostAsync(_host.Sample("message-personal.json", "hello"), _host.ValidToken());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, _host.Issuer.MetadataRequests);
    }
}
