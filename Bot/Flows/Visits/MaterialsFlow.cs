using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Visits;

/// <summary>
/// The liaison's side: the materials card of the unit's visit, links saved per material, a file sent in the
/// chat attached to the material picked. Role and unit come from the sender; a card naming another unit's
/// visit is refused and audited (<see cref="FlowGuard"/>); a card made before the visit changed is stale.
/// </summary>
public sealed class MaterialsHandler(GuidanceDbContext db, VisitMaterialsQuery query, VisitMaterialsWorkflow workflow, FlowGuard guard) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var verb = turn.Activity.GetAdaptiveCardAction()?.Verb ?? MaterialsVerbs.Open;
        var input = CardInput.From(turn);
        if (await guard.CheckCountyAsync(turn, verb, ct) is { } refused)
        {
            return refused.Response;
        }
        var c = turn.Culture;
        var person = turn.Person!;
        VisitMaterials? vm;
        if (input.Int("visitId") is { } visitId)
        {
            vm = await query.LoadAsync(visitId, ct);
            if (await guard.CheckRecordAsync(turn, verb, vm?.UnitId, ct) is { } notOurs)
            {
                return notOurs.Response;
            }
        }
        else if (verb == MaterialsVerbs.Open && await query.NextVisitIdAsync(person.UnitId, guard.ChinaToday, ct) is { } next)
        {
            vm = await query.LoadAsync(next, ct);
        }
        else
        {
            return await turn.ShowAsync(AdaptiveCardBuilder.Create().Title(MaterialsText.Get("MenuButton", c)).Text(MaterialsText.Get("NoVisit", c)).Build(),
                MaterialsText.Get("MenuButton", c), ct);
        }

        return verb switch
        {
            MaterialsVerbs.SaveLinks => await SaveLinksAsync(turn, vm!, input, ct),
            MaterialsVerbs.Attach => await AttachAsync(turn, vm!, input, ct),
            _ => await turn.ShowAsync(MaterialsCards.Liaison(vm!, c), MaterialsText.Format("CardTitle", c, vm!.DisplayUnit(c)), ct),
        };
    }

    private async Task<InvokeResponse?> SaveLinksAsync(TurnContext turn, VisitMaterials vm, CardInput input, CancellationToken ct)
    {
        var c = turn.Culture;
        if (input.Guid("version") is not { } version || version != vm.Version)
        {
            return await StaleAsync(turn, vm, ct);
        }
        // The links typed; the workflow checks them all and names each bad one under its input.
        var provisions = vm.MissingMaterials
            .Select(x => (Id: MaterialsCards.LinkId(x.Item.Code, x.Material.Index), x.Item.Code, x.Material.Index))
            .Where(x => input.Text(x.Id) is not null)
            .Select(x => new MaterialProvision(x.Code, x.Index, null, input.Text(x.Id), x.Id)).ToList();
        if (provisions.Count == 0)
        {
            return AdaptiveCardInvokeResponse.Card(MaterialsCards.Liaison(vm, c, MaterialsText.Get("NoLinks", c), input: input.Data));
        }

        var result = await workflow.ProvideAsync(vm.VisitId, version, provisions, turn.Actor(), ct);
        if (!result.Succeeded)
        {
            return await FailedAsync(turn, vm, result, input, ct);
        }
        var saved = (await query.LoadAsync(vm.VisitId, ct))!;
        return AdaptiveCardInvokeResponse.Card(MaterialsCards.Liaison(saved, c, MaterialsText.Format("LinksSaved", c, provisions.Count), bannerGood: true));
    }

    private async Task<InvokeResponse?> AttachAsync(TurnContext turn, VisitMaterials vm, CardInput input, CancellationToken ct)
    {
        var c = turn.Culture;
        if (input.Guid("version") is not { } version || version != vm.Version)
        {
            return await StaleAsync(turn, vm, ct);
        }
        var key = input.Text("material")?.Split('#');
        var code = key?.Length == 2 ? key[0] : null;
        var index = key?.Length == 2 && int.TryParse(key[1], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : (int?)null;
        var fileId = input.Guid("fileId");
        var fileUnit = fileId is null ? null : await db.Files.Where(f => f.Id == fileId).Select(f => (int?)f.UnitId).FirstOrDefaultAsync(ct);
        if (await guard.CheckRecordAsync(turn, MaterialsVerbs.Attach, fileUnit, ct) is { } notOurs)
        {
            return notOurs.Response;
        }
        if (code is null)
        {
            return AdaptiveCardInvokeResponse.Message(MaterialsText.Get("PickMaterial", c));
        }
        var result = await workflow.ProvideAsync(vm.VisitId, version, [new MaterialProvision(code, index, fileId, null, "material")], turn.Actor(), ct);
        if (!result.Succeeded)
        {
            return await FailedAsync(turn, vm, result, input, ct);
        }
        var saved = (await query.LoadAsync(vm.VisitId, ct))!;
        var item = saved.Items.First(x => x.Code == code);
        var line = item.Materials[index!.Value];
        return AdaptiveCardInvokeResponse.Card(MaterialsCards.Liaison(saved, c,
            MaterialsText.Format("Attached", c, line.FileName, line.DisplayName(c)), bannerGood: true, form: false));
    }

    private async Task<InvokeResponse?> FailedAsync(TurnContext turn, VisitMaterials vm, WorkflowResult result, CardInput input, CancellationToken ct)
    {
        var c = turn.Culture;
        var error = result.Error!.In(c);
        var verb = turn.Activity.GetAdaptiveCardAction()?.Verb ?? MaterialsVerbs.Open;
        return result.Status switch
        {
            WorkflowStatus.Conflict => await StaleAsync(turn, (await query.LoadAsync(vm.VisitId, ct))!, ct),
            _ when error.Field is { } field && field.StartsWith("l_", StringComparison.Ordinal) =>
                AdaptiveCardInvokeResponse.Card(MaterialsCards.Liaison(vm, c, errors: CardErrors.From(result.Errors).Fields, input: input.Data)),
            _ => await guard.FailedAsync(turn, verb, result, ct),
        };
    }

    /// <summary>The card was made before the visit or its materials changed: nothing written, the current card under the notice.</summary>
    private Task<InvokeResponse?> StaleAsync(TurnContext turn, VisitMaterials current, CancellationToken ct) =>
        guard.StaleAsync(turn, turn.Activity.GetAdaptiveCardAction()?.Verb ?? MaterialsVerbs.Open, MaterialsCards.Liaison(current, turn.Culture, form: false), ct);
}

/// <summary>City staff: completeness of this year's open visits, one visit per item, and setting a visit's date.</summary>
public sealed class CityMaterialsHandler(GuidanceDbContext db, VisitMaterialsQuery query, VisitWorkflow workflow, FlowGuard guard, TimeProvider time) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var verb = turn.Activity.GetAdaptiveCardAction()?.Verb ?? MaterialsVerbs.Overview;
        var input = CardInput.From(turn);
        if (await guard.CheckCityAsync(turn, verb, ct) is { } refused)
        {
            return refused.Response;
        }
        var c = turn.Culture;
        if (verb == MaterialsVerbs.Overview)
        {
            var year = time.ChinaToday().Year;
            var ids = await db.Visits.AsNoTracking()
                .Where(v => v.Year == year && (v.Status == VisitStatus.Planned || v.Status == VisitStatus.Scheduled))
                .OrderBy(v => v.StartDate == null).ThenBy(v => v.StartDate).ThenBy(v => v.PlannedMonth).Select(v => v.Id).ToListAsync(ct);
            var visits = new List<VisitMaterials>();
            foreach (var id in ids)
            {
                visits.Add((await query.LoadAsync(id, ct))!);
            }
            return await turn.ShowAsync(MaterialsCards.Overview(year, visits, c), MaterialsText.Format("OverviewTitle", c, year), ct);
        }

        var vm = input.Int("visitId") is { } visitId ? await query.LoadAsync(visitId, ct) : null;
        if (vm is null)
        {
            return await guard.RefuseAsync(turn, verb, Refusal.Record, ct);
        }
        if (verb != MaterialsVerbs.SetDate)
        {
            return await turn.ShowAsync(MaterialsCards.City(vm, c), MaterialsText.Format("CardTitle", c, vm.DisplayUnit(c)), ct);
        }

        if (input.Guid("version") is not { } version || version != vm.Version)
        {
            return await guard.StaleAsync(turn, verb, MaterialsCards.City(vm, c), ct);
        }
        var start = CardInput.From(turn).Date("start");
        var result = await workflow.SetDatesAsync(vm.VisitId, version, start, CardInput.From(turn).Date("end"), turn.Actor(), ct);
        if (!result.Succeeded)
        {
            var error = result.Error!.In(c);
            return result.Status switch
            {
                WorkflowStatus.Conflict => await guard.StaleAsync(turn, verb, MaterialsCards.City((await query.LoadAsync(vm.VisitId, ct))!, c), ct),
                _ when error.Field is "startDate" or "endDate" => AdaptiveCardInvokeResponse.Card(MaterialsCards.City(vm, c, dateError: error.Message, startInput: start)),
                _ => await guard.FailedAsync(turn, verb, result, ct),
            };
        }
        var saved = (await query.LoadAsync(vm.VisitId, ct))!;
        return AdaptiveCardInvokeResponse.Card(MaterialsCards.City(saved, c, MaterialsText.Format("DateSaved", c, FlowTurn.Day(saved.StartDate), int.Parse(result.Detail!, CultureInfo.InvariantCulture))));
    }
}
