using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Resources;
using GuidanceBot.Data.People;
using static GuidanceBot.Bot.Cards.AdaptiveCard;

namespace GuidanceBot.Bot.Cards;

/// <summary>Card verbs of the core flows. Later issues register handlers for them.</summary>
public static class Verbs
{
    public const string RedeemInvite = "invite.redeem";
    public const string Menu = "menu.show";
    public const string SetLanguage = "language.set";
    public const string FilePlan = "plan.file";
    public const string FileApproval = "approval.file";
    public const string FilePublication = "publication.file";
    public const string FileRectification = "rectification.file";
    public const string MyDeadlines = "deadlines.show";
    public const string StatusOverview = "status.overview";
    public const string Overdue = "status.overdue";
    public const string ReviewQueue = "review.list";
    public const string ScheduleVisit = "visit.schedule";
    public const string IssueLetter = "letter.issue";
    public const string Invite = "invite.create";
}

public static class BotCards
{
    /// <summary>For someone Teams knows but the bot does not: what the bot is, and where to enter an invite code.</summary>
    public static JsonObject Welcome(CultureInfo culture)
    {
        string T(string name) => BotText.Get(name, culture);
        return Create(
            [
                Heading(T("WelcomeTitle")),
                Text(T("WelcomeBody")),
                Text(T("WelcomeNotRegistered")),
                InputText("inviteCode", T("InviteCodeLabel"), T("InviteCodePlaceholder"), required: true),
            ],
            [Execute(T("InviteCodeSubmit"), Verbs.RedeemInvite)]);
    }

    /// <summary>The actions a person's role allows, as buttons; the handlers check the role again.</summary>
    public static JsonObject Menu(Person person, string unitName, CultureInfo culture)
    {
        string T(string name) => BotText.Get(name, culture);
        var actions = new List<JsonNode>();
        void Add(string text, string verb) => actions.Add(Execute(T(text), verb));

        if (person.IsCity)
        {
            Add("ActionStatusOverview", Verbs.StatusOverview);
            Add("ActionOverdue", Verbs.Overdue);
            Add("ActionReviewQueue", Verbs.ReviewQueue);
            Add("ActionScheduleVisit", Verbs.ScheduleVisit);
            Add("ActionIssueLetter", Verbs.IssueLetter);
            if (person.Role == PersonRole.CityAdmin)
            {
                Add("ActionInvite", Verbs.Invite);
            }
        }
        else
        {
            Add("ActionPlanFile", Verbs.FilePlan);
            Add("ActionApprovalFile", Verbs.FileApproval);
            Add("ActionPublicationFile", Verbs.FilePublication);
            Add("ActionRectificationFile", Verbs.FileRectification);
            Add("ActionMyDeadlines", Verbs.MyDeadlines);
        }

        // Switching language is offered to everyone: it is the person's own choice, kept in the database.
        actions.Add(Execute(T("ActionLanguage"), Verbs.SetLanguage,
            new JsonObject { ["language"] = culture.Name == "zh-CN" ? "en-US" : "zh-CN" }));

        return Create(
            [
                Heading(T("MenuTitle")),
                Text(BotText.Format("MenuGreeting", culture, person.Name, unitName, T("Role" + person.Role))),
                Text(T("MenuHint"), subtle: true),
            ],
            actions);
    }
}
