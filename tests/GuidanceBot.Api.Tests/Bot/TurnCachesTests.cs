using System.Net;
using System.Text.Json.Nodes;
using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Bot;

/// <summary>
/// What the turn pipeline keeps in memory must never change what a user meets: retries are dropped across
/// restarts and concurrent deliveries, and a person's changes show on their next message.
/// </summary>
public class TurnCachesTests : IAsyncLifetime
{
    private BotHostFactory _host = null!;

    public async Task InitializeAsync() => _host = await BotHostFactory.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<HttpResponseMessage> Post(JsonNode activity) => _host.PostAsync(activity, _host.ValidToken());

    private static List<string> Verbs(JsonNode? reply) => TeamsDriver.Verbs(reply!["attachments"]![0]!["content"]!.AsObject());

    [Fact]
    public async Task A_retry_that_reaches_the_bot_after_a_restart_is_not_handled_again()
    {
        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var activity = _host.Sample("message-personal.json", "menu", id: "before-restart");
        Assert.Equal(HttpStatusCode.OK, (await Post(activity)).StatusCode);
        await _host.Connector.WaitUntilAsync(r => r.Count == 1);

        // A new process on the same database: nothing of the first one's memory.
        await using var restarted = await BotHostFactory.StartAsync(settings: new() { ["Storage:DataFolder"] = _host.DataFolder });
        var retry = activity.DeepClone();
        retry["serviceUrl"] = restarted.ServiceUrl;
        var again = await restarted.PostAsync(retry, restarted.ValidToken());
        // A different activity afterwards: once its reply is there, no late reply to the retry can be pending.
        await restarted.PostAsync(restarted.Sample("message-personal.json", "天气", id: "after-restart"), restarted.ValidToken());

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await restarted.Connector.WaitUntilAsync(r => r.Count == 1);
        Assert.DoesNotContain(restarted.Connector.Requests, r => r.Body?["attachments"] is not null);
        Assert.Equal(2, (await restarted.CountStoredAsync()).Processed);
    }

    [Fact]
    public async Task A_retry_that_comes_minutes_later_is_still_not_handled_again()
    {
        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var activity = _host.Sample("message-personal.json", "menu", id: "late-retry");
        Assert.Equal(HttpStatusCode.OK, (await Post(activity)).StatusCode);
        await _host.Connector.WaitUntilAsync(r => r.Count == 1);

        // Memory keeps only claims in flight: a late retry is answered by the stored row.
        _host.Clock.Advance(TimeSpan.FromMinutes(2));
        await Post(_host.Sample("message-personal.json", "天气", id: "prunes-memory"));
        await _host.Connector.WaitUntilAsync(r => r.Count == 2);
        var again = await Post(activity.DeepClone());
        await Post(_host.Sample("message-personal.json", "天气", id: "after-late-retry"));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await _host.Connector.WaitUntilAsync(r => r.Count == 3);
        Assert.Single(_host.Connector.Requests, r => r.Body?["attachments"] is not null);
        Assert.Equal(3, (await _host.CountStoredAsync()).Processed);
    }

    [Fact]
    public async Task The_same_activity_delivered_several_times_at_once_is_answered_once()
    {
        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var activity = _host.Sample("message-personal.json", "menu", id: "concurrent-1");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Post(activity.DeepClone())));
        await Post(_host.Sample("message-personal.json", "天气", id: "concurrent-next"));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await _host.Connector.WaitUntilAsync(r => r.Count == 2);
        Assert.Single(_host.Connector.Requests, r => r.Body?["attachments"] is not null);
        Assert.Equal(2, (await _host.CountStoredAsync()).Processed);
    }

    [Fact]
    public async Task Someone_added_after_their_first_message_gets_the_menu_on_the_next()
    {
        await Post(_host.Sample("message-personal.json", "menu"));
        await _host.Connector.WaitUntilAsync(r => r.Count == 1);
        Assert.Equal(["invite.redeem"], Verbs(_host.Connector.Requests[0].Body));

        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        await Post(_host.Sample("message-personal.json", "menu"));

        await _host.Connector.WaitUntilAsync(r => r.Count == 2);
        Assert.Contains("plan.file", Verbs(_host.Connector.Requests[1].Body));
    }

    [Fact]
    public async Task A_role_or_language_changed_between_two_messages_shows_on_the_second()
    {
        var person = await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        await Post(_host.Sample("message-personal.json", "menu"));
        await _host.Connector.WaitUntilAsync(r => r.Count == 1);
        Assert.Contains("plan.file", Verbs(_host.Connector.Requests[0].Body));

        await _host.WithDbAsync(async db =>
        {
            var stored = await db.People.SingleAsync(p => p.Id == person.Id);
            stored.Role = PersonRole.CityStaff;
            stored.UnitId = (await db.Units.SingleAsync(u => u.Code == "luohe")).Id;
            stored.PreferredLanguage = "en-US";
            await db.SaveChangesAsync();
        });
        await Post(_host.Sample("message-personal.json", "menu"));

        await _host.Connector.WaitUntilAsync(r => r.Count == 2);
        var second = _host.Connector.Requests[1].Body;
        Assert.Contains("status.overview", Verbs(second));
        Assert.DoesNotContain("plan.file", Verbs(second));
        Assert.Equal("en-US", second!["locale"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_deactivated_person_is_told_so_on_their_next_message()
    {
        var person = await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        await Post(_host.Sample("message-personal.json", "menu"));
        await _host.Connector.WaitUntilAsync(r => r.Count == 1);

        await _host.WithDbAsync(async db =>
        {
            var stored = await db.People.SingleAsync(p => p.Id == person.Id);
            stored.IsActive = false;
            await db.SaveChangesAsync();
        });
        await Post(_host.Sample("message-personal.json", "menu"));

        // The remembered sender is stale with the change: the next message gets the deactivated answer (issue 14), not the menu.
        await _host.Connector.WaitUntilAsync(r => r.Count == 2);
        Assert.Contains("已被市局管理员停用", _host.Connector.Requests[1].Body!["text"]!.GetValue<string>());
    }
}
