using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Flows.County;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Resources;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Units;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Onboarding;

/// <summary>
/// City staff invite county users, the city admin anyone: unit, role, invitee's name and how many days the
/// code is valid. The code is sent once as a chat message; the card becomes a receipt without it, so the
/// code never sits in the stored invoke answer (Teams' retries get that receipt), and only its SHA-256 is kept.
/// </summary>
public sealed class InviteCreateFlow(GuidanceDbContext db, FlowGuard guard, TimeProvider time) : ITurnHandler
{
    private const string Verb = Verbs.Invite;
    public const int DefaultDays = 7;
    public const int MaxDays = 30;

    private static readonly PersonRole[] CountyRoles = [PersonRole.CountyLiaison, PersonRole.CountyResponsible];

    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var input = CardInput.From(turn);
        var person = turn.Person!;
        if (!person.IsCity)
        {
            return await guard.RefuseAsync(turn, Verb, Refusal.Role, ct);
        }
        var c = turn.Culture;
        var units = await db.Units.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.SortOrder).ToListAsync(ct);
        var roles = person.Role == PersonRole.CityAdmin ? Enum.GetValues<PersonRole>() : CountyRoles;
        var allowedUnits = units.Where(u => person.Role == PersonRole.CityAdmin || u.Level == UnitLevel.County).ToList();

        var values = new Dictionary<string, string?>
        {
            ["unitId"] = input.Text("inviteUnitId"),
            ["role"] = input.Text("inviteRole"),
            ["name"] = input.Text("inviteeName"),
            ["days"] = input.Text("days"),
        };
        if (input.Step != "create")
        {
            return AdaptiveCardInvokeResponse.Card(Form(c, allowedUnits, roles, values, []));
        }

        // A unit or role the card did not offer can only come from an edited card.
        var role = Enum.TryParse<PersonRole>(values["role"], out var r) && Enum.IsDefined(r) && !int.TryParse(values["role"], out _) ? r : (PersonRole?)null;
        var unit = int.TryParse(values["unitId"], CultureInfo.InvariantCulture, out var uid) ? units.FirstOrDefault(u => u.Id == uid) : null;
        if ((role is not null && !roles.Contains(role.Value)) || (unit is not null && !allowedUnits.Contains(unit)))
        {
            return await guard.RefuseAsync(turn, Verb, Refusal.Role, ct);
        }

        var check = new FieldChecks(values, c);
        if (unit is null) check.Add("unitId", CountyText.Get("ErrChoice", c));
        if (role is null) check.Add("role", CountyText.Get("ErrChoice", c));
        var name = check.Text("name", required: true, 100);
        var days = DefaultDays;
        if (values["days"] is { } d && (!int.TryParse(d, CultureInfo.InvariantCulture, out days) || days is < 1 or > MaxDays))
        {
            check.Add("days", OnboardingText.Format("ErrDays", c, MaxDays));
        }
        if (unit is not null && role is not null && (unit.Level == UnitLevel.County) != CountyRoles.Contains(role.Value))
        {
            check.Add("role", OnboardingText.Get("ErrRoleUnit", c));
        }
        if (check.Errors.Count > 0)
        {
            return AdaptiveCardInvokeResponse.Card(Form(c, allowedUnits, roles, values, check.Errors));
        }

        var code = InviteCodes.Generate();
        var now = time.GetUtcNow().UtcDateTime;
        var invite = new InviteCode
        {
            CodeHash = InviteCodes.Hash(code), UnitId = unit!.Id, Role = role!.Value, InviteeName = name!,
            ExpiresUtc = now.AddDays(days), CreatedById = person.Id, CreatedUtc = now,
        };
        db.InviteCodes.Add(invite);
        await db.SaveChangesAsync(ct);
        db.AuditLog.Add(new AuditEntry
        {
            OccurredUtc = now, ActorPersonId = person.Id, ActorName = person.Name, Action = "invite.create",
            EntityType = nameof(InviteCode), EntityId = invite.Id.ToString(CultureInfo.InvariantCulture), UnitId = unit.Id,
            Details = $"{role}; {name}; expires {invite.ExpiresUtc:O}",
        });
        await db.SaveChangesAsync(ct);

        var unitName = UnitName(unit, c);
        var expires = InviteRedeemFlow.ChinaTime(invite.ExpiresUtc, c);
        await turn.ReplyAsync(OnboardingText.Format("CodeMessage", c, code, name, unitName, BotText.Get("Role" + role, c), expires), ct);
        return AdaptiveCardInvokeResponse.Card(AdaptiveCardBuilder.Create()
            .Title(OnboardingText.Get("InviteTitle", c))
            .Text(OnboardingText.Get("InviteCreated", c), color: TextColor.Good, bold: true)
            .Facts([
                (OnboardingText.Get("InviteeName", c), name!),
                (OnboardingText.Get("InviteUnit", c), unitName),
                (OnboardingText.Get("InviteRole", c), BotText.Get("Role" + role, c)),
                (OnboardingText.Get("InviteExpires", c), expires),
            ])
            .Text(OnboardingText.Get("InviteCodeSent", c), subtle: true)
            .Execute(OnboardingText.Get("InviteAnother", c), Verb, validateInputs: false)
            .Build());
    }

    private static string UnitName(OrgUnit u, CultureInfo c) => c.Name == "en-US" ? u.NameEn ?? u.Name : u.Name;

    private static JsonObject Form(CultureInfo c, List<OrgUnit> units, IReadOnlyList<PersonRole> roles, Dictionary<string, string?> v, Dictionary<string, string> e)
    {
        string T(string k) => OnboardingText.Get(k, c);
        return AdaptiveCardBuilder.Create(c)
            .Title(T("InviteTitle"))
            .Text(T("InviteIntro"), subtle: true)
            .ChoiceInput("inviteUnitId", T("InviteUnit"), units.Select(u => (UnitName(u, c), u.Id.ToString(CultureInfo.InvariantCulture))), v["unitId"], required: true, error: e.GetValueOrDefault("unitId"))
            .ChoiceInput("inviteRole", T("InviteRole"), roles.Select(r => (BotText.Get("Role" + r, c), r.ToString())), v["role"] ?? nameof(PersonRole.CountyLiaison), required: true, error: e.GetValueOrDefault("role"))
            .TextInput("inviteeName", T("InviteeName"), v["name"], required: true, maxLength: 100, error: e.GetValueOrDefault("name"))
            .NumberInput("days", T("InviteDays"), decimal.TryParse(v["days"], CultureInfo.InvariantCulture, out var days) ? days : DefaultDays, required: true, min: 1, max: MaxDays, error: e.GetValueOrDefault("days"))
            .Execute(T("InviteCreate"), Verbs.Invite, new JsonObject { ["step"] = "create" }, ActionStyle.Positive)
            .Build();
    }
}
