using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;
using F = GuidanceBot.Data.Visits.FollowUpFields;

namespace GuidanceBot.Bot.Flows.Visits;

/// <summary>The follow-up card (全过程跟踪): one drawn enterprise's procedure, documents and closing as the team saw them.</summary>
public static class FollowUpCards
{
    /// <summary>
    /// The form for one drawn enterprise, filled with its record when there is one (<paramref name="record"/>) or with what was
    /// typed (<paramref name="typed"/>, after a refusal). Input ids are the workflow's field names.
    /// </summary>
    public static JsonObject Form(int visitId, string unitName, int enterpriseId, string enterpriseName, FollowUpView? record, CardInput? typed,
        CardErrors errors, string? notice, CultureInfo c)
    {
        string T(string n) => VisitText.Get(n, c);
        string? Value(string id, string? stored) => typed is null ? stored : typed.Text(id);
        static string Name(FindingOutcome o) => o switch
        {
            FindingOutcome.Compliant => nameof(FindingOutcome.Compliant),
            FindingOutcome.Problem => nameof(FindingOutcome.Problem),
            _ => nameof(FindingOutcome.NotChecked),
        };
        var outcomes = new[]
        {
            (T("Outcome.NotChecked"), nameof(FindingOutcome.NotChecked)), (T("Outcome.Compliant"), nameof(FindingOutcome.Compliant)),
            (T("Outcome.Problem"), nameof(FindingOutcome.Problem)),
        };
        var card = AdaptiveCardBuilder.Create()
            .Title(VisitText.Format("FollowUpTitle", c, enterpriseName))
            .Text(VisitText.Format("FollowUpIntro", c, unitName), subtle: true);
        if (notice is not null)
        {
            card.Text(notice, color: TextColor.Good, bold: true);
        }
        if (errors.General is { } general)
        {
            card.Error(general);
        }
        card.DateInput(F.ObservedOn, T("FollowUpObservedOn"), typed is null ? record?.ObservedOn : typed.Date(F.ObservedOn), error: errors[F.ObservedOn]);
        var stored = record is null ? null : record.Aspects().ToDictionary(a => a.Aspect);
        foreach (var (aspect, noteField) in F.Aspects)
        {
            var s = stored?.GetValueOrDefault(aspect);
            card.ChoiceInput(aspect, T("FollowUpAspect." + aspect), outcomes, Value(aspect, s is { } a ? Name(a.Outcome) : null) ?? nameof(FindingOutcome.NotChecked),
                    error: errors[aspect])
                .TextInput(noteField, T("NoteLabel"), Value(noteField, s?.Note), multiline: true, maxLength: VisitLimits.NoteMax, error: errors[noteField]);
        }
        card.TextInput(F.Notes, T("FollowUpNotes"), Value(F.Notes, record?.Notes), multiline: true, maxLength: VisitLimits.NoteMax, error: errors[F.Notes]);
        if (record is { Photos.Count: > 0 })
        {
            card.Text(VisitText.Format("FollowUpPhotos", c, record.Photos.Count, string.Join("、", record.Photos.Select(p => p.FileName))), subtle: true);
        }
        else
        {
            card.Text(T("FollowUpPhotosHint"), subtle: true);
        }
        var data = new JsonObject { ["visitId"] = visitId, ["enterpriseId"] = enterpriseId };
        if (record is not null)
        {
            data["version"] = record.Version.ToString();
        }
        return card.Execute(T("FollowUpSave"), VisitVerbs.FollowUpSave, data)
            .Execute(T("FollowUpBack"), VisitVerbs.VisitOpen, new JsonObject { ["visitId"] = visitId }, validateInputs: false)
            .Build();
    }
}

/// <summary>
/// "visit.followup.open" and "visit.followup.save": what the team saw of one drawn enterprise, recorded through
/// <see cref="FollowUpWorkflow.RecordAsync"/> (city staff, during or after the visit, drawn enterprises only).
/// </summary>
public sealed class FollowUpHandler(GuidanceDbContext db, FollowUpWorkflow workflow, FollowUpQuery query, FlowGuard guard) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var verb = turn.Activity.GetAdaptiveCardAction()?.Verb ?? VisitVerbs.FollowUpOpen;
        if (await guard.CheckCityAsync(turn, verb, ct) is { } refused)
        {
            return refused.Response;
        }
        var c = turn.Culture;
        var input = CardInput.From(turn);
        var visit = input.Int("visitId") is { } visitId
            ? await db.Visits.AsNoTracking().Include(v => v.Unit).FirstOrDefaultAsync(v => v.Id == visitId, ct)
            : null;
        var enterpriseId = input.Int(F.EnterpriseId);
        if (visit is null || enterpriseId is null)
        {
            return await guard.RefuseAsync(turn, verb, Refusal.Record, ct);
        }
        var name = await db.Enterprises.AsNoTracking().Where(e => e.Id == enterpriseId).Select(e => e.Name).FirstOrDefaultAsync(ct) ?? "—";
        var unitName = FlowTurn.UnitName(visit.Unit!, c);
        var record = (await query.ForVisitAsync(visit.Id, ct)).FirstOrDefault(f => f.EnterpriseId == enterpriseId);
        var reopen = new JsonObject { ["visitId"] = visit.Id, [F.EnterpriseId] = enterpriseId };
        if (verb == VisitVerbs.FollowUpOpen)
        {
            return await turn.ShowAsync(FollowUpCards.Form(visit.Id, unitName, enterpriseId.Value, name, record, null, CardErrors.None, null, c),
                VisitText.Format("FollowUpTitle", c, name), ct);
        }

        var observed = input.Date(F.ObservedOn);
        var dateError = input.Has(F.ObservedOn) && observed is null && !string.IsNullOrWhiteSpace(input.Text(F.ObservedOn))
            ? input.DateRefusal(F.ObservedOn, VisitText.Get("FollowUpObservedOn", c), c) : null;
        var result = dateError is not null
            ? WorkflowResult.Refused(dateError)
            : await workflow.RecordAsync(visit.Id, new FollowUpInput(enterpriseId, observed,
                input.Text(F.Procedure), input.Text(F.ProcedureNote), input.Text(F.Documents), input.Text(F.DocumentsNote),
                input.Text(F.Closure), input.Text(F.ClosureNote), input.Text(F.Notes)), input.Guid(F.Version), turn.Actor(), ct);
        if (!result.Succeeded)
        {
            // A refusal of the enterprise (not drawn) or of the visit's state has no input of its own: it heads the form.
            string InputId(string field) => field is F.EnterpriseId or F.Status ? "" : field;
            return await guard.FailedAsync(turn, verb, result, ct, VisitVerbs.FollowUpOpen, reopen,
                errors => FollowUpCards.Form(visit.Id, unitName, enterpriseId.Value, name, record, input,
                    errors with { General = errors.General ?? errors[""] }, null, c), InputId);
        }
        record = (await query.ForVisitAsync(visit.Id, ct)).First(f => f.EnterpriseId == enterpriseId);
        return await turn.ShowAsync(FollowUpCards.Form(visit.Id, unitName, enterpriseId.Value, name, record, null, CardErrors.None,
            VisitText.Format("FollowUpSaved", c, name), c), VisitText.Format("FollowUpTitle", c, name), ct);
    }
}
