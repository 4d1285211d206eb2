using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Cases;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Files;
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
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data;

public class GuidanceDbContext(DbContextOptions<GuidanceDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<OrgUnit> Units => Set<OrgUnit>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<InviteCode> InviteCodes => Set<InviteCode>();
    public DbSet<EnterpriseCategory> EnterpriseCategories => Set<EnterpriseCategory>();
    public DbSet<Enterprise> Enterprises => Set<Enterprise>();
    public DbSet<AnnualPlan> AnnualPlans => Set<AnnualPlan>();
    public DbSet<CityPlanListDraft> CityPlanListDrafts => Set<CityPlanListDraft>();
    public DbSet<PlanApproval> PlanApprovals => Set<PlanApproval>();
    public DbSet<PlanPublication> PlanPublications => Set<PlanPublication>();
    public DbSet<StoredFile> Files => Set<StoredFile>();
    public DbSet<CheckTemplate> CheckTemplates => Set<CheckTemplate>();
    public DbSet<CheckItem> CheckItems => Set<CheckItem>();
    public DbSet<Years.YearSetup> YearSetups => Set<Years.YearSetup>();
    public DbSet<GuidanceVisit> Visits => Set<GuidanceVisit>();
    public DbSet<SpotCheckDraw> SpotCheckDraws => Set<SpotCheckDraw>();
    public DbSet<VisitMaterial> VisitMaterials => Set<VisitMaterial>();
    public DbSet<VisitDocument> VisitDocuments => Set<VisitDocument>();
    public DbSet<VisitFollowUp> VisitFollowUps => Set<VisitFollowUp>();
    public DbSet<OpinionLetter> Letters => Set<OpinionLetter>();
    public DbSet<LetterProblem> LetterProblems => Set<LetterProblem>();
    public DbSet<LetterNumberCounter> LetterNumberCounters => Set<LetterNumberCounter>();
    public DbSet<RectificationReport> RectificationReports => Set<RectificationReport>();
    public DbSet<RectificationItem> RectificationItems => Set<RectificationItem>();
    public DbSet<RectificationEvidence> RectificationEvidence => Set<RectificationEvidence>();
    public DbSet<AssignmentItem> Assignments => Set<AssignmentItem>();
    public DbSet<WeeklyAssignmentSnapshot> WeeklySnapshots => Set<WeeklyAssignmentSnapshot>();
    public DbSet<MonthlyReviewSnapshot> MonthlySnapshots => Set<MonthlyReviewSnapshot>();
    public DbSet<TypicalCase> TypicalCases => Set<TypicalCase>();
    public DbSet<TeamFiguresReport> TeamFigures => Set<TeamFiguresReport>();
    public DbSet<TrainingSession> TrainingSessions => Set<TrainingSession>();
    public DbSet<EnforcementProgressReport> EnforcementProgress => Set<EnforcementProgressReport>();
    public DbSet<ConversationReference> ConversationReferences => Set<ConversationReference>();
    public DbSet<DeliveryLedgerEntry> DeliveryLedger => Set<DeliveryLedgerEntry>();
    public DbSet<ProcessedActivity> ProcessedActivities => Set<ProcessedActivity>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<Calendars.HolidayCalendar> HolidayCalendars => Set<Calendars.HolidayCalendar>();

    /// <summary>PostgreSQL only (every instance shares the keys); ignored in the SQLite model.</summary>
    DbSet<DataProtectionKey> IDataProtectionKeyContext.DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as text: readable in SQL and in backups, and stable if members are reordered.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.ApplyConfigurationsFromAssembly(typeof(GuidanceDbContext).Assembly);

        // Every IVersioned entity carries an app-managed concurrency token (see VersioningInterceptor).
        foreach (var entity in b.Model.GetEntityTypes())
        {
            if (typeof(Common.IVersioned).IsAssignableFrom(entity.ClrType))
            {
                b.Entity(entity.ClrType).Property(nameof(Common.IVersioned.Version)).IsConcurrencyToken();
            }
        }

        if (Database.IsNpgsql())
        {
            DatabaseProviders.ApplyPostgreSqlModel(b);
        }
        else
        {
            b.Ignore<DataProtectionKey>(); // SQLite keeps the keys in the data folder
        }
    }
}
