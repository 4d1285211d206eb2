using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Templates;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Visits;

/// <summary>"visit.schedule" and its save: units into months, with what puts 30 November at risk.</summary>
public sealed class VisitScheduleHandler(GuidanceDbContext db, TimeProvider time, FlowGuard guard) : ITurnHandler
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
            return await turn.ShowAsync(await ScheduleCardAsync(year, today, culture, null, null, null, null, ct), VisitText.Get("ScheduleTitle", culture), ct);
        }

        var units = await CountyUnitsAsync(ct);
        var unitCode = input.Text("unit");
        var unit = units.FirstOrDefault(u => u.Code == unitCode);
        var month = input.Int("month");
        string? unitError = unit is null ? VisitText.Get("PickUnit", culture) : null;
        var monthError = month is { } m and >= 1 and <= 12
            ? AnnualSchedule.CheckMonth(year, m, today, culture)?.Message
            : VisitText.Get("PickMonth", culture);
        if (unitError is not null || monthError is not null)
        {
            return AdaptiveCardInvokeResponse.Card(await ScheduleCardAsync(year, today, culture, unitCode, month, unitError, monthError, ct));
        }

        var visit = await db.Visits.FirstOrDefaultAsync(v => v.UnitId == unit!.Id && v.Year == year
            && (v.Status == VisitStatus.Planned || v.Status == VisitStatus.Scheduled), ct);
        var action = visit is null ? "visit.schedule" : "visit.reschedule";
        if (visit is null)
        {
            visit = new GuidanceVisit { UnitId = unit!.Id, Year = year, PlannedMonth = month!.Value, Status = VisitStatus.Planned };
            db.Visits.Add(visit);
        }
        else
        {
            visit.PlannedMonth = month!.Value;
        }
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            db.AuditLog.Add(AuditEntries.For(turn.Actor(), action, nameof(GuidanceVisit), visit.Id, visit.UnitId, time.GetUtcNow().UtcDateTime,
                details: $"{year}-{month:00}"));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        var saved = VisitText.Format("ScheduleSaved", culture, FlowTurn.UnitName(unit!, culture), month);
        return AdaptiveCardInvokeResponse.Card(await ScheduleCardAsync(year, today, culture, null, null, null, null, ct, saved));
    }

    private Task<List<OrgUnit>> CountyUnitsAsync(CancellationToken ct) =>
        db.Units.AsNoTracking().Where(u => u.Level == UnitLevel.County && u.IsActive).OrderBy(u => u.SortOrder).ToListAsync(ct);

    private async Task<JsonObject> ScheduleCardAsync(int year, DateOnly today, CultureInfo culture, string? unit, int? month,
        string? unitError, string? monthError, CancellationToken ct, string? saved = null)
    {
        string T(string n) => VisitText.Get(n, culture);
        var units = await CountyUnitsAsync(ct);
        var visits = await db.Visits.AsNoTracking().Where(v => v.Year == year && v.Status != VisitStatus.Cancelled)
            .Select(v => new { v.Id, v.UnitId, v.PlannedMonth, v.Status }).ToListAsync(ct);
        var byUnit = units.Select(u => (Unit: u, Visit: visits.Where(v => v.UnitId == u.Id).OrderByDescending(v => v.Status == VisitStatus.Done).ThenByDescending(v => v.Id).FirstOrDefault())).ToList();

        var card = AdaptiveCardBuilder.Create().Title(VisitText.Format("ScheduleCardTitle", culture, year));
        if (saved is not null)
        {
            card.Text(saved, color: TextColor.Good, bold: true);
        }
        card.Table([T("ColUnit"), T("ColMonth"), T("ColStatus")],
            byUnit.Select(x => (IReadOnlyList<string>)[
                FlowTurn.UnitName(x.Unit, culture),
                x.Visit is null ? "—" : VisitText.Format("MonthShort", culture, x.Visit.PlannedMonth),
                x.Visit is null ? T("VisitNone") : T("VisitStatus." + x.Visit.Status),
            ]), [3, 1, 2]);

        var assessment = AnnualSchedule.Assess(
            byUnit.Select(x => new UnitVisitStatus(x.Unit.Id, FlowTurn.UnitName(x.Unit, culture), x.Visit?.PlannedMonth, x.Visit?.Status == VisitStatus.Done)),
            year, today, culture);
        foreach (var risk in assessment.Risks)
        {
            card.Text("⚠ " + risk.Message.Message, color: TextColor.Warning);
        }
        if (assessment.OnTrack)
        {
            card.Text(T("ScheduleOnTrack"), color: TextColor.Good);
        }

        var choices = units.Select(u => (FlowTurn.UnitName(u, culture), u.Code)).ToList();
        card.Heading(T("ScheduleFormHeading"))
            .ChoiceInput("unit", T("UnitLabel"), choices, unit, error: unitError)
            .ChoiceInput("month", T("MonthLabel"), Enumerable.Range(1, 12).Select(m => (VisitText.Format("MonthShort", culture, m), m.ToString(CultureInfo.InvariantCulture))),
                month?.ToString(CultureInfo.InvariantCulture), error: monthError)
            .Execute(T("ScheduleSave"), VisitVerbs.VisitSave);

        var open = byUnit.Where(x => x.Visit is not null).ToList();
        if (open.Count > 0)
        {
            card.Element(new JsonObject
            {
                ["type"] = "ActionSet",
                ["actions"] = new JsonArray(open.Take(6).Select(x => (JsonNode)new JsonObject
                {
                    ["type"] = "Action.Execute", ["title"] = FlowTurn.UnitName(x.Unit, culture) + " ›", ["verb"] = VisitVerbs.VisitOpen,
                    ["data"] = new JsonObject { ["visitId"] = x.Visit!.Id }, ["associatedInputs"] = "none",
                }).ToArray()),
            });
        }
        return card.Build();
    }
}

/// <summary>"visit.open", "visit.draw", "visit.findings.save": one visit's spot-check draw and findings.</summary>
public sealed class VisitHandler(GuidanceDbContext db, SpotCheckService spotCheck, TimeProvider time, FlowGuard guard) : ITurnHandler
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

        string? notice = null;
        Dictionary<string, string>? errors = null;
        if (verb == VisitVerbs.VisitDraw)
        {
            if (input.Guid("version") is not { } version || version != visit.Version)
            {
                return await guard.StaleAsync(turn, verb, ct, VisitVerbs.VisitOpen, reopen);
            }
            var count = input.Int("count") is 2 ? 2 : 1;
            var result = await spotCheck.DrawAsync(visit.Id, version, count, turn.Actor(), ct);
            if (!result.Succeeded)
            {
                return await guard.FailedAsync(turn, verb, result, ct, VisitVerbs.VisitOpen, reopen);
            }
            notice = VisitText.Get("DrawDone", culture);
        }
        else if (verb == VisitVerbs.VisitFindings)
        {
            (notice, errors, var stale) = await SaveFindingsAsync(turn, visit, input, ct);
            if (stale)
            {
                return await guard.StaleAsync(turn, verb, ct, VisitVerbs.VisitOpen, reopen);
            }
        }
        return await turn.ShowAsync(await CardAsync(visit.Id, culture, notice, errors, errors is null ? null : input, ct), VisitText.Get("VisitTitle", culture), ct);
    }

    /// <summary>The findings saved (a notice), or the errors per field (nothing written), or stale (true: nothing written).</summary>
    private async Task<(string?, Dictionary<string, string>?, bool Stale)> SaveFindingsAsync(TurnContext turn, GuidanceVisit seen, CardInput input, CancellationToken ct)
    {
        var culture = turn.Culture;
        if (input.Guid("version") is not { } version || version != seen.Version)
        {
            return (null, null, true);
        }
        var items = await TemplateItemsAsync(seen.Year, ct);
        var errors = new Dictionary<string, string>();
        var findings = new List<(int ItemId, FindingOutcome Outcome, string? Note)>();
        foreach (var item in items)
        {
            var key = Key(item.Code);
            var outcome = input.Text("f_" + key) switch
            {
                "compliant" => FindingOutcome.Compliant,
                "problem" => FindingOutcome.Problem,
                _ => FindingOutcome.NotChecked,
            };
            var note = input.Text("n_" + key);
            if (outcome == FindingOutcome.Problem && note is null)
            {
                errors["n_" + key] = VisitText.Get("ProblemNoteRequired", culture);
            }
            if (note is { Length: > 2000 })
            {
                errors["n_" + key] = VisitText.Format("TooLong", culture, 2000);
            }
            if (outcome != FindingOutcome.NotChecked)
            {
                findings.Add((item.Id, outcome, note));
            }
        }
        if (errors.Count > 0)
        {
            return (null, errors, false);
        }

        var visit = await db.Visits.Include(v => v.Findings).FirstAsync(v => v.Id == seen.Id, ct);
        if (visit.Version != version)
        {
            db.ChangeTracker.Clear();
            return (null, null, true);
        }
        db.Entry(visit).Property(v => v.Version).OriginalValue = version;
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (itemId, outcome, note) in findings)
        {
            var existing = visit.Findings.FirstOrDefault(f => f.CheckItemId == itemId);
            if (existing is null)
            {
                visit.Findings.Add(new VisitFinding { CheckItemId = itemId, Outcome = outcome, Note = note, RecordedUtc = now, RecordedById = turn.Person!.Id });
            }
            else
            {
                (existing.Outcome, existing.Note, existing.RecordedUtc, existing.RecordedById) = (outcome, note, now, turn.Person!.Id);
            }
        }
        if (input.Text("done") == "true")
        {
            visit.Status = VisitStatus.Done;
            visit.StartDate ??= time.ChinaToday();
            visit.EndDate ??= time.ChinaToday();
        }
        db.Entry(visit).State = EntityState.Modified; // a new version: the card acted on is now stale
        db.AuditLog.Add(AuditEntries.For(turn.Actor(), "visit.findings", nameof(GuidanceVisit), visit.Id, visit.UnitId, now,
            details: $"{findings.Count} findings"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (null, null, true);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
        return (VisitText.Format("FindingsSaved", culture, findings.Count), null, false);
    }

    private Task<List<CheckItem>> TemplateItemsAsync(int year, CancellationToken ct) =>
        db.CheckItems.AsNoTracking().Include(i => i.Area)
            .Where(i => db.CheckTemplates.Any(t => t.Year == year && t.Areas.Any(a => a.Id == i.CheckAreaId)))
            .OrderBy(i => i.Area!.Order).ThenBy(i => i.Order).ToListAsync(ct);

    private static string Key(string code) => code.Replace('.', '_');

    /// <summary>The visit card: the draw (or its button), the findings form per check item, the letter button.</summary>
    private async Task<JsonObject> CardAsync(int visitId, CultureInfo culture, string? notice, Dictionary<string, string>? errors, CardInput? input, CancellationToken ct)
    {
        string T(string n) => VisitText.Get(n, culture);
        var visit = await db.Visits.AsNoTracking().Include(v => v.Unit).Include(v => v.Findings)
            .Include(v => v.Draw).ThenInclude(d => d!.Enterprises).ThenInclude(e => e.Enterprise)
            .FirstAsync(v => v.Id == visitId, ct);
        var items = await TemplateItemsAsync(visit.Year, ct);
        var hasLetter = await db.Letters.AnyAsync(l => l.GuidanceVisitId == visit.Id && l.Status != LetterStatus.Draft, ct);

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
            card.ChoiceInput("f_" + key, $"{item.Code} {title}", outcomes, outcome)
                .TextInput("n_" + key, T("NoteLabel"), input is null ? finding?.Note : input.Text("n_" + key), maxLength: 2000, error: errors?.GetValueOrDefault("n_" + key));
        }
        card.Toggle("done", T("VisitDoneToggle"), visit.Status == VisitStatus.Done)
            .Execute(T("FindingsSave"), VisitVerbs.VisitFindings, version.DeepClone().AsObject())
            .Execute(MaterialsText.Get("MenuButton", culture), MaterialsVerbs.CityVisit, new JsonObject { ["visitId"] = visit.Id }, validateInputs: false);
        if (visit.Status == VisitStatus.Done && visit.Findings.Any(f => f.Outcome == FindingOutcome.Problem) && !hasLetter)
        {
            card.Execute(T("IssueLetterButton"), Verbs.IssueLetter, new JsonObject { ["visitId"] = visit.Id }, validateInputs: false);
        }
        return card.Build();
    }
}
