using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Calendars;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Flows.Plans;
using GuidanceBot.Bot.Flows.Visits;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Visits;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Status;

/// <summary>
/// 我的待办: what the sender's unit has to do this year, with dates: the three filings and their state,
/// letters to acknowledge, rectification reports due (overdue marked).
/// </summary>
public sealed class DeadlinesFlow(GuidanceDbContext db, VisitMaterialsQuery materials, FlowGuard guard, WorkingDayCalendar calendar) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (await guard.CheckCountyAsync(turn, Verbs.MyDeadlines, ct) is { } refused)
        {
            return refused.Response;
        }
        var card = (await CardAsync(turn, ct)).WithWeekendsOnly(calendar, turn.Culture, guard.CurrentYear);
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            return AdaptiveCardInvokeResponse.Card(card);
        }
        await turn.ReplyAsync(card, StatusText.Get("TasksTitle", turn.Culture), ct);
        return null;
    }

    private async Task<JsonObject> CardAsync(TurnContext turn, CancellationToken ct)
    {
        var c = turn.Culture;
        string T(string k) => StatusText.Get(k, c);
        var unitId = turn.Person!.UnitId;
        var year = guard.CurrentYear;
        var today = guard.ChinaToday;

        var plan = await db.AnnualPlans.AsNoTracking().Where(p => p.UnitId == unitId && p.Year == year).Select(p => new Filing(p.Status, p.SubmittedUtc, p.ReturnReason)).FirstOrDefaultAsync(ct);
        var approval = await db.PlanApprovals.AsNoTracking().Where(p => p.UnitId == unitId && p.Year == year).Select(p => new Filing(p.Status, p.SubmittedUtc, p.ReturnReason)).FirstOrDefaultAsync(ct);
        var publication = await db.PlanPublications.AsNoTracking().Where(p => p.UnitId == unitId && p.Year == year).Select(p => new Filing(p.Status, p.SubmittedUtc, p.ReturnReason)).FirstOrDefaultAsync(ct);
        var letters = await db.Letters.AsNoTracking()
            .Where(l => l.UnitId == unitId && l.Status != LetterStatus.Draft && l.Status != LetterStatus.Closed)
            .OrderBy(l => l.ReportDeadline)
            .Select(l => new { l.Id, l.Number, l.Status, l.IssuedOn, l.ReportDeadline })
            .ToListAsync(ct);
        // The coming guidance visit's materials: due before the visit (nudged 7 and 3 working days ahead).
        var visit = await materials.NextVisitIdAsync(unitId, today, ct) is { } visitId ? await materials.LoadAsync(visitId, ct) : null;
        if (visit is not { IsOpen: true, StartDate: { } visitDay } || visitDay < today)
        {
            visit = null;
        }

        var card = AdaptiveCardBuilder.Create()
            .Title(T("TasksTitle"))
            .Text(StatusText.Format("TasksIntro", c, year, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), subtle: true)
            .Heading(T("TasksFilings"))
            .Table([T("TasksItem"), T("FactStatus"), T("TasksDate")],
            [
                Row(T("PlanTitle"), plan),
                Row(T("ApprovalTitle"), approval),
                Row(T("PublicationTitle"), publication),
            ], [3, 3, 2]);

        card.Heading(T("TasksLetters"));
        if (letters.Count == 0)
        {
            card.Text(T("TasksNoLetters"), subtle: true);
        }
        else
        {
            card.Table([T("TasksLetter"), T("TasksTodo"), T("TasksDue")], letters.Select(l => (IReadOnlyList<string>)
            [
                l.Number ?? "—",
                l.Status switch
                {
                    LetterStatus.Issued => T("TodoAcknowledge"),
                    LetterStatus.Acknowledged => T("TodoReport"),
                    LetterStatus.ReportReturned => T("TodoRevise"),
                    _ => T("TodoAwaitReview"),
                },
                l.Status is LetterStatus.Acknowledged or LetterStatus.ReportReturned && l.ReportDeadline < today
                    ? StatusText.Format("Overdue", c, Day(l.ReportDeadline))
                    : Day(l.ReportDeadline),
            ]), [3, 3, 2]);
        }

        if (visit is not null)
        {
            card.Heading(MaterialsText.Get("MenuButton", c));
            card.Text(StatusText.Format("TasksMaterials", c, Day(visit.StartDate!.Value), visit.Done, visit.Required));
        }

        if (plan is null or { Status: SubmissionStatus.Draft or SubmissionStatus.Returned }) card.Execute(T("PlanTitle"), Verbs.FilePlan, validateInputs: false);
        if (approval is null or { Status: SubmissionStatus.Draft or SubmissionStatus.Returned }) card.Execute(T("ApprovalTitle"), Verbs.FileApproval, validateInputs: false);
        if (publication is null or { Status: SubmissionStatus.Draft or SubmissionStatus.Returned }) card.Execute(T("PublicationTitle"), Verbs.FilePublication, validateInputs: false);
        if (letters.Any(l => l.Status is LetterStatus.Acknowledged or LetterStatus.ReportReturned)) card.Execute(T("RectTitle"), Verbs.FileRectification, validateInputs: false);
        if (visit is not null && visit.Done < visit.Required) card.Execute(MaterialsText.Get("MenuButton", c), MaterialsVerbs.Open, new JsonObject { ["visitId"] = visit.VisitId }, validateInputs: false);
        return card.Build();

        IReadOnlyList<string> Row(string title, Filing? f) =>
        [
            title,
            f is null ? T("StatusNone") : f.Status == SubmissionStatus.Returned ? StatusText.Format("StatusReturnedWith", c, f.ReturnReason) : T("Status" + f.Status),
            f?.SubmittedUtc is { } at ? FilingFlow<AnnualPlan>.ChinaTime(at, c)[..10] : "—",
        ];
    }

    private sealed record Filing(SubmissionStatus Status, DateTime? SubmittedUtc, string? ReturnReason);

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
