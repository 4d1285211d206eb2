using System.Globalization;
using System.Text.Json.Nodes;
using F = GuidanceBot.Data.Letters.LetterFields;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Delivery;
using GuidanceBot.Bot.Documents;
using GuidanceBot.Bot.Flows.Calendars;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Flows.Reviews;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data.Years;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Letters;

/// <summary>
/// "letter.issue" (the form, from a visit's problem findings) and "letter.issue.confirm": the card's inputs go to
/// <see cref="LetterWorkflow.IssueAsync(LetterDraft, Actor, CancellationToken)"/>, which checks every field, drafts, numbers and
/// issues the letter, puts its problems on the 周交办 list and queues the letter to the unit's liaisons in one transaction.
/// The handler only translates: card data to the draft, the outcome to the receipt or to the form with each error under its input.
/// </summary>
public sealed class LetterIssueHandler(GuidanceDbContext db, LetterWorkflow workflow, FlowGuard guard, WorkingDayCalendar calendar, YearSetupQuery years) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var verb = turn.Activity.GetAdaptiveCardAction()?.Verb ?? Verbs.IssueLetter;
        var input = CardInput.From(turn);
        if (await guard.CheckCityAsync(turn, verb, ct) is { } refused)
        {
            return refused.Response;
        }
        var culture = turn.Culture;
        var visitId = input.Int("visitId") ?? input.Int("visit");
        if (visitId is null)
        {
            return await turn.ShowAsync(await PickVisitCardAsync(culture, ct), LetterText.Get("LetterIssueTitle", culture), ct);
        }
        var visit = await db.Visits.AsNoTracking().Include(v => v.Unit).Include(v => v.Findings).ThenInclude(f => f.CheckItem)
            .FirstOrDefaultAsync(v => v.Id == visitId, ct);
        if (visit is null)
        {
            return await guard.RefuseAsync(turn, verb, Refusal.Record, ct);
        }
        // Which visits the form is offered for (the workflow refuses the rest too).
        if (await db.Letters.AnyAsync(l => l.GuidanceVisitId == visit.Id && l.Status != LetterStatus.Draft, ct))
        {
            return await turn.RefuseAsync(422, "alreadyIssued", LetterText.Get("LetterAlreadyIssued", culture), ct);
        }
        var problems = visit.Findings.Where(f => f.Outcome == FindingOutcome.Problem).OrderBy(f => f.CheckItem!.Code, StringComparer.Ordinal).ToList();
        if (problems.Count == 0)
        {
            return await turn.RefuseAsync(422, "noProblems", LetterText.Get("LetterNoProblems", culture), ct);
        }
        var form = new LetterForm(visit, problems);
        if (verb != LetterVerbs.LetterIssueConfirm)
        {
            // The deadline starts at the year's rectification period from today (the year's setup); the city may change it.
            var defaults = LetterCards.Defaults(turn.Person!);
            if (await years.DefaultReportDeadlineAsync(visit.Year, guard.ChinaToday, ct) is { } deadline)
            {
                defaults[F.ReportDeadline] = deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            return await turn.ShowAsync(LetterCards.IssueForm(form, new CardInput(defaults), CardErrors.None, culture).WithWeekendsOnly(calendar, culture, guard.CurrentYear),
                LetterText.Get("LetterIssueTitle", culture), ct);
        }

        // Confirm: the visit must be as the form showed it.
        var reopen = new JsonObject { ["visitId"] = visit.Id };
        if (input.Guid("version") != visit.Version)
        {
            return await guard.StaleAsync(turn, verb, ct, Verbs.IssueLetter, reopen);
        }
        var draft = new LetterDraft(null, null, visit.Id, null, input.Date(F.ReportDeadline),
            [.. problems.Select((f, i) => new LetterProblemInput(input.Text(F.Problem(i)), input.Text(F.Opinion(i)), f.CheckItem!.Code))],
            input.Text(F.CountyResponsibleName), input.Text(F.CityContactName), input.Text(F.CityContactPhone));
        var result = await workflow.IssueAsync(draft, turn.Actor(), ct);
        if (!result.Succeeded)
        {
            // A date the card could not read is named as such, not as missing.
            var unreadable = input.DateRefusal(F.ReportDeadline, LetterText.Get("DeadlineLabel", culture), culture);
            return await guard.FailedAsync(turn, verb, result, ct, Verbs.IssueLetter, reopen,
                form: errors => LetterCards.IssueForm(form, input, errors, culture).WithWeekendsOnly(calendar, culture, guard.CurrentYear), inputErrors: unreadable is null ? null : [unreadable]);
        }
        var told = (await Recipients.UnitLiaisonsAsync(db, visit.UnitId, ct)).Count;
        return AdaptiveCardInvokeResponse.Card(LetterCards.IssuedReceipt(result.Detail!, FlowTurn.UnitName(visit.Unit!, culture), draft.ReportDeadline!.Value, told, culture));
    }

    private async Task<JsonObject> PickVisitCardAsync(CultureInfo culture, CancellationToken ct)
    {
        var visits = await db.Visits.AsNoTracking()
            .Where(v => v.Status == VisitStatus.Done && v.Findings.Any(f => f.Outcome == FindingOutcome.Problem)
                        && !db.Letters.Any(l => l.GuidanceVisitId == v.Id && l.Status != LetterStatus.Draft))
            .OrderBy(v => v.Year).ThenBy(v => v.PlannedMonth)
            .Select(v => new { v.Id, v.Year, v.Unit!.Name, v.Unit.NameEn }).ToListAsync(ct);
        var card = AdaptiveCardBuilder.Create(culture).Title(LetterText.Get("LetterIssueTitle", culture));
        if (visits.Count == 0)
        {
            card.Text(LetterText.Get("LetterNoVisits", culture));
            return card.Build();
        }
        return card.ChoiceInput("visit", LetterText.Get("LetterPickVisit", culture),
                visits.Select(v => ($"{FlowTurn.UnitName(v.Name, v.NameEn, culture)} {v.Year}", v.Id.ToString(CultureInfo.InvariantCulture))),
                visits[0].Id.ToString(CultureInfo.InvariantCulture), required: true)
            .Execute(LetterText.Get("Next", culture), Verbs.IssueLetter)
            .Build();
    }
}

/// <summary>"letter.acknowledge": a liaison of the letter's unit signs for it with the responsible person's name.</summary>
public sealed class LetterAcknowledgeHandler(GuidanceDbContext db, LetterWorkflow workflow, DocumentLinks links, FlowGuard guard) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var input = CardInput.From(turn);
        var culture = turn.Culture;
        var person = turn.Person!;
        var letterId = input.Int("letterId");
        const string verb = LetterVerbs.LetterAcknowledge;
        if (person.Role != PersonRole.CountyLiaison)
        {
            return await guard.RefuseAsync(turn, verb, Refusal.Role, ct);
        }
        var letter = letterId is null ? null : await db.Letters.AsNoTracking().Include(l => l.Problems).Include(l => l.Unit)
            .Where(l => l.Status != LetterStatus.Draft).FirstOrDefaultAsync(l => l.Id == letterId, ct);
        if (await guard.CheckRecordAsync(turn, verb, letter?.UnitId, ct) is { } refused)
        {
            return refused.Response;
        }
        // The card is queued in the commit that issues the letter, before its version is stamped: it names the
        // number it was issued with, and the state machine refuses anything but the first receipt.
        if (input.Text("number") != letter!.Number)
        {
            return await guard.StaleAsync(turn, verb, ct);
        }
        var name = input.Text(F.ReceivedBy);
        var result = await workflow.AcknowledgeAsync(letter.Id, letter.Version, turn.Actor(), ct, name);
        if (result.Status == WorkflowStatus.Refused && result.Error!.Field == F.ReceivedBy)
        {
            // The name the workflow refused, under the input, on the letter's card.
            return AdaptiveCardInvokeResponse.Card(LetterCards.LetterCard(LetterView.From(letter, letter.Unit!, culture),
                links.For(LinkedDocument.OpinionLetter, letter.Id, person.Id), culture, name, result.Error.Message));
        }
        if (!result.Succeeded)
        {
            return await guard.FailedAsync(turn, verb, result, ct);
        }
        name = (await db.Letters.AsNoTracking().Where(l => l.Id == letter.Id).Select(l => l.AcknowledgedByName).FirstAsync(ct))!;
        return AdaptiveCardInvokeResponse.Card(LetterCards.AcknowledgedReceipt(letter.Number!, name, person.Name, links.For(LinkedDocument.OpinionLetter, letter.Id, person.Id), culture));
    }
}
