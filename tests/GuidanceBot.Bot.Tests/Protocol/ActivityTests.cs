using System.Text.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Testing;

namespace GuidanceBot.Bot.Tests.Protocol;

/// <summary>The activity model against what the Agents Playground really sent (tests/Samples/teams-activities, recorded from it).</summary>
public class ActivityTests
{
    public static TheoryData<string> SampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(SharedFiles.TeamsActivities, "*.json").Order())
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    /// <summary>An activity file, or the activity a recorded Connector request carried.</summary>
    private static JsonObject ActivityJson(string file)
    {
        var node = JsonNode.Parse(SharedFiles.ReadActivity(file))!.AsObject();
        return node["request"]?["body"] is JsonObject body ? body : node;
    }

    private static Activity Parse(JsonObject json) => JsonSerializer.Deserialize<Activity>(json.ToJsonString(), ProtocolJson.Options)!;

    [Fact]
    public void Every_sample_file_is_found()
    {
        Assert.True(SampleFiles().Count >= 9, "expected the nine captured samples in " + SharedFiles.TeamsActivities);
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Every_sample_parses_and_round_trips_unchanged(string file)
    {
        var original = ActivityJson(file);
        var activity = Parse(original);

        Assert.False(string.IsNullOrEmpty(activity.Type));
        Assert.False(string.IsNullOrEmpty(activity.Conversation?.Id));

        var written = JsonNode.Parse(JsonSerializer.Serialize(activity, ProtocolJson.Options))!.AsObject();
        AssertSameJson(original, written, file);
    }

    [Fact]
    public void Fields_the_model_does_not_name_survive_a_round_trip()
    {
        var json = ActivityJson("message-personal.json");
        json["futureField"] = new JsonObject { ["nested"] = new JsonArray(1, "two", true) };
        json["from"]!["userPrincipalName"] = "alexw@example.com";
        json["conversation"]!["conversationSubType"] = "meeting";
        json["channelData"]!["eventType"] = "teamMemberAdded";

        var written = JsonNode.Parse(JsonSerializer.Serialize(Parse(json), ProtocolJson.Options))!;

        Assert.Equal("two", written["futureField"]!["nested"]![1]!.GetValue<string>());
        Assert.Equal("alexw@example.com", written["from"]!["userPrincipalName"]!.GetValue<string>());
        Assert.Equal("meeting", written["conversation"]!["conversationSubType"]!.GetValue<string>());
        Assert.Equal("teamMemberAdded", written["channelData"]!["eventType"]!.GetValue<string>());
    }

    [Fact]
    public void Channel_message_exposes_tenant_team_and_channel_and_loses_the_bot_mention()
    {
        var activity = Parse(ActivityJson("message-channel-mention.json"));

        Assert.Equal("00000000-0000-0000-0000-0000000000001", activity.GetTenantId());
        Assert.Equal("team-id", activity.GetTeamId());
        Assert.Equal("team-id", activity.GetTeamsChannelId());
        Assert.Equal(ConversationTypes.Channel, activity.GetConversationType());
        var mention = Assert.Single(activity.GetMentions());
        Assert.Equal(activity.Recipient!.Id, mention.Id);
        Assert.Equal("hello channel", activity.GetTextWithoutBotMention());
    }

    [Fact]
    public void Group_chat_message_loses_the_bot_mention_but_keeps_other_people()
    {
        var json = ActivityJson("message-groupchat-mention.json");
        json["text"] = "<at>Test Bot</at> remind <at>Megan Bowen</at>";
        var entities = json["entities"]!.AsArray();
        entities.Add(new JsonObject
        {
            ["type"] = "mention",
            ["mentioned"] = new JsonObject { ["id"] = "user-id-1", ["name"] = "Megan Bowen" },
            ["text"] = "<at>Megan Bowen</at>",
        });
        var activity = Parse(json);

        Assert.Equal(ConversationTypes.GroupChat, activity.GetConversationType());
        Assert.Null(activity.GetTeamId());
        Assert.Equal(2, activity.GetMentions().Count());
        Assert.Equal("remind <at>Megan Bowen</at>", activity.GetTextWithoutBotMention());
    }

    [Fact]
    public void Personal_message_text_is_kept_as_typed()
    {
        var json = ActivityJson("message-personal.json");
        json["text"] = "<at>Test Bot</at> is how you mention me";
        var activity = Parse(json);

        Assert.Equal(ConversationTypes.Personal, activity.GetConversationType());
        Assert.Equal("<at>Test Bot</at> is how you mention me", activity.GetTextWithoutBotMention());
        Assert.Equal("00000000-0000-0000-0000-0000000000020", activity.From!.AadObjectId);
    }

    [Fact]
    public void Client_info_gives_locale_and_time_zone()
    {
        var activity = Parse(ActivityJson("invoke-action-execute.json"));

        var info = activity.GetClientInfo()!;
        Assert.Equal("en-US", info.Locale);
        Assert.Equal("UTC", info.Timezone);
        Assert.Equal("Web", info.Platform);
        Assert.Equal("en-US", activity.GetLocale());
        Assert.Equal("UTC", activity.GetTimeZone());
    }

    [Fact]
    public void Action_execute_invoke_gives_type_verb_and_data()
    {
        var activity = Parse(ActivityJson("invoke-action-execute.json"));

        var action = activity.GetAdaptiveCardAction()!;
        Assert.Equal(InvokeNames.AdaptiveCardAction, activity.Name);
        Assert.Equal("Action.Execute", action.Type);
        Assert.Equal("doExecute", action.Verb);
        Assert.Equal("Alice", action.Data!["name"]!.GetValue<string>());
        Assert.Null(Parse(ActivityJson("message-action-submit.json")).GetAdaptiveCardAction());
    }

    [Fact]
    public void Action_submit_arrives_as_a_message_with_a_value_and_no_text()
    {
        var activity = Parse(ActivityJson("message-action-submit.json"));

        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Null(activity.Text);
        Assert.Equal("Bob", activity.Value!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Installation_and_conversation_updates_carry_action_and_members()
    {
        var install = Parse(ActivityJson("installation-update-add.json"));
        var update = Parse(ActivityJson("conversation-update-members-added.json"));

        Assert.Equal(ActivityTypes.InstallationUpdate, install.Type);
        Assert.Equal("add", install.Action);
        Assert.Equal("00000000-0000-0000-0000-0000000000001", install.GetTenantId());
        Assert.Equal(ActivityTypes.ConversationUpdate, update.Type);
        Assert.Contains(update.MembersAdded!, m => m.Id == update.Recipient!.Id);
    }

    [Fact]
    public void A_reply_goes_from_the_bot_to_the_sender_in_the_same_conversation()
    {
        var activity = Parse(ActivityJson("message-personal.json"));

        var reply = activity.CreateReply("hi");

        Assert.Equal(activity.Recipient!.Id, reply.From!.Id);
        Assert.Equal(activity.From!.Id, reply.Recipient!.Id);
        Assert.Equal(activity.Conversation!.Id, reply.Conversation!.Id);
        Assert.Equal(activity.Id, reply.ReplyToId);
        Assert.Equal(activity.GetTenantId(), reply.Conversation.TenantId);
    }

    /// <summary>Equal JSON, where instants compare as instants (".902Z" and ".902+00:00" are the same time).</summary>
    private static void AssertSameJson(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case JsonObject e:
                var a = Assert.IsType<JsonObject>(actual);
                Assert.Equal(e.Select(p => p.Key).Order(), a.Select(p => p.Key).Order());
                foreach (var (key, value) in e)
                {
                    AssertSameJson(value, a[key], $"{path}.{key}");
                }
                break;
            case JsonArray e:
                var arr = Assert.IsType<JsonArray>(actual);
                Assert.Equal(e.Count, arr.Count);
                for (var i = 0; i < e.Count; i++)
                {
                    AssertSameJson(e[i], arr[i], $"{path}[{i}]");
                }
                break;
            case JsonValue e when e.GetValueKind() == JsonValueKind.String && DateTimeOffset.TryParse(e.GetValue<string>(), out var instant)
                                  && e.GetValue<string>().Contains('T'):
                Assert.Equal(instant, DateTimeOffset.Parse(actual!.GetValue<string>()));
                break;
            default:
                Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: expected {expected?.ToJsonString()}, got {actual?.ToJsonString()}");
                break;
        }
    }
}
