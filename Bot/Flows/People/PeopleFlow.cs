using System.Globalization;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Flows.People;

/// <summary>
/// "人员" / "people" [name] and the people card's buttons: the city admin deactivates, reactivates, changes a role or unit,
/// and hands work over, each through <see cref="PeopleWorkflow"/> (the API's steps too). This handler only reads the card
/// and shows the result; anyone but the city admin is refused (audited) by <see cref="FlowGuard"/>.
/// </summary>
public sealed class PeopleAdminHandler(GuidanceDbContext db, PeopleWorkflow people, FlowGuard guard) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var verb = turn.Activity.GetAdaptiveCardAction()?.Verb ?? CardInput.From(turn).Text("verb") ?? PeopleVerbs.Open;
        var c = turn.Culture;
        if (turn.Person!.Role != PersonRole.CityAdmin)
        {
            return await guard.RefuseAsync(turn, verb, Refusal.Role, ct);
        }
        var input = CardInput.From(turn);
        var personId = input.Int("personId");
        if (personId is null && !turn.IsInvoke()
            && turn.Text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries) is [_, var typed])
        {
            var name = typed.Trim();
            personId = await db.People.AsNoTracking().Where(p => p.Name == name).OrderByDescending(p => p.IsActive).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct)
                       ?? await db.People.AsNoTracking().Where(p => p.Name.Contains(name)).OrderByDescending(p => p.IsActive).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
            if (personId is null)
            {
                return await turn.ShowAsync(PeopleCards.List(await EveryoneAsync(ct), c, PeopleText.Format("NoSuchPerson", c, name)), PeopleText.Get("Title", c), ct);
            }
        }
        if (personId is null)
        {
            return await turn.ShowAsync(PeopleCards.List(await EveryoneAsync(ct), c), PeopleText.Get("Title", c), ct);
        }
        if (await ViewAsync(personId.Value, ct) is not { } view)
        {
            return await guard.RefuseAsync(turn, verb, Refusal.Record, ct);
        }
        if (verb == PeopleVerbs.Open || input.Step != "save")
        {
            return await turn.ShowAsync(PeopleCards.Person(view, await UnitsAsync(ct), c, CardErrors.None), PeopleText.Get("Title", c), ct);
        }

        var values = new Dictionary<string, string?>
        {
            [PeopleFields.Reason] = input.Text(PeopleFields.Reason),
            [PeopleFields.Role] = input.Text(PeopleFields.Role),
            [PeopleFields.Unit] = input.Text(PeopleFields.Unit),
            [PeopleFields.Successor] = input.Text(PeopleFields.Successor),
        };
        var role = Enum.TryParse<PersonRole>(values[PeopleFields.Role], out var r) && Enum.IsDefined(r) && !int.TryParse(values[PeopleFields.Role], out _) ? r : (PersonRole?)null;
        var unitId = input.Int(PeopleFields.Unit);
        var successor = input.Int(PeopleFields.Successor);
        var change = new PersonChange(view.Person.Id, input.Guid("version"), values[PeopleFields.Reason]);
        var actor = turn.Actor();
        var (action, result) = verb switch
        {
            PeopleVerbs.Deactivate => (PeopleWorkflow.DeactivateAction, await people.DeactivateAsync(change with { SuccessorId = successor }, actor, ct)),
            PeopleVerbs.Reactivate => (PeopleWorkflow.ReactivateAction, await people.ReactivateAsync(change, actor, ct)),
            PeopleVerbs.Change => (PeopleWorkflow.ChangeAction, await people.ChangeAsync(change with { Role = role, UnitId = unitId, SuccessorId = successor }, actor, ct)),
            _ => (PeopleWorkflow.HandOverAction, await people.HandOverAsync(change with { SuccessorId = successor }, actor, ct)),
        };
        var units = await UnitsAsync(ct);
        if (!result.Succeeded)
        {
            return await guard.FailedAsync(turn, verb, result, ct, reopenVerb: PeopleVerbs.Open,
                reopenData: new System.Text.Json.Nodes.JsonObject { ["personId"] = view.Person.Id },
                form: errors => PeopleCards.Person(view, units, c, errors, values));
        }
        var after = (await ViewAsync(view.Person.Id, ct))!;
        return await turn.ShowAsync(PeopleCards.Person(after, units, c, CardErrors.None, done: PeopleText.Format("Done." + action, c, after.Person.Name)),
            PeopleText.Get("Title", c), ct);
    }

    private Task<List<Person>> EveryoneAsync(CancellationToken ct) =>
        db.People.AsNoTracking().Include(p => p.Unit).OrderByDescending(p => p.IsActive).ThenBy(p => p.Unit!.SortOrder).ThenBy(p => p.Name).Take(100).ToListAsync(ct);

    private Task<List<Data.Units.OrgUnit>> UnitsAsync(CancellationToken ct) =>
        db.Units.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.SortOrder).ToListAsync(ct);

    private async Task<PersonView?> ViewAsync(int id, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().Include(p => p.Unit).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is null)
        {
            return null;
        }
        var open = await db.Assignments.AsNoTracking().CountAsync(a => a.OwnerPersonId == id && a.ClosedOn == null, ct);
        var colleagues = await db.People.AsNoTracking().Where(p => p.UnitId == person.UnitId && p.Id != id && p.IsActive).OrderBy(p => p.Name).ToListAsync(ct);
        return new PersonView(person, person.Unit!, open, colleagues);
    }
}

public static class PeopleFlowsExtensions
{
    /// <summary>People administration: the city admin's command and card verbs.</summary>
    public static IServiceCollection AddPeopleFlows(this IServiceCollection services)
    {
        services.TryAddScoped<FlowGuard>();
        services.AddBotCommand<PeopleAdminHandler>(CommandHelp.Of(CommandUsers.CityAdmin, "HelpPeople"), "人员", "people");
        services.AddBotVerb<PeopleAdminHandler>(PeopleVerbs.Open);
        services.AddBotVerb<PeopleAdminHandler>(PeopleVerbs.Deactivate);
        services.AddBotVerb<PeopleAdminHandler>(PeopleVerbs.Reactivate);
        services.AddBotVerb<PeopleAdminHandler>(PeopleVerbs.Change);
        services.AddBotVerb<PeopleAdminHandler>(PeopleVerbs.HandOver);
        return services;
    }
}
