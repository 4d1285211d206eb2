using System.Globalization;
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
/// version seen. The list names enterprises of any county (matched by credit code; the county's register is not changed); a
/// code nobody registered is registered to the city. After every filing the dovetailing runs in the same transaction
/// (<see cref="Dovetailing.AfterChangeAsync"/>).
/// </summary>
public sealed class CityPlanWorkflow(GuidanceDbContext db, INoticeOutbox outbox, TimeProvider time)
{
    private readonly WorkflowRunner runner = new(db, time, outbox);

    public const string FileAction = "plan.city_file", ReplaceAction = "plan.city_replace";

    /// <summary>
    /// Files the city's plan of <paramref name="year"/> (<paramref name="replacing"/> null) or replaces its list (<paramref name="replacing"/>:
    /// the version seen). <see cref="WorkflowResult.Id"/> is the plan, <see cref="WorkflowResult.Detail"/> how many enterprises it lists.
    /// </summary>
    public async Task<WorkflowResult> FileAsync(int year, IReadOnlyList<EnterpriseListRow> rows, string fileName, Guid? replacing, Actor actor, CancellationToken ct = default)
    {
        var culture = actor.Language;
        if (!actor.IsCity)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.city_only", culture));
        }
        if (!FieldLimits.IsYear(year))
        {
            return WorkflowResult.Refused(FieldLimits.YearOutOfRange(PlanFields.Year, culture, PlanFields.Year));
        }
        if (rows.Count == 0)
        {
            return WorkflowResult.Refused(DomainError.Create("plan.empty", culture, PlanFields.Entries));
        }
        var city = await db.Units.AsNoTracking().Where(u => u.Level == UnitLevel.City).OrderBy(u => u.Id).FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException("No city unit is seeded.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var plan = await db.AnnualPlans.Include(p => p.Entries).Include(p => p.Categories).AsSplitQuery()
                .FirstOrDefaultAsync(p => p.UnitId == city.Id && p.Year == year, ct);
            if (plan is not null && replacing is null)
            {
                return WorkflowResult.Refused(DomainError.Create("city_plan.exists", culture, "file", year));
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
