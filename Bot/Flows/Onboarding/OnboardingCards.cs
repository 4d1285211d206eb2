using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Resources;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Units;

namespace GuidanceBot.Bot.Flows.Onboarding;

/// <summary>
/// The onboarding cards: the invite form and its receipt (the code itself goes as a chat message, never on a card).
/// The welcome card with the code input and the menu a redeemed person gets are the core's (<see cref="BotCards"/>).
/// Limits are the workflow's (<see cref="InviteLimits"/>).
/// </summary>
public static class OnboardingCards
{
    /// <summary>
    /// The invite form's input ids. Not the workflow's names: a card's <c>unitId</c> is the scope the guard reads, and
    /// Teams merges inputs into the action's data, so the unit chosen must not be called that.
    /// </summary>
    public const string UnitInput = "inviteUnitId", RoleInput = "inviteRole", NameInput = InviteFields.InviteeName, DaysInput = "days";

    public static string UnitName(OrgUnit u, CultureInfo c) => c.Name == "en-US" ? u.NameEn ?? u.Name : u.Name;

    /// <param name="values">unitId, role, name, days as typed.</param>
    /// <param name="errors">by the same keys.</param>
    public static JsonObject InviteForm(CultureInfo c, IReadOnlyList<OrgUnit> units, IReadOnlyList<PersonRole> roles,
        IReadOnlyDictionary<string, string?> values, IReadOnlyDictionary<string, string> errors)
    {
        string T(string k) => OnboardingText.Get(k, c);
        return AdaptiveCardBuilder.Create(c)
            .Title(T("InviteTitle"))
            .Text(T("InviteIntro"), subtle: true)
            .ChoiceInput(UnitInput, T("InviteUnit"), units.Select(u => (UnitName(u, c), u.Id.ToString(CultureInfo.InvariantCulture))), values["unitId"], required: true, error: errors.GetValueOrDefault("unitId"))
            .ChoiceInput(RoleInput, T("InviteRole"), roles.Select(r => (BotText.Get("Role" + r, c), r.ToString())), values["role"] ?? nameof(PersonRole.CountyLiaison), required: true, error: errors.GetValueOrDefault("role"))
            .TextInput(NameInput, T("InviteeName"), values["name"], required: true, maxLength: InviteLimits.NameMax, error: errors.GetValueOrDefault("name"))
            .NumberInput(DaysInput, T("InviteDays"), decimal.TryParse(values["days"], CultureInfo.InvariantCulture, out var days) ? days : InviteLimits.DefaultValidDays,
                required: true, min: 1, max: InviteLimits.MaxValidDays, error: errors.GetValueOrDefault("days"))
            .Execute(T("InviteCreate"), Verbs.Invite, new JsonObject { ["step"] = "create" }, ActionStyle.Positive)
            .Build();
    }

    /// <summary>The invite made, without its code (Teams' retries get this answer stored, so the code is not in it).</summary>
    public static JsonObject InviteReceipt(string inviteeName, string unitName, string roleName, string expires, CultureInfo c) =>
        AdaptiveCardBuilder.Create()
            .Title(OnboardingText.Get("InviteTitle", c))
            .Text(OnboardingText.Get("InviteCreated", c), color: TextColor.Good, bold: true)
            .Facts([
                (OnboardingText.Get("InviteeName", c), inviteeName),
                (OnboardingText.Get("InviteUnit", c), unitName),
                (OnboardingText.Get("InviteRole", c), roleName),
                (OnboardingText.Get("InviteExpires", c), expires),
            ])
            .Text(OnboardingText.Get("InviteCodeSent", c), subtle: true)
            .Execute(OnboardingText.Get("InviteAnother", c), Verbs.Invite, validateInputs: false)
            .Build();
}
