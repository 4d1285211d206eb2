using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;
using R = GuidanceBot.Data.Letters.ReportFields;

namespace GuidanceBot.Data.Letters;

/// <summary>One problem's rectification as a door received it; <paramref name="Progress"/> is <c>Done</c> or <c>InProgress</c>.</summary>
public sealed record ReportItemInput(int? LetterProblemId, string? Measures, string? Progress, DateOnly? ExpectedCompletion, IReadOnlyList<string?>? EvidenceUrls);

/// <summary>The report's content as a door received it: the responsible person and the problems it answers (all, or those revised).</summary>
public sealed record ReportContent(string? ResponsibleName, IReadOnlyList<ReportItemInput?>? Items);

/// <summary>The city's decision on one problem's rectification: <c>Accepted</c> or <c>Returned</c> (a return needs a note).</summary>
public sealed record ItemReview(int ItemId, string? Decision, string? Note);

/// <summary>
/// Both sides of rectification (整改报告), for both doors. The county writes its report (<see cref="SaveReportAsync"/>) and
/// submits it (<see cref="SubmitReportAsync(int, Guid, Guid?, ReportContent?, Actor, CancellationToken)"/>, with or without
/// content: the chat writes and submits at once); a report is late when submitted after the deadline, and accepted. The
/// city decides each problem (<see cref="ReviewItemAsync"/>, or the whole report at once, <see cref="ReviewReportAsync"/>,
/// which then closes the letter or returns the report). An accepted problem's 周交办 item closes; an accepted problem's
/// rectification can no longer be changed; a resubmission puts every problem not accepted back to be reviewed.
/// </summary>
public sealed partial class LetterWorkflow
{
    /// <summary>Every refusal <paramref name="content"/> would get, without saving (the card's check before its confirm).</summary>
    public async Task<IReadOnlyList<DomainError>> CheckReportAsync(int letterId, ReportContent content, Actor actor, CancellationToken ct = default)
    {
        var letter = await db.Letters.AsNoTracking().Include(l => l.Problems).FirstOrDefaultAsync(l => l.Id == letterId && l.Status != LetterStatus.Draft, ct);
        if (letter is null)
        {
            return [NotFound(actor)];
        }
        var report = await LoadReportAsync(letterId, tracked: false, ct);
        var check = new InputCheck(actor.Language);
        CheckContent(letter, report, content, check);
        return check.Errors;
    }

    /// <summary>
    /// Writes the report's draft (the county, its own unit's letter): new, or the content of the problems given replaced
    /// (their review kept until the report is submitted again). <paramref name="reportVersion"/> is the report's version the
    /// writer saw (null for a first draft). <see cref="WorkflowResult.Id"/> is the report.
    /// </summary>
    public async Task<WorkflowResult> SaveReportAsync(int letterId, Guid? reportVersion, ReportContent content, Actor actor, CancellationToken ct = default)
    {
        var culture = actor.Language;
        var letter = await db.Letters.AsNoTracking().Include(l => l.Problems).FirstOrDefaultAsync(l => l.Id == letterId && l.Status != LetterStatus.Draft, ct);
        if (letter is null)
        {
            return WorkflowResult.NotFound(NotFound(actor));
        }
        if (actor.IsCity || actor.UnitId != letter.UnitId)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.own_unit_only", culture));
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var report = await LoadReportAsync(letterId, tracked: true, ct);
            if (report is not null && report.Version != reportVersion)
            {
                return WorkflowResult.Conflict(DomainError.Create("workflow.conflict", culture, "version"));
            }
            if (report is { Status: not (ReportStatus.Draft or ReportStatus.Returned) })
            {
                return WorkflowResult.Refused(DomainError.Create("report.not_editable", culture, "status"));
            }
            var check = new InputCheck(culture);
            var items = CheckContent(letter, report, content, check);
            if (!check.IsValid)
            {
                return WorkflowResult.Refused(check.Errors);
            }
            report = Apply(letter, report, content, items!);
            await db.SaveChangesAsync(ct);
            db.AuditLog.Add(AuditEntries.For(actor, "report.edit", nameof(RectificationReport), report.Id, report.UnitId, runner.UtcNow));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return WorkflowResult.Done(report.Version, id: report.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            return WorkflowResult.Conflict(DomainError.Create("workflow.conflict", culture, "version"));
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Submits the report (the letter's step; <paramref name="letterVersion"/> is the letter's version seen), first writing
    /// <paramref name="content"/> when given (audited as an edit too, as if saved first). <paramref name="reportVersion"/>,
    /// when given, is the report's version seen. Every problem must be answered; a late report is accepted and marked;
    /// every problem not accepted goes back to be reviewed.
    /// </summary>
    public async Task<WorkflowResult> SubmitReportAsync(int letterId, Guid letterVersion, Guid? reportVersion, ReportContent? content, Actor actor,
        CancellationToken ct = default)
    {
        if (content is not null)
        {
            // Every field at once, before the step: the step itself can only name one refusal.
            var errors = await CheckReportAsync(letterId, content, actor, ct);
            if (errors.Count > 0)
            {
                return errors[0].Code == "workflow.not_found" ? WorkflowResult.NotFound(errors[0]) : WorkflowResult.Refused(errors);
            }
        }
        return await StepAsync(letterId, letterVersion, actor, LetterAction.SubmitReport, null, ct, alongside: async (letter, report, token) =>
        {
            if (report is not null && reportVersion is { } seen)
            {
                // Compared on save: someone who changed the report since makes this a conflict.
                db.Entry(report).Property(r => r.Version).OriginalValue = seen;
            }
            if (content is not null)
            {
                var check = new InputCheck(actor.Language);
                var items = CheckContent(letter, report, content, check);
                if (!check.IsValid)
                {
                    return (report, check.Errors[0]);
                }
                report = Apply(letter, report, content, items!);
                await db.SaveChangesAsync(token);
                db.AuditLog.Add(AuditEntries.For(actor, "report.edit", nameof(RectificationReport), report.Id, report.UnitId, runner.UtcNow));
            }
            return (report, null);
        });
    }

    /// <summary>The city's decision on one problem's rectification (<paramref name="reportVersion"/>: the report's version seen).</summary>
    public async Task<WorkflowResult> ReviewItemAsync(int letterId, int itemId, Guid reportVersion, string? decision, string? note, Actor actor,
        CancellationToken ct = default)
    {
        var culture = actor.Language;
        if (CityItemDecision(itemId, decision, note, actor, R.Decision, R.Note, out var review) is { } refused)
        {
            return refused;
        }
        OpinionLetter? letter = null;
        var result = await runner.RunAsync<RectificationReport>(
            async token =>
            {
                (letter, var report) = await ReportOfItemAsync(letterId, itemId, withProblems: true, token);
                return report;
            },
            nameof(RectificationReport),
            reportVersion,
            actor,
            async (report, token) =>
            {
                if (letter!.Status != LetterStatus.ReportSubmitted)
                {
                    return DomainError.Create("report.not_submitted", culture, "status");
                }
                await DecideAsync(letter, report, report.Items.Single(i => i.Id == itemId), review, actor, audit: false, token);
                return null;
            },
            report => ReviewEntry(actor, report, report.Items.Single(i => i.Id == itemId)),
            ct);
        return result with { Id = itemId };
    }

    /// <summary>
    /// The city's decisions on the whole report at once (every problem not yet accepted needs one): then, in the same
    /// transaction, the letter closes when all are accepted, or the report goes back with the notes of those returned.
    /// <paramref name="letterVersion"/> and <paramref name="reportVersion"/> are the versions seen.
    /// </summary>
    public async Task<WorkflowResult> ReviewReportAsync(int letterId, Guid letterVersion, Guid reportVersion, IReadOnlyList<ItemReview> reviews, Actor actor,
        CancellationToken ct = default)
    {
        var culture = actor.Language;
        if (!actor.IsCity)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.city_only", culture));
        }
        var stored = await LoadReportAsync(letterId, tracked: false, ct);
        if (stored is null)
        {
            return WorkflowResult.NotFound(NotFound(actor));
        }
        var check = new InputCheck(culture);
        var decided = new Dictionary<int, (ReviewDecision, string?)>();
        foreach (var item in stored.Items.Where(i => i.Decision != ReviewDecision.Accepted).OrderBy(i => i.Id))
        {
            var given = reviews.FirstOrDefault(r => r.ItemId == item.Id) ?? new ItemReview(item.Id, null, null);
            if (CheckReview(given, check, R.ReviewDecision(item.Id), R.ReviewNote(item.Id)) is { } d)
            {
                decided[item.Id] = d;
            }
        }
        if (!check.IsValid)
        {
            return WorkflowResult.Refused(check.Errors);
        }
        var action = decided.Values.Any(d => d.Item1 == ReviewDecision.Returned) ? LetterAction.ReturnReport : LetterAction.Close;
        return await StepAsync(letterId, letterVersion, actor, action, null, ct, alongside: async (letter, report, token) =>
        {
            if (report is null)
            {
                return (null, NotFound(actor));
            }
            db.Entry(report).Property(r => r.Version).OriginalValue = reportVersion;
            if (letter.Status == LetterStatus.ReportSubmitted)
            {
                foreach (var item in report.Items.Where(i => decided.ContainsKey(i.Id)).OrderBy(i => i.Id))
                {
                    await DecideAsync(letter, report, item, decided[item.Id], actor, audit: true, token);
                }
            }
            return (report, null);
        });
    }

    /// <summary>The rules a report step adds to the letter's: what the report must be for the step, and what the step makes of it.</summary>
    private async Task<DomainError?> ReportRulesAsync(OpinionLetter letter, RectificationReport? report, LetterAction action, Actor actor, CancellationToken ct)
    {
        var culture = actor.Language;
        switch (action)
        {
            case LetterAction.SubmitReport:
                if (report is null)
                {
                    return DomainError.Create("report.missing", culture, R.Report);
                }
                // An item holding only evidence files (no measures yet) is not an answer.
                var missing = letter.Problems.Where(p => !report.Items.Any(i => i.LetterProblemId == p.Id && i.Measures is not null)).OrderBy(p => p.Order).Select(p => p.Order).ToList();
                if (missing.Count > 0)
                {
                    return DomainError.Create("report.incomplete", culture, R.Items, string.Join(", ", missing));
                }
                foreach (var item in report.Items.Where(i => i.Decision != ReviewDecision.Accepted))
                {
                    // Submitted again: reviewed again.
                    (item.Decision, item.ReviewNote, item.ReviewedUtc, item.ReviewedById) = (ReviewDecision.Pending, null, null, null);
                }
                report.Status = ReportStatus.Submitted;
                report.SubmittedUtc = runner.UtcNow;
                report.SubmittedById = actor.PersonId;
                report.SubmissionCount++;
                report.IsLate = runner.ChinaToday > letter.ReportDeadline;
                break;
            case LetterAction.ReturnReport when report is not null:
                report.Status = ReportStatus.Returned;
                break;
            case LetterAction.Close:
                var open = report?.Items.Count(i => i.Decision != ReviewDecision.Accepted) ?? letter.Problems.Count;
                if (report is null || open > 0)
                {
                    return DomainError.Create("letter.items_open", culture, null, open);
                }
                report.Status = ReportStatus.Accepted;
                foreach (var p in letter.Problems.Where(p => !report.Items.Any(i => i.LetterProblemId == p.Id && i.AwaitsCompletion)))
                {
                    // A problem accepted as in progress stays on the list until its completion is confirmed (LetterWorkflow.Completion).
                    await tracker.CloseAsync(AssignmentTracker.LetterProblemKey(p.Id), runner.ChinaToday, ct);
                }
                break;
        }
        return null;
    }

    /// <summary>A return's reason when none is given: the notes of the problems returned, in the letter's order.</summary>
    private static string? ReturnedNotes(OpinionLetter letter, RectificationReport? report)
    {
        var lines = (report?.Items ?? []).Where(i => i.Decision == ReviewDecision.Returned && !TextRule.IsBlank(i.ReviewNote))
            .Select(i => (Order: letter.Problems.FirstOrDefault(p => p.Id == i.LetterProblemId)?.Order ?? 0, Note: i.ReviewNote!))
            .OrderBy(x => x.Order).Select(x => $"{x.Order}: {x.Note}").ToList();
        return lines.Count == 0 ? null : string.Join("; ", lines);
    }

    /// <summary>Records one decision: who and when, its audit entry (unless the runner writes it), and an accepted problem's 周交办 item closed.</summary>
    private async Task DecideAsync(OpinionLetter letter, RectificationReport report, RectificationItem item, (ReviewDecision Decision, string? Note) review,
        Actor actor, bool audit, CancellationToken ct)
    {
        (item.Decision, item.ReviewNote) = review;
        item.ReviewedUtc = runner.UtcNow;
        item.ReviewedById = actor.PersonId;
        db.Entry(report).State = EntityState.Modified; // a new version: the decision changed the report
        if (audit)
        {
            db.AuditLog.Add(ReviewEntry(actor, report, item));
        }
        if (item.AwaitsCompletion && item.ExpectedCompletion is { } promised)
        {
            // Accepted while still in progress: the item stays on the 周交办 list, due the day the county promised, until confirmed done.
            await tracker.PromiseAsync(AssignmentTracker.LetterProblemKey(item.LetterProblemId), promised, ct);
        }
        else if (item.Decision == ReviewDecision.Accepted)
        {
            await tracker.CloseAsync(AssignmentTracker.LetterProblemKey(item.LetterProblemId), runner.ChinaToday, ct);
        }
    }

    private AuditEntry ReviewEntry(Actor actor, RectificationReport report, RectificationItem item) =>
        AuditEntries.For(actor, "report.review", nameof(RectificationReport), report.Id, report.UnitId, runner.UtcNow, item.ReviewNote, $"item {item.Id}: {item.Decision}");

    /// <summary>A decision and its note: accepted, or returned with a note; null when refused.</summary>
    /// <summary>
    /// What both steps on one item of a report (the review and the confirmation of a completion) check before reading it:
    /// city staff only, then the decision and its note under the step's field names. Null when the step may go on.
    /// </summary>
    private static WorkflowResult? CityItemDecision(int itemId, string? decision, string? note, Actor actor, string decisionField, string noteField,
        out (ReviewDecision Decision, string? Note) review)
    {
        review = default;
        if (!actor.IsCity)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.city_only", actor.Language));
        }
        var check = new InputCheck(actor.Language);
        var read = CheckReview(new ItemReview(itemId, decision, note), check, decisionField, noteField);
        if (!check.IsValid)
        {
            return WorkflowResult.Refused(check.Errors);
        }
        review = read!.Value;
        return null;
    }

    /// <summary>The issued letter and its report (tracked) when the report holds item <paramref name="itemId"/>; else the report is null.</summary>
    private async Task<(OpinionLetter? Letter, RectificationReport? Report)> ReportOfItemAsync(int letterId, int itemId, bool withProblems, CancellationToken ct)
    {
        var letters = db.Letters.AsNoTracking();
        var letter = await (withProblems ? letters.Include(l => l.Problems) : letters)
            .FirstOrDefaultAsync(l => l.Id == letterId && l.Status != LetterStatus.Draft, ct);
        var report = letter is null ? null : await LoadReportAsync(letterId, tracked: true, ct);
        return (letter, report?.Items.Any(i => i.Id == itemId) == true ? report : null);
    }

    private static (ReviewDecision, string?)? CheckReview(ItemReview review, InputCheck check, string decisionField, string noteField)
    {
        ReviewDecision? decision = review.Decision?.Trim().ToLowerInvariant() switch
        {
            "accepted" or "accept" => ReviewDecision.Accepted,
            "returned" or "return" => ReviewDecision.Returned,
            null or "" => null,
            _ => ReviewDecision.Pending,
        };
        if (decision is null)
        {
            check.Add("report.decision_required", decisionField);
        }
        else if (decision == ReviewDecision.Pending)
        {
            check.Add("field.choice", decisionField, "Accepted, Returned");
            decision = null;
        }
        var note = check.Text(noteField, review.Note, RectificationLimits.ReviewNoteMax, required: false, kind: TextKind.Paragraphs);
        if (decision == ReviewDecision.Returned && note is null && !check.Has(noteField))
        {
            check.Add("report.note_required", noteField);
        }
        return decision is { } d && check.IsValid ? (d, note) : null;
    }

    /// <summary>
    /// Checks the content against the letter and the report as it is (every field at once into <paramref name="check"/>)
    /// and returns the items as they would be stored; null when refused.
    /// </summary>
    private List<(int ProblemId, RectificationItem Item)>? CheckContent(OpinionLetter letter, RectificationReport? report, ReportContent content, InputCheck check)
    {
        check.Text(R.ResponsibleName, content.ResponsibleName, LetterLimits.NameMax);
        var items = new List<(int, RectificationItem)>();
        if (content.Items is not { Count: > 0 })
        {
            check.Add("field.required", R.Items);
            return null;
        }
        var today = runner.ChinaToday;
        for (var i = 0; i < content.Items.Count; i++)
        {
            var input = content.Items[i];
            var problem = input?.LetterProblemId is { } pid ? letter.Problems.FirstOrDefault(p => p.Id == pid) : null;
            if (input?.LetterProblemId is null)
            {
                check.Add("field.required", R.ProblemId(i));
            }
            else if (problem is null)
            {
                check.Add("report.unknown_problem", R.ProblemId(i), input.LetterProblemId);
            }
            else if (items.Any(x => x.Item1 == problem.Id))
            {
                check.Add("report.duplicate_problem", R.ProblemId(i), problem.Order);
            }
            else if (report is { Status: not ReportStatus.Draft } && report.Items.FirstOrDefault(x => x.LetterProblemId == problem.Id) is { Decision: ReviewDecision.Accepted })
            {
                check.Add("report.item_accepted", R.ProblemId(i), problem.Order);
            }
            var measures = check.Text(R.Measures(i), input?.Measures, RectificationLimits.MeasuresMax, kind: TextKind.Paragraphs);
            RectificationProgress? progress = input?.Progress?.Trim().ToLowerInvariant() switch
            {
                "done" => RectificationProgress.Done,
                "inprogress" => RectificationProgress.InProgress,
                _ => null,
            };
            if (progress is null)
            {
                if (TextRule.IsBlank(input?.Progress))
                {
                    check.Add("field.required", R.Progress(i));
                }
                else
                {
                    check.Add("field.choice", R.Progress(i), "Done, InProgress");
                }
            }
            DateOnly? expected = null;
            if (progress == RectificationProgress.InProgress)
            {
                expected = check.Date(R.Expected(i), input!.ExpectedCompletion, R.Expected(i));
                if (expected is { } e && (e < today || e > today.AddYears(RectificationLimits.ExpectedYearsMax)))
                {
                    check.Add("report.expected_date", R.Expected(i), RectificationLimits.ExpectedYearsMax);
                    expected = null;
                }
            }
            var links = (input?.EvidenceUrls ?? []).Where(u => !TextRule.IsBlank(u)).Select(u => u!.Trim()).ToList();
            if (links.Count > RectificationLimits.EvidenceMax)
            {
                check.Add("report.too_many_links", R.Evidence(i), RectificationLimits.EvidenceMax);
            }
            else
            {
                for (var n = 0; n < links.Count; n++)
                {
                    if (!IsWebAddress(links[n]))
                    {
                        check.Add("report.evidence_url", R.EvidenceUrl(i, n), links[n].Length > 80 ? links[n][..80] + "…" : links[n]);
                    }
                }
            }
            if (problem is not null && measures is not null && progress is not null)
            {
                items.Add((problem.Id, new RectificationItem
                {
                    LetterProblemId = problem.Id, Measures = measures, Progress = progress.Value, ExpectedCompletion = expected,
                    Evidence = [.. links.Select(url => new RectificationEvidence { Url = url })],
                }));
            }
        }
        return check.IsValid ? items : null;
    }

    /// <summary>An absolute http(s) address of at most <see cref="FieldLimits.UrlMax"/> characters on one line.</summary>
    private static bool IsWebAddress(string url) =>
        url.Length <= FieldLimits.UrlMax && TextRule.FindRefused(url, TextKind.Line) is null
        && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;

    /// <summary>Stages the content on the report (a new one when there is none): the problems given replaced, the others kept.</summary>
    private RectificationReport Apply(OpinionLetter letter, RectificationReport? report, ReportContent content, List<(int ProblemId, RectificationItem Item)> items)
    {
        if (report is null)
        {
            report = new RectificationReport { OpinionLetterId = letter.Id, UnitId = letter.UnitId, Status = ReportStatus.Draft };
            db.RectificationReports.Add(report);
        }
        else
        {
            db.Entry(report).State = EntityState.Modified;
        }
        report.ResponsibleName = content.ResponsibleName!.Trim();
        foreach (var (problemId, item) in items)
        {
            var existing = report.Items.FirstOrDefault(x => x.LetterProblemId == problemId);
            if (existing is null)
            {
                report.Items.Add(item);
                continue;
            }
            existing.Measures = item.Measures;
            existing.Progress = item.Progress;
            existing.ExpectedCompletion = item.ExpectedCompletion;
            // The links are replaced; the files (attached one by one, EvidenceWorkflow) stay.
            existing.Evidence.RemoveAll(e => e.FileId is null);
            existing.Evidence.AddRange(item.Evidence);
        }
        return report;
    }

    private Task<RectificationReport?> LoadReportAsync(int letterId, bool tracked, CancellationToken ct)
    {
        var query = db.RectificationReports.Include(r => r.Items).ThenInclude(i => i.Evidence).AsSplitQuery();
        return (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(r => r.OpinionLetterId == letterId, ct);
    }

    private static DomainError NotFound(Actor actor) =>
        DomainError.Create("workflow.not_found", actor.Language, null, new Resources.TextRef($"entity.{nameof(OpinionLetter)}"));
}
