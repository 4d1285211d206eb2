using System.Globalization;
using System.Text.Json;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Plans;

/// <summary>
/// The city bureau's own annual plan (市级年度监督检查计划), for both doors. The city is a unit (<see cref="UnitLevel.City"/>) with
/// an <see cref="AnnualPlan"/> like a county's, filed as an enterprise list with credit codes read and checked by the same reader
/// (<see cref="EnterpriseList"/>, planned column required). There is no one above it in this bot to review it: filed is
/// accepted. One plan a year: filing a second is refused (nothing written); the plan is changed by replacing its list with the
/// version seen: the API's PUT at once; the chat holds the sent list (<see cref="CityPlanListDraft"/>, <see cref="OfferReplacementAsync"/>)
/// and replaces only when its sender confirms with the version the offer showed (<see cref="ConfirmReplacementAsync"/>). The list names enterprises of any county (matched by credit code; the county's register is not changed); a
/// code nobody registered is registered to the city. After every filing the dovetailing runs in the same transaction
/// (<see cref="Dovetailing.AfterChangeAsync"/>).
/// </summary>
public sealed class CityPlanWorkflow(GuidanceDbContext db, INoticeOutbox outbox, TimeProvider time)
{
    private readonly WorkflowRunner runner = new(db, time, outbox);

    public const string FileAction = "plan.city_file", ReplaceAction = "plan.city_replace";

    /// <summary>The refusal of a second plan of the year (the chat answers it with the offer to replace the list).</summary>
    public const string ExistsCode = "city_plan.exists";

    /// <summary>
    /// Files the city's plan of <paramref name="year"/> (<paramref name="replacing"/> null) or replaces its list (<paramref name="replacing"/>:
    /// the version seen). <see cref="WorkflowResult.Id"/> is the plan, <see cref="WorkflowResult.Detail"/> how many enterprises it lists.
    /// </summary>
    public Task<WorkflowResult> FileAsync(int year, IReadOnlyList<EnterpriseListRow> rows, string fileName, Guid? replacing, Actor actor, CancellationToken ct = default) =>
        Check(year, rows, actor) ?? FileAsync(year, rows, fileName, replacing, null, actor, ct);

    /// <summary>
    /// City staff sent a list in the chat while the year's plan is filed: the list waits as <paramref name="actor"/>'s draft of the
    /// year (any earlier one of theirs replaced) and nothing of the plan changes. The offer says what the plan is and what the list
    /// would change; <see cref="ConfirmReplacementAsync"/> with its <see cref="CityPlanReplaceOffer.DraftId"/> and
    /// <see cref="CityPlanReplaceOffer.PlanVersion"/> replaces. No plan of the year yet: not found (file it instead).
    /// </summary>
    public async Task<(WorkflowResult Result, CityPlanReplaceOffer? Offer)> OfferReplacementAsync(int year, IReadOnlyList<EnterpriseListRow> rows, string fileName,
        Actor actor, CancellationToken ct = default)
    {
        if (Check(year, rows, actor) is { } refused)
        {
            return (await refused, null);
        }
        var plan = await CityPlanQuery(year).AsNoTracking().Include(p => p.Entries).ThenInclude(e => e.Enterprise).AsSplitQuery().FirstOrDefaultAsync(ct);
        if (plan is null || actor.PersonId is not { } personId)
        {
            return (WorkflowResult.NotFound(DomainError.Create("workflow.not_found", actor.Language, null, new Resources.TextRef("entity.AnnualPlan"))), null);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            // The sender's earlier list goes with the new one in one transaction: one list waits, never none by accident.
            await db.CityPlanListDrafts.Where(d => d.PersonId == personId && d.Year == year).ExecuteDeleteAsync(ct);
            var draft = new CityPlanListDraft
            {
                Id = Guid.NewGuid(), Year = year, PersonId = personId, CreatedUtc = runner.UtcNow, Rows = JsonSerializer.Serialize(rows, DraftJson),
                FileName = fileName.Length > CityPlanListDraft.FileNameMax ? fileName[..CityPlanListDraft.FileNameMax] : fileName,
            };
            db.CityPlanListDrafts.Add(draft);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);

            var now = plan.Entries.Select(e => CreditCode.Normalize(e.Enterprise!.CreditCode)).ToHashSet(StringComparer.Ordinal);
            var sent = rows.Select(r => CreditCode.Normalize(r.CreditCode)).ToHashSet(StringComparer.Ordinal);
            var filedBy = plan.SubmittedById is { } by ? await db.People.AsNoTracking().Where(p => p.Id == by).Select(p => p.Name).FirstOrDefaultAsync(ct) : null;
            return (WorkflowResult.Done(plan.Version, null, plan.Id), new CityPlanReplaceOffer(draft.Id, year, plan.Version, plan.Entries.Count,
                plan.SubmittedUtc ?? plan.CreatedUtc, filedBy, fileName, rows.Count, sent.Count(c => !now.Contains(c)), now.Count(c => !sent.Contains(c))));
        }
        catch (DbUpdateException)
        {
            // The same person's two lists at once: the other one waits.
            await tx.RollbackAsync(ct);
            return (WorkflowResult.Conflict(DomainError.Create("workflow.conflict", actor.Language, "version")), null);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// The offer confirmed: the list <paramref name="draftId"/> waiting for <paramref name="actor"/> replaces the plan's list if the plan
    /// is still at <paramref name="planVersion"/> (the step is <see cref="FileAsync(int, IReadOnlyList{EnterpriseListRow}, string, Guid?, Actor, CancellationToken)"/>
    /// with the version seen, the draft removed in its transaction). No such draft of theirs (used, replaced by a newer list, another
    /// person's) or another version: a conflict, nothing written.
    /// </summary>
    public async Task<WorkflowResult> ConfirmReplacementAsync(int year, Guid? draftId, Guid? planVersion, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsCity)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.city_only", actor.Language));
        }
        var draft = draftId is null || planVersion is null ? null
            : await db.CityPlanListDrafts.AsNoTracking().FirstOrDefaultAsync(d => d.Id == draftId && d.PersonId == actor.PersonId && d.Year == year, ct);
        if (draft is null)
        {
            return WorkflowResult.Conflict(DomainError.Create("workflow.conflict", actor.Language, "version"));
        }
        var rows = JsonSerializer.Deserialize<List<EnterpriseListRow>>(draft.Rows, DraftJson) ?? [];
        return await (Check(year, rows, actor) ?? FileAsync(year, rows, draft.FileName, planVersion, draft.Id, actor, ct));
    }

    private static readonly JsonSerializerOptions DraftJson = new(JsonSerializerDefaults.Web);

    private IQueryable<AnnualPlan> CityPlanQuery(int year) =>
        db.AnnualPlans.Where(p => p.Year == year && p.UnitId == db.Units.Where(u => u.Level == UnitLevel.City).OrderBy(u => u.Id).Select(u => u.Id).FirstOrDefault());

    /// <summary>What every city-plan step checks first: the actor is city staff, the year is one, the list has a row.</summary>
    private static Task<WorkflowResult>? Check(int year, IReadOnlyList<EnterpriseListRow> rows, Actor actor)
    {
        var culture = actor.Language;
        if (!actor.IsCity)
        {
            return Task.FromResult(WorkflowResult.Forbidden(DomainError.Create("auth.city_only", culture)));
        }
        if (!FieldLimits.IsYear(year))
        {
            return Task.FromResult(WorkflowResult.Refused(FieldLimits.YearOutOfRange(PlanFields.Year, culture, PlanFields.Year)));
        }
        return rows.Count == 0 ? Task.FromResult(WorkflowResult.Refused(DomainError.Create("plan.empty", culture, PlanFields.Entries))) : null;
    }

    private async Task<WorkflowResult> FileAsync(int year, IReadOnlyList<EnterpriseListRow> rows, string fileName, Guid? replacing, Guid? draftId, Actor actor,
        CancellationToken ct)
    {
        var culture = actor.Language;
        var city = await db.Units.AsNoTracking().Where(u => u.Level == UnitLevel.City).OrderBy(u => u.Id).FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException("No city unit is seeded.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var plan = await db.AnnualPlans.Include(p => p.Entries).Include(p => p.Categories).AsSplitQuery()
                .FirstOrDefaultAsync(p => p.UnitId == city.Id && p.Year == year, ct);
            if (plan is not null && replacing is null)
            {
                return WorkflowResult.Refused(DomainError.Create(ExistsCode, culture, "file", year));
            }
            if (plan is null && replacing is not null || plan is not null && plan.Version != replacing)
            {
                return WorkflowResult.Conflict(DomainError.Create("workflow.conflict", culture, "version"));
            }
            var now = runner.UtcNow;
            if (plan is null)
            {
                plan = new AnnualPlan { UnitId = city.Id, Year = year, Status = SubmissionStatus.Accepted, FirstSubmittedUtc = now, SubmittedUtc = now, SubmittedById = actor.PersonId };
                db.AnnualPlans.Add(plan);
            }
            else
            {
                plan.SubmittedUtc = now;
                plan.SubmittedById = actor.PersonId;
                db.Entry(plan).State = EntityState.Modified;
            }
            var known = new Dictionary<string, Enterprise>(StringComparer.Ordinal);
            foreach (var chunk in rows.Select(r => r.CreditCode).Chunk(500))
            {
                foreach (var e in await db.Enterprises.Where(e => chunk.Contains(e.CreditCode)).ToListAsync(ct))
                {
                    known[e.CreditCode] = e;
                }
            }
            if (draftId is not null)
            {
                db.CityPlanListDrafts.Remove(new CityPlanListDraft { Id = draftId.Value, FileName = "", Rows = "" });
            }
            var added = 0;
            plan.Entries.Clear();
            plan.Categories.Clear();
            foreach (var row in rows)
            {
                if (!known.TryGetValue(row.CreditCode, out var enterprise))
                {
                    enterprise = new Enterprise { UnitId = city.Id, Name = row.Name, CreditCode = row.CreditCode, CategoryCode = row.CategoryCode, Tier = row.Tier };
                    db.Enterprises.Add(enterprise);
                    known[row.CreditCode] = enterprise;
                    added++;
                }
                plan.Entries.Add(new PlanEntry { Enterprise = enterprise, Planned = row.Planned ?? false });
            }
            await db.SaveChangesAsync(ct);
            db.AuditLog.Add(AuditEntries.For(actor, replacing is null ? FileAction : ReplaceAction, nameof(AnnualPlan), plan.Id, city.Id, now,
                details: $"{year}; list {fileName}: {rows.Count} enterprises, {added} new"));
            await db.SaveChangesAsync(ct);
            await new Dovetailing(db).AfterChangeAsync(year, runner, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return WorkflowResult.Done(plan.Version, rows.Count.ToString(CultureInfo.InvariantCulture), plan.Id);
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
}

/// <summary>
/// What city staff read before replacing the city plan's list with the one they sent: the plan as filed (how many enterprises,
/// when, by whom) and what the sent list changes (enterprises added and removed, by credit code).
/// </summary>
public sealed record CityPlanReplaceOffer(Guid DraftId, int Year, Guid PlanVersion, int Enterprises, DateTime FiledUtc, string? FiledBy, string FileName,
    int ListEnterprises, int Added, int Removed);
