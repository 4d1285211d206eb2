using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Calendars;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Templates;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Years;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Visits;

/// <summary>"visit.schedule" and its save: units into months, with what puts 30 November at risk. The save is <see cref="VisitWorkflow.ScheduleAsync"/>.</summary>
public sealed class VisitScheduleHandler(GuidanceDbContext db, VisitWorkflow workflow, VisitRisksQuery risks, TimeProvider time, FlowGuard guard,
    WorkingDayCalendar calendar) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var verb = turn.Activity.GetAdaptiveCardAction()?.Verb ?? Verbs.ScheduleVisit;
        if (await guard.CheckCityAsync(turn, verb, ct) is { } refused)
        {
            return refused.Response;
        }
        var culture = turn.Culture;
        var today = time.ChinaToday();
        var year = today.Year;
        var input = CardInput.From(turn);
        if (verb != VisitVerbs.VisitSave)
        {
            return await turn.ShowAsync(await ScheduleCardAsync(year, today, culture, null, null, CardErrors.None, ct), VisitText.Get("ScheduleTitle", culture), ct);
        }

        // The schedule card plans this year's visits.
        var unitCode = input.Text(VisitFields.UnitCode);
        var month = input.Int(VisitFields.PlannedMonth);
        var result = await workflow.ScheduleAsync(new ScheduleVisit(unitCode, year, month), turn.Actor(), ct);
        if (!result.Succeeded)
        {
            return result.Status == WorkflowStatus.Refused && result.Errors.Any(e => e.Field is not null)
                ? AdaptiveCardInvokeResponse.Card(await ScheduleCardAsync(year, today, culture, unitCode, month, CardErrors.From(result.Errors), ct))
                : await guard.FailedAsync(turn, verb, result, ct);
        }
        var unit = await db.Units.AsNoTracking().Where(u => db.Visits.Any(v => v.Id == result.Id && v.UnitId == u.Id)).FirstAsync(ct);
        var saved = VisitText.Format("ScheduleSaved", culture, FlowTurn.UnitName(unit, culture), month);
        return AdaptiveCardInvokeResponse.Card(await ScheduleCardAsync(year, today, culture, null, null, CardErrors.None, ct, saved));
    }

    private async Task<JsonObject> ScheduleCardAsync(int year, DateOnly today, CultureInfo culture, string? unit, int? month,
        CardErrors errors, CancellationToken ct, string? saved = null)
    {
        string T(string n) => VisitText.Get(n, culture);
        var view = await risks.LoadAsync(year, culture, ct);
        var units = view.Units;

        var card = AdaptiveCardBuilder.Create().Title(VisitText.Format("ScheduleCardTitle", culture, year));
        if (saved is not null)
        {
            card.Text(saved, color: TextColor.Good, bold: true);
        }
        card.Table([T("ColUnit"), T("ColMonth"), T("ColStatus")],
            units.Select(x => (IReadOnlyList<string>)[
                x.DisplayName(culture),
                x.PlannedMonth is not { } pm ? "—" : VisitText.Format("MonthShort", culture, pm),
                x.Status is not { } st ? T("VisitNone") : T("VisitStatus." + st),
            ]), [3, 1, 2]);

        var assessment = view.Assessment;
        foreach (var risk in assessment.Risks)
        {
            card.Text("⚠ " + risk.Message.Message, color: TextColor.Warning);
        }
        if (assessment.OnTrack)
        {
            card.Text(T("ScheduleOnTrack"), color: TextColor.Good);
        }

        var choices = units.Select(u => (u.DisplayName(culture), u.UnitCode)).ToList();
        card.Heading(T("ScheduleFormHeading"))
            .ChoiceInput(VisitFields.UnitCode, T("UnitLabel"), choices, unit, error: errors[VisitFields.UnitCode])
            .ChoiceInput(VisitFields.PlannedMonth, T("MonthLabel"), Enumerable.Range(1, 12).Select(m => (VisitText.Format("MonthShort", culture, m), m.ToString(CultureInfo.InvariantCulture))),
                month?.ToString(CultureInfo.InvariantCulture), error: errors[VisitFields.PlannedMonth] ?? errors[VisitFields.Year])
            .Execute(T("ScheduleSave"), VisitVerbs.VisitSave);

        var open = units.Where(x => x.VisitId is not null).ToList();
        if (open.Count > 0)
        {
            card.Element(new JsonObject
            {
                ["type"] = "ActionSet",
                ["actions"] = new JsonArray(open.Take(6).Select(x => (JsonNode)new JsonObject
                {
                    ["type"] = "Action.Execute", ["title"] = x.DisplayName(culture) + " ›", ["verb"] = VisitVerbs.VisitOpen,
                    ["data"] = new JsonObject { ["visitId"] = x.VisitId!.Value }, ["associatedInputs"] = "none",
                }).ToArray()),
            });
        }
        return card.Build().WithWeekendsOnly(calendar, culture, year);
    }
}

/// <summary>"visit.open", "visit.draw", "visit.findings.save": one visit's spot-check draw and findings (<see cref="VisitWorkflow"/>).</summary>
public sealed class VisitHandler(GuidanceDbContext db, VisitWorkflow workflow, SpotCheckService spotCheck, FollowUpQuery followUpQuery, FlowGuard guard,
    LetterTimeliness timeliness) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var verb = turn.Activity.GetAdaptiveCardAction()?.Verb ?? VisitVerbs.VisitOpen;
        var input = CardInput.From(turn);
        if (await guard.CheckCityAsync(turn, verb, ct) is { } refused)
        {
            return refused.Response;
        }
        var culture = turn.Culture;
        var visitId = input.Int("visitId");
        var visit = visitId is null ? null : await db.Visits.AsNoTracking().Include(v => v.Unit).FirstOrDefaultAsync(v => v.Id == visitId, ct);
        if (visit is null)
        {
            return await guard.RefuseAsync(turn, verb, Refusal.Record, ct);
        }
        var reopen = new JsonObject { ["visitId"] = visit.Id };
        if (verb == VisitVerbs.VisitOpen)
        {
            return await turn.ShowAsync(await CardAsync(visit.Id, culture, null, null, null, ct), VisitText.Get("VisitTitle", culture), ct);
        }
        if (input.Guid("version") is not { } version)
        {
            return await guard.StaleAsync(turn, verb, ct, VisitVerbs.VisitOpen, reopen);
        }

        string notice;
        if (verb is VisitVerbs.VisitMove or VisitVerbs.VisitCancel)
        {
            // A date typed that is no date is the card's own refusal; every other rule is the workflow's.
            if (input.DateRefusal(VisitFields.StartDate, VisitText.Get("StartLabel", culture), culture) is { } badStart
                || input.DateRefusal(VisitFields.EndDate, VisitText.Get("EndLabel", culture), culture) is { } badEnd && (badStart = badEnd) is not null)
            {
                return AdaptiveCardInvokeResponse.Card(await CardAsync(visit.Id, culture, null, CardErrors.From([badStart]), input, ct));
            }
            var result = verb == VisitVerbs.VisitMove
                ? await workflow.MoveAsync(new MoveVisit(visit.Id, version, input.Int(VisitFields.PlannedMonth), input.Date(VisitFields.StartDate),
                    input.Date(VisitFields.EndDate), input.Text(VisitFields.Reason)), turn.Actor(), ct)
                : await workflow.CancelAsync(visit.Id, version, input.Text(VisitFields.Reason), turn.Actor(), ct);
            if (!result.Succeeded)
            {
                return result.Status == WorkflowStatus.Refused && result.Errors.All(e => e.Field is not null and not "status")
                    ? AdaptiveCardInvokeResponse.Card(await CardAsync(visit.Id, culture, null, CardErrors.From(result.Errors), input, ct))
                    : await guard.FailedAsync(turn, verb, result, ct, VisitVerbs.VisitOpen, reopen);
            }
            notice = VisitText.Get(verb == VisitVerbs.VisitMove ? "MoveDone" : "CancelDone", culture);
        }
        else if (verb == VisitVerbs.VisitDraw)
        {
            var result = await workflow.DrawAsync(visit.Id, version, input.Int("count"), turn.Actor(), ct);
            if (!result.Succeeded)
            {
                return await guard.FailedAsync(turn, verb, result, ct, VisitVerbs.VisitOpen, reopen);
            }
            notice = VisitText.Get("DrawDone", culture);
        }
        else
        {
            // The card's findings: an item left at "not checked" is not part of what is recorded.
            var items = await TemplateItemsAsync(visit.Id, ct);
            var chosen = items.Select(i => (Key: Key(i.Code), Finding: new VisitFindingInput(i.Code, input.Text("f_" + Key(i.Code)), input.Text("n_" + Key(i.Code)),
                    input.Int("u_" + Key(i.Code)))))
                .Where(x => x.Finding.Outcome is "compliant" or "problem").ToList();
            var result = await workflow.RecordFindingsAsync(visit.Id, version, chosen.Select(x => (VisitFindingInput?)x.Finding).ToList(), input.Text("done") == "true",
                turn.Actor(), ct);
            if (!result.Succeeded)
            {
                if (result.Status != WorkflowStatus.Refused || result.Errors.All(e => e.Field is null))
                {
                    return await guard.FailedAsync(turn, verb, result, ct, VisitVerbs.VisitOpen, reopen);
                }
                // Each error under the item's input: findings[i] is the i-th item chosen on the card; the rest under the first item.
                var inputs = chosen.SelectMany((x, i) => new (string Field, string Input)[]
                {
                    (VisitFields.CheckItem(i), "f_" + x.Key), (VisitFields.Outcome(i), "f_" + x.Key), (VisitFields.Note(i), "n_" + x.Key),
                    (VisitFields.FollowUp(i), "u_" + x.Key),
                }).ToDictionary(x => x.Field, x => x.Input);
                var first = items.Count == 0 ? "done" : "f_" + Key(items[0].Code);
                var errors = CardErrors.From(result.Errors, field => inputs.GetValueOrDefault(field, first));
                return AdaptiveCardInvokeResponse.Card(await CardAsync(visit.Id, culture, null, errors, input, ct));
            }
            notice = VisitText.Format("FindingsSaved", culture, int.Parse(result.Detail!, CultureInfo.InvariantCulture));
        }
        return await turn.ShowAsync(await CardAsync(visit.Id, culture, notice, null, null, ct), VisitText.Get("VisitTitle", culture), ct);
    }

    /// <summary>The items of the template version the visit is pinned to.</summary>
    private Task<List<CheckItem>> TemplateItemsAsync(int visitId, CancellationToken ct) =>
        db.ItemsOfVisit(visitId).AsNoTracking().Include(i => i.Area)
            .OrderBy(i => i.Area!.Order).ThenBy(i => i.Order).ToListAsync(ct);

    private static string Key(string code) => code.Replace('.', '_');

    /// <summary>The visit card: the draw (or its button), the findings form per check item, the letter button.</summary>
    private async Task<JsonObject> CardAsync(int visitId, CultureInfo culture, string? notice, CardErrors? errors, CardInput? input, CancellationToken ct)
    {
        string T(string n) => VisitText.Get(n, culture);
        var visit = await db.Visits.AsNoTracking().Include(v => v.Unit).Include(v => v.Findings)
            .Include(v => v.Draw).ThenInclude(d => d!.Enterprises).ThenInclude(e => e.Enterprise)
            .FirstAsync(v => v.Id == visitId, ct);
        var items = await TemplateItemsAsync(visit.Id, ct);
        var hasLetter = await db.Letters.AnyAsync(l => l.GuidanceVisitId == visit.Id && l.Status != LetterStatus.Draft, ct);
        var followUps = await followUpQuery.ForVisitAsync(visit.Id, ct);

        var card = AdaptiveCardBuilder.Create()
            .Title(VisitText.Format("VisitCardTitle", culture, FlowTurn.UnitName(visit.Unit!, culture), visit.Year))
            .Facts([
                (T("ColMonth"), VisitText.Format("MonthShort", culture, visit.PlannedMonth)),
                (T("ColStatus"), T("VisitStatus." + visit.Status)),
            ]);
        if (notice is not null)
        {
            card.Text(notice, color: TextColor.Good, bold: true);
        }

        card.Heading(T("DrawHeading"));
        var version = new JsonObject { ["visitId"] = visit.Id, ["version"] = visit.Version.ToString() };
        if (visit.Draw is { } draw)
        {
            var replay = await spotCheck.ReplayAsync(visit.Id, culture, ct);
            var candidates = draw.CandidateIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Length;
            card.Facts([
                (T("DrawSeed"), draw.Seed.ToString(CultureInfo.InvariantCulture)),
                (T("DrawAlgorithm"), SpotCheck.Describe(draw.Algorithm, candidates, draw.Count, culture)),
                (T("DrawCandidates"), candidates.ToString(CultureInfo.InvariantCulture)),
                (T("DrawReplay"), replay?.Matches == true ? "✅ " + T("DrawReplayMatches") : "❗ " + (replay?.Error?.Message ?? "—")),
                .. draw.Enterprises.OrderBy(e => e.Order).Select(e => (VisitText.Format("DrawnNo", culture, e.Order), $"{e.Enterprise!.Name} ({e.Enterprise.CreditCode})")),
            ]);
            // 全过程跟踪: what the team saw of each drawn enterprise, and a button to record it.
            card.Heading(T("FollowUpHeading"));
            foreach (var e in draw.Enterprises.OrderBy(e => e.Order))
            {
                var seen = followUps.FirstOrDefault(f => f.EnterpriseId == e.EnterpriseId);
                card.Text(seen is null
                    ? VisitText.Format("FollowUpNone", culture, e.Enterprise!.Name)
                    : VisitText.Format("FollowUpLine", culture, e.Enterprise!.Name, T("Outcome." + seen.Procedure), T("Outcome." + seen.Documents),
                        T("Outcome." + seen.Closure), seen.Photos.Count), subtle: seen is null);
            }
            card.ExecuteSet(draw.Enterprises.OrderBy(e => e.Order).Select(e => (VisitText.Format("FollowUpButton", culture, e.Enterprise!.Name),
                VisitVerbs.FollowUpOpen, (JsonObject?)new JsonObject { ["visitId"] = visit.Id, [FollowUpFields.EnterpriseId] = e.EnterpriseId })));
        }
        else if ((await VisitWorkflow.CandidatesAsync(db, visit.UnitId, visit.Year, culture, ct)).Refusal is { Code: "draw.list_required" } listFirst)
        {
            // A plan of counts names no enterprise: the card asks for the list instead of offering a draw that must fail.
            card.Text("❗ " + listFirst.Message, color: TextColor.Attention);
        }
        else
        {
            card.Text(T("DrawHint"), subtle: true)
                .ChoiceInput("count", T("DrawCount"), [("1", "1"), ("2", "2")], "2", expanded: true)
                .Element(new JsonObject
                {
                    ["type"] = "ActionSet",
                    ["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.Execute", ["title"] = T("DrawButton"), ["verb"] = VisitVerbs.VisitDraw, ["data"] = version.DeepClone() }),
                });
        }

        if (visit.Status is VisitStatus.Planned or VisitStatus.Scheduled)
        {
            // Move or cancel, with the reason the unit is told (VisitWorkflow.MoveAsync / CancelAsync).
            card.Heading(T("ChangeHeading"))
                .ChoiceInput(VisitFields.PlannedMonth, T("MonthLabel"),
                    Enumerable.Range(1, 12).Select(m => (VisitText.Format("MonthShort", culture, m), m.ToString(CultureInfo.InvariantCulture))),
                    input?.Text(VisitFields.PlannedMonth) ?? visit.PlannedMonth.ToString(CultureInfo.InvariantCulture), error: errors?[VisitFields.PlannedMonth])
                .DateInput(VisitFields.StartDate, T("StartLabel"), input is null ? visit.StartDate : input.Date(VisitFields.StartDate), error: errors?[VisitFields.StartDate])
                .DateInput(VisitFields.EndDate, T("EndLabel"), input is null ? visit.EndDate : input.Date(VisitFields.EndDate), error: errors?[VisitFields.EndDate])
                .TextInput(VisitFields.Reason, T("ReasonLabel"), input?.Text(VisitFields.Reason), multiline: true, maxLength: VisitLimits.ReasonMax,
                    error: errors?[VisitFields.Reason])
                .Element(new JsonObject
                {
                    // The inputs go with either button (associatedInputs "auto"), so the reason reaches both steps.
                    ["type"] = "ActionSet",
                    ["actions"] = new JsonArray(
                        new JsonObject { ["type"] = "Action.Execute", ["title"] = T("MoveButton"), ["verb"] = VisitVerbs.VisitMove, ["data"] = version.DeepClone() },
                        new JsonObject { ["type"] = "Action.Execute", ["title"] = T("CancelButton"), ["verb"] = VisitVerbs.VisitCancel, ["data"] = version.DeepClone(), ["style"] = "destructive" }),
                });
        }
        else if (visit.Status == VisitStatus.Cancelled)
        {
            card.Text(VisitText.Format("CancelledLine", culture, visit.CancelReason ?? "—"), color: TextColor.Warning);
        }

        card.Heading(T("FindingsHeading"));
        var outcomes = new[] { (T("Outcome.NotChecked"), "none"), (T("Outcome.Compliant"), "compliant"), (T("Outcome.Problem"), "problem") };
        foreach (var item in items)
        {
            var key = Key(item.Code);
            var finding = visit.Findings.FirstOrDefault(f => f.CheckItemId == item.Id);
            var outcome = input?.Text("f_" + key) ?? finding?.Outcome switch
            {
                FindingOutcome.Compliant => "compliant",
                FindingOutcome.Problem => "problem",
                _ => "none",
            };
            var title = culture.Name == "en-US" ? item.TitleEn : item.Title;
            card.ChoiceInput("f_" + key, $"{item.Code} {title}", outcomes, outcome, error: errors?["f_" + key])
                .TextInput("n_" + key, T("NoteLabel"), input is null ? finding?.Note : input.Text("n_" + key), maxLength: VisitLimits.NoteMax, error: errors?["n_" + key]);
            if (followUps.Count > 0 && item.CityAssessment is not null)
            {
                // An item the city assesses itself may rest on what the team saw of a drawn enterprise.
                var restsOn = input is null ? finding?.VisitFollowUpId?.ToString(CultureInfo.InvariantCulture) : input.Text("u_" + key);
                card.ChoiceInput("u_" + key, T("FindingFollowUp"), followUps.Select(f => (f.EnterpriseName, f.Id.ToString(CultureInfo.InvariantCulture))),
                    restsOn, error: errors?["u_" + key]);
            }
        }
        if (errors?["done"] is { } general)
        {
            card.Text(general, color: TextColor.Attention);
        }
        card.Toggle("done", T("VisitDoneToggle"), visit.Status == VisitStatus.Done)
            .Execute(T("FindingsSave"), VisitVerbs.VisitFindings, version.DeepClone().AsObject())
            .Execute(MaterialsText.Get("MenuButton", culture), MaterialsVerbs.CityVisit, new JsonObject { ["visitId"] = visit.Id }, validateInputs: false);
        if (visit.Status == VisitStatus.Done && visit.Findings.Any(f => f.Outcome == FindingOutcome.Problem) && !hasLetter)
        {
            // 及时反馈: the day the letter is due (LetterTimeliness), late or not.
            if (await timeliness.ForVisitAsync(visit.Id, ct) is { } due)
            {
                var late = due.Late(guard.ChinaToday);
                card.Text(VisitText.Format(late ? "LetterOverdueLine" : "LetterDueLine", culture, due.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), due.WorkingDays),
                    color: late ? TextColor.Attention : TextColor.Default);
            }
            card.Execute(T("IssueLetterButton"), Verbs.IssueLetter, new JsonObject { ["visitId"] = visit.Id }, validateInputs: false);
        }
        return card.Build();
    }
}
