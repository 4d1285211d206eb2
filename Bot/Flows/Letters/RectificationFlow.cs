using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Calendars;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Flows.Plans;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Letters;

/// <summary>
/// 整改报告: for an acknowledged letter of the sender's unit, one section per problem (measures, done or in
/// progress with an expected date, evidence links) and the responsible person. Submitted through
/// <see cref="LetterWorkflow.SubmitReportAsync"/>, the report's own changes riding in the same transaction;
/// a late report is accepted and marked. After a return only the returned problems can be revised.
/// </summary>
public sealed partial class RectificationFlow(GuidanceDbContext db, LetterWorkflow workflow, FlowGuard guard, WorkingDayCalendar calendar) : ITurnHandler
{
    private const string Verb = Verbs.FileRectification;
    private const string Responsible = "responsibleName";

    private static string Measures(int problemId) => $"m_{problemId}";
    private static string Progress(int problemId) => $"p_{problemId}";
    private static string Expected(int problemId) => $"d_{problemId}";
    private static string Evidence(int problemId) => $"e_{problemId}";

    private sealed record State(OpinionLetter Letter, RectificationReport? Report)
    {
        public IEnumerable<LetterProblem> Problems => Letter.Problems.OrderBy(p => p.Order);

        public RectificationItem? Item(int problemId) => Report?.Items.FirstOrDefault(i => i.LetterProblemId == problemId);

        /// <summary>A first report: every problem. A returned one: only the problems returned (all open ones if none was marked).</summary>
        public bool IsEditable(LetterProblem p)
        {
            if (Report is null || Report.Status == ReportStatus.Draft || Item(p.Id) is null)
            {
                return true;
            }
            var anyReturned = Report.Items.Any(i => i.Decision == ReviewDecision.Returned);
            var item = Item(p.Id)!;
            return anyReturned ? item.Decision == ReviewDecision.Returned : item.Decision != ReviewDecision.Accepted;
        }
    }

    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var input = CardInput.From(turn);
        if (await guard.CheckCountyAsync(turn, Verb, ct) is { } refused)
        {
            return refused.Response;
        }
        var person = turn.Person!;
        var c = turn.Culture;

        if (input.Int("letterId") is not { } letterId)
        {
            if (input.Has("letterId"))
            {
                return await guard.RefuseAsync(turn, Verb, Refusal.Record, ct);
            }
            var open = await db.Letters.AsNoTracking()
                .Where(l => l.UnitId == person.UnitId && (l.Status == LetterStatus.Acknowledged || l.Status == LetterStatus.ReportReturned))
                .OrderBy(l => l.ReportDeadline).Select(l => new { l.Id, l.Number, l.ReportDeadline }).ToListAsync(ct);
            if (open.Count == 1)
            {
                letterId = open[0].Id;
            }
            else
            {
                var pick = AdaptiveCardBuilder.Create().Title(RectificationText.Get("RectTitle", c))
                    .Text(RectificationText.Get(open.Count == 0 ? "RectNone" : "RectPick", c));
                foreach (var l in open)
                {
                    pick.Execute(RectificationText.Format("RectPickLetter", c, l.Number, Day(l.ReportDeadline)), Verb, new JsonObject { ["letterId"] = l.Id }, validateInputs: false);
                }
                pick.Execute(RectificationText.Get("MyTasks", c), Verbs.MyDeadlines, validateInputs: false);
                return AdaptiveCardInvokeResponse.Card(pick.Build());
            }
        }

        var found = await db.Letters.AsNoTracking().Include(l => l.Problems)
            .Where(l => l.Status != LetterStatus.Draft).FirstOrDefaultAsync(l => l.Id == letterId, ct);
        if (await guard.CheckRecordAsync(turn, Verb, found?.UnitId, ct) is { } notOurs)
        {
            // Another unit's letter (or none) named by an edited card.
            return notOurs.Response;
        }
        var letter = found!;
        var report = await db.RectificationReports.AsNoTracking().Include(r => r.Items).ThenInclude(i => i.Evidence)
            .AsSplitQuery().FirstOrDefaultAsync(r => r.OpinionLetterId == letter.Id, ct);
        var state = new State(letter, report);

        var step = input.Step;
        if (step is "check" or "confirm"
            && (input.Guid("letterVersion") != letter.Version || input.Guid("reportVersion") != report?.Version))
        {
            return await guard.StaleAsync(turn, Verb, ct, Verb, new JsonObject { ["letterId"] = letter.Id });
        }
        if (letter.Status is not (LetterStatus.Acknowledged or LetterStatus.ReportReturned))
        {
            return AdaptiveCardInvokeResponse.Card(StatusCard(state, c));
        }

        var fields = FieldIds(state);
        var values = fields.ToDictionary(f => f, input.Text);
        switch (step)
        {
            case "check":
            {
                var errors = await CheckAsync(turn, state, values, ct);
                return AdaptiveCardInvokeResponse.Card(errors.Count > 0 ? Form(state, values, errors, c) : Confirm(state, values, c));
            }
            case "confirm":
                return await SubmitAsync(turn, state, values, ct);
            case "edit":
                return AdaptiveCardInvokeResponse.Card(Form(state, values, [], c));
            default:
                return AdaptiveCardInvokeResponse.Card(Form(state, Stored(state), [], c));
        }
    }

    private static List<string> FieldIds(State s) =>
        [Responsible, .. s.Problems.Where(s.IsEditable).SelectMany(p => new[] { Measures(p.Id), Progress(p.Id), Expected(p.Id), Evidence(p.Id) })];

    private static Dictionary<string, string?> Stored(State s)
    {
        var values = new Dictionary<string, string?> { [Responsible] = s.Report?.ResponsibleName ?? s.Letter.CountyResponsibleName };
        foreach (var p in s.Problems.Where(s.IsEditable))
        {
            var item = s.Item(p.Id);
            values[Measures(p.Id)] = item?.Measures;
            values[Progress(p.Id)] = (item?.Progress ?? RectificationProgress.Done).ToString();
            values[Expected(p.Id)] = item?.ExpectedCompletion is { } d ? Day(d) : null;
            values[Evidence(p.Id)] = item is null ? null : string.Join("\n", item.Evidence.Where(e => e.Url is not null).Select(e => e.Url));
        }
        return values;
    }

    /// <summary>The card's inputs as the workflow takes them: the responsible person and each problem the card lets the county revise.</summary>
    private static (ReportContent Content, List<int> ProblemIds) Content(State s, IReadOnlyDictionary<string, string?> values)
    {
        var problems = s.Problems.Where(s.IsEditable).Select(p => p.Id).ToList();
        return (new ReportContent(values.GetValueOrDefault(Responsible), [.. problems.Select(id => new ReportItemInput(id,
            values.GetValueOrDefault(Measures(id)), values.GetValueOrDefault(Progress(id)),
            values.GetValueOrDefault(Progress(id)) == nameof(RectificationProgress.InProgress) ? FieldLimits.ParseDate(values.GetValueOrDefault(Expected(id))) : null,
            Links(values.GetValueOrDefault(Evidence(id)))))]), problems);
    }

    /// <summary>
    /// The workflow's refusals under the card's inputs (<c>items[i].measures</c> → <c>m_{problem}</c>…), after what the card
    /// itself could not read (a date that is not one); what belongs to no input goes to the top.
    /// </summary>
    private static Dictionary<string, string> Errors(IReadOnlyDictionary<string, string?> values, IReadOnlyList<int> problemIds,
        IEnumerable<DomainError> refusals, CultureInfo c)
    {
        var result = new Dictionary<string, string>();
        foreach (var id in problemIds.Where(id => values.GetValueOrDefault(Progress(id)) == nameof(RectificationProgress.InProgress)))
        {
            if (new CardInput(new JsonObject { [Expected(id)] = values.GetValueOrDefault(Expected(id)) })
                    .DateRefusal(Expected(id), RectificationText.Get("RectExpected", c), c) is { } unreadable)
            {
                result[Expected(id)] = unreadable.Message;
            }
        }
        var errors = CardErrors.From(refusals, field =>
        {
            var m = ItemField().Match(field);
            if (!m.Success)
            {
                return field == ReportFields.ResponsibleName ? Responsible : "_";
            }
            var id = problemIds[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)];
            return m.Groups[2].Value switch
            {
                "measures" => Measures(id),
                "progress" => Progress(id),
                "expectedCompletion" => Expected(id),
                "evidenceUrls" => Evidence(id),
                _ => "_",
            };
        });
        foreach (var (id, message) in errors.Fields)
        {
            result.TryAdd(id, message);
        }
        if (errors.General is { } general)
        {
            result.TryAdd("_", general);
        }
        return result;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^items\[(\d+)\]\.(\w+)")]
    private static partial System.Text.RegularExpressions.Regex ItemField();

    private async Task<Dictionary<string, string>> CheckAsync(TurnContext turn, State s, IReadOnlyDictionary<string, string?> values, CancellationToken ct)
    {
        var (content, problems) = Content(s, values);
        return Errors(values, problems, await workflow.CheckReportAsync(s.Letter.Id, content, turn.Actor(), ct), turn.Culture);
    }

    private static List<string?> Links(string? text) =>
        [.. (text ?? "").Split(['\n', '\r', ' ', '，', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private async Task<InvokeResponse?> SubmitAsync(TurnContext turn, State s, Dictionary<string, string?> values, CancellationToken ct)
    {
        var c = turn.Culture;
        var (content, problems) = Content(s, values);
        // The workflow writes the report and submits it with the letter's step, or (refused, stale) nothing.
        var result = await workflow.SubmitReportAsync(s.Letter.Id, s.Letter.Version, s.Report?.Version, content, turn.Actor(), ct);
        if (result.Status == WorkflowStatus.Conflict)
        {
            return await guard.StaleAsync(turn, Verb, ct, Verb, new JsonObject { ["letterId"] = s.Letter.Id });
        }
        if (!result.Succeeded)
        {
            return AdaptiveCardInvokeResponse.Card(Form(s, values, Errors(values, problems, result.Errors, c), c));
        }

        var letter = await db.Letters.AsNoTracking().Include(l => l.Problems).FirstAsync(l => l.Id == s.Letter.Id, ct);
        var saved = await db.RectificationReports.AsNoTracking().Include(r => r.Items).ThenInclude(i => i.Evidence).AsSplitQuery().FirstAsync(r => r.OpinionLetterId == letter.Id, ct);
        return AdaptiveCardInvokeResponse.Card(Receipt(new State(letter, saved), c));
    }

    private JsonObject StepData(State s, string step, IReadOnlyDictionary<string, string?>? values = null)
    {
        var data = new JsonObject
        {
            ["step"] = step,
            ["unitId"] = s.Letter.UnitId,
            ["letterId"] = s.Letter.Id,
            ["letterVersion"] = s.Letter.Version.ToString(),
            ["reportVersion"] = s.Report?.Version.ToString() ?? "",
        };
        foreach (var (k, v) in values ?? new Dictionary<string, string?>())
        {
            if (v is not null) data[k] = v;
        }
        return data;
    }

    private AdaptiveCardBuilder Header(State s, CultureInfo c)
    {
        var card = AdaptiveCardBuilder.Create(c)
            .Title(RectificationText.Format("RectTitleLetter", c, s.Letter.Number))
            .Facts([(RectificationText.Get("RectDeadline", c), Day(s.Letter.ReportDeadline))]);
        if (guard.ChinaToday > s.Letter.ReportDeadline && s.Letter.Status is LetterStatus.Acknowledged or LetterStatus.ReportReturned)
        {
            card.Text(RectificationText.Get("RectLateWarning", c), color: TextColor.Warning);
        }
        return card;
    }

    private JsonObject Form(State s, IReadOnlyDictionary<string, string?> values, Dictionary<string, string> errors, CultureInfo c)
    {
        string T(string k) => RectificationText.Get(k, c);
        var card = Header(s, c);
        if (errors.TryGetValue("_", out var general))
        {
            card.Error(general);
        }
        card.TextInput(Responsible, T("RectResponsible"), values.GetValueOrDefault(Responsible), required: true, maxLength: LetterLimits.NameMax, error: errors.GetValueOrDefault(Responsible));
        var n = 0;
        foreach (var p in s.Problems)
        {
            n++;
            card.Heading(RectificationText.Format("RectProblem", c, n, p.Problem)).Text(RectificationText.Format("RectOpinion", c, p.Opinion), subtle: true);
            var item = s.Item(p.Id);
            if (!s.IsEditable(p))
            {
                card.Text(T("RectItemLocked"), color: TextColor.Good).Facts(ItemFacts(item!, c));
                continue;
            }
            if (item is { Decision: ReviewDecision.Returned })
            {
                card.Error(RectificationText.Format("RectItemReturned", c, item.ReviewNote ?? "—"));
            }
            card.TextInput(Measures(p.Id), T("RectMeasures"), values.GetValueOrDefault(Measures(p.Id)), required: true, multiline: true, maxLength: RectificationLimits.MeasuresMax, error: errors.GetValueOrDefault(Measures(p.Id)))
                .ChoiceInput(Progress(p.Id), T("RectProgress"), [(T("ProgressDone"), nameof(RectificationProgress.Done)), (T("ProgressInProgress"), nameof(RectificationProgress.InProgress))],
                    values.GetValueOrDefault(Progress(p.Id)) ?? nameof(RectificationProgress.Done), required: true, expanded: true, error: errors.GetValueOrDefault(Progress(p.Id)))
                .DateInput(Expected(p.Id), T("RectExpected"), ApprovalFlow.Parse(values.GetValueOrDefault(Expected(p.Id))), error: errors.GetValueOrDefault(Expected(p.Id)))
                .TextInput(Evidence(p.Id), T("RectEvidence"), values.GetValueOrDefault(Evidence(p.Id)), multiline: true, maxLength: RectificationLimits.EvidenceMax * (FieldLimits.UrlMax + 1), placeholder: "https://", error: errors.GetValueOrDefault(Evidence(p.Id)));
        }
        return card
            .Execute(T("Check"), Verb, StepData(s, "check"))
            .Execute(BotTextMenu(c), Verbs.Menu, validateInputs: false)
            .Build().WithWeekendsOnly(calendar, c, s.Letter.ReportDeadline.Year, guard.CurrentYear);
    }

    private JsonObject Confirm(State s, IReadOnlyDictionary<string, string?> values, CultureInfo c)
    {
        string T(string k) => RectificationText.Get(k, c);
        var card = Header(s, c).Text(T("ConfirmIntro")).Facts([(T("RectResponsible"), values[Responsible] ?? "—")]);
        var n = 0;
        foreach (var p in s.Problems)
        {
            n++;
            card.Heading(RectificationText.Format("RectProblem", c, n, p.Problem));
            if (!s.IsEditable(p))
            {
                card.Facts(ItemFacts(s.Item(p.Id)!, c));
                continue;
            }
            var progress = values[Progress(p.Id)] == nameof(RectificationProgress.InProgress)
                ? RectificationText.Format("ProgressInProgressUntil", c, values[Expected(p.Id)])
                : T("ProgressDone");
            var links = Links(values[Evidence(p.Id)]);
            card.Facts([
                (T("RectMeasures"), values[Measures(p.Id)] ?? "—"),
                (T("RectProgress"), progress),
                (T("RectEvidence"), links.Count == 0 ? "—" : string.Join("\n", links)),
            ]);
        }
        return card
            .Execute(T("ConfirmSubmit"), Verb, StepData(s, "confirm", values), ActionStyle.Positive)
            .Execute(T("Edit"), Verb, StepData(s, "edit", values), validateInputs: false)
            .Build();
    }

    private static IEnumerable<(string, string)> ItemFacts(RectificationItem item, CultureInfo c)
    {
        string T(string k) => RectificationText.Get(k, c);
        yield return (T("RectMeasures"), item.Measures ?? "—");
        yield return (T("RectProgress"), item.Progress == RectificationProgress.InProgress
            ? RectificationText.Format("ProgressInProgressUntil", c, item.ExpectedCompletion is { } d ? Day(d) : "—")
            : T("ProgressDone"));
        yield return (T("RectEvidence"), item.Evidence.Count == 0 ? "—" : string.Join("\n", item.Evidence.Select(e => e.Url ?? e.Caption ?? "📎")));
        yield return (T("RectDecision"), T("Decision" + item.Decision));
    }

    private JsonObject Receipt(State s, CultureInfo c)
    {
        string T(string k) => RectificationText.Get(k, c);
        var report = s.Report!;
        var card = Header(s, c)
            .Text(T("RectReceipt"), color: TextColor.Good, bold: true)
            .Facts([
                (T("RectResponsible"), report.ResponsibleName ?? "—"),
                (T("FactSubmittedAt"), FilingFlow<Data.Plans.AnnualPlan>.ChinaTime(report.SubmittedUtc, c)),
                (T("RectLate"), T(report.IsLate ? "Yes" : "No")),
            ]);
        var n = 0;
        foreach (var p in s.Problems)
        {
            n++;
            card.Heading(RectificationText.Format("RectProblem", c, n, p.Problem));
            if (s.Item(p.Id) is { } item)
            {
                card.Facts(ItemFacts(item, c));
            }
        }
        return card.Execute(T("MyTasks"), Verbs.MyDeadlines, validateInputs: false).Build();
    }

    private JsonObject StatusCard(State s, CultureInfo c)
    {
        var key = s.Letter.Status switch
        {
            LetterStatus.Issued => "RectNeedsAck",
            LetterStatus.ReportSubmitted => "RectAwaitingReview",
            LetterStatus.Closed => "RectClosed",
            _ => "RectNone",
        };
        return Header(s, c).Text(RectificationText.Get(key, c))
            .Execute(RectificationText.Get("MyTasks", c), Verbs.MyDeadlines, validateInputs: false)
            .Build();
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string BotTextMenu(CultureInfo c) => Resources.BotText.Get("MenuTitle", c);
}
