using GuidanceBot.Bot.Proactive;
using GuidanceBot.Data.People;
using GuidanceBot.Testing.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Bot.Tests.Delivery;

public class ProactiveMessengerTests
{
    private static async Task<ProactiveResult> SendAsync(DeliveryHarness h, int personId, string text)
    {
        await using var scope = h.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProactiveMessenger>().SendToPersonAsync(personId, DeliveryHarness.Nudge(text));
    }

    [Fact]
    public async Task A_person_with_a_stored_1to1_conversation_is_messaged_there()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var liaison = await h.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var reference = await h.PersonalReferenceAsync(liaison.Id);

        var result = await SendAsync(h, liaison.Id, "整改报告还有3个工作日到期");

        Assert.Equal(ProactiveOutcome.Sent, result.Outcome);
        var request = Assert.Single(h.Connector.Requests);
        Assert.Equal(reference!.ConversationId, request.ConversationId);
        Assert.Equal("整改报告还有3个工作日到期", request.Text);
        Assert.Equal(DeliveryHarness.Tenant, request.Body!["conversation"]!["tenantId"]!.GetValue<string>());
        Assert.Equal(reference.UserId, request.Body["recipient"]!["id"]!.GetValue<string>());
        Assert.Equal(reference.BotId, request.Body["from"]!["id"]!.GetValue<string>());
        Assert.Equal("1795707307803", result.ActivityId);
    }

    [Fact]
    public async Task Without_a_1to1_conversation_one_is_created_from_the_Teams_user_id_and_then_reused()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var staff = await h.AddPersonAsync("李科员", PersonRole.CityStaff, "luohe", DeliveryHarness.Reach.ChannelOnly);
        var channelUser = await h.WithDbAsync(db => db.ConversationReferences.Where(r => r.PersonId == staff.Id).Select(r => r.UserId).SingleAsync());

        var first = await SendAsync(h, staff.Id, "first");
        var second = await SendAsync(h, staff.Id, "second");

        Assert.Equal(ProactiveOutcome.Sent, first.Outcome);
        Assert.Equal(ProactiveOutcome.Sent, second.Outcome);
        var r = h.Connector.Requests;
        Assert.Equal(3, r.Count); // create once, then two sends
        Assert.Equal(("POST", "/v3/conversations"), (r[0].Method, r[0].Path));
        Assert.Equal(channelUser, r[0].Body!["members"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(DeliveryHarness.Tenant, r[0].Body!["tenantId"]!.GetValue<string>());
        Assert.Equal(DeliveryHarness.Tenant, r[0].Body!["channelData"]!["tenant"]!["id"]!.GetValue<string>());
        Assert.Equal("a:conv-" + channelUser, r[1].ConversationId);
        Assert.Equal("a:conv-" + channelUser, r[2].ConversationId);
        var stored = await h.PersonalReferenceAsync(staff.Id);
        Assert.NotNull(stored);
        Assert.True(stored.IsActive);
        Assert.Equal("a:conv-" + channelUser, stored.ConversationId);
    }

    [Fact]
    public async Task A_person_never_seen_in_Teams_is_unreachable_without_calling_Teams()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var person = await h.AddPersonAsync("赵未装", PersonRole.CountyLiaison, "linying", DeliveryHarness.Reach.Never);

        var result = await SendAsync(h, person.Id, "x");

        Assert.Equal(ProactiveOutcome.NeverInstalled, result.Outcome);
        Assert.True(result.PersonUnreachable);
        Assert.Empty(h.Connector.Requests);
    }

    [Theory]
    [InlineData(403, "ConversationBlockedByUser")]
    [InlineData(403, "BotNotInConversationRoster")]
    [InlineData(404, "ConversationNotFound")]
    public async Task A_terminal_answer_marks_the_conversation_inactive_and_the_person_unreachable(int status, string code)
    {
        await using var h = await DeliveryHarness.StartAsync();
        var person = await h.AddPersonAsync("钱屏蔽", PersonRole.CountyLiaison, "wuyang");
        var reference = await h.PersonalReferenceAsync(person.Id);
        h.Connector.ConversationAnswers[reference!.ConversationId] = new FakeAnswer(status, Code: code);

        var result = await SendAsync(h, person.Id, "x");

        Assert.Equal(ProactiveOutcome.Unreachable, result.Outcome);
        Assert.Equal(code, result.ErrorCode);
        var after = await h.PersonalReferenceAsync(person.Id);
        Assert.False(after!.IsActive);
        Assert.Equal(code, after.InactiveReason);
        var stored = await h.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == person.Id));
        Assert.Equal(h.Time.GetUtcNow().UtcDateTime, stored.UnreachableSinceUtc);
        Assert.NotEqual(person.Version, stored.Version);

        // The person installs the app again (Teams gives the same 1:1 id): the next send succeeds and clears the mark.
        h.Connector.ConversationAnswers.Clear();
        var again = await SendAsync(h, person.Id, "y");
        Assert.Equal(ProactiveOutcome.Sent, again.Outcome);
        Assert.Null((await h.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == person.Id))).UnreachableSinceUtc);
        Assert.True((await h.PersonalReferenceAsync(person.Id))!.IsActive);
    }
}
