using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Delivery;
using GuidanceBot.Bot.Documents;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Flows.Reviews;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Bot.Flows.Letters;

/// <summary>
/// "letter.issue" (the form, from a visit's problem findings) and "letter.issue.confirm": the letter is drafted
/// and issued through <see cref="LetterWorkflow"/>, which numbers it; in the same commit the unit's liaisons
/// get the letter card queued and every problem goes on the 周交办 list.
/// </summary>
public sealed class LetterIssueHandler(
    GuidanceDbContext db, LetterWorkflow workflow, DeliveryLedger ledger, AssignmentTracker tracker, TimeProvider time,
    DocumentLinks links, FlowGuard guard) : ITurnHandler
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
        if (await db.Letters.AnyAsync(l => l.GuidanceVisitId == visit.Id && l.Status != LetterStatus.Draft, ct))
        {
            return await turn.RefuseAsync(422, "alreadyIssued", LetterText.Get("LetterAlreadyIssued", culture), ct);
        }
        var problems = visit.Findings.Where(f => f.Outcome == FindingOutcome.Problem).OrderBy(f => f.CheckItem!.Code, StringComparer.Ordinal).ToList();
        if (problems.Count == 0)
        {
            return await turn.RefuseAsync(422, "noProblems", LetterText.Get("LetterNoProblems", culture), ct);
        }
        var form = new LetterForm(visit, problems, turn.Person!);
        if (verb != LetterVerbs.LetterIssueConfirm)
        {
            return await turn.ShowAsync(LetterCards.IssueForm(form, new CardInput(DefaultInput(turn.Person!)), null, culture), LetterText.Get("LetterIssueTitle", culture), ct);
        }

        // Confirm: the visit must be as the form showed it, every field filled.
        if (input.Guid("version") != visit.Version)
        {
            return await guard.StaleAsync(turn, verb, ct, Verbs.IssueLetter, new JsonObject { ["visitId"] = visit.Id });
        }
        var errors = new Dictionary<string, string>();
        string Required(string id, int max)
        {
            var value = input.Text(id);
            if (value is null) errors[id] = LetterText.Get("FieldRequired", culture);
            else if (value.Length > max) errors[id] = LetterText.Format("TooLong", culture, max);
            return value ?? "";
        }
        var texts = problems.Select((_, i) => (Problem: Required($"p_{i}", 2000), Opinion: Required($"o_{i}", 2000))).ToList();
        var deadline = input.Date("deadline");
        if (deadline is null)
        {
            errors["deadline"] = input.Text("deadline") is null
                ? LetterText.Get("FieldRequired", culture)
                : FieldLimits.DateOutOfRange(LetterText.Get("DeadlineLabel", culture), culture).Message;
        }
        var responsible = Required("responsible", 100);
        var contact = Required("contactName", 100);
        var phone = Required("contactPhone", 40);
        if (errors.Count > 0)
        {
            return AdaptiveCardInvokeResponse.Card(LetterCards.IssueForm(form, input, errors, culture));
        }

        var unit = visit.Unit!;
        var issuerId = unit.ParentId ?? await db.Units.Where(u => u.Level == UnitLevel.City).Select(u => u.Id).FirstAsync(ct);
        var letter = new OpinionLetter
        {
            UnitId = unit.Id, IssuerUnitId = issuerId, GuidanceVisitId = visit.Id, Year = visit.Year, Status = LetterStatus.Draft,
            VisitDate = visit.EndDate ?? visit.StartDate ?? time.ChinaToday(), ReportDeadline = deadline!.Value,
            CountyResponsibleName = responsible, CityContactName = contact, CityContactPhone = phone,
            Problems = [.. texts.Select((t, i) => new LetterProblem { Order = i + 1, CheckItemId = problems[i].CheckItemId, Problem = t.Problem, Opinion = t.Opinion })],
        };
        db.Letters.Add(letter);
        await db.SaveChangesAsync(ct);
        var (letterId, draftVersion) = (letter.Id, letter.Version);
        db.ChangeTracker.Clear();

        var liaisons = await db.People.AsNoTracking().Where(p => p.UnitId == unit.Id && p.Role == PersonRole.CountyLiaison && p.IsActive).ToListAsync(ct);
        var today = time.ChinaToday();
        var result = await workflow.IssueAsync(letterId, draftVersion, turn.Actor(), ct, async (issued, token) =>
        {
            // Staged on the workflow's context after every check: committed with the number, or not at all.
            foreach (var p in issued.Problems)
            {
                await tracker.OpenAsync(issued.UnitId, issued.Year, AssignmentKind.VisitProblem, AssignmentTracker.LetterProblemKey(p.Id),
                    $"{issued.Number} {LetterText.Format("ProblemNo", CultureInfo.GetCultureInfo("zh-CN"), p.Order)}: {Short(p.Problem)}",
                    today, issued.ReportDeadline, ct: token);
            }
            foreach (var person in liaisons)
            {
                var c = CultureInfo.GetCultureInfo(person.PreferredLanguage ?? "zh-CN");
                var card = LetterCards.LetterCard(LetterView.From(issued, unit, c), links.For(LinkedDocument.OpinionLetter, issued.Id, person.Id), c);
                await ledger.EnqueueAsync(db, new DeliveryKey(person.Id, "letter-issued", $"letter:{issued.Id}", "issued"),
                    ReviewDecisionHandler.Notice(card, LetterText.Format("LetterSummary", c, issued.Number), c), ct: token);
            }
        });
        if (!result.Succeeded)
        {
            // Nothing half-written: the draft made for this attempt goes too.
            await db.Letters.Where(l => l.Id == letterId && l.Status == LetterStatus.Draft).ExecuteDeleteAsync(ct);
            if (result.Error?.Field == "reportDeadline")
            {
                return AdaptiveCardInvokeResponse.Card(LetterCards.IssueForm(form, input, new() { ["deadline"] = result.Error.Message(culture) }, culture));
            }
            return await guard.FailedAsync(turn, verb, result, ct, Verbs.IssueLetter, new JsonObject { ["visitId"] = visit.Id });
        }
        return AdaptiveCardInvokeResponse.Card(LetterCards.IssuedReceipt(result.Detail!, FlowTurn.UnitName(unit, culture), deadline!.Value, liaisons.Count, culture));
    }

    private static string Short(string text) => text.Length > 60 ? text[..60] + "…" : text;

    private static JsonObject DefaultInput(Person person) => new()
    {
        ["contactName"] = person.Name,
        ["contactPhone"] = person.Phone,
    };

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
        var name = input.Text("receivedBy");
        if (name is null || name.Length > 100)
        {
            var error = name is null ? LetterText.Get("FieldRequired", culture) : LetterText.Format("TooLong", culture, 100);
            return AdaptiveCardInvokeResponse.Card(LetterCards.LetterCard(LetterView.From(letter, letter.Unit!, culture), links.For(LinkedDocument.OpinionLetter, letter.Id, person.Id), culture, name, error));
        }
        var result = await workflow.AcknowledgeAsync(letter.Id, letter.Version, turn.Actor(), ct, name);
        if (!result.Succeeded)
        {
            return await guard.FailedAsync(turn, verb, result, ct);
        }
        return AdaptiveCardInvokeResponse.Card(LetterCards.AcknowledgedReceipt(letter.Number!, name, person.Name, links.For(LinkedDocument.OpinionLetter, letter.Id, person.Id), culture));
    }
}

/// <summary>A letter as its card shows it.</summary>
public sealed record LetterView(int Id, string? Number, string UnitName, DateOnly? IssuedOn, DateOnly Deadline, string? Responsible,
    string ContactName, string ContactPhone, IReadOnlyList<(int Order, string Problem, string Opinion)> Problems)
{
    public static LetterView From(OpinionLetter l, OrgUnit unit, CultureInfo culture) => new(
        l.Id, l.Number, FlowTurn.UnitName(unit, culture), l.IssuedOn, l.ReportDeadline, l.CountyResponsibleName, l.CityContactName, l.CityContactPhone,
        [.. l.Problems.OrderBy(p => p.Order).Select(p => (p.Order, p.Problem, p.Opinion))]);
}

public sealed record LetterForm(GuidanceVisit Visit, IReadOnlyList<VisitFinding> Problems, Person Issuer);

public static class LetterCards
{
    public static JsonObject IssueForm(LetterForm form, CardInput input, Dictionary<string, string>? errors, CultureInfo culture)
    {
        string T(string n) => LetterText.Get(n, culture);
        string? E(string id) => errors?.GetValueOrDefault(id);
        var card = AdaptiveCardBuilder.Create(culture)
            .Title(LetterText.Format("LetterFormTitle", culture, FlowTurn.UnitName(form.Visit.Unit!, culture), form.Visit.Year))
            .Text(T("LetterFormHint"), subtle: true);
        if (errors is { Count: > 0 })
        {
            card.Error(T("FormHasErrors"));
        }
        for (var i = 0; i < form.Problems.Count; i++)
        {
            var f = form.Problems[i];
            var item = f.CheckItem!;
            card.Heading(LetterText.Format("ProblemNo", culture, i + 1) + $" · {item.Code} {(culture.Name == "en-US" ? item.TitleEn : item.Title)}")
                .TextInput($"p_{i}", T("ProblemLabel"), input.Text($"p_{i}") ?? f.Note, required: true, multiline: true, maxLength: 2000, error: E($"p_{i}"))
                .TextInput($"o_{i}", T("OpinionLabel"), input.Text($"o_{i}"), required: true, multiline: true, maxLength: 2000, error: E($"o_{i}"));
        }
        card.Heading(T("LetterDetailsHeading"))
            .DateInput("deadline", T("DeadlineLabel"), input.Date("deadline"), required: true, error: E("deadline"))
            .TextInput("responsible", T("ResponsibleLabel"), input.Text("responsible"), required: true, maxLength: 100, error: E("responsible"))
            .TextInput("contactName", T("ContactNameLabel"), input.Text("contactName"), required: true, maxLength: 100, error: E("contactName"))
            .TextInput("contactPhone", T("ContactPhoneLabel"), input.Text("contactPhone"), required: true, maxLength: 40, error: E("contactPhone"))
            .Execute(T("IssueButton"), LetterVerbs.LetterIssueConfirm, new JsonObject { ["visitId"] = form.Visit.Id, ["version"] = form.Visit.Version.ToString() }, ActionStyle.Positive);
        return card.Build();
    }

    public static JsonObject IssuedReceipt(string number, string unit, DateOnly deadline, int recipients, CultureInfo culture) =>
        AdaptiveCardBuilder.Create()
            .Title(LetterText.Get("LetterIssuedTitle", culture))
            .Text(LetterText.Format("LetterIssuedBody", culture, number, unit), color: TextColor.Good, bold: true)
            .Facts([(LetterText.Get("DeadlineLabel", culture), FlowTurn.Day(deadline)), (LetterText.Get("FactSentTo", culture), recipients.ToString(CultureInfo.InvariantCulture))])
            .Build();

    /// <summary>The letter as the unit's liaisons receive it: number, problems and opinions, deadline, the DOCX, and receipt.</summary>
    public static JsonObject LetterCard(LetterView l, string documentUrl, CultureInfo culture, string? receivedBy = null, string? receivedByError = null)
    {
        string T(string n) => LetterText.Get(n, culture);
        var card = AdaptiveCardBuilder.Create(culture)
            .Title(T("LetterCardTitle"))
            .Text(l.Number ?? "", bold: true)
            .Facts([
                (T("FactUnit"), l.UnitName),
                (T("FactIssuedOn"), FlowTurn.Day(l.IssuedOn)),
                (T("DeadlineLabel"), FlowTurn.Day(l.Deadline)),
                (T("ResponsibleLabel"), l.Responsible ?? "—"),
                (T("FactCityContact"), $"{l.ContactName} {l.ContactPhone}"),
            ]);
        foreach (var (order, problem, opinion) in l.Problems)
        {
            card.Heading(LetterText.Format("ProblemNo", culture, order))
                .Text(problem)
                .Text(LetterText.Format("OpinionLine", culture, opinion), subtle: true);
        }
        return card
            .TextInput("receivedBy", T("ReceivedByLabel"), receivedBy ?? l.Responsible, required: true, maxLength: 100, error: receivedByError)
            .Execute(T("AcknowledgeButton"), LetterVerbs.LetterAcknowledge, new JsonObject { ["letterId"] = l.Id, ["number"] = l.Number }, ActionStyle.Positive)
            .OpenUrl(T("DownloadDocx"), documentUrl)
            .Build();
    }

    public static JsonObject AcknowledgedReceipt(string number, string receivedBy, string liaison, string documentUrl, CultureInfo culture) =>
        AdaptiveCardBuilder.Create()
            .Title(LetterText.Get("LetterCardTitle", culture))
            .Text(LetterText.Format("AcknowledgedBody", culture, number, receivedBy, liaison), color: TextColor.Good, bold: true)
            .Text(LetterText.Get("AcknowledgedNext", culture), subtle: true)
            .OpenUrl(LetterText.Get("DownloadDocx", culture), documentUrl)
            .Build();
}
