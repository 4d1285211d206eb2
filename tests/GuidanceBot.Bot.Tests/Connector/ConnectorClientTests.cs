using System.Net;
using GuidanceBot.Bot.Connector;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Bot.Tests.Connector;

public class ConnectorClientTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Send_posts_the_activity_to_the_conversation_and_returns_the_new_id()
    {
        await using var h = await ConnectorHarness.StartAsync();

        var result = await h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message("你好"));

        Assert.Equal(ConnectorOutcome.Success, result.Outcome);
        Assert.Equal(HttpStatusCode.Created, result.StatusCode);
        var request = Assert.Single(h.Connector.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v3/conversations/a%3Aconv-1/activities", request.Path);
        Assert.Equal("a:conv-1", request.ConversationId);
        Assert.Equal("你好", request.Text);
        Assert.Equal("message", request.Body!["type"]!.GetValue<string>());
        Assert.False(request.Body.AsObject().ContainsKey("id"), "null fields are not sent");
        Assert.Null(request.Authorization); // local unauthenticated mode sends no token
        Assert.Equal("1795707307803", result.Value!.Id); // the id the Connector answered
    }

    [Fact]
    public async Task Reply_update_create_and_members_use_the_v3_routes()
    {
        await using var h = await ConnectorHarness.StartAsync();

        var reply = await h.Client.ReplyToActivityAsync(h.Connector.ServiceUrl, "a:conv-1", "1795707307802", ConnectorHarness.Message("reply"));
        var update = await h.Client.UpdateActivityAsync(h.Connector.ServiceUrl, "a:conv-1", "1795707307802", ConnectorHarness.Message("edited"));
        var created = await h.Client.CreateConversationAsync(h.Connector.ServiceUrl, new ConversationParameters
        {
            Bot = new ChannelAccount { Id = "28:bot" },
            Members = [new ChannelAccount { Id = "29:user-a" }],
            TenantId = ConnectorHarness.Tenant,
        });
        var members = await h.Client.GetConversationMembersAsync(h.Connector.ServiceUrl, "a:conv-1");

        Assert.True(reply.IsSuccess && update.IsSuccess && created.IsSuccess && members.IsSuccess);
        var r = h.Connector.Requests;
        Assert.Equal(("POST", "/v3/conversations/a%3Aconv-1/activities/1795707307802"), (r[0].Method, r[0].Path));
        Assert.Equal("1795707307802", r[0].Body!["replyToId"]!.GetValue<string>());
        Assert.Equal(("PUT", "/v3/conversations/a%3Aconv-1/activities/1795707307802"), (r[1].Method, r[1].Path));
        Assert.Equal("1795707307802", r[1].Body!["id"]!.GetValue<string>());
        Assert.Equal("1795707307802", update.Value!.Id);
        Assert.Equal(("POST", "/v3/conversations"), (r[2].Method, r[2].Path));
        Assert.Equal("29:user-a", r[2].Body!["members"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(ConnectorHarness.Tenant, r[2].Body!["tenantId"]!.GetValue<string>());
        Assert.False(r[2].Body!["isGroup"]!.GetValue<bool>());
        Assert.Equal("a:conv-29:user-a", created.Value!.Id);
        Assert.Equal(("GET", "/v3/conversations/a%3Aconv-1/members"), (r[3].Method, r[3].Path));
        Assert.Equal("29:member-1", Assert.Single(members.Value!).Id);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(412)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Retryable_answers_are_retried_until_success(int status)
    {
        await using var h = await ConnectorHarness.StartAsync();
        h.Connector.Script.Enqueue(new FakeAnswer(status));
        h.Connector.Script.Enqueue(new FakeAnswer(status));

        var send = h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message("x"));
        await h.AdvanceUntilAsync(r => r.Count == 3, Limit);
        var result = await send;

        Assert.Equal(ConnectorOutcome.Success, result.Outcome);
        Assert.Equal([status, status, 201], h.Connector.Requests.Select(r => r.Status));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(500)]
    [InlineData(409)]
    public async Task Other_failures_are_not_retried(int status)
    {
        await using var h = await ConnectorHarness.StartAsync();
        h.Connector.Script.Enqueue(new FakeAnswer(status, Code: "BadArgument"));

        var result = await h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message("x"));

        Assert.Equal(ConnectorOutcome.Failed, result.Outcome);
        Assert.Equal((HttpStatusCode)status, result.StatusCode);
        Assert.Equal("BadArgument", result.ErrorCode);
        Assert.Single(h.Connector.Requests);
    }

    [Theory]
    [InlineData("ConversationBlockedByUser")]
    [InlineData("BotNotInConversationRoster")]
    [InlineData("BotDisabledByAdmin")]
    public async Task Forbidden_is_terminal_with_the_Teams_sub_code(string code)
    {
        await using var h = await ConnectorHarness.StartAsync();
        h.Connector.ConversationAnswers["a:conv-1"] = new FakeAnswer(403, Code: code, Message: "User blocked the conversation with the bot.");

        var result = await h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message("x"));

        Assert.Equal(ConnectorOutcome.Forbidden, result.Outcome);
        Assert.True(result.IsTerminal);
        Assert.Equal(code, result.ErrorCode);
        Assert.Equal("User blocked the conversation with the bot.", result.ErrorMessage);
        Assert.Single(h.Connector.Requests);
    }

    [Fact]
    public async Task Not_found_is_terminal()
    {
        await using var h = await ConnectorHarness.StartAsync();
        h.Connector.ConversationAnswers["a:gone"] = new FakeAnswer(404, Code: "ConversationNotFound");

        var result = await h.Client.UpdateActivityAsync(h.Connector.ServiceUrl, "a:gone", "17", ConnectorHarness.Message("x", "a:gone"));

        Assert.Equal(ConnectorOutcome.NotFound, result.Outcome);
        Assert.True(result.IsTerminal);
        Assert.Equal("ConversationNotFound", result.ErrorCode);
        Assert.Single(h.Connector.Requests);
    }

    [Fact]
    public async Task Retry_After_in_seconds_is_waited_before_the_next_attempt()
    {
        await using var h = await ConnectorHarness.StartAsync();
        h.Connector.Script.Enqueue(new FakeAnswer(429, RetryAfter: "7"));

        var send = h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message("x"));
        await h.AdvanceUntilAsync(r => r.Count == 2, Limit);

        Assert.True((await send).IsSuccess);
        var r = h.Connector.Requests;
        Assert.InRange(r[1].ReceivedUtc - r[0].ReceivedUtc, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task Retry_After_as_an_HTTP_date_is_waited_before_the_next_attempt()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var at = h.Time.GetUtcNow().AddSeconds(10);
        h.Connector.Script.Enqueue(new FakeAnswer(503, RetryAfter: at.ToString("R")));

        var send = h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message("x"));
        await h.Connector.WaitUntilAsync(r => r.Count == 1); // the date is absolute: the clock stays put until the 503
        await h.AdvanceUntilAsync(r => r.Count == 2, Limit);

        Assert.True((await send).IsSuccess);
        // The HTTP date has whole seconds: the retry comes at that second, not before.
        Assert.True(h.Connector.Requests[1].ReceivedUtc >= at.AddSeconds(-1));
        Assert.True(h.Connector.Requests[1].ReceivedUtc - h.Connector.Requests[0].ReceivedUtc >= TimeSpan.FromSeconds(9));
    }

    [Fact]
    public async Task Gives_up_after_the_configured_attempts_and_reports_throttled()
    {
        await using var h = await ConnectorHarness.StartAsync(new() { ["Bot:MaxRetryAttempts"] = "2" });
        for (var i = 0; i < 5; i++)
        {
            h.Connector.Script.Enqueue(new FakeAnswer(503, RetryAfter: "2"));
        }

        var send = h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message("x"));
        await h.AdvanceUntilAsync(r => r.Count == 3, Limit);
        var result = await send;

        Assert.Equal(ConnectorOutcome.Throttled, result.Outcome);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, result.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), result.RetryAfter);
        Assert.Equal(3, h.Connector.Requests.Count);
    }

    [Fact]
    public async Task A_long_Retry_After_ends_the_call_and_pauses_the_tenant()
    {
        await using var h = await ConnectorHarness.StartAsync(new() { ["Bot:MaxRetryAfter"] = "00:00:30" });
        h.Connector.Script.Enqueue(new FakeAnswer(429, RetryAfter: "120"));

        var result = await h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message("x"));

        Assert.Equal(ConnectorOutcome.Throttled, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(120), result.RetryAfter);
        Assert.Single(h.Connector.Requests);
        Assert.Equal(h.Time.GetUtcNow().AddSeconds(120), h.Services.GetRequiredService<ConnectorThrottle>().PausedUntil(ConnectorHarness.Tenant));
    }

    [Fact]
    public async Task A_429_pauses_every_send_to_the_tenant_not_only_the_throttled_one()
    {
        await using var h = await ConnectorHarness.StartAsync();
        h.Connector.Script.Enqueue(new FakeAnswer(429, RetryAfter: "5"));

        var first = h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message("first"));
        await h.Connector.WaitUntilAsync(r => r.Count == 1);
        var throttle = h.Services.GetRequiredService<ConnectorThrottle>();
        await ConnectorHarness.WaitForAsync(() => throttle.PausedUntil(ConnectorHarness.Tenant) is not null);
        var throttledAt = h.Connector.Requests[0].ReceivedUtc;
        var other = h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-2", ConnectorHarness.Message("other"));
        var otherTenant = h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-3", ConnectorHarness.Message("elsewhere", "a:conv-3", "tenant-b"));

        Assert.True((await otherTenant).IsSuccess); // another tenant is not paused
        await h.AdvanceUntilAsync(r => r.Count(x => x.Status == 201) == 3, Limit);
        Assert.True((await first).IsSuccess && (await other).IsSuccess);

        var otherArrived = h.Connector.Requests.Single(r => r.Text == "other").ReceivedUtc;
        Assert.True(otherArrived - throttledAt >= TimeSpan.FromSeconds(5), $"sent {otherArrived - throttledAt} after the 429");
        var elsewhereArrived = h.Connector.Requests.Single(r => r.Text == "elsewhere").ReceivedUtc;
        Assert.True(elsewhereArrived - throttledAt < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task At_most_seven_sends_per_second_reach_one_conversation()
    {
        await using var h = await ConnectorHarness.StartAsync();
        h.Connector.Limits = new FakeTeamsLimits();

        var sends = Enumerable.Range(0, 20)
            .Select(i => h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message($"m{i}")))
            .ToList();
        await h.AdvanceUntilAsync(r => r.Count >= 20, Limit);

        Assert.All(await Task.WhenAll(sends), r => Assert.True(r.IsSuccess));
        var requests = h.Connector.Requests;
        Assert.Equal(20, requests.Count); // none was refused with 429
        Assert.Equal(0, h.Connector.Limited429);
        var times = requests.Select(r => r.ReceivedUtc).Order().ToList();
        Assert.All(times, t => Assert.True(times.Count(u => u > t - TimeSpan.FromSeconds(1) && u <= t) <= 7));
        Assert.True(times[^1] - times[0] >= TimeSpan.FromSeconds(2), "20 sends at 7/s need at least 2 s");
    }

    [Fact]
    public async Task At_most_fifty_sends_per_second_reach_one_tenant()
    {
        await using var h = await ConnectorHarness.StartAsync();
        h.Connector.Limits = new FakeTeamsLimits();

        var sends = Enumerable.Range(0, 120)
            .Select(i => h.Client.SendToConversationAsync(h.Connector.ServiceUrl, $"a:conv-{i}", ConnectorHarness.Message($"m{i}", $"a:conv-{i}")))
            .ToList();
        await h.AdvanceUntilAsync(r => r.Count >= 120, Limit);

        Assert.All(await Task.WhenAll(sends), r => Assert.True(r.IsSuccess));
        Assert.Equal(0, h.Connector.Limited429);
        var times = h.Connector.Requests.Select(r => r.ReceivedUtc).Order().ToList();
        Assert.All(times, t => Assert.True(times.Count(u => u > t - TimeSpan.FromSeconds(1) && u <= t) <= 50));
        Assert.True(times[^1] - times[0] >= TimeSpan.FromSeconds(2), "120 sends at 50/s need at least 2 s");
    }

    [Fact]
    public async Task An_activity_over_80_KB_is_refused_without_calling_the_network()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var big = ConnectorHarness.Message(new string('检', 30 * 1024)); // 3 bytes each in UTF-8: 90 KB

        var result = await h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", big);
        var justUnder = await h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message(new string('检', 26 * 1024)));

        Assert.Equal(ConnectorOutcome.PayloadTooLarge, result.Outcome);
        Assert.Contains("81920", result.ErrorMessage);
        Assert.True(justUnder.IsSuccess);
        Assert.Single(h.Connector.Requests);
    }

    [Fact]
    public async Task A_connection_failure_is_a_failed_result_not_an_exception()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var deadUrl = h.Connector.ServiceUrl;
        await h.Connector.DisposeAsync();

        var result = await h.Client.SendToConversationAsync(deadUrl, "a:conv-1", ConnectorHarness.Message("x"));

        Assert.Equal(ConnectorOutcome.Failed, result.Outcome);
        Assert.NotNull(result.ErrorMessage);
    }
}
