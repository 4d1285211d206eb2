using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data.Rules;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Plans;

/// <summary>
/// Submit, accept and return a county's filing (the plan, its approval and filing, its publication).
/// The county submits for its own unit; city staff review. An annual plan whose coverage is not met
/// needs a shortfall explanation before it can be submitted. A return tells the unit's liaisons in the same
/// transaction (<see cref="SubmissionReturnedNotice"/>).
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

    /// <summary>Audit verb prefix: <c>plan</c>, <c>approval</c>, <c>publication</c>.</summary>
    public static string Subject<T>() where T : ReviewableSubmission => typeof(T).Name switch
    {
        nameof(AnnualPlan) => "plan",
        nameof(PlanApproval) => "approval",
        nameof(PlanPublication) => "publication",
        var other => other.ToLowerInvariant(),
    };

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
                var forbidden = action == SubmissionAction.Submit
                    ? actor.UnitId == s.UnitId ? null : DomainError.Create("auth.own_unit_only", culture)
                    : actor.IsCity ? null : DomainError.Create("auth.city_only", culture);
                if (forbidden is not null)
                {
                    return Task.FromResult<DomainError?>(forbidden);
                }

                var next = SubmissionStateMachine.Next(s.Status, action, culture);
                if (!next.IsSuccess)
                {
                    return Task.FromResult<DomainError?>(next.Error);
                }

                if (action == SubmissionAction.Return && TextRule.IsBlank(reason))
                {
                    return Task.FromResult<DomainError?>(DomainError.Create("submission.reason_required", culture, "reason"));
                }
                if (action == SubmissionAction.Return && TextRule.Check(reason, culture, TextKind.Paragraphs, field: "reason") is { } badReason)
                {
                    return Task.FromResult<DomainError?>(badReason);
                }

                if (action == SubmissionAction.Submit && s is AnnualPlan plan && CheckPlan(plan, culture) is { } planError)
                {
                    return Task.FromResult<DomainError?>(planError);
                }

                var now = runner.UtcNow;
                wasReturned = s.Status == SubmissionStatus.Returned;
                s.Status = next.Value;
                switch (action)
                {
                    case SubmissionAction.Submit:
                        s.FirstSubmittedUtc ??= now;
                        s.SubmittedUtc = now;
                        s.SubmittedById = actor.PersonId;
                        break;
                    case SubmissionAction.Accept:
                        s.ReviewedUtc = now;
                        s.ReviewedById = actor.PersonId;
                        s.ReturnReason = null;
                        break;
                    case SubmissionAction.Return:
                        s.ReviewedUtc = now;
                        s.ReviewedById = actor.PersonId;
                        s.ReturnReason = reason!.Trim();
                        s.ReturnCount++;
                        break;
                }
                return Task.FromResult<DomainError?>(null);
            },
            s => AuditEntries.For(actor, $"{subject}.{(wasReturned ? "resubmit" : verb)}", typeof(T).Name, s.Id, s.UnitId, runner.UtcNow,
                action == SubmissionAction.Return ? s.ReturnReason : null),
            ct,
            afterSave: action != SubmissionAction.Return ? null : async (s, token) =>
                await runner.NotifyAsync(await Recipients.UnitLiaisonsAsync(db, s.UnitId, token), id => new SubmissionReturnedNotice(id, subject, s.Id, s.ReturnCount), token));
    }

    private async Task<T?> Load<T>(int id, SubmissionAction action, CancellationToken ct) where T : ReviewableSubmission
    {
        IQueryable<T> query = db.Set<T>();
        if (action == SubmissionAction.Submit && typeof(T) == typeof(AnnualPlan))
        {
            // Coverage is checked on submit: the figures and the list with its enterprises.
            query = (IQueryable<T>)(object)db.AnnualPlans
                .Include(p => p.Categories)
                .Include(p => p.Entries).ThenInclude(e => e.Enterprise)
                .AsSplitQuery();
        }
        return await query.SingleOrDefaultAsync(s => s.Id == id, ct);
    }

    /// <summary>The plan must be coherent, and meet coverage or say why not.</summary>
    private static DomainError? CheckPlan(AnnualPlan plan, System.Globalization.CultureInfo culture)
    {
        if (plan.Entries.Count == 0 && plan.Categories.Count == 0)
        {
            return DomainError.Create("plan.empty", culture, "entries");
        }

        var coverage = Coverage.OfPlan(plan, culture);
        if (!coverage.IsValid)
        {
            return coverage.Refusals[0];
        }
        if (!coverage.IsMet && string.IsNullOrWhiteSpace(plan.ShortfallExplanation))
        {
            var total = coverage.Total!;
            return DomainError.Create("plan.coverage_not_met", culture, "shortfallExplanation",
                total.KeyMissing, coverage.Categories.Sum(c => c.GeneralShort));
        }
        return null;
    }
}
