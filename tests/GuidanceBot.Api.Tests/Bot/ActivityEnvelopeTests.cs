using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GuidanceBot.Testing;

namespace GuidanceBot.Api.Tests.Bot;

/// <summary>
/// Activities the bot cannot act on (issue 12, item 8) are answered 400 with a ProblemDetails and leave
/// nothing behind — with a valid token and in local mode alike.
/// </summary>
public class ActivityEnvelopeTests(ActivityEnvelopeTests.Hosts hosts) : IClassFixture<ActivityEnvelopeTests.Hosts>
{
    /// <summary>One host with token validation and one in local mode, shared: every case here must leave nothing.</summary>
    public sealed class Hosts : IAsyncLifetime
    {
        public BotHostFactory Token { get; private set; } = null!;
        public BotHostFactory Local { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Token = await BotHostFactory.StartAsync();
            Local = await BotHostFactory.StartAsync(localMode: true);
        }

        public async Task DisposeAsync()
        {
            await Token.DisposeAsync();
            await Local.DisposeAsync();
        }
    }

    public static TheoryData<string, bool> Malformed()
    {
        var data = new TheoryData<string, bool>();
        foreach (var kind in Mutations.Keys)
        {
            data.Add(kind, false);
            data.Add(kind, true);
        }
        return data;
    }

    private static readonly Dictionary<string, (string Sample, Action<JsonObject> Mutate)> Mutations = new()
    {
        ["no conversation"] = ("message-personal.json", a => a.Remove("conversation")),
        ["conversation.id null"] = ("message-personal.json", a => a["conversation"]!["id"] = null),
        ["conversation null"] = ("message-personal.json", a => a["conversation"] = null),
        ["activity id null"] = ("message-personal.json", a => a["id"] = null),
        ["activity id empty"] = ("invoke-action-execute.json", a => a["id"] = ""),
        ["invoke without a name"] = ("invoke-action-execute.json", a => a.Remove("name")),
        ["no type"] = ("message-personal.json", a => a.Remove("type")),
        ["no channelId"] = ("message-personal.json", a => a.Remove("channelId")),
        ["no from"] = ("message-personal.json", a => a.Remove("from")),
        ["from.id null"] = ("message-action-submit.json", a => a["from"]!["id"] = null),
        ["no recipient"] = ("message-groupchat-mention.json", a => a.Remove("recipient")),
        ["channelData.tenant a string"] = ("message-personal.json", a => a["channelData"]!["tenant"] = "00000000-0000-0000-0000-0000000000001"),
        ["channelData.tenant an array"] = ("message-personal.json", a => a["channelData"]!["tenant"] = new JsonArray("x")),
        ["channelData.tenant.id a number"] = ("installation-update-add.json", a => a["channelData"]!["tenant"]!["id"] = 42),
        ["two tenants"] = ("message-personal.json", a => a["channelData"]!["tenant"]!["id"] = "00000000-0000-0000-0000-0000000000999"),
        ["entities [null] in a group chat"] = ("message-groupchat-mention.json", a => a["entities"] = new JsonArray((JsonNode?)null)),
        ["entities [null] in a channel"] = ("message-channel-mention.json", a => a["entities"]!.AsArray().Add(null)),
        ["serviceUrl empty"] = ("message-personal.json", a => a["serviceUrl"] = ""),
        ["serviceUrl javascript:"] = ("message-personal.json", a => a["serviceUrl"] = "javascript:alert(1)"),
        ["serviceUrl relative"] = ("message-personal.json", a => a["serviceUrl"] = "/v3/conversations"),
        ["serviceUrl file:"] = ("conversation-update-members-added.json", a => a["serviceUrl"] = "file:///etc/passwd"),
        ["serviceUrl missing"] = ("installation-update-add.json", a => a.Remove("serviceUrl")),
        ["an id of 5,000 characters"] = ("message-personal.json", a => a["conversation"]!["id"] = new string('a', 5000)),
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_activity_gets_400_and_nothing_is_stored_or_sent(string kind, bool localMode)
    {
        var host = localMode ? hosts.Local : hosts.Token;
        var (sample, mutate) = Mutations[kind];
        var activity = host.Sample(sample, sample == "message-personal.json" ? "menu" : null);
        mutate(activity);
        var rows = await host.CountRowsAsync();
        var sent = host.Connector.Requests.Count;

        var response = await host.PostAsync(activity, localMode ? null : host.ValidToken());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(rows, await host.CountRowsAsync());
        Assert.Equal(sent, host.Connector.Requests.Count);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_gets_413_without_being_read_whole()
    {
        var host = hosts.Token;
        var activity = host.Sample("message-personal.json", new string('长', 400_000)); // 1.2 MB of UTF-8
        var rows = await host.CountRowsAsync();

        var response = await host.PostAsync(activity, host.ValidToken());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(rows, await host.CountRowsAsync());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"type\":\"message\",\"id\":12}")]
    [InlineData("{\"type\":\"message\",\"channelData\":\"x\"}")]
    public async Task A_body_that_is_not_an_activity_gets_400(string body)
    {
        var host = hosts.Token;
        var rows = await host.CountRowsAsync();

        var response = await host.PostAsync(body, host.ValidToken());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(rows, await host.CountRowsAsync());
    }

    /// <summary>The sample "menu" as JSON text, with one piece of it replaced: what a JsonNode cannot even represent.</summary>
    [Theory]
    [InlineData("{\"type\":\"message\",", "{\"type\":\"invoke\",\"type\":\"message\",")]                       // a member twice
    [InlineData("\"tenant\":{\"id\":\"", "\"tenant\":{\"id\":\"x\",\"id\":\"")]                                 // twice, inside channelData
    [InlineData("\"tenant\":{\"id\":\"", "\"tenant\":{\"ID\":\"x\",\"id\":\"")]                                 // twice, ignoring case
    [InlineData("\"tenant\":{\"id\":\"", "\"tenant\":{\"id\":\"\\ud800")]                                     // not valid UTF-16
    [InlineData("\"type\":\"clientInfo\"", "\"type\":\"\\udc00clientInfo\"")]                                 // not valid UTF-16, in an entity
    public async Task Text_a_Teams_activity_cannot_hold_gets_400(string find, string replace)
    {
        var host = hosts.Token;
        var json = host.Sample("message-personal.json", "menu").ToJsonString();
        Assert.Contains(find, json);
        var rows = await host.CountRowsAsync();
        var sent = host.Connector.Requests.Count;

        var response = await host.PostAsync(json.Replace(find, replace, StringComparison.Ordinal), host.ValidToken());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(rows, await host.CountRowsAsync());
        Assert.Equal(sent, host.Connector.Requests.Count);
    }
}
