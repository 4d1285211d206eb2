using System.Globalization;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data.Rules;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Plans;

/// <summary>
/// A county's filings (the plan, its approval and filing, its publication), every step once for both doors: save the
/// draft, submit, accept and return. The county edits and submits for its own unit; city staff review. A draft is
/// editable while it is a draft or came back; every field is checked at once (<see cref="InputCheck"/>, limits in
/// <see cref="PlanLimits"/>). A filing is submitted complete, and an annual plan whose coverage — the one that counts,
/// <see cref="Coverage.OfPlan(AnnualPlan, CultureInfo?)"/> — is not met needs a shortfall explanation. A return tells the
/// unit's liaisons in the same transaction (<see cref="SubmissionReturnedNotice"/>); an acceptance tells no one.
/// </summary>
public sealed class SubmissionWorkflow(GuidanceDbContext db, INoticeOutbox outbox, TimeProvider time)
{
    private readonly WorkflowRunner runner = new(db, time, outbox);

    public Task<WorkflowResult> SubmitAsync<T>(int id, Guid seenVersion, Actor actor, CancellationToken ct = default)
        where T : ReviewableSubmission =>
        StepAsync<T>(id, seenVersion, actor, SubmissionAction.Submit, null, ct);

    public Task<WorkflowResult> AcceptAsync<T>(int id, Guid seenVersion, Actor actor, CancellationToken ct = default)
        where T : ReviewableSubmission =>
        StepAsync<T>(id, seenVersion, actor, SubmissionAction.Accept, null, ct);

    public Task<WorkflowResult> ReturnAsync<T>(int id, Guid seenVersion, string? reason, Actor actor, CancellationToken ct = default)
        where T : ReviewableSubmission =>
        StepAsync<T>(id, seenVersion, actor, SubmissionAction.Return, reason, ct);

    /// <summary>Saves the unit's draft of the year (creating it): the API's PUT. <see cref="WorkflowResult.Id"/> is the filing's.</summary>
    public Task<WorkflowResult> SaveDraftAsync(FilingDraft draft, Actor actor, CancellationToken ct = default) =>
        SaveAsync(draft, actor, submit: false, ct);

    /// <summary>
    /// Saves the draft and submits it in one transaction (the chat's confirmation): the same rows and audit entries as
    /// <see cref="SaveDraftAsync"/> then <see cref="SubmitAsync{T}"/>, and a refused submit leaves nothing written.
    /// </summary>
    public Task<WorkflowResult> SubmitDraftAsync(FilingDraft draft, Actor actor, CancellationToken ct = default) =>
        SaveAsync(draft, actor, submit: true, ct);

    /// <summary>
    /// What stops <paramref name="draft"/> from being submitted, without writing anything: every field error, an
    /// incomplete filing, an empty plan. Coverage is not judged here (the card shows it and asks for the explanation).
    /// </summary>
    public async Task<IReadOnlyList<DomainError>> CheckDraftAsync(FilingDraft draft, Actor actor, CancellationToken ct = default)
    {
        var check = new InputCheck(actor.Language);
        switch (draft)
        {
            case PlanDraft p:
                var plan = await Plans(tracked: false).FirstOrDefaultAsync(f => f.UnitId == p.UnitId && f.Year == p.Year, ct);
                var applyPlan = await ReadAsync(p, plan, check, ct);
                if (check.IsValid)
                {
                    var planned = new AnnualPlan { Entries = plan?.Entries ?? [], Categories = plan?.Categories ?? [], ShortfallExplanation = plan?.ShortfallExplanation };
                    applyPlan(planned);
                    if (IsEmpty(planned))
                    {
                        check.Add("plan.empty", PlanFields.Entries);
                    }
                }
                break;
            case ApprovalDraft a:
                var applyApproval = Read(a, check);
                var approval = new PlanApproval();
                applyApproval(approval);
                Incomplete(approval, check);
                break;
            case PublicationDraft u:
                var applyPublication = Read(u, check);
                var publication = new PlanPublication();
                applyPublication(publication);
                Incomplete(publication, check);
                break;
        }
        return check.Errors;
    }

    /// <summary>Audit verb prefix: <c>plan</c>, <c>approval</c>, <c>publication</c>.</summary>
    public static string Subject<T>() where T : ReviewableSubmission => Subject(typeof(T));

    private static string Subject(Type type) => type.Name switch
    {
        nameof(AnnualPlan) => "plan",
        nameof(PlanApproval) => "approval",
        nameof(PlanPublication) => "publication",
        var other => other.ToLowerInvariant(),
    };

    /// <summary>A draft, or a filing the city returned, can be edited; a submitted or accepted one cannot.</summary>
    public static bool IsEditable(ReviewableSubmission filing) => filing.Status is SubmissionStatus.Draft or SubmissionStatus.Returned;

    // ---- submit, accept, return

    private Task<WorkflowResult> StepAsync<T>(int id, Guid seenVersion, Actor actor, SubmissionAction action, string? reason, CancellationToken ct)
        where T : ReviewableSubmission
    {
        var culture = actor.Language;
        var subject = Subject<T>();
        var verb = action switch
        {
            SubmissionAction.Submit => "submit",
            SubmissionAction.Accept => "accept",
            _ => "return",
        };
        var wasReturned = false;

        return runner.RunAsync<T>(
            token => Load<T>(id, action, token),
            typeof(T).Name,
            seenVersion,
            actor,
            (s, _) =>
            {
                wasReturned = s.Status == SubmissionStatus.Returned;
                return Task.FromResult(action == SubmissionAction.Submit ? Submit(s, actor) : Review(s, actor, action, reason));
            },
            s => AuditEntries.For(actor, $"{subject}.{(action == SubmissionAction.Submit && wasReturned ? "resubmit" : verb)}", typeof(T).Name, s.Id, s.UnitId, runner.UtcNow,
                action == SubmissionAction.Return ? s.ReturnReason : null),
            ct,
            afterSave: action != SubmissionAction.Return ? null : async (s, token) =>
                await runner.NotifyAsync(await Recipients.UnitLiaisonsAsync(db, s.UnitId, token), id => new SubmissionReturnedNotice(id, subject, s.Id, s.ReturnCount), token));
    }

    /// <summary>The county submits its own unit's filing: complete, and a plan that meets coverage or says why not.</summary>
    private DomainError? Submit(ReviewableSubmission s, Actor actor)
    {
        var culture = actor.Language;
        if (actor.UnitId != s.UnitId || actor.IsCity)
        {
            return DomainError.Create("auth.own_unit_only", culture);
        }
        var next = SubmissionStateMachine.Next(s.Status, SubmissionAction.Submit, culture);
        if (!next.IsSuccess)
        {
            return next.Error;
        }
        var check = new InputCheck(culture);
        Incomplete(s, check);
        if (check.Errors.Count > 0)
        {
            return check.Errors[0];
        }
        if (s is AnnualPlan plan && CheckPlan(plan, culture) is { } planError)
        {
            return planError;
        }
        var now = runner.UtcNow;
        s.Status = next.Value;
        s.FirstSubmittedUtc ??= now;
        s.SubmittedUtc = now;
        s.SubmittedById = actor.PersonId;
        return null;
    }

    /// <summary>City staff accept, or return with a reason.</summary>
    private DomainError? Review(ReviewableSubmission s, Actor actor, SubmissionAction action, string? reason)
    {
        var culture = actor.Language;
        if (!actor.IsCity)
        {
            return DomainError.Create("auth.city_only", culture);
        }
        var next = SubmissionStateMachine.Next(s.Status, action, culture);
        if (!next.IsSuccess)
        {
            return next.Error;
        }
        string? why = null;
        if (action == SubmissionAction.Return)
        {
            if (TextRule.IsBlank(reason))
            {
                return DomainError.Create("submission.reason_required", culture, PlanFields.Reason);
            }
            var check = new InputCheck(culture);
            why = check.Text(PlanFields.Reason, reason, PlanLimits.ReasonMax, kind: TextKind.Paragraphs);
            if (!check.IsValid)
            {
                return check.Errors[0];
            }
        }
        s.Status = next.Value;
        s.ReviewedUtc = runner.UtcNow;
        s.ReviewedById = actor.PersonId;
        if (action == SubmissionAction.Accept)
        {
            s.ReturnReason = null;
        }
        else
        {
            s.ReturnReason = why;
            s.ReturnCount++;
        }
        return null;
    }

    private async Task<T?> Load<T>(int id, SubmissionAction action, CancellationToken ct) where T : ReviewableSubmission
    {
        IQueryable<T> query = db.Set<T>();
        if (action == SubmissionAction.Submit && typeof(T) == typeof(AnnualPlan))
        {
            // Coverage is checked on submit: the figures and the list with its enterprises.
            query = (IQueryable<T>)(object)Plans(tracked: true);
        }
        return await query.SingleOrDefaultAsync(s => s.Id == id, ct);
    }

    private IQueryable<AnnualPlan> Plans(bool tracked) =>
        (tracked ? db.AnnualPlans : db.AnnualPlans.AsNoTracking())
            .Include(p => p.Categories)
            .Include(p => p.Entries).ThenInclude(e => e.Enterprise)
            .AsSplitQuery();

    private static bool IsEmpty(AnnualPlan plan) => plan.Entries.Count == 0 && plan.Categories.All(c => c.KeyTotal + c.GeneralTotal == 0);

    /// <summary>The plan must hold something, be coherent, and meet coverage or say why not.</summary>
    private static DomainError? CheckPlan(AnnualPlan plan, CultureInfo culture)
    {
        if (IsEmpty(plan))
        {
            return DomainError.Create("plan.empty", culture, PlanFields.Entries);
        }

        var coverage = Coverage.OfPlan(plan, culture);
        if (!coverage.IsValid)
        {
            return coverage.Refusals[0];
        }
        if (!coverage.IsMet && string.IsNullOrWhiteSpace(plan.ShortfallExplanation))
        {
            var total = coverage.Total!;
            return DomainError.Create("plan.coverage_not_met", culture, PlanFields.ShortfallExplanation,
                total.KeyMissing, coverage.Categories.Sum(c => c.GeneralShort));
        }
        return null;
    }

    /// <summary>What a filing must hold to be submitted (a draft may lack it).</summary>
    private static void Incomplete(ReviewableSubmission s, InputCheck check)
    {
        switch (s)
        {
            case PlanApproval a:
                Required(PlanFields.ApprovalDocumentNumber, a.ApprovalDocumentNumber);
                Required(PlanFields.ApprovalDate, a.ApprovalDate);
                Required(PlanFields.FilingDocumentNumber, a.FilingDocumentNumber);
                Required(PlanFields.FilingDate, a.FilingDate);
                break;
            case PlanPublication p:
                Required(PlanFields.PlanUrl, p.PlanUrl);
                Required(PlanFields.DoubleRandomPlanUrl, p.DoubleRandomPlanUrl);
                Required(PlanFields.PublishedOn, p.PublishedOn);
                break;
        }

        void Required(string field, object? value)
        {
            if (value is null)
            {
                check.Add("field.required", field);
            }
        }
    }

    // ---- the plan as an enterprise list, the approval's documents (chat only: files sent in the chat)

    /// <summary>
    /// The rows of an enterprise list that name another unit's enterprise (a county's plan lists its own), each refused under
    /// <c>rows[N].creditCode</c> (N = the file's row).
    /// </summary>
    public async Task<IReadOnlyList<DomainError>> CheckListAsync(int unitId, IReadOnlyList<EnterpriseListRow> rows, CultureInfo culture, CancellationToken ct = default)
    {
        var known = await KnownAsync(rows, ct);
        return [.. rows.Where(r => known.TryGetValue(r.CreditCode, out var e) && e.UnitId != unitId)
            .Select(r => DomainError.Create("plan.list_other_unit", culture, ListField(r.Row), r.CreditCode))];
    }

    /// <summary>The field of a list row's credit code; <see cref="ListRow"/> reads it back.</summary>
    public static string ListField(int row) => $"rows[{row}].creditCode";

    public static int? ListRow(string? field) =>
        field is not null && field.StartsWith("rows[", StringComparison.Ordinal) && field.IndexOf(']') is var close and > 5
        && int.TryParse(field.AsSpan(5, close - 5), NumberStyles.None, CultureInfo.InvariantCulture, out var row) ? row : null;

    private async Task<Dictionary<string, Enterprises.Enterprise>> KnownAsync(IReadOnlyList<EnterpriseListRow> rows, CancellationToken ct)
    {
        var known = new Dictionary<string, Enterprises.Enterprise>(StringComparer.Ordinal);
        foreach (var chunk in rows.Select(r => r.CreditCode).Chunk(500))
        {
            foreach (var e in await db.Enterprises.Where(e => chunk.Contains(e.CreditCode)).ToListAsync(ct))
            {
                known[e.CreditCode] = e;
            }
        }
        return known;
    }

    /// <summary>
    /// The county's plan as an enterprise list (rows read and checked by <c>EnterpriseList</c>, each with <c>Planned</c>): it
    /// replaces the draft's list and figures (the plan is one or the other); enterprises new to the unit are registered, known
    /// ones follow the list (it is the county's register). The explanation of a shortfall stays. <see cref="WorkflowResult.Detail"/>:
    /// how many enterprises were new.
    /// </summary>
    public async Task<WorkflowResult> SaveListAsync(int unitId, int year, IReadOnlyList<EnterpriseListRow> rows, string fileName, Actor actor, CancellationToken ct = default)
    {
        var culture = actor.Language;
        if (actor.IsCity || actor.UnitId != unitId)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.own_unit_only", culture));
        }
        if (await CheckListAsync(unitId, rows, culture, ct) is { Count: > 0 } otherUnits)
        {
            return WorkflowResult.Refused(otherUnits);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var plan = await db.AnnualPlans.Include(p => p.Entries).Include(p => p.Categories).AsSplitQuery()
                .FirstOrDefaultAsync(p => p.UnitId == unitId && p.Year == year, ct);
            if (plan is not null && !IsEditable(plan))
            {
                return WorkflowResult.Refused(DomainError.Create("filing.not_editable", culture, "status"));
            }
            if (plan is null)
            {
                plan = new AnnualPlan { UnitId = unitId, Year = year };
                db.AnnualPlans.Add(plan);
            }
            else
            {
                db.Entry(plan).State = EntityState.Modified;
            }
            var known = await KnownAsync(rows, ct);
            var added = 0;
            var entries = new List<PlanEntry>();
            foreach (var row in rows)
            {
                if (!known.TryGetValue(row.CreditCode, out var enterprise))
                {
                    enterprise = new Enterprises.Enterprise { UnitId = unitId, Name = row.Name, CreditCode = row.CreditCode, CategoryCode = row.CategoryCode, Tier = row.Tier };
                    db.Enterprises.Add(enterprise);
                    known[row.CreditCode] = enterprise;
                    added++;
                }
                else
                {
                    (enterprise.Name, enterprise.CategoryCode, enterprise.Tier, enterprise.IsActive) = (row.Name, row.CategoryCode, row.Tier, true);
                }
                entries.Add(new PlanEntry { Enterprise = enterprise, Planned = row.Planned ?? false });
            }
            plan.Entries.Clear();
            plan.Entries.AddRange(entries);
            plan.Categories.Clear();
            await db.SaveChangesAsync(ct);
            db.AuditLog.Add(AuditEntries.For(actor, "plan.edit", nameof(AnnualPlan), plan.Id, unitId, runner.UtcNow,
                details: $"{year}; list {fileName}: {entries.Count} enterprises, {added} new"));
            await db.SaveChangesAsync(ct);
            // 市县两级计划衔接: the county's plan changed, so the dovetailing runs in this transaction.
            await new Dovetailing(db).AfterChangeAsync(year, runner, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return WorkflowResult.Done(plan.Version, added.ToString(CultureInfo.InvariantCulture), plan.Id);
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(ct);
            return WorkflowResult.Conflict(DomainError.Create("workflow.conflict", culture, "version"));
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// A document sent in the chat attached to the unit's approval draft of the year (created if there is none):
    /// <paramref name="filingDocument"/> the filing's, else the approval's. The file must be the unit's own.
    /// </summary>
    public async Task<WorkflowResult> AttachApprovalDocumentAsync(int unitId, int year, Guid fileId, bool filingDocument, Actor actor, CancellationToken ct = default)
    {
        var culture = actor.Language;
        var file = await db.Files.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId, ct);
        if (file is null)
        {
            return WorkflowResult.NotFound(DomainError.Create("workflow.not_found", culture, null, new Resources.TextRef("entity.PlanApproval")));
        }
        if (actor.IsCity || actor.UnitId != unitId || file.UnitId != unitId)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.own_unit_only", culture));
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var approval = await db.PlanApprovals.FirstOrDefaultAsync(a => a.UnitId == unitId && a.Year == year, ct);
            if (approval is not null && !IsEditable(approval))
            {
                return WorkflowResult.Refused(DomainError.Create("filing.not_editable", culture, "status"));
            }
            if (approval is null)
            {
                approval = new PlanApproval { UnitId = unitId, Year = year };
                db.PlanApprovals.Add(approval);
            }
            if (filingDocument)
            {
                approval.FilingAttachmentId = file.Id;
            }
            else
            {
                approval.ApprovalAttachmentId = file.Id;
            }
            await db.SaveChangesAsync(ct);
            db.AuditLog.Add(AuditEntries.For(actor, "approval.edit", nameof(PlanApproval), approval.Id, unitId, runner.UtcNow,
                details: $"{year}; {(filingDocument ? "filing" : "approval")} document {file.FileName}"));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return WorkflowResult.Done(approval.Version, id: approval.Id);
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(ct);
            return WorkflowResult.Conflict(DomainError.Create("workflow.conflict", culture, "version"));
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    // ---- drafts

    private async Task<WorkflowResult> SaveAsync(FilingDraft draft, Actor actor, bool submit, CancellationToken ct) => draft switch
    {
        PlanDraft p => await SaveAsync(p, Plans(tracked: true), actor, submit, (plan, check, token) => ReadAsync(p, plan, check, token), ct),
        ApprovalDraft a => await SaveAsync(a, db.PlanApprovals, actor, submit, (_, check, _) => Task.FromResult(Read(a, check)), ct),
        PublicationDraft u => await SaveAsync(u, db.PlanPublications, actor, submit, (_, check, _) => Task.FromResult(Read(u, check)), ct),
        _ => throw new ArgumentException($"Unknown filing draft {draft.GetType().Name}.", nameof(draft)),
    };

    /// <summary>
    /// Load or create the unit's filing of the year, check every field, the version the caller saw and that it may be
    /// edited, apply, and write it with its <c>…edit</c> audit entry (then, when <paramref name="submit"/>, the submit step
    /// and its entry), all in one transaction.
    /// </summary>
    private async Task<WorkflowResult> SaveAsync<T>(FilingDraft draft, IQueryable<T> filings, Actor actor, bool submit,
        Func<T?, InputCheck, CancellationToken, Task<Action<T>>> read, CancellationToken ct)
        where T : ReviewableSubmission, new()
    {
        var culture = actor.Language;
        if (actor.IsCity || actor.UnitId != draft.UnitId)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.own_unit_only", culture));
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var filing = await filings.FirstOrDefaultAsync(f => f.UnitId == draft.UnitId && f.Year == draft.Year, ct);
            var check = new InputCheck(culture);
            if (!FieldLimits.IsYear(draft.Year))
            {
                check.Add(FieldLimits.YearOutOfRange(PlanFields.Year, culture, PlanFields.Year));
            }
            var apply = await read(filing, check, ct);
            if (!check.IsValid)
            {
                return WorkflowResult.Refused(check.Errors);
            }
            if (filing is not null && draft.Version != filing.Version)
            {
                return WorkflowResult.Conflict(DomainError.Create("workflow.conflict", culture, "version"));
            }
            if (filing is not null && !IsEditable(filing))
            {
                return WorkflowResult.Refused(DomainError.Create("filing.not_editable", culture, "status"));
            }

            if (filing is null)
            {
                filing = new T { UnitId = draft.UnitId, Year = draft.Year };
                db.Add(filing);
            }
            else
            {
                // Only child rows may change (the figures): the filing itself still gets a new version.
                db.Entry(filing).State = EntityState.Modified;
            }
            apply(filing);
            await db.SaveChangesAsync(ct);
            var now = runner.UtcNow;
            var subject = Subject(typeof(T));
            db.AuditLog.Add(AuditEntries.For(actor, $"{subject}.edit", typeof(T).Name, filing.Id, filing.UnitId, now,
                details: filing.Year.ToString(CultureInfo.InvariantCulture)));
            await db.SaveChangesAsync(ct);

            if (submit)
            {
                var wasReturned = filing.Status == SubmissionStatus.Returned;
                if (Submit(filing, actor) is { } refused)
                {
                    await tx.RollbackAsync(ct);
                    return refused.Code.StartsWith("auth.", StringComparison.Ordinal) ? WorkflowResult.Forbidden(refused) : WorkflowResult.Refused(refused);
                }
                db.Entry(filing).State = EntityState.Modified;
                db.AuditLog.Add(AuditEntries.For(actor, $"{subject}.{(wasReturned ? "resubmit" : "submit")}", typeof(T).Name, filing.Id, filing.UnitId, now));
                await db.SaveChangesAsync(ct);
            }
            if (filing is AnnualPlan)
            {
                await new Dovetailing(db).AfterChangeAsync(filing.Year, runner, ct);
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
            return WorkflowResult.Done(filing.Version, id: filing.Id);
        }
        catch (DbUpdateException)
        {
            // A newer version saved meanwhile, or a concurrent first draft of the same unit and year.
            await tx.RollbackAsync(ct);
            return WorkflowResult.Conflict(DomainError.Create("workflow.conflict", culture, "version"));
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task<Action<AnnualPlan>> ReadAsync(PlanDraft d, AnnualPlan? existing, InputCheck check, CancellationToken ct)
    {
        var culture = check.Culture;
        List<PlanCategoryFigures>? figures = null;
        if (d.Figures is null)
        {
            if (existing is null || existing.Entries.Count == 0)
            {
                check.Add("field.required", PlanFields.Figures);
            }
        }
        else if (d.Figures.Count == 0)
        {
            check.Add("field.required", PlanFields.Figures);
        }
        else
        {
            var known = await db.EnterpriseCategories.AsNoTracking().Select(c => c.Code).ToListAsync(ct);
            figures = [];
            var before = check.Errors.Count;
            for (var i = 0; i < d.Figures.Count; i++)
            {
                var f = d.Figures[i];
                if (f is null)
                {
                    check.Add("list.null_element", $"figures[{i}]", $"figures[{i}]");
                    continue;
                }
                var code = check.Text(PlanFields.Figure(i, PlanFields.CategoryCode), f.CategoryCode, PlanLimits.CategoryCodeMax);
                if (code is not null && !known.Contains(code))
                {
                    check.Add("plan.unknown_category", PlanFields.Figure(i, PlanFields.CategoryCode), code);
                }
                figures.Add(new PlanCategoryFigures
                {
                    CategoryCode = code ?? "",
                    KeyTotal = Count(i, PlanFields.KeyTotal, f.KeyTotal),
                    KeyPlanned = Count(i, PlanFields.KeyPlanned, f.KeyPlanned),
                    GeneralTotal = Count(i, PlanFields.GeneralTotal, f.GeneralTotal),
                    GeneralPlanned = Count(i, PlanFields.GeneralPlanned, f.GeneralPlanned),
                });
            }
            if (check.Errors.Count == before)
            {
                // The rule's own refusals (negative counts, planned above total, a category twice), named by field.
                foreach (var refusal in Coverage.FromFigures(figures, culture).Refusals)
                {
                    check.Add(refusal with { Field = FigureField(refusal.Field, figures) });
                }
            }
        }
        var explanation = d.ShortfallExplanation is null ? null
            : check.Text(PlanFields.ShortfallExplanation, d.ShortfallExplanation, PlanLimits.ExplanationMax, required: false, kind: TextKind.Paragraphs);

        return plan =>
        {
            if (figures is not null)
            {
                plan.Categories.Clear();
                plan.Categories.AddRange(figures);
                if (d.FiguresReplaceList)
                {
                    plan.Entries.Clear();
                }
            }
            if (d.ShortfallExplanation is not null)
            {
                plan.ShortfallExplanation = explanation;
            }
        };

        int Count(int index, string field, int? value)
        {
            var name = PlanFields.Figure(index, field);
            if (value is null)
            {
                check.Add("field.required", name);
                return 0;
            }
            if (value > PlanLimits.CountMax)
            {
                check.Add("plan.count_max", name, PlanLimits.CountMax);
            }
            return value.Value;
        }
    }

    /// <summary><c>hazardous-chemicals.KeyPlanned</c> (the rule's name) → <c>figures[1].keyPlanned</c> (the draft's).</summary>
    private static string FigureField(string? ruleField, List<PlanCategoryFigures> figures)
    {
        if (ruleField is null)
        {
            return PlanFields.Figures;
        }
        var dot = ruleField.LastIndexOf('.');
        var category = dot < 0 ? ruleField : ruleField[..dot];
        var index = figures.FindIndex(f => f.CategoryCode == category);
        var prop = dot < 0 ? PlanFields.CategoryCode : char.ToLowerInvariant(ruleField[dot + 1]) + ruleField[(dot + 2)..];
        return index < 0 ? PlanFields.Figures : PlanFields.Figure(index, prop);
    }

    private Action<PlanApproval> Read(ApprovalDraft d, InputCheck check)
    {
        var kind = Choice<ApprovalKind>(check, PlanFields.ApprovalKind, d.ApprovalKind);
        var number = check.Text(PlanFields.ApprovalDocumentNumber, d.ApprovalDocumentNumber, PlanLimits.DocumentNumberMax, required: false);
        var approved = Day(check, PlanFields.ApprovalDate, d.ApprovalDate, d.Year, required: true);
        var filingNumber = check.Text(PlanFields.FilingDocumentNumber, d.FilingDocumentNumber, PlanLimits.DocumentNumberMax, required: false);
        var filed = Day(check, PlanFields.FilingDate, d.FilingDate, d.Year, required: false);
        if (approved is not null && filed is not null && filed < approved)
        {
            check.Add("filing.date_order", PlanFields.FilingDate);
        }
        return a =>
        {
            a.ApprovalKind = kind ?? default;
            a.ApprovalDocumentNumber = number;
            a.ApprovalDate = approved;
            a.FilingDate = filed;
            a.FilingDocumentNumber = filingNumber;
        };
    }

    private Action<PlanPublication> Read(PublicationDraft d, InputCheck check)
    {
        var planUrl = check.Url(PlanFields.PlanUrl, d.PlanUrl, FieldLimits.UrlMax);
        var randomUrl = check.Url(PlanFields.DoubleRandomPlanUrl, d.DoubleRandomPlanUrl, FieldLimits.UrlMax);
        var publishedOn = Day(check, PlanFields.PublishedOn, d.PublishedOn, d.Year, required: false);
        return p =>
        {
            p.PlanUrl = planUrl;
            p.DoubleRandomPlanUrl = randomUrl;
            p.PublishedOn = publishedOn;
        };
    }

    /// <summary>A day a filing records (approved, filed, published): in the plan's year and not after today in China.</summary>
    private DateOnly? Day(InputCheck check, string field, DateOnly? value, int year, bool required)
    {
        var day = check.Date(field, value, field, required);
        if (day is null)
        {
            return null;
        }
        if (day.Value.Year != year)
        {
            check.Add("filing.date_year", field, year);
            return null;
        }
        var today = runner.ChinaToday;
        if (day > today)
        {
            check.Add("filing.date_future", field, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            return null;
        }
        return day;
    }

    /// <summary>One of the enum's names (case aside, never a number).</summary>
    private static TEnum? Choice<TEnum>(InputCheck check, string field, string? value) where TEnum : struct, Enum
    {
        if (TextRule.IsBlank(value))
        {
            check.Add("field.required", field);
            return null;
        }
        var text = value!.Trim();
        if (!Enum.TryParse<TEnum>(text, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed)
            || int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            check.Add("field.choice", field, string.Join(", ", Enum.GetNames<TEnum>()));
            return null;
        }
        return parsed;
    }
}
