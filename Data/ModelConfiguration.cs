using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Cases;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.TeamFigures;
using GuidanceBot.Data.Templates;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Visits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GuidanceBot.Data;

// Table shapes and keys. Indexes follow the queries: per unit and year, due rows, unique numbers.

internal sealed class HolidayCalendarConfiguration : IEntityTypeConfiguration<Calendars.HolidayCalendar>
{
    public void Configure(EntityTypeBuilder<Calendars.HolidayCalendar> e)
    {
        e.HasIndex(c => c.Year).IsUnique();
        e.Property(c => c.SourceTitle).HasMaxLength(Calendars.CalendarLimits.TitleMax);
        e.Property(c => c.SourceDocumentNumber).HasMaxLength(Calendars.CalendarLimits.DocumentNumberMax);
        e.Property(c => c.SourceUrl).HasMaxLength(Rules.FieldLimits.UrlMax);
        // Rows of their year, replaced whole on a save: a key of their own (SQLite numbers it).
        e.OwnsMany(c => c.DaysOff, d =>
        {
            d.ToTable("HolidayCalendarDaysOff");
            d.Property<int>("Id");
            d.HasKey("Id");
            d.Property(x => x.Name).HasMaxLength(Calendars.CalendarLimits.NameMax);
        });
        e.OwnsMany(c => c.ExtraWorkingDays, d =>
        {
            d.ToTable("HolidayCalendarWorkingDays");
            d.Property<int>("Id");
            d.HasKey("Id");
        });
    }
}

internal sealed class OrgUnitConfiguration : IEntityTypeConfiguration<OrgUnit>
{
    public void Configure(EntityTypeBuilder<OrgUnit> e)
    {
        e.HasIndex(u => u.Code).IsUnique();
        e.Property(u => u.Code).HasMaxLength(64);
        e.Property(u => u.Name).HasMaxLength(100);
        e.Property(u => u.ShortName).HasMaxLength(20);
        e.HasOne(u => u.Parent).WithMany(u => u.Children).HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> e)
    {
        e.HasIndex(p => new { p.TenantId, p.AadObjectId }).IsUnique();
        e.HasIndex(p => p.UnitId);
        e.Property(p => p.Name).HasMaxLength(100);
        e.HasOne(p => p.Unit).WithMany().HasForeignKey(p => p.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InviteCodeConfiguration : IEntityTypeConfiguration<InviteCode>
{
    public void Configure(EntityTypeBuilder<InviteCode> e)
    {
        e.HasIndex(i => i.CodeHash).IsUnique();
        e.HasOne(i => i.Unit).WithMany().HasForeignKey(i => i.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EnterpriseCategoryConfiguration : IEntityTypeConfiguration<EnterpriseCategory>
{
    public void Configure(EntityTypeBuilder<EnterpriseCategory> e)
    {
        e.HasKey(c => c.Code);
        e.Property(c => c.Code).HasMaxLength(40);
    }
}

internal sealed class EnterpriseConfiguration : IEntityTypeConfiguration<Enterprise>
{
    public void Configure(EntityTypeBuilder<Enterprise> e)
    {
        e.HasIndex(x => x.CreditCode).IsUnique();
        e.HasIndex(x => new { x.UnitId, x.CategoryCode, x.Tier });
        e.Property(x => x.CreditCode).HasMaxLength(18);
        e.Property(x => x.Name).HasMaxLength(200);
        e.HasOne(x => x.Unit).WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(x => x.Category).WithMany().HasForeignKey(x => x.CategoryCode).OnDelete(DeleteBehavior.Restrict);
    }
}

internal abstract class SubmissionConfiguration<T> : IEntityTypeConfiguration<T> where T : ReviewableSubmission
{
    public virtual void Configure(EntityTypeBuilder<T> e)
    {
        e.HasIndex(x => new { x.UnitId, x.Year }).IsUnique();
        e.HasIndex(x => new { x.Year, x.Status });
        e.HasOne(x => x.Unit).WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AnnualPlanConfiguration : SubmissionConfiguration<AnnualPlan>
{
    public override void Configure(EntityTypeBuilder<AnnualPlan> e)
    {
        base.Configure(e);
        e.HasMany(x => x.Categories).WithOne().HasForeignKey(c => c.AnnualPlanId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Entries).WithOne().HasForeignKey(c => c.AnnualPlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CityPlanListDraftConfiguration : IEntityTypeConfiguration<CityPlanListDraft>
{
    public void Configure(EntityTypeBuilder<CityPlanListDraft> e)
    {
        // One list waiting per person and year; the person's row goes, so does what waited for them.
        e.HasIndex(x => new { x.PersonId, x.Year }).IsUnique();
        e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.FileName).HasMaxLength(CityPlanListDraft.FileNameMax);
    }
}

internal sealed class PlanCategoryFiguresConfiguration : IEntityTypeConfiguration<PlanCategoryFigures>
{
    public void Configure(EntityTypeBuilder<PlanCategoryFigures> e)
    {
        e.HasIndex(x => new { x.AnnualPlanId, x.CategoryCode }).IsUnique();
    }
}

internal sealed class PlanEntryConfiguration : IEntityTypeConfiguration<PlanEntry>
{
    public void Configure(EntityTypeBuilder<PlanEntry> e)
    {
        e.HasIndex(x => new { x.AnnualPlanId, x.EnterpriseId }).IsUnique();
        e.HasOne(x => x.Enterprise).WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PlanApprovalConfiguration : SubmissionConfiguration<PlanApproval>;

internal sealed class PlanPublicationConfiguration : SubmissionConfiguration<PlanPublication>;

internal sealed class CheckTemplateConfiguration : IEntityTypeConfiguration<CheckTemplate>
{
    public void Configure(EntityTypeBuilder<CheckTemplate> e)
    {
        e.HasIndex(t => new { t.Year, t.Revision }).IsUnique();
        e.Property(t => t.Revision).HasDefaultValue(1);
        e.HasMany(t => t.Areas).WithOne().HasForeignKey(a => a.CheckTemplateId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CheckAreaConfiguration : IEntityTypeConfiguration<CheckArea>
{
    public void Configure(EntityTypeBuilder<CheckArea> e)
    {
        e.HasMany(a => a.Items).WithOne(i => i.Area).HasForeignKey(i => i.CheckAreaId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class GuidanceVisitConfiguration : IEntityTypeConfiguration<GuidanceVisit>
{
    public void Configure(EntityTypeBuilder<GuidanceVisit> e)
    {
        e.HasIndex(v => new { v.Year, v.UnitId });
        e.HasOne(v => v.Unit).WithMany().HasForeignKey(v => v.UnitId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(v => v.TeamMembers).WithOne().HasForeignKey(m => m.GuidanceVisitId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(v => v.Findings).WithOne().HasForeignKey(f => f.GuidanceVisitId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(v => v.Draw).WithOne().HasForeignKey<SpotCheckDraw>(d => d.GuidanceVisitId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(v => v.Template).WithMany().HasForeignKey(v => v.CheckTemplateId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class YearSetupConfiguration : IEntityTypeConfiguration<Years.YearSetup>
{
    public void Configure(EntityTypeBuilder<Years.YearSetup> e)
    {
        e.HasIndex(s => s.Year).IsUnique();
        e.HasOne(s => s.Template).WithMany().HasForeignKey(s => s.CheckTemplateId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class VisitFindingConfiguration : IEntityTypeConfiguration<VisitFinding>
{
    public void Configure(EntityTypeBuilder<VisitFinding> e)
    {
        e.HasIndex(f => new { f.GuidanceVisitId, f.CheckItemId }).IsUnique();
        e.HasOne(f => f.CheckItem).WithMany().HasForeignKey(f => f.CheckItemId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(f => f.FollowUp).WithMany().HasForeignKey(f => f.VisitFollowUpId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class VisitFollowUpConfiguration : IEntityTypeConfiguration<VisitFollowUp>
{
    public void Configure(EntityTypeBuilder<VisitFollowUp> e)
    {
        // One record per drawn enterprise of a visit: recording again replaces it.
        e.HasIndex(f => new { f.GuidanceVisitId, f.EnterpriseId }).IsUnique();
        e.HasOne(f => f.Visit).WithMany().HasForeignKey(f => f.GuidanceVisitId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(f => f.Enterprise).WithMany().HasForeignKey(f => f.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(f => f.Photos).WithOne().HasForeignKey(p => p.VisitFollowUpId).OnDelete(DeleteBehavior.Cascade);
        e.Property(f => f.ProcedureNote).HasMaxLength(VisitLimits.NoteMax);
        e.Property(f => f.DocumentsNote).HasMaxLength(VisitLimits.NoteMax);
        e.Property(f => f.ClosureNote).HasMaxLength(VisitLimits.NoteMax);
        e.Property(f => f.Notes).HasMaxLength(VisitLimits.NoteMax);
    }
}

internal sealed class VisitFollowUpPhotoConfiguration : IEntityTypeConfiguration<VisitFollowUpPhoto>
{
    public void Configure(EntityTypeBuilder<VisitFollowUpPhoto> e)
    {
        e.HasIndex(p => new { p.VisitFollowUpId, p.FileId }).IsUnique();
        e.HasOne(p => p.File).WithMany().HasForeignKey(p => p.FileId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class VisitMaterialConfiguration : IEntityTypeConfiguration<VisitMaterial>
{
    public void Configure(EntityTypeBuilder<VisitMaterial> e)
    {
        e.HasIndex(m => new { m.GuidanceVisitId, m.CheckItemId, m.MaterialIndex }).IsUnique();
        e.HasOne<GuidanceVisit>().WithMany().HasForeignKey(m => m.GuidanceVisitId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(m => m.CheckItem).WithMany().HasForeignKey(m => m.CheckItemId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(m => m.File).WithMany().HasForeignKey(m => m.FileId).OnDelete(DeleteBehavior.Restrict);
        e.Property(m => m.MaterialName).HasMaxLength(200);
        e.Property(m => m.Url).HasMaxLength(2000);
    }
}

internal sealed class SpotCheckDrawConfiguration : IEntityTypeConfiguration<SpotCheckDraw>
{
    public void Configure(EntityTypeBuilder<SpotCheckDraw> e)
    {
        e.HasMany(d => d.Enterprises).WithOne().HasForeignKey(x => x.SpotCheckDrawId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OpinionLetterConfiguration : IEntityTypeConfiguration<OpinionLetter>
{
    public void Configure(EntityTypeBuilder<OpinionLetter> e)
    {
        // Unique per issuer and year: the database backs the numbering rule.
        e.HasIndex(l => new { l.IssuerUnitId, l.Year, l.Serial }).IsUnique();
        e.HasIndex(l => new { l.Year, l.UnitId, l.Status });
        e.HasOne(l => l.Unit).WithMany().HasForeignKey(l => l.UnitId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(l => l.IssuerUnit).WithMany().HasForeignKey(l => l.IssuerUnitId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(l => l.Visit).WithMany().HasForeignKey(l => l.GuidanceVisitId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(l => l.Problems).WithOne().HasForeignKey(p => p.OpinionLetterId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LetterNumberCounterConfiguration : IEntityTypeConfiguration<LetterNumberCounter>
{
    public void Configure(EntityTypeBuilder<LetterNumberCounter> e) => e.HasKey(c => new { c.IssuerUnitId, c.Year });
}

internal sealed class RectificationReportConfiguration : IEntityTypeConfiguration<RectificationReport>
{
    public void Configure(EntityTypeBuilder<RectificationReport> e)
    {
        e.HasIndex(r => r.OpinionLetterId).IsUnique();
        e.HasIndex(r => r.UnitId);
        e.HasOne(r => r.Letter).WithMany().HasForeignKey(r => r.OpinionLetterId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(r => r.Items).WithOne().HasForeignKey(i => i.RectificationReportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RectificationItemConfiguration : IEntityTypeConfiguration<RectificationItem>
{
    public void Configure(EntityTypeBuilder<RectificationItem> e)
    {
        e.HasIndex(i => new { i.RectificationReportId, i.LetterProblemId }).IsUnique();
        e.HasOne(i => i.Problem).WithMany().HasForeignKey(i => i.LetterProblemId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(i => i.Evidence).WithOne().HasForeignKey(x => x.RectificationItemId).OnDelete(DeleteBehavior.Cascade);
        e.Property(i => i.CompletionNote).HasMaxLength(Letters.RectificationLimits.ReviewNoteMax);
        e.Ignore(i => i.AwaitsCompletion);
    }
}

internal sealed class RectificationEvidenceConfiguration : IEntityTypeConfiguration<RectificationEvidence>
{
    public void Configure(EntityTypeBuilder<RectificationEvidence> e)
    {
        // A stored file proving a measure stays while the evidence points at it.
        e.HasOne<Files.StoredFile>().WithMany().HasForeignKey(x => x.FileId).OnDelete(DeleteBehavior.Restrict);
        e.Property(x => x.Caption).HasMaxLength(200);
    }
}

internal sealed class VisitDocumentConfiguration : IEntityTypeConfiguration<VisitDocument>
{
    public void Configure(EntityTypeBuilder<VisitDocument> e)
    {
        e.HasIndex(d => d.GuidanceVisitId);
        e.HasOne<GuidanceVisit>().WithMany().HasForeignKey(d => d.GuidanceVisitId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(d => d.File).WithMany().HasForeignKey(d => d.FileId).OnDelete(DeleteBehavior.Restrict);
        e.Property(d => d.Caption).HasMaxLength(200);
    }
}

internal sealed class AssignmentItemConfiguration : IEntityTypeConfiguration<AssignmentItem>
{
    public void Configure(EntityTypeBuilder<AssignmentItem> e)
    {
        e.HasIndex(a => a.SubjectKey).IsUnique();
        e.HasIndex(a => new { a.Year, a.UnitId, a.ClosedOn });
        e.HasOne(a => a.Unit).WithMany().HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WeeklySnapshotConfiguration : IEntityTypeConfiguration<WeeklyAssignmentSnapshot>
{
    public void Configure(EntityTypeBuilder<WeeklyAssignmentSnapshot> e)
    {
        e.HasIndex(s => s.WeekStart).IsUnique();
        e.HasIndex(s => new { s.Year, s.Serial }).IsUnique();
        e.HasMany(s => s.Lines).WithOne().HasForeignKey(l => l.WeeklyAssignmentSnapshotId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MonthlySnapshotConfiguration : IEntityTypeConfiguration<MonthlyReviewSnapshot>
{
    public void Configure(EntityTypeBuilder<MonthlyReviewSnapshot> e)
    {
        e.HasIndex(s => new { s.Year, s.Month }).IsUnique();
        e.HasMany(s => s.Lines).WithOne().HasForeignKey(l => l.MonthlyReviewSnapshotId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(s => s.Overdue).WithOne().HasForeignKey(l => l.MonthlyReviewSnapshotId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TypicalCaseConfiguration : IEntityTypeConfiguration<TypicalCase>
{
    public void Configure(EntityTypeBuilder<TypicalCase> e)
    {
        e.HasIndex(c => new { c.Year, c.UnitId });
        e.HasIndex(c => new { c.UnitId, c.CaseNumber }).IsUnique();
        e.HasOne(c => c.Unit).WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TeamFiguresConfiguration : IEntityTypeConfiguration<TeamFiguresReport>
{
    public void Configure(EntityTypeBuilder<TeamFiguresReport> e)
    {
        e.HasIndex(t => new { t.UnitId, t.ReportedUtc });
        e.HasOne(t => t.Unit).WithMany().HasForeignKey(t => t.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TrainingSessionConfiguration : IEntityTypeConfiguration<TrainingSession>
{
    public void Configure(EntityTypeBuilder<TrainingSession> e)
    {
        e.HasIndex(t => new { t.UnitId, t.HeldOn });
        e.Property(t => t.Hours).HasPrecision(6, 1);
    }
}

internal sealed class EnforcementProgressConfiguration : IEntityTypeConfiguration<EnforcementProgressReport>
{
    public void Configure(EntityTypeBuilder<EnforcementProgressReport> e)
    {
        // Every filing is a row (a month re-reported keeps its earlier figures); the latest per month is current.
        e.HasIndex(p => new { p.UnitId, p.Year, p.Month, p.Id });
    }
}

internal sealed class ConversationReferenceConfiguration : IEntityTypeConfiguration<ConversationReference>
{
    public void Configure(EntityTypeBuilder<ConversationReference> e)
    {
        e.HasIndex(c => new { c.ChannelId, c.ConversationId, c.UserId }).IsUnique();
        e.HasIndex(c => new { c.PersonId, c.ConversationType, c.IsActive });
        e.HasIndex(c => new { c.TenantId, c.AadObjectId });
    }
}

internal sealed class DeliveryLedgerConfiguration : IEntityTypeConfiguration<DeliveryLedgerEntry>
{
    public void Configure(EntityTypeBuilder<DeliveryLedgerEntry> e)
    {
        e.HasIndex(d => d.IdempotencyKey).IsUnique();
        e.HasIndex(d => new { d.Status, d.DueUtc });
        e.HasIndex(d => d.PersonId);
        e.Property(d => d.IdempotencyKey).HasMaxLength(300);
    }
}

internal sealed class ProcessedActivityConfiguration : IEntityTypeConfiguration<ProcessedActivity>
{
    public void Configure(EntityTypeBuilder<ProcessedActivity> e)
    {
        e.HasKey(p => p.Key);
        e.HasIndex(p => p.ReceivedUtc);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.HasIndex(a => a.OccurredUtc);
        e.HasIndex(a => new { a.UnitId, a.OccurredUtc });
        e.HasIndex(a => new { a.ActorPersonId, a.OccurredUtc });
    }
}
