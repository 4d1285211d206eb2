using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Resources;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.People;

namespace GuidanceBot.Bot.Cards;

/// <summary>Card verbs of the core flows. Later issues register handlers for them.</summary>
public static class Verbs
{
    public const string RedeemInvite = "invite.redeem";
    public const string Menu = "menu.show";
    public const string Help = "help.show";
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
    /// <summary>A language's own name, as the choice shows it whatever the card's language.</summary>
    public static string LanguageName(string tag) => tag == GuidanceBot.Data.People.PersonLanguages.English ? "English" : "中文";

    /// <summary>"语言" / "language": the current language and one button per language (<see cref="Verbs.SetLanguage"/>).</summary>
    public static JsonObject Language(CultureInfo culture, string? error = null)
    {
        var card = AdaptiveCardBuilder.Create(culture).Title(BotText.Get("LanguageTitle", culture));
        if (error is not null)
        {
            card.Error(error);
        }
        card.Text(BotText.Format("LanguageNow", culture, LanguageName(culture.Name)));
        foreach (var tag in new[] { GuidanceBot.Data.People.PersonLanguages.Chinese, GuidanceBot.Data.People.PersonLanguages.English })
        {
            card.Execute(LanguageName(tag), Verbs.SetLanguage, new JsonObject { ["language"] = tag }, validateInputs: false);
        }
        return card.Build();
    }

    /// <summary>For someone Teams knows but the bot does not: what the bot is, and where to enter an invite code.</summary>
    public static JsonObject Welcome(CultureInfo culture, string? error = null, string? code = null)
    {
        string T(string name) => BotText.Get(name, culture);
        return AdaptiveCardBuilder.Create(culture)
            .Title(T("WelcomeTitle"))
            .Text(T("WelcomeBody"))
            .Text(T("WelcomeNotRegistered"))
            .TextInput("inviteCode", T("InviteCodeLabel"), value: code, required: true, placeholder: BotText.Format("InviteCodePlaceholder", culture, GuidanceBot.Data.People.InviteCodes.Example), maxLength: 40, error: error)
            .Execute(T("InviteCodeSubmit"), Verbs.RedeemInvite)
            .Build();
    }

    /// <summary>The actions a person's role allows, as buttons; the handlers check the role again.</summary>
    public static JsonObject Menu(Person person, string unitName, CultureInfo culture, string? note = null)
    {
        string T(string name) => BotText.Get(name, culture);
        var card = AdaptiveCardBuilder.Create();
        if (note is not null)
        {
            card.Text(note, color: TextColor.Good, bold: true);
        }
        card.Title(T("MenuTitle"))
            .Text(BotText.Format("MenuGreeting", culture, person.Name, unitName, T("Role" + person.Role)))
            .Text(T("MenuHint"), subtle: true);
        var buttons = new List<(string Title, string Verb, JsonObject? Data)>();
        void Add(string text, string verb) => buttons.Add((T(text), verb, null));

        if (person.IsCity)
        {
            Add("ActionStatusOverview", Verbs.StatusOverview);
            Add("ActionReviewQueue", Verbs.ReviewQueue);
            Add("ActionIssueLetter", Verbs.IssueLetter);
            Add("ActionOverdue", Verbs.Overdue);
            // City staff invite county users; the admin any role (the handler checks which).
            Add("ActionInvite", Verbs.Invite);
            Add("ActionScheduleVisit", Verbs.ScheduleVisit);
            buttons.Add((Flows.Cases.CaseText.Get("MenuCaseQueue", culture), Flows.Cases.CaseVerbs.Queue, null));
            buttons.Add((Flows.Visits.MaterialsText.Get("MenuButton", culture), Flows.Visits.MaterialsVerbs.Overview, null));
            if (person.Role == PersonRole.CityAdmin)
            {
                buttons.Add((Flows.People.PeopleText.Get("Title", culture), Flows.People.PeopleVerbs.Open, null));
            }
        }
        else
        {
            Add("ActionPlanFile", Verbs.FilePlan);
            Add("ActionApprovalFile", Verbs.FileApproval);
            Add("ActionPublicationFile", Verbs.FilePublication);
            Add("ActionRectificationFile", Verbs.FileRectification);
            Add("ActionMyDeadlines", Verbs.MyDeadlines);
            buttons.Add((Flows.TeamFigures.TeamFiguresText.Get("MenuButton", culture), Flows.TeamFigures.TeamVerbs.Home, null));
            buttons.Add((Flows.Cases.CaseText.Get("MenuCaseReport", culture), Flows.Cases.CaseVerbs.Report, null));
            buttons.Add((Flows.Cases.CaseText.Get("MenuMyCases", culture), Flows.Cases.CaseVerbs.Mine, null));
            buttons.Add((Flows.Visits.MaterialsText.Get("MenuButton", culture), Flows.Visits.MaterialsVerbs.Open, null));
        }
        // Switching language is offered to everyone: it is the person's own choice, kept in the database.
        buttons.Add((T("ActionLanguage"), Verbs.SetLanguage, new JsonObject { ["language"] = culture.Name == "zh-CN" ? "en-US" : "zh-CN" }));

        // Hosts show at most five actions per set, and a card's own actions below its body: the buttons go in
        // sets of five in the order listed (the role's main steps first), the last set as the card's actions.
        var max = AdaptiveCardBuilder.MaxActions;
        var sets = buttons.Chunk(max).ToList();
        foreach (var set in sets.SkipLast(1))
        {
            card.ExecuteSet(set);
        }
        foreach (var (title, verb, data) in sets[^1])
        {
            card.Execute(title, verb, data, validateInputs: false);
        }
        return card.Build();
    }

    /// <summary>What each chat command does; the menu button brings back the actions.</summary>
    public static JsonObject Help(CultureInfo culture, IEnumerable<ChatCommand> commands)
    {
        string T(string name) => BotText.Get(name, culture);
        return AdaptiveCardBuilder.Create()
            .Title(T("HelpTitle"))
            .Text(T("HelpIntro"))
            .Facts(commands.Select(c => (string.Join(" / ", c.Names), c.Help.Describe(culture))))
            .Text(T("HelpCards"), subtle: true)
            .Execute(T("MenuTitle"), Verbs.Menu, validateInputs: false)
            .Build();
    }
}
