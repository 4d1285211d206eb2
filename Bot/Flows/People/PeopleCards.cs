using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Resources;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Units;

namespace GuidanceBot.Bot.Flows.People;

/// <summary>Card verbs of people administration (city admin).</summary>
public static class PeopleVerbs
{
    public const string Open = "people.open";
    public const string Deactivate = "people.deactivate";
    public const string Reactivate = "people.reactivate";
    public const string Change = "people.change";
    public const string HandOver = "people.handover";
}

/// <summary>One person as the admin card shows them.</summary>
public sealed record PersonView(Person Person, OrgUnit Unit, int OpenItems, IReadOnlyList<Person> Colleagues);

/// <summary>The city admin's people cards. Input ids are <see cref="PeopleFields"/>' names, so a refusal lands under its input.</summary>
public static class PeopleCards
{
    public static string UnitName(OrgUnit unit, CultureInfo culture) => FlowTurn.UnitName(unit.Name, unit.NameEn, culture);

    /// <summary>Everyone, to choose one to open.</summary>
    public static JsonObject List(IReadOnlyList<Person> people, CultureInfo culture, string? note = null)
    {
        string T(string name) => PeopleText.Get(name, culture);
        var card = AdaptiveCardBuilder.Create(culture).Title(T("Title"));
        if (note is not null)
        {
            card.Error(note);
        }
        card.Text(T("ListHint"), subtle: true)
            .ChoiceInput("personId", T("PersonLabel"), people.Select(p => (Line(p, culture), p.Id.ToString(CultureInfo.InvariantCulture))), required: true)
            .Execute(T("Open"), PeopleVerbs.Open);
        return card.Build();
    }

    private static string Line(Person p, CultureInfo culture) =>
        PeopleText.Format("ListItem", culture, p.Name, p.Unit is null ? "" : UnitName(p.Unit, culture), BotText.Get("Role" + p.Role, culture))
        + (p.IsActive ? "" : " · " + PeopleText.Get("StatusInactive", culture));

    /// <summary>One person: who they are, and the four steps (each needs the reason; the choices fill what the step uses).</summary>
    public static JsonObject Person(PersonView view, IReadOnlyList<OrgUnit> units, CultureInfo culture, CardErrors errors,
        IReadOnlyDictionary<string, string?>? values = null, string? done = null)
    {
        string T(string name) => PeopleText.Get(name, culture);
        string? V(string id) => values?.GetValueOrDefault(id);
        var p = view.Person;
        var card = AdaptiveCardBuilder.Create(culture).Title(T("Title"));
        if (done is not null)
        {
            card.Text(done, color: TextColor.Good, bold: true);
        }
        if (errors.General is { } general)
        {
            card.Error(general);
        }
        card.Facts(
        [
            (T("FactName"), p.Name),
            (T("FactUnit"), UnitName(view.Unit, culture)),
            (T("FactRole"), BotText.Get("Role" + p.Role, culture)),
            (T("FactStatus"), T(p.IsActive ? "StatusActive" : "StatusInactive")),
            (T("FactOpenItems"), view.OpenItems.ToString(CultureInfo.InvariantCulture)),
        ]);
        card.TextInput(PeopleFields.Reason, T("ReasonLabel"), V(PeopleFields.Reason), maxLength: PeopleLimits.ReasonMax, error: errors[PeopleFields.Reason])
            .ChoiceInput(PeopleFields.Role, T("RoleLabel"), Enum.GetValues<PersonRole>().Select(r => (BotText.Get("Role" + r, culture), r.ToString())),
                V(PeopleFields.Role) ?? p.Role.ToString(), error: errors[PeopleFields.Role])
            .ChoiceInput(PeopleFields.Unit, T("UnitLabel"), units.Select(u => (UnitName(u, culture), u.Id.ToString(CultureInfo.InvariantCulture))),
                V(PeopleFields.Unit) ?? p.UnitId.ToString(CultureInfo.InvariantCulture), error: errors[PeopleFields.Unit])
            .ChoiceInput(PeopleFields.Successor, T("SuccessorLabel"),
                view.Colleagues.Select(c => (c.Name + " · " + BotText.Get("Role" + c.Role, culture), c.Id.ToString(CultureInfo.InvariantCulture))),
                V(PeopleFields.Successor), error: errors[PeopleFields.Successor]);
        var data = new JsonObject
        {
            ["personId"] = p.Id,
            ["version"] = p.Version.ToString(),
            ["step"] = "save",
        };
        var buttons = new List<(string Title, string Verb, JsonObject? Data)>
        {
            (T(p.IsActive ? "Deactivate" : "Reactivate"), p.IsActive ? PeopleVerbs.Deactivate : PeopleVerbs.Reactivate, data.DeepClone().AsObject()),
            (T("Change"), PeopleVerbs.Change, data.DeepClone().AsObject()),
            (T("HandOver"), PeopleVerbs.HandOver, data.DeepClone().AsObject()),
        };
        foreach (var (title, verb, d) in buttons)
        {
            card.Execute(title, verb, d);
        }
        return card.Build();
    }
}
