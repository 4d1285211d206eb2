PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY,
    "Timestamp" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);
INSERT INTO __EFMigrationsHistory VALUES('20261127034633_InitialModel','10.0.15');
INSERT INTO __EFMigrationsHistory VALUES('20261206041035_LowerCaseInviteCodeHashes','10.0.15');
INSERT INTO __EFMigrationsHistory VALUES('20261206050546_LinkConversationsOfRegisteredPeople','10.0.15');
CREATE TABLE IF NOT EXISTS "AuditLog" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditLog" PRIMARY KEY AUTOINCREMENT,
    "OccurredUtc" TEXT NOT NULL,
    "ActorPersonId" INTEGER NULL,
    "ActorName" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "EntityType" TEXT NOT NULL,
    "EntityId" TEXT NOT NULL,
    "UnitId" INTEGER NULL,
    "Reason" TEXT NULL,
    "Details" TEXT NULL
);
INSERT INTO AuditLog VALUES(1,'2022-03-01 01:00:00',3,'赵联络员','plan.submit','AnnualPlan','1',5,NULL,NULL);
INSERT INTO AuditLog VALUES(2,'2022-03-01 01:00:00',2,'王科长','plan.accept','AnnualPlan','1',5,NULL,NULL);
INSERT INTO AuditLog VALUES(3,'2022-03-01 01:00:00',2,'王科长','letter.issue','OpinionLetter','1',5,NULL,'(漯)应急指导〔2022〕1号');
INSERT INTO AuditLog VALUES(4,'2022-03-01 01:00:00',4,'李局长','letter.acknowledge','OpinionLetter','1',5,NULL,NULL);
INSERT INTO AuditLog VALUES(5,'2022-03-11 01:00:00',4,'李局长','letter.report_submit','OpinionLetter','1',5,NULL,NULL);
CREATE TABLE IF NOT EXISTS "CheckTemplates" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CheckTemplates" PRIMARY KEY AUTOINCREMENT,
    "Year" INTEGER NOT NULL,
    "Title" TEXT NOT NULL
);
INSERT INTO CheckTemplates VALUES(1,2022,'2022年度安全生产执法指导检查内容');
CREATE TABLE IF NOT EXISTS "ConversationReferences" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ConversationReferences" PRIMARY KEY AUTOINCREMENT,
    "PersonId" INTEGER NULL,
    "ChannelId" TEXT NOT NULL,
    "ServiceUrl" TEXT NOT NULL,
    "ConversationId" TEXT NOT NULL,
    "ConversationType" TEXT NOT NULL,
    "TenantId" TEXT NULL,
    "UserId" TEXT NULL,
    "AadObjectId" TEXT NULL,
    "BotId" TEXT NULL,
    "IsActive" INTEGER NOT NULL,
    "InactiveReason" TEXT NULL,
    "FirstSeenUtc" TEXT NOT NULL,
    "LastSeenUtc" TEXT NOT NULL
);
INSERT INTO ConversationReferences VALUES(1,1,'msteams','https://smba.trafficmanager.net/apac/','a:1admin','personal','00000000-0000-0000-0000-0000000000001','29:00000000-0000-0000-0000-00000000a001','00000000-0000-0000-0000-00000000a001','28:guidancebot',1,NULL,'2022-03-01 01:00:00','2022-03-01 01:00:00');
INSERT INTO ConversationReferences VALUES(2,2,'msteams','https://smba.trafficmanager.net/apac/','a:1staff','personal','00000000-0000-0000-0000-0000000000001','29:00000000-0000-0000-0000-00000000a002','00000000-0000-0000-0000-00000000a002','28:guidancebot',1,NULL,'2022-03-01 01:00:00','2022-03-01 01:00:00');
INSERT INTO ConversationReferences VALUES(3,3,'msteams','https://smba.trafficmanager.net/apac/','a:1liaison','personal','00000000-0000-0000-0000-0000000000001','29:00000000-0000-0000-0000-00000000b001','00000000-0000-0000-0000-00000000b001','28:guidancebot',1,NULL,'2022-03-01 01:00:00','2022-03-01 01:00:00');
INSERT INTO ConversationReferences VALUES(4,4,'msteams','https://smba.trafficmanager.net/apac/','a:1head','personal','00000000-0000-0000-0000-0000000000001','29:00000000-0000-0000-0000-00000000b002','00000000-0000-0000-0000-00000000b002','28:guidancebot',1,NULL,'2022-03-01 01:00:00','2022-03-01 01:00:00');
CREATE TABLE IF NOT EXISTS "DeliveryLedger" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DeliveryLedger" PRIMARY KEY AUTOINCREMENT,
    "IdempotencyKey" TEXT NOT NULL,
    "PersonId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "Stage" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "DueUtc" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "ClaimedBy" TEXT NULL,
    "LeaseExpiresUtc" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "NextAttemptUtc" TEXT NULL,
    "LastError" TEXT NULL,
    "SentUtc" TEXT NULL,
    "SentActivityId" TEXT NULL,
    "CreatedUtc" TEXT NOT NULL
);
INSERT INTO DeliveryLedger VALUES(1,'letter-issued:1:3',3,'letter-issued','letter:1','issued','{"type":"message","text":"指导意见书已下发"}','2022-03-01 01:00:00','Sent',NULL,NULL,1,NULL,NULL,'2022-03-01 01:00:00','1:sent','2022-03-01 01:00:00');
INSERT INTO DeliveryLedger VALUES(2,'report-due:1:4',4,'report-due','letter:1','d-3','{"type":"message","text":"Report due soon"}','2022-03-16 01:00:00','Pending',NULL,NULL,0,NULL,NULL,NULL,NULL,'2022-03-11 01:00:00');
CREATE TABLE IF NOT EXISTS "EnforcementProgress" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_EnforcementProgress" PRIMARY KEY AUTOINCREMENT,
    "UnitId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "Month" INTEGER NOT NULL,
    "InspectionsDone" INTEGER NOT NULL,
    "PenaltiesDecided" INTEGER NOT NULL,
    "RecordsEnteredInProvincialSystem" INTEGER NOT NULL,
    "DoubleRandomResultsPublished" INTEGER NOT NULL,
    "ReportedById" INTEGER NOT NULL,
    "ReportedUtc" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "EnterpriseCategories" (
    "Code" TEXT NOT NULL CONSTRAINT "PK_EnterpriseCategories" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "NameEn" TEXT NOT NULL,
    "SortOrder" INTEGER NOT NULL
);
INSERT INTO EnterpriseCategories VALUES('hazardous-chemicals','危险化学品','Hazardous chemicals',2);
INSERT INTO EnterpriseCategories VALUES('industry-trade','工贸','Industry and trade',3);
INSERT INTO EnterpriseCategories VALUES('non-coal-mine','非煤矿山','Non-coal mines',1);
CREATE TABLE IF NOT EXISTS "Files" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Files" PRIMARY KEY,
    "UnitId" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Length" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "UploadedById" INTEGER NULL,
    "UploadedUtc" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "LetterNumberCounters" (
    "IssuerUnitId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "LastSerial" INTEGER NOT NULL,
    CONSTRAINT "PK_LetterNumberCounters" PRIMARY KEY ("IssuerUnitId", "Year")
);
INSERT INTO LetterNumberCounters VALUES(1,2022,1);
CREATE TABLE IF NOT EXISTS "MonthlySnapshots" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MonthlySnapshots" PRIMARY KEY AUTOINCREMENT,
    "Year" INTEGER NOT NULL,
    "Month" INTEGER NOT NULL,
    "GeneratedUtc" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "ProcessedActivities" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_ProcessedActivities" PRIMARY KEY,
    "ReceivedUtc" TEXT NOT NULL,
    "Response" TEXT NULL
);
CREATE TABLE IF NOT EXISTS "TrainingSessions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_TrainingSessions" PRIMARY KEY AUTOINCREMENT,
    "UnitId" INTEGER NOT NULL,
    "HeldOn" TEXT NOT NULL,
    "Topic" TEXT NOT NULL,
    "Hours" TEXT NOT NULL,
    "Participants" INTEGER NOT NULL,
    "ReportedById" INTEGER NOT NULL,
    "ReportedUtc" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "Units" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Units" PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "ShortName" TEXT NOT NULL,
    "NameEn" TEXT NULL,
    "Level" TEXT NOT NULL,
    "ParentId" INTEGER NULL,
    "SortOrder" INTEGER NOT NULL,
    "IsActive" INTEGER NOT NULL,
    CONSTRAINT "FK_Units_Units_ParentId" FOREIGN KEY ("ParentId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);
INSERT INTO Units VALUES(1,'luohe','漯河市应急管理局','漯','Luohe Emergency Management Bureau','City',NULL,0,1);
INSERT INTO Units VALUES(2,'yuanhui','源汇区应急管理局','源汇','Yuanhui District','County',1,1,1);
INSERT INTO Units VALUES(3,'yancheng','郾城区应急管理局','郾城','Yancheng District','County',1,2,1);
INSERT INTO Units VALUES(4,'shaoling','召陵区应急管理局','召陵','Shaoling District','County',1,3,1);
INSERT INTO Units VALUES(5,'wuyang','舞阳县应急管理局','舞阳','Wuyang County','County',1,4,1);
INSERT INTO Units VALUES(6,'linying','临颍县应急管理局','临颍','Linying County','County',1,5,1);
INSERT INTO Units VALUES(7,'jingkai','经济技术开发区应急管理局','经开','Economic and Technological Development Zone','County',1,6,1);
CREATE TABLE IF NOT EXISTS "WeeklySnapshots" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_WeeklySnapshots" PRIMARY KEY AUTOINCREMENT,
    "Year" INTEGER NOT NULL,
    "Serial" INTEGER NOT NULL,
    "WeekStart" TEXT NOT NULL,
    "GeneratedUtc" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "CheckArea" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CheckArea" PRIMARY KEY AUTOINCREMENT,
    "CheckTemplateId" INTEGER NOT NULL,
    "Order" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "TitleEn" TEXT NOT NULL,
    CONSTRAINT "FK_CheckArea_CheckTemplates_CheckTemplateId" FOREIGN KEY ("CheckTemplateId") REFERENCES "CheckTemplates" ("Id") ON DELETE CASCADE
);
INSERT INTO CheckArea VALUES(1,1,1,'执法计划编制与执行','Enforcement plan: drafting and execution');
INSERT INTO CheckArea VALUES(2,1,2,'执法队伍建设','Enforcement team');
INSERT INTO CheckArea VALUES(3,1,3,'执法规范化建设','Standardised enforcement');
INSERT INTO CheckArea VALUES(4,1,4,'安全生产执法典型案例报送','Typical enforcement cases');
CREATE TABLE IF NOT EXISTS "MonthlyOverdueLine" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MonthlyOverdueLine" PRIMARY KEY AUTOINCREMENT,
    "MonthlyReviewSnapshotId" INTEGER NOT NULL,
    "AssignmentItemId" INTEGER NOT NULL,
    "UnitId" INTEGER NOT NULL,
    "UnitName" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "DueDate" TEXT NOT NULL,
    "DaysOverdue" INTEGER NOT NULL,
    CONSTRAINT "FK_MonthlyOverdueLine_MonthlySnapshots_MonthlyReviewSnapshotId" FOREIGN KEY ("MonthlyReviewSnapshotId") REFERENCES "MonthlySnapshots" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "MonthlyReviewLine" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MonthlyReviewLine" PRIMARY KEY AUTOINCREMENT,
    "MonthlyReviewSnapshotId" INTEGER NOT NULL,
    "UnitId" INTEGER NOT NULL,
    "UnitName" TEXT NOT NULL,
    "Assigned" INTEGER NOT NULL,
    "ClosedOnTime" INTEGER NOT NULL,
    "ClosedLate" INTEGER NOT NULL,
    "Overdue" INTEGER NOT NULL,
    "Open" INTEGER NOT NULL,
    "OnTimePermille" INTEGER NULL,
    "OnTimePermilleChange" INTEGER NULL,
    "Rank" INTEGER NOT NULL,
    "TypicalCasesReported" INTEGER NOT NULL,
    "TypicalCasesQualified" INTEGER NOT NULL,
    "TypicalCasesReportedInMonth" INTEGER NOT NULL,
    "TypicalCasesQualifiedInMonth" INTEGER NOT NULL,
    CONSTRAINT "FK_MonthlyReviewLine_MonthlySnapshots_MonthlyReviewSnapshotId" FOREIGN KEY ("MonthlyReviewSnapshotId") REFERENCES "MonthlySnapshots" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "AnnualPlans" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AnnualPlans" PRIMARY KEY AUTOINCREMENT,
    "ShortfallExplanation" TEXT NULL,
    "UnitId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "FirstSubmittedUtc" TEXT NULL,
    "SubmittedUtc" TEXT NULL,
    "SubmittedById" INTEGER NULL,
    "ReviewedUtc" TEXT NULL,
    "ReviewedById" INTEGER NULL,
    "ReturnReason" TEXT NULL,
    "ReturnCount" INTEGER NOT NULL,
    "CreatedUtc" TEXT NOT NULL,
    "UpdatedUtc" TEXT NOT NULL,
    "Version" TEXT NOT NULL,
    CONSTRAINT "FK_AnnualPlans_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);
INSERT INTO AnnualPlans VALUES(1,NULL,5,2022,'Accepted','2022-03-01 01:00:00','2022-03-01 01:00:00',3,'2022-03-01 01:00:00',2,NULL,0,'2022-03-01 01:00:00','2022-03-01 01:00:00','8C5AE074-4AC0-439E-8C5D-71DF4045FF50');
CREATE TABLE IF NOT EXISTS "Assignments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Assignments" PRIMARY KEY AUTOINCREMENT,
    "UnitId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "SubjectKey" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "OwnerPersonId" INTEGER NULL,
    "OwnerName" TEXT NULL,
    "AssignedOn" TEXT NOT NULL,
    "DueDate" TEXT NOT NULL,
    "ClosedOn" TEXT NULL,
    CONSTRAINT "FK_Assignments_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);
INSERT INTO Assignments VALUES(1,5,2022,'VisitProblem','letter-problem:1','行政处罚案卷中现场检查记录缺少当事人签字',NULL,'李局长','2022-03-01','2022-03-31',NULL);
INSERT INTO Assignments VALUES(2,5,2022,'VisitProblem','letter-problem:2','年度执法计划未按规定公示',NULL,'李局长','2022-03-01','2022-03-31',NULL);
CREATE TABLE IF NOT EXISTS "Enterprises" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Enterprises" PRIMARY KEY AUTOINCREMENT,
    "UnitId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "CreditCode" TEXT NOT NULL,
    "CategoryCode" TEXT NOT NULL,
    "Tier" TEXT NOT NULL,
    "IsActive" INTEGER NOT NULL,
    "CreatedUtc" TEXT NOT NULL,
    "UpdatedUtc" TEXT NOT NULL,
    "Version" TEXT NOT NULL,
    CONSTRAINT "FK_Enterprises_EnterpriseCategories_CategoryCode" FOREIGN KEY ("CategoryCode") REFERENCES "EnterpriseCategories" ("Code") ON DELETE RESTRICT,
    CONSTRAINT "FK_Enterprises_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);
INSERT INTO Enterprises VALUES(1,5,'舞阳县钢铁有限公司','91411121MA00000001','industry-trade','Key',1,'2022-03-01 01:00:00','2022-03-01 01:00:00','E4EE9503-5B33-40A4-B884-5BFC7F8B1DAA');
INSERT INTO Enterprises VALUES(2,5,'舞阳县化工有限公司','91411121MA00000002','hazardous-chemicals','Key',1,'2022-03-01 01:00:00','2022-03-01 01:00:00','E56FB6C9-7DC7-41E8-B0BA-5EE684AD0E2B');
INSERT INTO Enterprises VALUES(3,5,'舞阳县食品有限公司','91411121MA00000003','industry-trade','General',1,'2022-03-01 01:00:00','2022-03-01 01:00:00','105B5707-35A5-4269-B1F9-FAC6BF89A48F');
CREATE TABLE IF NOT EXISTS "InviteCodes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_InviteCodes" PRIMARY KEY AUTOINCREMENT,
    "CodeHash" TEXT NOT NULL,
    "UnitId" INTEGER NOT NULL,
    "Role" TEXT NOT NULL,
    "InviteeName" TEXT NOT NULL,
    "ExpiresUtc" TEXT NOT NULL,
    "CreatedById" INTEGER NOT NULL,
    "CreatedUtc" TEXT NOT NULL,
    "RedeemedByPersonId" INTEGER NULL,
    "RedeemedUtc" TEXT NULL,
    CONSTRAINT "FK_InviteCodes_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);
INSERT INTO InviteCodes VALUES(1,'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',5,'CountyLiaison','钱干事','2022-03-15 01:00:00',1,'2022-03-01 01:00:00',NULL,NULL);
CREATE TABLE IF NOT EXISTS "People" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_People" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "UnitId" INTEGER NOT NULL,
    "Phone" TEXT NULL,
    "AadObjectId" TEXT NULL,
    "TenantId" TEXT NULL,
    "PreferredLanguage" TEXT NULL,
    "MutedOptionalNudges" INTEGER NOT NULL,
    "UnreachableSinceUtc" TEXT NULL,
    "IsActive" INTEGER NOT NULL,
    "CreatedUtc" TEXT NOT NULL,
    "UpdatedUtc" TEXT NOT NULL,
    "Version" TEXT NOT NULL,
    CONSTRAINT "FK_People_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);
INSERT INTO People VALUES(1,'张主任','CityAdmin',1,'0395-3100000','00000000-0000-0000-0000-00000000a001','00000000-0000-0000-0000-0000000000001',NULL,0,NULL,1,'2022-03-01 01:00:00','2022-03-01 01:00:00','21953F6A-0619-4205-B61A-81064AA5869E');
INSERT INTO People VALUES(2,'王科长','CityStaff',1,'0395-3100000','00000000-0000-0000-0000-00000000a002','00000000-0000-0000-0000-0000000000001',NULL,0,NULL,1,'2022-03-01 01:00:00','2022-03-01 01:00:00','6A2DC5A8-8E46-4F5B-8B7D-7612F4AC4144');
INSERT INTO People VALUES(3,'赵联络员','CountyLiaison',5,'0395-3100000','00000000-0000-0000-0000-00000000b001','00000000-0000-0000-0000-0000000000001',NULL,0,NULL,1,'2022-03-01 01:00:00','2022-03-01 01:00:00','C664B5E1-4696-43F5-9B0B-BB5A46B9E7D9');
INSERT INTO People VALUES(4,'李局长','CountyResponsible',5,'0395-3100000','00000000-0000-0000-0000-00000000b002','00000000-0000-0000-0000-0000000000001','en-US',0,NULL,1,'2022-03-01 01:00:00','2022-03-01 01:00:00','EF7225A3-E804-451B-A3D6-9EAA8FC69BFE');
CREATE TABLE IF NOT EXISTS "PlanApprovals" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PlanApprovals" PRIMARY KEY AUTOINCREMENT,
    "ApprovalKind" TEXT NOT NULL,
    "ApprovalDocumentNumber" TEXT NULL,
    "ApprovalDate" TEXT NULL,
    "ApprovalAttachmentId" TEXT NULL,
    "FilingDate" TEXT NULL,
    "FilingDocumentNumber" TEXT NULL,
    "FilingAttachmentId" TEXT NULL,
    "UnitId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "FirstSubmittedUtc" TEXT NULL,
    "SubmittedUtc" TEXT NULL,
    "SubmittedById" INTEGER NULL,
    "ReviewedUtc" TEXT NULL,
    "ReviewedById" INTEGER NULL,
    "ReturnReason" TEXT NULL,
    "ReturnCount" INTEGER NOT NULL,
    "CreatedUtc" TEXT NOT NULL,
    "UpdatedUtc" TEXT NOT NULL,
    "Version" TEXT NOT NULL,
    CONSTRAINT "FK_PlanApprovals_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);
CREATE TABLE IF NOT EXISTS "PlanPublications" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PlanPublications" PRIMARY KEY AUTOINCREMENT,
    "PlanUrl" TEXT NULL,
    "DoubleRandomPlanUrl" TEXT NULL,
    "PublishedOn" TEXT NULL,
    "UnitId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "FirstSubmittedUtc" TEXT NULL,
    "SubmittedUtc" TEXT NULL,
    "SubmittedById" INTEGER NULL,
    "ReviewedUtc" TEXT NULL,
    "ReviewedById" INTEGER NULL,
    "ReturnReason" TEXT NULL,
    "ReturnCount" INTEGER NOT NULL,
    "CreatedUtc" TEXT NOT NULL,
    "UpdatedUtc" TEXT NOT NULL,
    "Version" TEXT NOT NULL,
    CONSTRAINT "FK_PlanPublications_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);
CREATE TABLE IF NOT EXISTS "TeamFigures" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_TeamFigures" PRIMARY KEY AUTOINCREMENT,
    "UnitId" INTEGER NOT NULL,
    "ReportedUtc" TEXT NOT NULL,
    "ReportedById" INTEGER NOT NULL,
    "ApprovedPosts" INTEGER NOT NULL,
    "StaffOnPost" INTEGER NOT NULL,
    "CertifiedStaff" INTEGER NOT NULL,
    "Note" TEXT NULL,
    "EducationPostgraduate" INTEGER NOT NULL,
    "EducationBachelor" INTEGER NOT NULL,
    "EducationCollege" INTEGER NOT NULL,
    "EducationOther" INTEGER NOT NULL,
    "RelatedFieldOfStudy" INTEGER NOT NULL,
    "AgeUnder35" INTEGER NOT NULL,
    "Age35To49" INTEGER NOT NULL,
    "Age50AndOver" INTEGER NOT NULL,
    "Men" INTEGER NOT NULL,
    "Women" INTEGER NOT NULL,
    CONSTRAINT "FK_TeamFigures_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);
CREATE TABLE IF NOT EXISTS "TypicalCases" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_TypicalCases" PRIMARY KEY AUTOINCREMENT,
    "UnitId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "CaseNumber" TEXT NOT NULL,
    "ReportedOn" TEXT NOT NULL,
    "EnforcementType" TEXT NOT NULL,
    "ReportedById" INTEGER NOT NULL,
    "Qualification" TEXT NOT NULL,
    "ProcedureSound" INTEGER NULL,
    "ContentAccurate" INTEGER NULL,
    "EvidenceConclusive" INTEGER NULL,
    "LawCorrectlyApplied" INTEGER NULL,
    "FileComplete" INTEGER NULL,
    "QualificationReason" TEXT NULL,
    "JudgedById" INTEGER NULL,
    "JudgedUtc" TEXT NULL,
    "CreatedUtc" TEXT NOT NULL,
    "UpdatedUtc" TEXT NOT NULL,
    "Version" TEXT NOT NULL,
    CONSTRAINT "FK_TypicalCases_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);
INSERT INTO TypicalCases VALUES(1,5,2022,'某钢铁公司未落实有限空间作业审批案','舞应急罚〔2022〕3号','2022-03-08','penalty',3,'Pending',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2022-03-11 01:00:00','2022-03-11 01:00:00','59872206-6A12-447D-BDE5-B029AF6FF132');
CREATE TABLE IF NOT EXISTS "Visits" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Visits" PRIMARY KEY AUTOINCREMENT,
    "UnitId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "PlannedMonth" INTEGER NOT NULL,
    "StartDate" TEXT NULL,
    "EndDate" TEXT NULL,
    "Status" TEXT NOT NULL,
    "CreatedUtc" TEXT NOT NULL,
    "UpdatedUtc" TEXT NOT NULL,
    "Version" TEXT NOT NULL,
    CONSTRAINT "FK_Visits_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);
INSERT INTO Visits VALUES(1,5,2022,3,'2022-02-24','2022-02-25','Done','2022-03-01 01:00:00','2022-03-01 01:00:00','ECD5ABC8-A80E-4839-A829-CB67C109062F');
CREATE TABLE IF NOT EXISTS "WeeklyAssignmentLine" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_WeeklyAssignmentLine" PRIMARY KEY AUTOINCREMENT,
    "WeeklyAssignmentSnapshotId" INTEGER NOT NULL,
    "Order" INTEGER NOT NULL,
    "AssignmentItemId" INTEGER NOT NULL,
    "UnitId" INTEGER NOT NULL,
    "UnitName" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "OwnerName" TEXT NULL,
    "DueDate" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    CONSTRAINT "FK_WeeklyAssignmentLine_WeeklySnapshots_WeeklyAssignmentSnapshotId" FOREIGN KEY ("WeeklyAssignmentSnapshotId") REFERENCES "WeeklySnapshots" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "WeeklyCaseLine" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_WeeklyCaseLine" PRIMARY KEY AUTOINCREMENT,
    "WeeklyAssignmentSnapshotId" INTEGER NOT NULL,
    "UnitId" INTEGER NOT NULL,
    "UnitName" TEXT NOT NULL,
    "ReportedLastWeek" INTEGER NOT NULL,
    "AwaitingJudgement" INTEGER NOT NULL,
    "ReportedInYear" INTEGER NOT NULL,
    "QualifiedInYear" INTEGER NOT NULL,
    CONSTRAINT "FK_WeeklyCaseLine_WeeklySnapshots_WeeklyAssignmentSnapshotId" FOREIGN KEY ("WeeklyAssignmentSnapshotId") REFERENCES "WeeklySnapshots" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "CheckItems" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CheckItems" PRIMARY KEY AUTOINCREMENT,
    "CheckAreaId" INTEGER NOT NULL,
    "Code" TEXT NOT NULL,
    "Order" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "TitleEn" TEXT NOT NULL,
    "Criteria" TEXT NOT NULL,
    "Materials" TEXT NOT NULL,
    "MaterialsEn" TEXT NOT NULL,
    "MaterialSources" TEXT NOT NULL,
    "CityAssessment" TEXT NULL,
    CONSTRAINT "FK_CheckItems_CheckArea_CheckAreaId" FOREIGN KEY ("CheckAreaId") REFERENCES "CheckArea" ("Id") ON DELETE CASCADE
);
INSERT INTO CheckItems VALUES(1,1,'1.1',1,'编制年度监督检查计划情况','Annual inspection plan','市、县两级年度监督检查计划是否相互衔接；列入监管的非煤矿山、危化、工贸企业是否做到重点生产经营单位全覆盖、一般生产经营单位不少于三分之一。','["\u4F01\u4E1A\u540D\u5355","\u5217\u5165\u6267\u6CD5\u8BA1\u5212\u4F01\u4E1A\u540D\u5355"]','["List of supervised enterprises","Enterprises in the enforcement plan"]','["plan.enterprises","plan.planned"]',NULL);
INSERT INTO CheckItems VALUES(2,1,'1.2',2,'监督检查计划审批报备情况','Plan approval and filing','计划是否报本级政府批复或经政府领导批示同意；下发后是否按规定向上级应急管理部门报备。','["\u653F\u5E9C\u6279\u590D\u6587\u4EF6","\u5411\u5E02\u5E94\u6025\u7BA1\u7406\u5C40\u62A5\u5907\u6587\u4EF6"]','["Government approval document","Filing document sent to the city bureau"]','["approval.approval","approval.filing"]',NULL);
INSERT INTO CheckItems VALUES(3,1,'1.3',3,'监督检查计划公示和执行情况','Plan publication and execution','监督检查计划和双随机检查计划是否在本局网站公示；执法、处罚情况是否及时录入河南省应急管理综合业务系统；执法档案资料是否健全。','["\u6267\u6CD5\u68C0\u67E5\u7EB8\u8D28\u6848\u5377","\u884C\u653F\u5904\u7F5A\u7EB8\u8D28\u6848\u5377"]','["Paper files of enforcement inspections","Paper files of administrative penalties"]','[]','市应急局根据系统统计情况评定，查看各单位网站');
INSERT INTO CheckItems VALUES(4,1,'1.4',4,'现场监管执法检查情况','On-site enforcement inspection','抽查计划内企业1-2家，跟进指导全过程执法检查，查看执法程序、执法文书填写、执法检查闭合等情况。','[]','[]','[]','市应急管理局随机抽查企业，检查执法落实情况');
INSERT INTO CheckItems VALUES(5,2,'2.1',1,'执法机构设置情况','Enforcement agency set-up','机构设置是否符合“三定”方案要求；执法人员配备情况；执法人员在编在岗情况。','["\u201C\u4E09\u5B9A\u201D\u65B9\u6848","\u6267\u6CD5\u4EBA\u5458\u5728\u7F16\u5728\u5C97\u540D\u518C"]','["The \u201Cthree determinations\u201D staffing plan","Roster of enforcement staff on establishment and on post"]','["","team.roster"]',NULL);
INSERT INTO CheckItems VALUES(6,2,'2.2',2,'执法队伍人员情况','Enforcement staff structure','执法人员知识层次、所学专业、年龄结构、男女所占比例情况。','["\u6267\u6CD5\u4EBA\u5458\u60C5\u51B5\u7EDF\u8BA1\uFF08\u5B66\u5386\u3001\u4E13\u4E1A\u3001\u5E74\u9F84\u3001\u6027\u522B\uFF09"]','["Enforcement staff statistics (education, field of study, age, gender)"]','["team.structure"]',NULL);
INSERT INTO CheckItems VALUES(7,2,'2.3',3,'执法人员培训情况','Enforcement staff training','是否落实执法人员培训要求和执法业务培训计划，开展提升知识能力业务培训情况。','["\u6267\u6CD5\u4E1A\u52A1\u57F9\u8BAD\u8BA1\u5212","\u57F9\u8BAD\u8BB0\u5F55"]','["Enforcement training plan","Training records"]','["","training.records"]',NULL);
INSERT INTO CheckItems VALUES(8,3,'3.1',1,'应急管理综合业务系统等使用情况','Use of the provincial business system','系统内企业名录、执法人员名录、执法事项是否及时维护更新；双随机检查结果、行政处罚是否录入国家企业信用信息公示系统。','[]','[]','[]','查看河南省应急管理综合业务系统及国家企业信用信息公示系统');
INSERT INTO CheckItems VALUES(9,3,'3.2',2,'安全生产行政执法文书使用情况','Use of enforcement documents','是否宣贯学习执法手册；是否规范使用行政执法文书（2022年以来使用省厅2021版文书），文书填写规范、案卷闭合。','["\u6267\u6CD5\u624B\u518C\u5BA3\u8D2F\u5B66\u4E60\u8BB0\u5F55","\u884C\u653F\u6267\u6CD5\u6587\u4E66\u6837\u5377"]','["Records of studying the enforcement manual","Sample files of enforcement documents"]','[]',NULL);
INSERT INTO CheckItems VALUES(10,3,'3.3',3,'严格安全生产执法程序情况','Enforcement procedure','执法程序是否合规合法：检查前出示执法证件、召开执法启动会，检查时采集违法行为证据，检查结束后召开反馈会、下达执法文书。','["\u6267\u6CD5\u68C0\u67E5\u6848\u5377\uFF08\u542B\u542F\u52A8\u4F1A\u3001\u53CD\u9988\u4F1A\u8BB0\u5F55\uFF09"]','["Enforcement inspection files (with kick-off and feedback meeting records)"]','[]',NULL);
INSERT INTO CheckItems VALUES(11,3,'3.4',4,'行政处罚案卷归档管理情况','Penalty case files','案卷文书使用是否规范，立案处罚程序、处罚依据、自由裁量标准是否合规；文书顺序和页码是否正确；是否及时归档；2021年案卷评查整改情况。','["\u884C\u653F\u5904\u7F5A\u6848\u5377","2021\u5E74\u6848\u5377\u8BC4\u67E5\u6574\u6539\u60C5\u51B5"]','["Administrative penalty files","Rectification after the 2021 case file review"]','[]',NULL);
INSERT INTO CheckItems VALUES(12,4,'4.1',1,'典型案例报送情况','Typical case reporting','是否及时通过应急管理部报送系统上报典型案例；典型案例是否做到程序规范、内容精准、证据确凿、法律适用准确、卷宗完整。','[]','[]','[]','查看“互联网+执法”系统，统计各单位案例报送及合格典型案例数量');
CREATE TABLE IF NOT EXISTS "PlanCategoryFigures" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PlanCategoryFigures" PRIMARY KEY AUTOINCREMENT,
    "AnnualPlanId" INTEGER NOT NULL,
    "CategoryCode" TEXT NOT NULL,
    "KeyTotal" INTEGER NOT NULL,
    "KeyPlanned" INTEGER NOT NULL,
    "GeneralTotal" INTEGER NOT NULL,
    "GeneralPlanned" INTEGER NOT NULL,
    CONSTRAINT "FK_PlanCategoryFigures_AnnualPlans_AnnualPlanId" FOREIGN KEY ("AnnualPlanId") REFERENCES "AnnualPlans" ("Id") ON DELETE CASCADE
);
INSERT INTO PlanCategoryFigures VALUES(1,1,'industry-trade',1,1,1,1);
INSERT INTO PlanCategoryFigures VALUES(2,1,'hazardous-chemicals',1,1,0,0);
CREATE TABLE IF NOT EXISTS "PlanEntry" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PlanEntry" PRIMARY KEY AUTOINCREMENT,
    "AnnualPlanId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Planned" INTEGER NOT NULL,
    CONSTRAINT "FK_PlanEntry_AnnualPlans_AnnualPlanId" FOREIGN KEY ("AnnualPlanId") REFERENCES "AnnualPlans" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_PlanEntry_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT
);
INSERT INTO PlanEntry VALUES(1,1,1,1);
INSERT INTO PlanEntry VALUES(2,1,2,1);
INSERT INTO PlanEntry VALUES(3,1,3,1);
CREATE TABLE IF NOT EXISTS "Letters" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Letters" PRIMARY KEY AUTOINCREMENT,
    "UnitId" INTEGER NOT NULL,
    "IssuerUnitId" INTEGER NOT NULL,
    "GuidanceVisitId" INTEGER NULL,
    "Year" INTEGER NOT NULL,
    "Serial" INTEGER NULL,
    "Number" TEXT NULL,
    "Status" TEXT NOT NULL,
    "VisitDate" TEXT NOT NULL,
    "ReportDeadline" TEXT NOT NULL,
    "CountyResponsibleName" TEXT NULL,
    "CityContactName" TEXT NOT NULL,
    "CityContactPhone" TEXT NOT NULL,
    "IssuedOn" TEXT NULL,
    "IssuedUtc" TEXT NULL,
    "IssuedById" INTEGER NULL,
    "AcknowledgedUtc" TEXT NULL,
    "AcknowledgedById" INTEGER NULL,
    "AcknowledgedByName" TEXT NULL,
    "ClosedUtc" TEXT NULL,
    "CreatedUtc" TEXT NOT NULL,
    "UpdatedUtc" TEXT NOT NULL,
    "Version" TEXT NOT NULL,
    CONSTRAINT "FK_Letters_Units_IssuerUnitId" FOREIGN KEY ("IssuerUnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Letters_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Letters_Visits_GuidanceVisitId" FOREIGN KEY ("GuidanceVisitId") REFERENCES "Visits" ("Id") ON DELETE RESTRICT
);
INSERT INTO Letters VALUES(1,5,1,1,2022,1,'(漯)应急指导〔2022〕1号','ReportSubmitted','2022-02-28','2022-03-31','李局长','王科长','0395-0000000','2022-03-01','2022-03-01 01:00:00',2,'2022-03-01 01:00:00',4,'李局长',NULL,'2022-03-01 01:00:00','2022-03-11 01:00:00','DD03C7DB-3F4B-4288-9825-FB046EF5DCA9');
CREATE TABLE IF NOT EXISTS "SpotCheckDraws" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SpotCheckDraws" PRIMARY KEY AUTOINCREMENT,
    "GuidanceVisitId" INTEGER NOT NULL,
    "Seed" INTEGER NOT NULL,
    "Count" INTEGER NOT NULL,
    "CandidateIds" TEXT NOT NULL,
    "Algorithm" TEXT NOT NULL,
    "DrawnUtc" TEXT NOT NULL,
    "DrawnById" INTEGER NOT NULL,
    CONSTRAINT "FK_SpotCheckDraws_Visits_GuidanceVisitId" FOREIGN KEY ("GuidanceVisitId") REFERENCES "Visits" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "VisitTeamMember" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_VisitTeamMember" PRIMARY KEY AUTOINCREMENT,
    "GuidanceVisitId" INTEGER NOT NULL,
    "PersonId" INTEGER NOT NULL,
    "IsLead" INTEGER NOT NULL,
    CONSTRAINT "FK_VisitTeamMember_People_PersonId" FOREIGN KEY ("PersonId") REFERENCES "People" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_VisitTeamMember_Visits_GuidanceVisitId" FOREIGN KEY ("GuidanceVisitId") REFERENCES "Visits" ("Id") ON DELETE CASCADE
);
INSERT INTO VisitTeamMember VALUES(1,1,2,1);
CREATE TABLE IF NOT EXISTS "VisitFinding" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_VisitFinding" PRIMARY KEY AUTOINCREMENT,
    "GuidanceVisitId" INTEGER NOT NULL,
    "CheckItemId" INTEGER NOT NULL,
    "Outcome" TEXT NOT NULL,
    "Note" TEXT NULL,
    "RecordedUtc" TEXT NOT NULL,
    "RecordedById" INTEGER NOT NULL,
    CONSTRAINT "FK_VisitFinding_CheckItems_CheckItemId" FOREIGN KEY ("CheckItemId") REFERENCES "CheckItems" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_VisitFinding_Visits_GuidanceVisitId" FOREIGN KEY ("GuidanceVisitId") REFERENCES "Visits" ("Id") ON DELETE CASCADE
);
INSERT INTO VisitFinding VALUES(1,1,1,'Problem','执法文书填写不规范','2022-03-01 01:00:00',2);
CREATE TABLE IF NOT EXISTS "VisitMaterials" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_VisitMaterials" PRIMARY KEY AUTOINCREMENT,
    "GuidanceVisitId" INTEGER NOT NULL,
    "CheckItemId" INTEGER NOT NULL,
    "MaterialIndex" INTEGER NOT NULL,
    "MaterialName" TEXT NOT NULL,
    "FileId" TEXT NULL,
    "Url" TEXT NULL,
    "ProvidedUtc" TEXT NOT NULL,
    "ProvidedById" INTEGER NULL,
    CONSTRAINT "FK_VisitMaterials_CheckItems_CheckItemId" FOREIGN KEY ("CheckItemId") REFERENCES "CheckItems" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_VisitMaterials_Files_FileId" FOREIGN KEY ("FileId") REFERENCES "Files" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_VisitMaterials_Visits_GuidanceVisitId" FOREIGN KEY ("GuidanceVisitId") REFERENCES "Visits" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "LetterProblems" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LetterProblems" PRIMARY KEY AUTOINCREMENT,
    "OpinionLetterId" INTEGER NOT NULL,
    "Order" INTEGER NOT NULL,
    "CheckItemId" INTEGER NULL,
    "Problem" TEXT NOT NULL,
    "Opinion" TEXT NOT NULL,
    CONSTRAINT "FK_LetterProblems_Letters_OpinionLetterId" FOREIGN KEY ("OpinionLetterId") REFERENCES "Letters" ("Id") ON DELETE CASCADE
);
INSERT INTO LetterProblems VALUES(1,1,1,NULL,'行政处罚案卷中现场检查记录缺少当事人签字','规范现场检查记录，补齐签字，举一反三排查同类案卷');
INSERT INTO LetterProblems VALUES(2,1,2,NULL,'年度执法计划未按规定公示','在政府网站公开年度执法计划及双随机抽查计划');
CREATE TABLE IF NOT EXISTS "RectificationReports" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RectificationReports" PRIMARY KEY AUTOINCREMENT,
    "OpinionLetterId" INTEGER NOT NULL,
    "UnitId" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "ResponsibleName" TEXT NULL,
    "SubmittedUtc" TEXT NULL,
    "SubmittedById" INTEGER NULL,
    "IsLate" INTEGER NOT NULL,
    "SubmissionCount" INTEGER NOT NULL,
    "CreatedUtc" TEXT NOT NULL,
    "UpdatedUtc" TEXT NOT NULL,
    "Version" TEXT NOT NULL,
    CONSTRAINT "FK_RectificationReports_Letters_OpinionLetterId" FOREIGN KEY ("OpinionLetterId") REFERENCES "Letters" ("Id") ON DELETE RESTRICT
);
INSERT INTO RectificationReports VALUES(1,1,5,'Submitted','李局长','2022-03-11 01:00:00',4,0,1,'2022-03-11 01:00:00','2022-03-11 01:00:00','61592ED3-0E85-4290-BFD9-52FAE8EE8820');
CREATE TABLE IF NOT EXISTS "SpotCheckedEnterprise" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SpotCheckedEnterprise" PRIMARY KEY AUTOINCREMENT,
    "SpotCheckDrawId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Order" INTEGER NOT NULL,
    CONSTRAINT "FK_SpotCheckedEnterprise_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_SpotCheckedEnterprise_SpotCheckDraws_SpotCheckDrawId" FOREIGN KEY ("SpotCheckDrawId") REFERENCES "SpotCheckDraws" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "RectificationItems" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RectificationItems" PRIMARY KEY AUTOINCREMENT,
    "RectificationReportId" INTEGER NOT NULL,
    "LetterProblemId" INTEGER NOT NULL,
    "Measures" TEXT NULL,
    "Progress" TEXT NOT NULL,
    "ExpectedCompletion" TEXT NULL,
    "Decision" TEXT NOT NULL,
    "ReviewNote" TEXT NULL,
    "ReviewedUtc" TEXT NULL,
    "ReviewedById" INTEGER NULL,
    CONSTRAINT "FK_RectificationItems_LetterProblems_LetterProblemId" FOREIGN KEY ("LetterProblemId") REFERENCES "LetterProblems" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RectificationItems_RectificationReports_RectificationReportId" FOREIGN KEY ("RectificationReportId") REFERENCES "RectificationReports" ("Id") ON DELETE CASCADE
);
INSERT INTO RectificationItems VALUES(1,1,1,'已组织全员培训，补齐17份案卷签字','Done',NULL,'Pending',NULL,NULL,NULL);
INSERT INTO RectificationItems VALUES(2,1,2,'计划已报县政府办公室，待网站公开','InProgress','2022-04-15','Pending',NULL,NULL,NULL);
CREATE TABLE IF NOT EXISTS "RectificationEvidence" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RectificationEvidence" PRIMARY KEY AUTOINCREMENT,
    "RectificationItemId" INTEGER NOT NULL,
    "FileId" TEXT NULL,
    "Url" TEXT NULL,
    "Caption" TEXT NULL,
    CONSTRAINT "FK_RectificationEvidence_RectificationItems_RectificationItemId" FOREIGN KEY ("RectificationItemId") REFERENCES "RectificationItems" ("Id") ON DELETE CASCADE
);
INSERT INTO RectificationEvidence VALUES(1,1,NULL,'https://www.wuyang.gov.cn/zfgk/2022/0310.html','培训通知');
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('Units',7);
INSERT INTO sqlite_sequence VALUES('CheckTemplates',1);
INSERT INTO sqlite_sequence VALUES('CheckArea',4);
INSERT INTO sqlite_sequence VALUES('CheckItems',12);
INSERT INTO sqlite_sequence VALUES('People',4);
INSERT INTO sqlite_sequence VALUES('ConversationReferences',4);
INSERT INTO sqlite_sequence VALUES('InviteCodes',1);
INSERT INTO sqlite_sequence VALUES('Enterprises',3);
INSERT INTO sqlite_sequence VALUES('AnnualPlans',1);
INSERT INTO sqlite_sequence VALUES('PlanCategoryFigures',2);
INSERT INTO sqlite_sequence VALUES('PlanEntry',3);
INSERT INTO sqlite_sequence VALUES('AuditLog',5);
INSERT INTO sqlite_sequence VALUES('Visits',1);
INSERT INTO sqlite_sequence VALUES('VisitFinding',1);
INSERT INTO sqlite_sequence VALUES('VisitTeamMember',1);
INSERT INTO sqlite_sequence VALUES('Letters',1);
INSERT INTO sqlite_sequence VALUES('LetterProblems',2);
INSERT INTO sqlite_sequence VALUES('Assignments',2);
INSERT INTO sqlite_sequence VALUES('DeliveryLedger',2);
INSERT INTO sqlite_sequence VALUES('RectificationReports',1);
INSERT INTO sqlite_sequence VALUES('TypicalCases',1);
INSERT INTO sqlite_sequence VALUES('RectificationItems',2);
INSERT INTO sqlite_sequence VALUES('RectificationEvidence',1);
CREATE UNIQUE INDEX "IX_AnnualPlans_UnitId_Year" ON "AnnualPlans" ("UnitId", "Year");
CREATE INDEX "IX_AnnualPlans_Year_Status" ON "AnnualPlans" ("Year", "Status");
CREATE UNIQUE INDEX "IX_Assignments_SubjectKey" ON "Assignments" ("SubjectKey");
CREATE INDEX "IX_Assignments_UnitId" ON "Assignments" ("UnitId");
CREATE INDEX "IX_Assignments_Year_UnitId_ClosedOn" ON "Assignments" ("Year", "UnitId", "ClosedOn");
CREATE INDEX "IX_AuditLog_ActorPersonId_OccurredUtc" ON "AuditLog" ("ActorPersonId", "OccurredUtc");
CREATE INDEX "IX_AuditLog_OccurredUtc" ON "AuditLog" ("OccurredUtc");
CREATE INDEX "IX_AuditLog_UnitId_OccurredUtc" ON "AuditLog" ("UnitId", "OccurredUtc");
CREATE INDEX "IX_CheckArea_CheckTemplateId" ON "CheckArea" ("CheckTemplateId");
CREATE INDEX "IX_CheckItems_CheckAreaId" ON "CheckItems" ("CheckAreaId");
CREATE UNIQUE INDEX "IX_CheckTemplates_Year" ON "CheckTemplates" ("Year");
CREATE UNIQUE INDEX "IX_ConversationReferences_ChannelId_ConversationId_UserId" ON "ConversationReferences" ("ChannelId", "ConversationId", "UserId");
CREATE INDEX "IX_ConversationReferences_PersonId_ConversationType_IsActive" ON "ConversationReferences" ("PersonId", "ConversationType", "IsActive");
CREATE INDEX "IX_ConversationReferences_TenantId_AadObjectId" ON "ConversationReferences" ("TenantId", "AadObjectId");
CREATE UNIQUE INDEX "IX_DeliveryLedger_IdempotencyKey" ON "DeliveryLedger" ("IdempotencyKey");
CREATE INDEX "IX_DeliveryLedger_PersonId" ON "DeliveryLedger" ("PersonId");
CREATE INDEX "IX_DeliveryLedger_Status_DueUtc" ON "DeliveryLedger" ("Status", "DueUtc");
CREATE INDEX "IX_EnforcementProgress_UnitId_Year_Month_Id" ON "EnforcementProgress" ("UnitId", "Year", "Month", "Id");
CREATE INDEX "IX_Enterprises_CategoryCode" ON "Enterprises" ("CategoryCode");
CREATE UNIQUE INDEX "IX_Enterprises_CreditCode" ON "Enterprises" ("CreditCode");
CREATE INDEX "IX_Enterprises_UnitId_CategoryCode_Tier" ON "Enterprises" ("UnitId", "CategoryCode", "Tier");
CREATE UNIQUE INDEX "IX_InviteCodes_CodeHash" ON "InviteCodes" ("CodeHash");
CREATE INDEX "IX_InviteCodes_UnitId" ON "InviteCodes" ("UnitId");
CREATE INDEX "IX_LetterProblems_OpinionLetterId" ON "LetterProblems" ("OpinionLetterId");
CREATE INDEX "IX_Letters_GuidanceVisitId" ON "Letters" ("GuidanceVisitId");
CREATE UNIQUE INDEX "IX_Letters_IssuerUnitId_Year_Serial" ON "Letters" ("IssuerUnitId", "Year", "Serial");
CREATE INDEX "IX_Letters_UnitId" ON "Letters" ("UnitId");
CREATE INDEX "IX_Letters_Year_UnitId_Status" ON "Letters" ("Year", "UnitId", "Status");
CREATE INDEX "IX_MonthlyOverdueLine_MonthlyReviewSnapshotId" ON "MonthlyOverdueLine" ("MonthlyReviewSnapshotId");
CREATE INDEX "IX_MonthlyReviewLine_MonthlyReviewSnapshotId" ON "MonthlyReviewLine" ("MonthlyReviewSnapshotId");
CREATE UNIQUE INDEX "IX_MonthlySnapshots_Year_Month" ON "MonthlySnapshots" ("Year", "Month");
CREATE UNIQUE INDEX "IX_People_TenantId_AadObjectId" ON "People" ("TenantId", "AadObjectId");
CREATE INDEX "IX_People_UnitId" ON "People" ("UnitId");
CREATE UNIQUE INDEX "IX_PlanApprovals_UnitId_Year" ON "PlanApprovals" ("UnitId", "Year");
CREATE INDEX "IX_PlanApprovals_Year_Status" ON "PlanApprovals" ("Year", "Status");
CREATE UNIQUE INDEX "IX_PlanCategoryFigures_AnnualPlanId_CategoryCode" ON "PlanCategoryFigures" ("AnnualPlanId", "CategoryCode");
CREATE UNIQUE INDEX "IX_PlanEntry_AnnualPlanId_EnterpriseId" ON "PlanEntry" ("AnnualPlanId", "EnterpriseId");
CREATE INDEX "IX_PlanEntry_EnterpriseId" ON "PlanEntry" ("EnterpriseId");
CREATE UNIQUE INDEX "IX_PlanPublications_UnitId_Year" ON "PlanPublications" ("UnitId", "Year");
CREATE INDEX "IX_PlanPublications_Year_Status" ON "PlanPublications" ("Year", "Status");
CREATE INDEX "IX_ProcessedActivities_ReceivedUtc" ON "ProcessedActivities" ("ReceivedUtc");
CREATE INDEX "IX_RectificationEvidence_RectificationItemId" ON "RectificationEvidence" ("RectificationItemId");
CREATE INDEX "IX_RectificationItems_LetterProblemId" ON "RectificationItems" ("LetterProblemId");
CREATE UNIQUE INDEX "IX_RectificationItems_RectificationReportId_LetterProblemId" ON "RectificationItems" ("RectificationReportId", "LetterProblemId");
CREATE UNIQUE INDEX "IX_RectificationReports_OpinionLetterId" ON "RectificationReports" ("OpinionLetterId");
CREATE INDEX "IX_RectificationReports_UnitId" ON "RectificationReports" ("UnitId");
CREATE UNIQUE INDEX "IX_SpotCheckDraws_GuidanceVisitId" ON "SpotCheckDraws" ("GuidanceVisitId");
CREATE INDEX "IX_SpotCheckedEnterprise_EnterpriseId" ON "SpotCheckedEnterprise" ("EnterpriseId");
CREATE INDEX "IX_SpotCheckedEnterprise_SpotCheckDrawId" ON "SpotCheckedEnterprise" ("SpotCheckDrawId");
CREATE INDEX "IX_TeamFigures_UnitId_ReportedUtc" ON "TeamFigures" ("UnitId", "ReportedUtc");
CREATE INDEX "IX_TrainingSessions_UnitId_HeldOn" ON "TrainingSessions" ("UnitId", "HeldOn");
CREATE UNIQUE INDEX "IX_TypicalCases_UnitId_CaseNumber" ON "TypicalCases" ("UnitId", "CaseNumber");
CREATE INDEX "IX_TypicalCases_Year_UnitId" ON "TypicalCases" ("Year", "UnitId");
CREATE UNIQUE INDEX "IX_Units_Code" ON "Units" ("Code");
CREATE INDEX "IX_Units_ParentId" ON "Units" ("ParentId");
CREATE INDEX "IX_VisitFinding_CheckItemId" ON "VisitFinding" ("CheckItemId");
CREATE UNIQUE INDEX "IX_VisitFinding_GuidanceVisitId_CheckItemId" ON "VisitFinding" ("GuidanceVisitId", "CheckItemId");
CREATE INDEX "IX_VisitMaterials_CheckItemId" ON "VisitMaterials" ("CheckItemId");
CREATE INDEX "IX_VisitMaterials_FileId" ON "VisitMaterials" ("FileId");
CREATE UNIQUE INDEX "IX_VisitMaterials_GuidanceVisitId_CheckItemId_MaterialIndex" ON "VisitMaterials" ("GuidanceVisitId", "CheckItemId", "MaterialIndex");
CREATE INDEX "IX_Visits_UnitId" ON "Visits" ("UnitId");
CREATE INDEX "IX_Visits_Year_UnitId" ON "Visits" ("Year", "UnitId");
CREATE INDEX "IX_VisitTeamMember_GuidanceVisitId" ON "VisitTeamMember" ("GuidanceVisitId");
CREATE INDEX "IX_VisitTeamMember_PersonId" ON "VisitTeamMember" ("PersonId");
CREATE INDEX "IX_WeeklyAssignmentLine_WeeklyAssignmentSnapshotId" ON "WeeklyAssignmentLine" ("WeeklyAssignmentSnapshotId");
CREATE INDEX "IX_WeeklyCaseLine_WeeklyAssignmentSnapshotId" ON "WeeklyCaseLine" ("WeeklyAssignmentSnapshotId");
CREATE UNIQUE INDEX "IX_WeeklySnapshots_WeekStart" ON "WeeklySnapshots" ("WeekStart");
CREATE UNIQUE INDEX "IX_WeeklySnapshots_Year_Serial" ON "WeeklySnapshots" ("Year", "Serial");
COMMIT;
