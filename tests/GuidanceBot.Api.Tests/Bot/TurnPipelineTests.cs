using System.Net;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Conversations;
using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Api.Tests.Bot;

/// <summary>What a Teams user meets: welcome, menu, invoke answers, retries handled once, the registry.</summary>
public class TurnPipelineTests : IAsyncLifetime
{
    private BotHostFactory _host = null!;

    public async Task InitializeAsync() => _host = await BotHostFactory.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<HttpResponseMessage> Post(JsonNode activity)
    {
        var response = await _host.PostAsync(activity, _host.ValidToken());
        return response;
    }

    private static JsonObject Card(JsonNode? body) =>
        body!["attachments"]![0]!["content"]!.AsObject() is var card && card["type"]!.GetValue<string>() == "AdaptiveCard"
            ? card
            : throw new Xunit.Sdk.XunitException("not an Adaptive Card: " + body.ToJsonString());

    private static List<string> Verbs(JsonObject card) => TeamsDriver.Verbs(card);

    [Fact]
    public async Task An_unknown_sender_gets_a_welcome_card_asking_for_an_invite_code_in_chinese()
    {
        var response = await Post(_host.Sample("message-personal.json", "你好"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _host.Connector.WaitUntilAsync(r => r.Count == 1);
        var reply = _host.Connector.Requests[0];
        var card = Card(reply.Body);
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        Assert.Contains("欢迎", card["body"]![0]!["text"]!.GetValue<string>());
        Assert.Contains(card["body"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "Input.Text" && e["id"]!.GetValue<string>() == "inviteCode");
        Assert.Equal(["invite.redeem"], Verbs(card));
        Assert.Equal("zh-CN", reply.Body!["locale"]!.GetValue<string>());
        // A reply to the message, in its conversation.
        var incomingConversation = "7660866a-bec1-4c7e-bb96-6f8127b60aa0";
        Assert.Equal(incomingConversation, reply.ConversationId);
    }

    [Fact]
    public async Task A_county_liaison_asking_for_the_menu_gets_the_county_actions()
    {
        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");

        await Post(_host.Sample("message-personal.json", "菜单"));

        await _host.Connector.WaitUntilAsync(r => r.Count == 1);
        var card = Card(_host.Connector.Requests[0].Body);
        Assert.Contains("王联络", card["body"]![1]!["text"]!.GetValue<string>());
        Assert.Contains("舞阳县应急管理局", card["body"]![1]!["text"]!.GetValue<string>());
        var verbs = Verbs(card);
        Assert.Contains("plan.file", verbs);
        Assert.Contains("rectification.file", verbs);
        Assert.DoesNotContain("invite.create", verbs);
        Assert.DoesNotContain("letter.issue", verbs);
    }

    [Fact]
    public async Task A_city_admin_gets_the_city_actions_in_english_when_they_chose_english()
    {
        await _host.AddPersonAsync("Admin Li", PersonRole.CityAdmin, "luohe", language: "en-US");

        await Post(_host.Sample("message-personal.json", "menu"));

        await _host.Connector.WaitUntilAsync(r => r.Count == 1);
        var card = Card(_host.Connector.Requests[0].Body);
        Assert.Equal("Menu", card["body"]![0]!["text"]!.GetValue<string>());
        Assert.Contains("Luohe Emergency Management Bureau", card["body"]![1]!["text"]!.GetValue<string>());
        var verbs = Verbs(card);
        Assert.Contains("invite.create", verbs);
        Assert.Contains("letter.issue", verbs);
        Assert.DoesNotContain("plan.file", verbs);
    }

    [Fact]
    public async Task The_bot_mention_is_stripped_in_a_group_chat_so_the_command_is_understood()
    {
        await _host.AddPersonAsync("赵科员", PersonRole.CityStaff, "luohe");

        await Post(_host.Sample("message-groupchat-mention.json", "<at>Test Bot</at> menu"));

        await _host.Connector.WaitUntilAsync(r => r.Count == 1);
        Assert.Contains("status.overview", Verbs(Card(_host.Connector.Requests[0].Body)));
    }

    [Fact]
    public async Task A_message_no_command_matches_gets_a_hint_not_silence()
    {
        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");

        await Post(_host.Sample("message-personal.json", "天气怎么样"));

        await _host.Connector.WaitUntilAsync(r => r.Count == 1);
        Assert.Contains("菜单", _host.Connector.Requests[0].Text);
    }

    [Fact]
    public async Task The_same_message_delivered_twice_is_answered_once()
    {
        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var activity = _host.Sample("message-personal.json", "menu", id: "retried-1");

        var first = await Post(activity);
        var second = await Post(activity.DeepClone());
        // A different activity afterwards: once its reply is there, no late second reply can be pending.
        await Post(_host.Sample("message-personal.json", "天气", id: "next-1"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await _host.Connector.WaitUntilAsync(r => r.Count == 2);
        Assert.Single(_host.Connector.Requests, r => r.Body?["attachments"] is not null);
        Assert.Equal(2, (await _host.CountStoredAsync()).Processed);
    }

    [Fact]
    public async Task The_same_id_in_another_conversation_is_a_different_activity()
    {
        var a = _host.Sample("message-personal.json", "hi", id: "same-id");
        var b = _host.Sample("message-groupchat-mention.json", "<at>Test Bot</at> hi", id: "same-id");

        await Post(a);
        await Post(b);

        await _host.Connector.WaitUntilAsync(r => r.Count == 2);
        Assert.Equal(2, (await _host.CountStoredAsync()).Processed);
    }

    [Fact]
    public async Task Action_execute_is_answered_in_the_http_body_with_a_card()
    {
        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var invoke = _host.Sample("invoke-action-execute.json");
        invoke["value"]!["action"]!["verb"] = "menu.show";

        var response = await Post(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", body["value"]!["type"]!.GetValue<string>());
        Assert.Contains("plan.file", Verbs(body["value"]!.AsObject()));
        Assert.Empty(_host.Connector.Requests); // the answer is the HTTP response, not a separate send
    }

    [Fact]
    public async Task An_unknown_verb_gets_a_localized_error_response()
    {
        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");

        var response = await Post(_host.Sample("invoke-action-execute.json")); // verb "doExecute": nobody handles it

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.error", body["type"]!.GetValue<string>());
        Assert.Contains("暂不可用", body["value"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_sender_pressing_a_button_gets_the_welcome_card_in_place()
    {
        var invoke = _host.Sample("invoke-action-execute.json");
        invoke["value"]!["action"]!["verb"] = "menu.show";

        var response = await Post(invoke);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Equal(["invite.redeem"], Verbs(body["value"]!.AsObject()));
    }

    [Fact]
    public async Task A_retried_invoke_gets_the_first_answer_again()
    {
        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var invoke = _host.Sample("invoke-action-execute.json", id: "invoke-retried");
        invoke["value"]!["action"]!["verb"] = "menu.show";

        var first = await (await Post(invoke)).Content.ReadAsStringAsync();
        // Between the two deliveries the person's role changes: a re-run would answer differently.
        await _host.WithDbAsync(async db =>
        {
            await db.People.ExecuteUpdateAsync(s => s.SetProperty(p => p.Role, PersonRole.CityAdmin));
        });
        var second = await Post(invoke.DeepClone());

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first, await second.Content.ReadAsStringAsync());
        Assert.Contains("plan.file", first);
    }

    [Fact]
    public async Task An_unknown_invoke_name_is_not_implemented()
    {
        var invoke = _host.Sample("invoke-action-execute.json");
        invoke["name"] = "composeExtension/query";

        var response = await Post(invoke);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    [Theory]
    [InlineData("typing")]
    [InlineData("messageReaction")]
    [InlineData("someFutureType")]
    public async Task Activity_types_the_bot_does_not_handle_get_200_and_are_ignored(string type)
    {
        var activity = _host.Sample("message-personal.json", "hello");
        activity["type"] = type;

        var response = await Post(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((0, 0), await _host.CountStoredAsync());
        Assert.Empty(_host.Connector.Requests);
    }

    [Fact]
    public async Task A_body_that_is_not_an_activity_gets_400_and_a_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent("{\"type\": 42", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", _host.ValidToken());

        var response = await _host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Installation_stores_the_reference_with_the_person_and_uninstall_marks_it_inactive()
    {
        var person = await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");

        await Post(_host.Sample("installation-update-add.json"));
        await _host.WithDbAsync(async db =>
        {
            var r = await db.ConversationReferences.SingleAsync();
            Assert.Equal(person.Id, r.PersonId);
            Assert.Equal("personal", r.ConversationType);
            Assert.Equal(BotHostFactory.Tenant, r.TenantId);
            Assert.Equal("user-id-0", r.UserId);
            Assert.Equal("00000000-0000-0000-0000-0000000000020", r.AadObjectId);
            Assert.Equal("00000000-0000-0000-0000-00000000000011", r.BotId);
            Assert.True(r.IsActive);
        });
        await _host.Connector.WaitUntilAsync(r => r.Count == 1); // a known person installing gets the menu
        Assert.Contains("plan.file", Verbs(Card(_host.Connector.Requests[0].Body)));

        var remove = _host.Sample("installation-update-add.json");
        remove["action"] = "remove";
        await Post(remove);

        await _host.WithDbAsync(async db =>
        {
            var r = await db.ConversationReferences.SingleAsync();
            Assert.False(r.IsActive);
            Assert.Equal(ConversationRegistry.ReasonUninstalled, r.InactiveReason);
        });
    }

    [Fact]
    public async Task A_terminal_403_marks_the_conversation_inactive_and_the_next_message_revives_it()
    {
        await Post(_host.Sample("conversation-update-members-added.json"));

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var registry = scope.ServiceProvider.GetRequiredService<ConversationRegistry>();
            Assert.Equal(1, await registry.MarkInactiveAsync("msteams", "7660866a-bec1-4c7e-bb96-6f8127b60aa0", "ConversationBlockedByUser"));
        }
        await _host.WithDbAsync(async db => Assert.False((await db.ConversationReferences.SingleAsync()).IsActive));

        await Post(_host.Sample("message-personal.json", "hello"));

        await _host.WithDbAsync(async db =>
        {
            var r = await db.ConversationReferences.SingleAsync();
            Assert.True(r.IsActive);
            Assert.Null(r.InactiveReason);
        });
    }

    [Fact]
    public async Task The_reference_follows_a_new_service_url_and_a_later_registration()
    {
        await Post(_host.Sample("message-personal.json", "hello"));
        var person = await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        _host.Clock.Advance(TimeSpan.FromMinutes(1));

        await Post(_host.Sample("message-personal.json", "menu"));

        await _host.WithDbAsync(async db =>
        {
            var r = await db.ConversationReferences.SingleAsync();
            Assert.Equal(person.Id, r.PersonId);
            Assert.True(r.LastSeenUtc > r.FirstSeenUtc);
        });
    }
}
