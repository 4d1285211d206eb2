using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace GuidanceBot.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class InitialModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OccurredUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ActorPersonId = table.Column<int>(type: "integer", nullable: true),
                    ActorName = table.Column<string>(type: "text", nullable: false),
                    Action = table.Column<string>(type: "text", nullable: false),
                    EntityType = table.Column<string>(type: "text", nullable: false),
                    EntityId = table.Column<string>(type: "text", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    Details = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditLog", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CheckTemplates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false, defaultValue: 1),
                    Title = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CheckTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ConversationReferences",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PersonId = table.Column<int>(type: "integer", nullable: true),
                    ChannelId = table.Column<string>(type: "text", nullable: false),
                    ServiceUrl = table.Column<string>(type: "text", nullable: false),
                    ConversationId = table.Column<string>(type: "text", nullable: false),
                    ConversationType = table.Column<string>(type: "text", nullable: false),
                    TenantId = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<string>(type: "text", nullable: true),
                    AadObjectId = table.Column<string>(type: "text", nullable: true),
                    BotId = table.Column<string>(type: "text", nullable: true),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    InactiveReason = table.Column<string>(type: "text", nullable: true),
                    FirstSeenUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastSeenUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConversationReferences", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DeliveryLedger",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IdempotencyKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    PersonId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Subject = table.Column<string>(type: "text", nullable: false),
                    Stage = table.Column<string>(type: "text", nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    DueUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ClaimedBy = table.Column<string>(type: "text", nullable: true),
                    LeaseExpiresUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "text", nullable: true),
                    SentUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SentActivityId = table.Column<string>(type: "text", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeliveryLedger", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EnforcementProgress",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Month = table.Column<int>(type: "integer", nullable: false),
                    InspectionsDone = table.Column<int>(type: "integer", nullable: false),
                    PenaltiesDecided = table.Column<int>(type: "integer", nullable: false),
                    RecordsEnteredInProvincialSystem = table.Column<int>(type: "integer", nullable: false),
                    DoubleRandomResultsPublished = table.Column<int>(type: "integer", nullable: false),
                    PenaltiesPublishedInCreditSystem = table.Column<int>(type: "integer", nullable: false),
                    EnterpriseListUpdatedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    StaffListUpdatedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    MatterListUpdatedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ReportedById = table.Column<int>(type: "integer", nullable: false),
                    ReportedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EnforcementProgress", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EnterpriseCategories",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    NameEn = table.Column<string>(type: "text", nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EnterpriseCategories", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "Files",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    FileName = table.Column<string>(type: "text", nullable: false),
                    ContentType = table.Column<string>(type: "text", nullable: false),
                    Length = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "text", nullable: false),
                    UploadedById = table.Column<int>(type: "integer", nullable: true),
                    UploadedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Files", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HolidayCalendars",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Origin = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SourceTitle = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SourceDocumentNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    SourceIssued = table.Column<DateOnly>(type: "date", nullable: true),
                    SourceUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedById = table.Column<int>(type: "integer", nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HolidayCalendars", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LetterNumberCounters",
                columns: table => new
                {
                    IssuerUnitId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    LastSerial = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LetterNumberCounters", x => new { x.IssuerUnitId, x.Year });
                });

            migrationBuilder.CreateTable(
                name: "MonthlySnapshots",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Month = table.Column<int>(type: "integer", nullable: false),
                    GeneratedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonthlySnapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProcessedActivities",
                columns: table => new
                {
                    Key = table.Column<string>(type: "text", nullable: false),
                    ReceivedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Response = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcessedActivities", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "TrainingSessions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    HeldOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Topic = table.Column<string>(type: "text", nullable: false),
                    Hours = table.Column<decimal>(type: "numeric(6,1)", precision: 6, scale: 1, nullable: false),
                    Participants = table.Column<int>(type: "integer", nullable: false),
                    ReportedById = table.Column<int>(type: "integer", nullable: false),
                    ReportedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingSessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Units",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ShortName = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    NameEn = table.Column<string>(type: "text", nullable: true),
                    Level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ParentId = table.Column<int>(type: "integer", nullable: true),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Units", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Units_Units_ParentId",
                        column: x => x.ParentId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WeeklySnapshots",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Serial = table.Column<int>(type: "integer", nullable: false),
                    WeekStart = table.Column<DateOnly>(type: "date", nullable: false),
                    GeneratedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeeklySnapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CheckArea",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CheckTemplateId = table.Column<int>(type: "integer", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    TitleEn = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CheckArea", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CheckArea_CheckTemplates_CheckTemplateId",
                        column: x => x.CheckTemplateId,
                        principalTable: "CheckTemplates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "YearSetups",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PlanFilingDue = table.Column<DateOnly>(type: "date", nullable: true),
                    ApprovalFilingDue = table.Column<DateOnly>(type: "date", nullable: true),
                    PublicationDue = table.Column<DateOnly>(type: "date", nullable: true),
                    VisitsDoneBy = table.Column<DateOnly>(type: "date", nullable: true),
                    ProgressWorkingDay = table.Column<int>(type: "integer", nullable: false),
                    LetterDueWorkingDays = table.Column<int>(type: "integer", nullable: false),
                    RectificationWorkingDays = table.Column<int>(type: "integer", nullable: false),
                    UnitIds = table.Column<List<int>>(type: "integer[]", nullable: false),
                    CheckTemplateId = table.Column<int>(type: "integer", nullable: false),
                    PublishedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_YearSetups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_YearSetups_CheckTemplates_CheckTemplateId",
                        column: x => x.CheckTemplateId,
                        principalTable: "CheckTemplates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "HolidayCalendarDaysOff",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    First = table.Column<DateOnly>(type: "date", nullable: false),
                    Last = table.Column<DateOnly>(type: "date", nullable: false),
                    HolidayCalendarId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HolidayCalendarDaysOff", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HolidayCalendarDaysOff_HolidayCalendars_HolidayCalendarId",
                        column: x => x.HolidayCalendarId,
                        principalTable: "HolidayCalendars",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HolidayCalendarWorkingDays",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    HolidayCalendarId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HolidayCalendarWorkingDays", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HolidayCalendarWorkingDays_HolidayCalendars_HolidayCalendar~",
                        column: x => x.HolidayCalendarId,
                        principalTable: "HolidayCalendars",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MonthlyOverdueLine",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MonthlyReviewSnapshotId = table.Column<int>(type: "integer", nullable: false),
                    AssignmentItemId = table.Column<int>(type: "integer", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    UnitName = table.Column<string>(type: "text", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    DaysOverdue = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonthlyOverdueLine", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MonthlyOverdueLine_MonthlySnapshots_MonthlyReviewSnapshotId",
                        column: x => x.MonthlyReviewSnapshotId,
                        principalTable: "MonthlySnapshots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MonthlyReviewLine",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MonthlyReviewSnapshotId = table.Column<int>(type: "integer", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    UnitName = table.Column<string>(type: "text", nullable: false),
                    Assigned = table.Column<int>(type: "integer", nullable: false),
                    ClosedOnTime = table.Column<int>(type: "integer", nullable: false),
                    ClosedLate = table.Column<int>(type: "integer", nullable: false),
                    Overdue = table.Column<int>(type: "integer", nullable: false),
                    Open = table.Column<int>(type: "integer", nullable: false),
                    OnTimePermille = table.Column<int>(type: "integer", nullable: true),
                    OnTimePermilleChange = table.Column<int>(type: "integer", nullable: true),
                    Rank = table.Column<int>(type: "integer", nullable: false),
                    TypicalCasesReported = table.Column<int>(type: "integer", nullable: false),
                    TypicalCasesQualified = table.Column<int>(type: "integer", nullable: false),
                    TypicalCasesReportedInMonth = table.Column<int>(type: "integer", nullable: false),
                    TypicalCasesQualifiedInMonth = table.Column<int>(type: "integer", nullable: false),
                    PenaltiesInMonth = table.Column<int>(type: "integer", nullable: true),
                    PenaltiesPublishedInMonth = table.Column<int>(type: "integer", nullable: true),
                    ListsUpdatedInMonth = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonthlyReviewLine", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MonthlyReviewLine_MonthlySnapshots_MonthlyReviewSnapshotId",
                        column: x => x.MonthlyReviewSnapshotId,
                        principalTable: "MonthlySnapshots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AnnualPlans",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ShortfallExplanation = table.Column<string>(type: "text", nullable: true),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FirstSubmittedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SubmittedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SubmittedById = table.Column<int>(type: "integer", nullable: true),
                    ReviewedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReviewedById = table.Column<int>(type: "integer", nullable: true),
                    ReturnReason = table.Column<string>(type: "text", nullable: true),
                    ReturnCount = table.Column<int>(type: "integer", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnualPlans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AnnualPlans_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Assignments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SubjectKey = table.Column<string>(type: "text", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    OwnerPersonId = table.Column<int>(type: "integer", nullable: true),
                    OwnerName = table.Column<string>(type: "text", nullable: true),
                    AssignedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Assignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Assignments_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Enterprises",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreditCode = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    CategoryCode = table.Column<string>(type: "character varying(40)", nullable: false),
                    Tier = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Enterprises", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Enterprises_EnterpriseCategories_CategoryCode",
                        column: x => x.CategoryCode,
                        principalTable: "EnterpriseCategories",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Enterprises_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "InviteCodes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CodeHash = table.Column<string>(type: "text", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    InviteeName = table.Column<string>(type: "text", nullable: false),
                    ExpiresUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedById = table.Column<int>(type: "integer", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RedeemedByPersonId = table.Column<int>(type: "integer", nullable: true),
                    RedeemedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InviteCodes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InviteCodes_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "People",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Phone = table.Column<string>(type: "text", nullable: true),
                    AadObjectId = table.Column<string>(type: "text", nullable: true),
                    TenantId = table.Column<string>(type: "text", nullable: true),
                    PreferredLanguage = table.Column<string>(type: "text", nullable: true),
                    MutedOptionalNudges = table.Column<bool>(type: "boolean", nullable: false),
                    UnreachableSinceUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_People", x => x.Id);
                    table.ForeignKey(
                        name: "FK_People_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PlanApprovals",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ApprovalKind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ApprovalDocumentNumber = table.Column<string>(type: "text", nullable: true),
                    ApprovalDate = table.Column<DateOnly>(type: "date", nullable: true),
                    ApprovalAttachmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    FilingDate = table.Column<DateOnly>(type: "date", nullable: true),
                    FilingDocumentNumber = table.Column<string>(type: "text", nullable: true),
                    FilingAttachmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FirstSubmittedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SubmittedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SubmittedById = table.Column<int>(type: "integer", nullable: true),
                    ReviewedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReviewedById = table.Column<int>(type: "integer", nullable: true),
                    ReturnReason = table.Column<string>(type: "text", nullable: true),
                    ReturnCount = table.Column<int>(type: "integer", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanApprovals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanApprovals_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PlanPublications",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlanUrl = table.Column<string>(type: "text", nullable: true),
                    DoubleRandomPlanUrl = table.Column<string>(type: "text", nullable: true),
                    PublishedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FirstSubmittedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SubmittedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SubmittedById = table.Column<int>(type: "integer", nullable: true),
                    ReviewedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReviewedById = table.Column<int>(type: "integer", nullable: true),
                    ReturnReason = table.Column<string>(type: "text", nullable: true),
                    ReturnCount = table.Column<int>(type: "integer", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanPublications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanPublications_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TeamFigures",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    ReportedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReportedById = table.Column<int>(type: "integer", nullable: false),
                    ApprovedPosts = table.Column<int>(type: "integer", nullable: false),
                    StaffOnPost = table.Column<int>(type: "integer", nullable: false),
                    CertifiedStaff = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "text", nullable: true),
                    EducationPostgraduate = table.Column<int>(type: "integer", nullable: false),
                    EducationBachelor = table.Column<int>(type: "integer", nullable: false),
                    EducationCollege = table.Column<int>(type: "integer", nullable: false),
                    EducationOther = table.Column<int>(type: "integer", nullable: false),
                    RelatedFieldOfStudy = table.Column<int>(type: "integer", nullable: false),
                    AgeUnder35 = table.Column<int>(type: "integer", nullable: false),
                    Age35To49 = table.Column<int>(type: "integer", nullable: false),
                    Age50AndOver = table.Column<int>(type: "integer", nullable: false),
                    Men = table.Column<int>(type: "integer", nullable: false),
                    Women = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TeamFigures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TeamFigures_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TypicalCases",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    CaseNumber = table.Column<string>(type: "text", nullable: false),
                    ReportedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EnforcementType = table.Column<string>(type: "text", nullable: false),
                    ReportedById = table.Column<int>(type: "integer", nullable: false),
                    Qualification = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ProcedureSound = table.Column<bool>(type: "boolean", nullable: true),
                    ContentAccurate = table.Column<bool>(type: "boolean", nullable: true),
                    EvidenceConclusive = table.Column<bool>(type: "boolean", nullable: true),
                    LawCorrectlyApplied = table.Column<bool>(type: "boolean", nullable: true),
                    FileComplete = table.Column<bool>(type: "boolean", nullable: true),
                    QualificationReason = table.Column<string>(type: "text", nullable: true),
                    JudgedById = table.Column<int>(type: "integer", nullable: true),
                    JudgedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TypicalCases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TypicalCases_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Visits",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PlannedMonth = table.Column<int>(type: "integer", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: true),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CancelReason = table.Column<string>(type: "text", nullable: true),
                    CheckTemplateId = table.Column<int>(type: "integer", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Visits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Visits_CheckTemplates_CheckTemplateId",
                        column: x => x.CheckTemplateId,
                        principalTable: "CheckTemplates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Visits_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WeeklyAssignmentLine",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WeeklyAssignmentSnapshotId = table.Column<int>(type: "integer", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    AssignmentItemId = table.Column<int>(type: "integer", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    UnitName = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    OwnerName = table.Column<string>(type: "text", nullable: true),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeeklyAssignmentLine", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WeeklyAssignmentLine_WeeklySnapshots_WeeklyAssignmentSnapsh~",
                        column: x => x.WeeklyAssignmentSnapshotId,
                        principalTable: "WeeklySnapshots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WeeklyCaseLine",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WeeklyAssignmentSnapshotId = table.Column<int>(type: "integer", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    UnitName = table.Column<string>(type: "text", nullable: false),
                    ReportedLastWeek = table.Column<int>(type: "integer", nullable: false),
                    AwaitingJudgement = table.Column<int>(type: "integer", nullable: false),
                    ReportedInYear = table.Column<int>(type: "integer", nullable: false),
                    QualifiedInYear = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeeklyCaseLine", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WeeklyCaseLine_WeeklySnapshots_WeeklyAssignmentSnapshotId",
                        column: x => x.WeeklyAssignmentSnapshotId,
                        principalTable: "WeeklySnapshots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CheckItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CheckAreaId = table.Column<int>(type: "integer", nullable: false),
                    Code = table.Column<string>(type: "text", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    TitleEn = table.Column<string>(type: "text", nullable: false),
                    Criteria = table.Column<string>(type: "text", nullable: false),
                    Materials = table.Column<List<string>>(type: "text[]", nullable: false),
                    MaterialsEn = table.Column<List<string>>(type: "text[]", nullable: false),
                    MaterialSources = table.Column<List<string>>(type: "text[]", nullable: false),
                    CityAssessment = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CheckItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CheckItems_CheckArea_CheckAreaId",
                        column: x => x.CheckAreaId,
                        principalTable: "CheckArea",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlanCategoryFigures",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AnnualPlanId = table.Column<int>(type: "integer", nullable: false),
                    CategoryCode = table.Column<string>(type: "text", nullable: false),
                    KeyTotal = table.Column<int>(type: "integer", nullable: false),
                    KeyPlanned = table.Column<int>(type: "integer", nullable: false),
                    GeneralTotal = table.Column<int>(type: "integer", nullable: false),
                    GeneralPlanned = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanCategoryFigures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanCategoryFigures_AnnualPlans_AnnualPlanId",
                        column: x => x.AnnualPlanId,
                        principalTable: "AnnualPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlanEntry",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AnnualPlanId = table.Column<int>(type: "integer", nullable: false),
                    EnterpriseId = table.Column<int>(type: "integer", nullable: false),
                    Planned = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanEntry", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanEntry_AnnualPlans_AnnualPlanId",
                        column: x => x.AnnualPlanId,
                        principalTable: "AnnualPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PlanEntry_Enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "Enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Letters",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    IssuerUnitId = table.Column<int>(type: "integer", nullable: false),
                    GuidanceVisitId = table.Column<int>(type: "integer", nullable: true),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Serial = table.Column<int>(type: "integer", nullable: true),
                    Number = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    VisitDate = table.Column<DateOnly>(type: "date", nullable: false),
                    ReportDeadline = table.Column<DateOnly>(type: "date", nullable: false),
                    CountyResponsibleName = table.Column<string>(type: "text", nullable: true),
                    CityContactName = table.Column<string>(type: "text", nullable: false),
                    CityContactPhone = table.Column<string>(type: "text", nullable: false),
                    IssuedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    IssuedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    IssuedById = table.Column<int>(type: "integer", nullable: true),
                    AcknowledgedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AcknowledgedById = table.Column<int>(type: "integer", nullable: true),
                    AcknowledgedByName = table.Column<string>(type: "text", nullable: true),
                    ClosedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Letters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Letters_Units_IssuerUnitId",
                        column: x => x.IssuerUnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Letters_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Letters_Visits_GuidanceVisitId",
                        column: x => x.GuidanceVisitId,
                        principalTable: "Visits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SpotCheckDraws",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    GuidanceVisitId = table.Column<int>(type: "integer", nullable: false),
                    Seed = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    CandidateIds = table.Column<string>(type: "text", nullable: false),
                    Algorithm = table.Column<string>(type: "text", nullable: false),
                    DrawnUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DrawnById = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpotCheckDraws", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SpotCheckDraws_Visits_GuidanceVisitId",
                        column: x => x.GuidanceVisitId,
                        principalTable: "Visits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VisitDocuments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    GuidanceVisitId = table.Column<int>(type: "integer", nullable: false),
                    FileId = table.Column<Guid>(type: "uuid", nullable: false),
                    Caption = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AddedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AddedById = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitDocuments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VisitDocuments_Files_FileId",
                        column: x => x.FileId,
                        principalTable: "Files",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_VisitDocuments_Visits_GuidanceVisitId",
                        column: x => x.GuidanceVisitId,
                        principalTable: "Visits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VisitFollowUps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    GuidanceVisitId = table.Column<int>(type: "integer", nullable: false),
                    EnterpriseId = table.Column<int>(type: "integer", nullable: false),
                    ObservedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Procedure = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ProcedureNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Documents = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    DocumentsNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Closure = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ClosureNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RecordedById = table.Column<int>(type: "integer", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitFollowUps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VisitFollowUps_Enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "Enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_VisitFollowUps_Visits_GuidanceVisitId",
                        column: x => x.GuidanceVisitId,
                        principalTable: "Visits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VisitTeamMember",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    GuidanceVisitId = table.Column<int>(type: "integer", nullable: false),
                    PersonId = table.Column<int>(type: "integer", nullable: false),
                    IsLead = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitTeamMember", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VisitTeamMember_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_VisitTeamMember_Visits_GuidanceVisitId",
                        column: x => x.GuidanceVisitId,
                        principalTable: "Visits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VisitMaterials",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    GuidanceVisitId = table.Column<int>(type: "integer", nullable: false),
                    CheckItemId = table.Column<int>(type: "integer", nullable: false),
                    MaterialIndex = table.Column<int>(type: "integer", nullable: false),
                    MaterialName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    FileId = table.Column<Guid>(type: "uuid", nullable: true),
                    Url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ProvidedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ProvidedById = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitMaterials", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VisitMaterials_CheckItems_CheckItemId",
                        column: x => x.CheckItemId,
                        principalTable: "CheckItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_VisitMaterials_Files_FileId",
                        column: x => x.FileId,
                        principalTable: "Files",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_VisitMaterials_Visits_GuidanceVisitId",
                        column: x => x.GuidanceVisitId,
                        principalTable: "Visits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LetterProblems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OpinionLetterId = table.Column<int>(type: "integer", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    CheckItemId = table.Column<int>(type: "integer", nullable: true),
                    Problem = table.Column<string>(type: "text", nullable: false),
                    Opinion = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LetterProblems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LetterProblems_Letters_OpinionLetterId",
                        column: x => x.OpinionLetterId,
                        principalTable: "Letters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RectificationReports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OpinionLetterId = table.Column<int>(type: "integer", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ResponsibleName = table.Column<string>(type: "text", nullable: true),
                    SubmittedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SubmittedById = table.Column<int>(type: "integer", nullable: true),
                    IsLate = table.Column<bool>(type: "boolean", nullable: false),
                    SubmissionCount = table.Column<int>(type: "integer", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RectificationReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RectificationReports_Letters_OpinionLetterId",
                        column: x => x.OpinionLetterId,
                        principalTable: "Letters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SpotCheckedEnterprise",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SpotCheckDrawId = table.Column<int>(type: "integer", nullable: false),
                    EnterpriseId = table.Column<int>(type: "integer", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpotCheckedEnterprise", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SpotCheckedEnterprise_Enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "Enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SpotCheckedEnterprise_SpotCheckDraws_SpotCheckDrawId",
                        column: x => x.SpotCheckDrawId,
                        principalTable: "SpotCheckDraws",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VisitFinding",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    GuidanceVisitId = table.Column<int>(type: "integer", nullable: false),
                    CheckItemId = table.Column<int>(type: "integer", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Note = table.Column<string>(type: "text", nullable: true),
                    RecordedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedById = table.Column<int>(type: "integer", nullable: false),
                    VisitFollowUpId = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitFinding", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VisitFinding_CheckItems_CheckItemId",
                        column: x => x.CheckItemId,
                        principalTable: "CheckItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_VisitFinding_VisitFollowUps_VisitFollowUpId",
                        column: x => x.VisitFollowUpId,
                        principalTable: "VisitFollowUps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_VisitFinding_Visits_GuidanceVisitId",
                        column: x => x.GuidanceVisitId,
                        principalTable: "Visits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VisitFollowUpPhoto",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    VisitFollowUpId = table.Column<int>(type: "integer", nullable: false),
                    FileId = table.Column<Guid>(type: "uuid", nullable: false),
                    AddedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitFollowUpPhoto", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VisitFollowUpPhoto_Files_FileId",
                        column: x => x.FileId,
                        principalTable: "Files",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_VisitFollowUpPhoto_VisitFollowUps_VisitFollowUpId",
                        column: x => x.VisitFollowUpId,
                        principalTable: "VisitFollowUps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RectificationItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RectificationReportId = table.Column<int>(type: "integer", nullable: false),
                    LetterProblemId = table.Column<int>(type: "integer", nullable: false),
                    Measures = table.Column<string>(type: "text", nullable: true),
                    Progress = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ExpectedCompletion = table.Column<DateOnly>(type: "date", nullable: true),
                    Decision = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ReviewNote = table.Column<string>(type: "text", nullable: true),
                    ReviewedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReviewedById = table.Column<int>(type: "integer", nullable: true),
                    CompletedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    CompletionNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CompletionConfirmedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CompletionConfirmedById = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RectificationItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RectificationItems_LetterProblems_LetterProblemId",
                        column: x => x.LetterProblemId,
                        principalTable: "LetterProblems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RectificationItems_RectificationReports_RectificationReport~",
                        column: x => x.RectificationReportId,
                        principalTable: "RectificationReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RectificationEvidence",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RectificationItemId = table.Column<int>(type: "integer", nullable: false),
                    FileId = table.Column<Guid>(type: "uuid", nullable: true),
                    Url = table.Column<string>(type: "text", nullable: true),
                    Caption = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RectificationEvidence", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RectificationEvidence_Files_FileId",
                        column: x => x.FileId,
                        principalTable: "Files",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RectificationEvidence_RectificationItems_RectificationItemId",
                        column: x => x.RectificationItemId,
                        principalTable: "RectificationItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnnualPlans_UnitId_Year",
                table: "AnnualPlans",
                columns: new[] { "UnitId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AnnualPlans_Year_Status",
                table: "AnnualPlans",
                columns: new[] { "Year", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Assignments_SubjectKey",
                table: "Assignments",
                column: "SubjectKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Assignments_UnitId",
                table: "Assignments",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_Assignments_Year_UnitId_ClosedOn",
                table: "Assignments",
                columns: new[] { "Year", "UnitId", "ClosedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_ActorPersonId_OccurredUtc",
                table: "AuditLog",
                columns: new[] { "ActorPersonId", "OccurredUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_OccurredUtc",
                table: "AuditLog",
                column: "OccurredUtc");

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_UnitId_OccurredUtc",
                table: "AuditLog",
                columns: new[] { "UnitId", "OccurredUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_CheckArea_CheckTemplateId",
                table: "CheckArea",
                column: "CheckTemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_CheckItems_CheckAreaId",
                table: "CheckItems",
                column: "CheckAreaId");

            migrationBuilder.CreateIndex(
                name: "IX_CheckTemplates_Year_Revision",
                table: "CheckTemplates",
                columns: new[] { "Year", "Revision" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConversationReferences_ChannelId_ConversationId_UserId",
                table: "ConversationReferences",
                columns: new[] { "ChannelId", "ConversationId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConversationReferences_PersonId_ConversationType_IsActive",
                table: "ConversationReferences",
                columns: new[] { "PersonId", "ConversationType", "IsActive" });

            migrationBuilder.CreateIndex(
                name: "IX_ConversationReferences_TenantId_AadObjectId",
                table: "ConversationReferences",
                columns: new[] { "TenantId", "AadObjectId" });

            migrationBuilder.CreateIndex(
                name: "IX_DeliveryLedger_IdempotencyKey",
                table: "DeliveryLedger",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DeliveryLedger_PersonId",
                table: "DeliveryLedger",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_DeliveryLedger_Status_DueUtc",
                table: "DeliveryLedger",
                columns: new[] { "Status", "DueUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_EnforcementProgress_UnitId_Year_Month_Id",
                table: "EnforcementProgress",
                columns: new[] { "UnitId", "Year", "Month", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Enterprises_CategoryCode",
                table: "Enterprises",
                column: "CategoryCode");

            migrationBuilder.CreateIndex(
                name: "IX_Enterprises_CreditCode",
                table: "Enterprises",
                column: "CreditCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Enterprises_UnitId_CategoryCode_Tier",
                table: "Enterprises",
                columns: new[] { "UnitId", "CategoryCode", "Tier" });

            migrationBuilder.CreateIndex(
                name: "IX_HolidayCalendarDaysOff_HolidayCalendarId",
                table: "HolidayCalendarDaysOff",
                column: "HolidayCalendarId");

            migrationBuilder.CreateIndex(
                name: "IX_HolidayCalendars_Year",
                table: "HolidayCalendars",
                column: "Year",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HolidayCalendarWorkingDays_HolidayCalendarId",
                table: "HolidayCalendarWorkingDays",
                column: "HolidayCalendarId");

            migrationBuilder.CreateIndex(
                name: "IX_InviteCodes_CodeHash",
                table: "InviteCodes",
                column: "CodeHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InviteCodes_UnitId",
                table: "InviteCodes",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_LetterProblems_OpinionLetterId",
                table: "LetterProblems",
                column: "OpinionLetterId");

            migrationBuilder.CreateIndex(
                name: "IX_Letters_GuidanceVisitId",
                table: "Letters",
                column: "GuidanceVisitId");

            migrationBuilder.CreateIndex(
                name: "IX_Letters_IssuerUnitId_Year_Serial",
                table: "Letters",
                columns: new[] { "IssuerUnitId", "Year", "Serial" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Letters_UnitId",
                table: "Letters",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_Letters_Year_UnitId_Status",
                table: "Letters",
                columns: new[] { "Year", "UnitId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyOverdueLine_MonthlyReviewSnapshotId",
                table: "MonthlyOverdueLine",
                column: "MonthlyReviewSnapshotId");

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyReviewLine_MonthlyReviewSnapshotId",
                table: "MonthlyReviewLine",
                column: "MonthlyReviewSnapshotId");

            migrationBuilder.CreateIndex(
                name: "IX_MonthlySnapshots_Year_Month",
                table: "MonthlySnapshots",
                columns: new[] { "Year", "Month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_People_TenantId_AadObjectId",
                table: "People",
                columns: new[] { "TenantId", "AadObjectId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_People_UnitId",
                table: "People",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanApprovals_UnitId_Year",
                table: "PlanApprovals",
                columns: new[] { "UnitId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PlanApprovals_Year_Status",
                table: "PlanApprovals",
                columns: new[] { "Year", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanCategoryFigures_AnnualPlanId_CategoryCode",
                table: "PlanCategoryFigures",
                columns: new[] { "AnnualPlanId", "CategoryCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PlanEntry_AnnualPlanId_EnterpriseId",
                table: "PlanEntry",
                columns: new[] { "AnnualPlanId", "EnterpriseId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PlanEntry_EnterpriseId",
                table: "PlanEntry",
                column: "EnterpriseId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanPublications_UnitId_Year",
                table: "PlanPublications",
                columns: new[] { "UnitId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PlanPublications_Year_Status",
                table: "PlanPublications",
                columns: new[] { "Year", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ProcessedActivities_ReceivedUtc",
                table: "ProcessedActivities",
                column: "ReceivedUtc");

            migrationBuilder.CreateIndex(
                name: "IX_RectificationEvidence_FileId",
                table: "RectificationEvidence",
                column: "FileId");

            migrationBuilder.CreateIndex(
                name: "IX_RectificationEvidence_RectificationItemId",
                table: "RectificationEvidence",
                column: "RectificationItemId");

            migrationBuilder.CreateIndex(
                name: "IX_RectificationItems_LetterProblemId",
                table: "RectificationItems",
                column: "LetterProblemId");

            migrationBuilder.CreateIndex(
                name: "IX_RectificationItems_RectificationReportId_LetterProblemId",
                table: "RectificationItems",
                columns: new[] { "RectificationReportId", "LetterProblemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RectificationReports_OpinionLetterId",
                table: "RectificationReports",
                column: "OpinionLetterId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RectificationReports_UnitId",
                table: "RectificationReports",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_SpotCheckDraws_GuidanceVisitId",
                table: "SpotCheckDraws",
                column: "GuidanceVisitId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SpotCheckedEnterprise_EnterpriseId",
                table: "SpotCheckedEnterprise",
                column: "EnterpriseId");

            migrationBuilder.CreateIndex(
                name: "IX_SpotCheckedEnterprise_SpotCheckDrawId",
                table: "SpotCheckedEnterprise",
                column: "SpotCheckDrawId");

            migrationBuilder.CreateIndex(
                name: "IX_TeamFigures_UnitId_ReportedUtc",
                table: "TeamFigures",
                columns: new[] { "UnitId", "ReportedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingSessions_UnitId_HeldOn",
                table: "TrainingSessions",
                columns: new[] { "UnitId", "HeldOn" });

            migrationBuilder.CreateIndex(
                name: "IX_TypicalCases_UnitId_CaseNumber",
                table: "TypicalCases",
                columns: new[] { "UnitId", "CaseNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TypicalCases_Year_UnitId",
                table: "TypicalCases",
                columns: new[] { "Year", "UnitId" });

            migrationBuilder.CreateIndex(
                name: "IX_Units_Code",
                table: "Units",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Units_ParentId",
                table: "Units",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitDocuments_FileId",
                table: "VisitDocuments",
                column: "FileId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitDocuments_GuidanceVisitId",
                table: "VisitDocuments",
                column: "GuidanceVisitId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitFinding_CheckItemId",
                table: "VisitFinding",
                column: "CheckItemId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitFinding_GuidanceVisitId_CheckItemId",
                table: "VisitFinding",
                columns: new[] { "GuidanceVisitId", "CheckItemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VisitFinding_VisitFollowUpId",
                table: "VisitFinding",
                column: "VisitFollowUpId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitFollowUpPhoto_FileId",
                table: "VisitFollowUpPhoto",
                column: "FileId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitFollowUpPhoto_VisitFollowUpId_FileId",
                table: "VisitFollowUpPhoto",
                columns: new[] { "VisitFollowUpId", "FileId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VisitFollowUps_EnterpriseId",
                table: "VisitFollowUps",
                column: "EnterpriseId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitFollowUps_GuidanceVisitId_EnterpriseId",
                table: "VisitFollowUps",
                columns: new[] { "GuidanceVisitId", "EnterpriseId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VisitMaterials_CheckItemId",
                table: "VisitMaterials",
                column: "CheckItemId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitMaterials_FileId",
                table: "VisitMaterials",
                column: "FileId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitMaterials_GuidanceVisitId_CheckItemId_MaterialIndex",
                table: "VisitMaterials",
                columns: new[] { "GuidanceVisitId", "CheckItemId", "MaterialIndex" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Visits_CheckTemplateId",
                table: "Visits",
                column: "CheckTemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_Visits_UnitId",
                table: "Visits",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_Visits_Year_UnitId",
                table: "Visits",
                columns: new[] { "Year", "UnitId" });

            migrationBuilder.CreateIndex(
                name: "IX_VisitTeamMember_GuidanceVisitId",
                table: "VisitTeamMember",
                column: "GuidanceVisitId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitTeamMember_PersonId",
                table: "VisitTeamMember",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_WeeklyAssignmentLine_WeeklyAssignmentSnapshotId",
                table: "WeeklyAssignmentLine",
                column: "WeeklyAssignmentSnapshotId");

            migrationBuilder.CreateIndex(
                name: "IX_WeeklyCaseLine_WeeklyAssignmentSnapshotId",
                table: "WeeklyCaseLine",
                column: "WeeklyAssignmentSnapshotId");

            migrationBuilder.CreateIndex(
                name: "IX_WeeklySnapshots_WeekStart",
                table: "WeeklySnapshots",
                column: "WeekStart",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WeeklySnapshots_Year_Serial",
                table: "WeeklySnapshots",
                columns: new[] { "Year", "Serial" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_YearSetups_CheckTemplateId",
                table: "YearSetups",
                column: "CheckTemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_YearSetups_Year",
                table: "YearSetups",
                column: "Year",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Assignments");

            migrationBuilder.DropTable(
                name: "AuditLog");

            migrationBuilder.DropTable(
                name: "ConversationReferences");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "DeliveryLedger");

            migrationBuilder.DropTable(
                name: "EnforcementProgress");

            migrationBuilder.DropTable(
                name: "HolidayCalendarDaysOff");

            migrationBuilder.DropTable(
                name: "HolidayCalendarWorkingDays");

            migrationBuilder.DropTable(
                name: "InviteCodes");

            migrationBuilder.DropTable(
                name: "LetterNumberCounters");

            migrationBuilder.DropTable(
                name: "MonthlyOverdueLine");

            migrationBuilder.DropTable(
                name: "MonthlyReviewLine");

            migrationBuilder.DropTable(
                name: "PlanApprovals");

            migrationBuilder.DropTable(
                name: "PlanCategoryFigures");

            migrationBuilder.DropTable(
                name: "PlanEntry");

            migrationBuilder.DropTable(
                name: "PlanPublications");

            migrationBuilder.DropTable(
                name: "ProcessedActivities");

            migrationBuilder.DropTable(
                name: "RectificationEvidence");

            migrationBuilder.DropTable(
                name: "SpotCheckedEnterprise");

            migrationBuilder.DropTable(
                name: "TeamFigures");

            migrationBuilder.DropTable(
                name: "TrainingSessions");

            migrationBuilder.DropTable(
                name: "TypicalCases");

            migrationBuilder.DropTable(
                name: "VisitDocuments");

            migrationBuilder.DropTable(
                name: "VisitFinding");

            migrationBuilder.DropTable(
                name: "VisitFollowUpPhoto");

            migrationBuilder.DropTable(
                name: "VisitMaterials");

            migrationBuilder.DropTable(
                name: "VisitTeamMember");

            migrationBuilder.DropTable(
                name: "WeeklyAssignmentLine");

            migrationBuilder.DropTable(
                name: "WeeklyCaseLine");

            migrationBuilder.DropTable(
                name: "YearSetups");

            migrationBuilder.DropTable(
                name: "HolidayCalendars");

            migrationBuilder.DropTable(
                name: "MonthlySnapshots");

            migrationBuilder.DropTable(
                name: "AnnualPlans");

            migrationBuilder.DropTable(
                name: "RectificationItems");

            migrationBuilder.DropTable(
                name: "SpotCheckDraws");

            migrationBuilder.DropTable(
                name: "VisitFollowUps");

            migrationBuilder.DropTable(
                name: "CheckItems");

            migrationBuilder.DropTable(
                name: "Files");

            migrationBuilder.DropTable(
                name: "People");

            migrationBuilder.DropTable(
                name: "WeeklySnapshots");

            migrationBuilder.DropTable(
                name: "LetterProblems");

            migrationBuilder.DropTable(
                name: "RectificationReports");

            migrationBuilder.DropTable(
                name: "Enterprises");

            migrationBuilder.DropTable(
                name: "CheckArea");

            migrationBuilder.DropTable(
                name: "Letters");

            migrationBuilder.DropTable(
                name: "EnterpriseCategories");

            migrationBuilder.DropTable(
                name: "Visits");

            migrationBuilder.DropTable(
                name: "CheckTemplates");

            migrationBuilder.DropTable(
                name: "Units");
        }
    }
}
