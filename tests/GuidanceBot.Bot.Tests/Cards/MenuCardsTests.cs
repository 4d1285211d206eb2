using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.People;

namespace GuidanceBot.Bot.Tests.Cards;

/// <summary>The shared, pre-serialized menu card goes on the wire exactly as a freshly built one.</summary>
public class MenuCardsTests
{
    private static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    private static string Wire(JsonNode card)
    {
        var reply = new Activity { Type = ActivityTypes.Message, Id = "1", Conversation = new ConversationAccount { Id = "a:1" } }.CreateCardReply(card, "菜单");
        return JsonSerializer.Serialize(reply, ProtocolJson.Options);
    }

    [Fact]
    public void A_cached_menu_card_is_written_like_a_freshly_built_one()
    {
        var person = new Person { Name = "王联络", Role = PersonRole.CountyLiaison };
        var cards = new MenuCards();

        var cached = cards.Get(person, "舞阳县应急管理局", Zh);

        Assert.Equal(Wire(BotCards.Menu(person, "舞阳县应急管理局", Zh)), Wire(cached));
        Assert.Contains("王联络", Wire(cached)); // UTF-8, not \u escapes
        // The same node serves any number of replies.
        Assert.Equal(Wire(cached), Wire(cards.Get(person, "舞阳县应急管理局", Zh)));
    }

    [Fact]
    public void Another_role_language_name_or_unit_gets_its_own_card()
    {
        var cards = new MenuCards();
        var liaison = new Person { Name = "王联络", Role = PersonRole.CountyLiaison };
        var county = Wire(cards.Get(liaison, "舞阳县应急管理局", Zh));

        var staff = new Person { Name = "王联络", Role = PersonRole.CityStaff };
        Assert.Contains("status.overview", Wire(cards.Get(staff, "漯河市应急管理局", Zh)));
        Assert.DoesNotContain("status.overview", county);
        Assert.Contains("Menu", Wire(cards.Get(liaison, "Wuyang", En)));
        Assert.Contains("李联络", Wire(cards.Get(new Person { Name = "李联络", Role = PersonRole.CountyLiaison }, "舞阳县应急管理局", Zh)));
        Assert.Contains("临颍县", Wire(cards.Get(liaison, "临颍县应急管理局", Zh)));
    }
}
