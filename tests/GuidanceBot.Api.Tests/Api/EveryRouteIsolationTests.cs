using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using GuidanceBot.Bot.Documents;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.Cases;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.TeamFigures;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Visits;
using GuidanceBot.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Api.Tests.Api;

/// <summary>
/// County isolation over every route of the host: each mapped route that names a record, a unit or a code (in
/// its path, its query or its body) is called by 舞阳's liaison with 临颍's record, and is refused (404 for what
/// the liaison may not see, 403 for a step outside the role), answers only 舞阳's part (lists and the weekly
/// list), or is shared with every unit by design (the monthly ranking); nothing is written. A route mapped
/// without a case here fails the test until someone says how it must treat another county's record.
/// </summary>
public class EveryRouteIsolationTests : IAsyncLifetime
{
    private readonly ApiTestFactory factory = new();
    private Scenario s = null!;
    private Ids ids = null!;

    /// <summary>临颍's records (and one token of 舞阳's liaison's own), with the versions a request would need.</summary>
    private sealed record Ids(
        int Person, int WuyangPerson, int Approval, int Publication, int Visit, int Report, int ReportItem, int Case, int Weekly, int Monthly,
        Guid PlanVersion, Guid ApprovalVersion, Guid PublicationVersion, Guid LetterVersion, Guid ReportVersion, Guid VisitVersion, Guid CaseVersion, Guid EnterpriseVersion,
        Guid File, int LetterProblem);

    private enum Expect
    {
        /// <summary>404 or 403, leaking nothing of the record.</summary>
        Refused,

        /// <summary>A unit named in a body or a query is a field: another county's is refused as unknown (400 naming it).</summary>
        UnknownUnit,

        /// <summary>200 with only the caller's own part: nothing of 临颍 in the answer.</summary>
        OwnPartOnly,

        /// <summary>200: read out to every unit by design.</summary>
        Shared,
    }

    private sealed record Case(Expect Expect, Func<Ids, Scenario, string> Url, Func<Ids, Scenario, HttpContent?>? Body = null, string? Field = null, string? Why = null);

    private static HttpContent Json(object body) => JsonContent.Create(body);

    /// <summary>How each route is called with 临颍's record. Keyed by method and route pattern as mapped.</summary>
    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["GET /api/v1/units/{code}"] = new(Expect.Refused, (_, _) => "/api/v1/units/linying"),
        ["GET /api/v1/people/"] = new(Expect.OwnPartOnly, (_, _) => "/api/v1/people?unit=linying"),
        ["GET /api/v1/people/{id:int}"] = new(Expect.Refused, (i, _) => $"/api/v1/people/{i.Person}"),
        ["PUT /api/v1/years/{year:int}/items/{code}"] = new(Expect.Refused, (_, _) => "/api/v1/years/2022/items/1.1",
            (_, _) => Json(new { version = Guid.NewGuid(), code = "1.1", title = "冒名", criteria = "x" })),
        ["POST /api/v1/people/{id:int}/deactivate"] = new(Expect.Refused, (i, _) => $"/api/v1/people/{i.Person}/deactivate", (_, _) => Json(new { version = Guid.Empty, reason = "冒名" })),
        ["POST /api/v1/people/{id:int}/reactivate"] = new(Expect.Refused, (i, _) => $"/api/v1/people/{i.Person}/reactivate", (_, _) => Json(new { version = Guid.Empty, reason = "冒名" })),
        ["POST /api/v1/people/{id:int}/change"] = new(Expect.Refused, (i, _) => $"/api/v1/people/{i.Person}/change", (_, _) => Json(new { version = Guid.Empty, reason = "冒名", role = "CountyResponsible" })),
        ["POST /api/v1/people/{id:int}/handover"] = new(Expect.Refused, (i, _) => $"/api/v1/people/{i.Person}/handover", (_, _) => Json(new { version = Guid.Empty, reason = "冒名", successorId = 1 })),
        ["POST /api/v1/invite-codes/"] = new(Expect.Refused, (_, _) => "/api/v1/invite-codes", (_, _) => Json(new { unitCode = "linying", role = "CountyLiaison", inviteeName = "冒名" })),

        ["GET /api/v1/enterprises/"] = new(Expect.OwnPartOnly, (_, _) => "/api/v1/enterprises?unit=linying"),
        ["GET /api/v1/enterprises/{id:int}"] = new(Expect.Refused, (_, s) => $"/api/v1/enterprises/{s.LinyingEnterprise}"),
        ["POST /api/v1/enterprises/"] = new(Expect.UnknownUnit, (_, _) => "/api/v1/enterprises",
            (_, _) => Json(new { unitCode = "linying", name = "新企业", creditCode = TestCodes.Valid(77), categoryCode = "industry-trade", tier = "General" }), "unitCode"),
        ["PUT /api/v1/enterprises/{id:int}"] = new(Expect.Refused, (_, s) => $"/api/v1/enterprises/{s.LinyingEnterprise}",
            (i, _) => Json(new { name = "改名", creditCode = TestCodes.Valid(2), categoryCode = "industry-trade", tier = "Key", version = i.EnterpriseVersion })),
        ["POST /api/v1/enterprises/import"] = new(Expect.UnknownUnit, (_, _) => "/api/v1/enterprises/import?unit=linying", (_, _) => Csv(), "unit"),

        ["GET /api/v1/plans/"] = new(Expect.OwnPartOnly, (_, _) => "/api/v1/plans?unit=linying"),
        ["GET /api/v1/plans/{id:int}"] = new(Expect.Refused, (_, s) => $"/api/v1/plans/{s.LinyingPlan}"),
        ["PUT /api/v1/plans/{unit}/{year:int}"] = new(Expect.Refused, (_, _) => "/api/v1/plans/linying/2022",
            (i, _) => Json(new { figures = new[] { new { categoryCode = "industry-trade", keyTotal = 1, keyPlanned = 1, generalTotal = 0, generalPlanned = 0 } }, version = i.PlanVersion })),
        ["POST /api/v1/plans/{id:int}/submit"] = new(Expect.Refused, (_, s) => $"/api/v1/plans/{s.LinyingPlan}/submit", (i, _) => Json(new { version = i.PlanVersion })),
        ["POST /api/v1/plans/{id:int}/accept"] = new(Expect.Refused, (_, s) => $"/api/v1/plans/{s.LinyingPlan}/accept", (i, _) => Json(new { version = i.PlanVersion })),
        ["POST /api/v1/plans/{id:int}/return"] = new(Expect.Refused, (_, s) => $"/api/v1/plans/{s.LinyingPlan}/return", (i, _) => Json(new { version = i.PlanVersion, reason = "退回" })),

        ["GET /api/v1/approvals/"] = new(Expect.OwnPartOnly, (_, _) => "/api/v1/approvals?unit=linying"),
        ["GET /api/v1/approvals/{id:int}"] = new(Expect.Refused, (i, _) => $"/api/v1/approvals/{i.Approval}"),
        ["PUT /api/v1/approvals/{unit}/{year:int}"] = new(Expect.Refused, (_, _) => "/api/v1/approvals/linying/2022",
            (i, _) => Json(new { approvalKind = "GovernmentReply", approvalDate = "2022-02-01", version = i.ApprovalVersion })),
        ["POST /api/v1/approvals/{id:int}/submit"] = new(Expect.Refused, (i, _) => $"/api/v1/approvals/{i.Approval}/submit", (i, _) => Json(new { version = i.ApprovalVersion })),
        ["POST /api/v1/approvals/{id:int}/accept"] = new(Expect.Refused, (i, _) => $"/api/v1/approvals/{i.Approval}/accept", (i, _) => Json(new { version = i.ApprovalVersion })),
        ["POST /api/v1/approvals/{id:int}/return"] = new(Expect.Refused, (i, _) => $"/api/v1/approvals/{i.Approval}/return", (i, _) => Json(new { version = i.ApprovalVersion, reason = "退回" })),

        ["GET /api/v1/publications/"] = new(Expect.OwnPartOnly, (_, _) => "/api/v1/publications?unit=linying"),
        ["GET /api/v1/publications/{id:int}"] = new(Expect.Refused, (i, _) => $"/api/v1/publications/{i.Publication}"),
        ["PUT /api/v1/publications/{unit}/{year:int}"] = new(Expect.Refused, (_, _) => "/api/v1/publications/linying/2022",
            (i, _) => Json(new { planUrl = "https://x.gov.cn/p", doubleRandomPlanUrl = "https://x.gov.cn/r", version = i.PublicationVersion })),
        ["POST /api/v1/publications/{id:int}/submit"] = new(Expect.Refused, (i, _) => $"/api/v1/publications/{i.Publication}/submit", (i, _) => Json(new { version = i.PublicationVersion })),
        ["POST /api/v1/publications/{id:int}/accept"] = new(Expect.Refused, (i, _) => $"/api/v1/publications/{i.Publication}/accept", (i, _) => Json(new { version = i.PublicationVersion })),
        ["POST /api/v1/publications/{id:int}/return"] = new(Expect.Refused, (i, _) => $"/api/v1/publications/{i.Publication}/return", (i, _) => Json(new { version = i.PublicationVersion, reason = "退回" })),

        ["GET /api/v1/visits/"] = new(Expect.OwnPartOnly, (_, _) => "/api/v1/visits?unit=linying"),
        ["GET /api/v1/visits/{id:int}"] = new(Expect.Refused, (i, _) => $"/api/v1/visits/{i.Visit}"),
        ["POST /api/v1/visits/"] = new(Expect.Refused, (_, _) => "/api/v1/visits", (_, _) => Json(new { unitCode = "linying", year = 2022, plannedMonth = 5 })),
        ["POST /api/v1/visits/{id:int}/draw"] = new(Expect.Refused, (i, _) => $"/api/v1/visits/{i.Visit}/draw", (i, _) => Json(new { version = i.VisitVersion, count = 1 })),
        ["GET /api/v1/visits/{id:int}/draw"] = new(Expect.Refused, (i, _) => $"/api/v1/visits/{i.Visit}/draw"),
        ["POST /api/v1/visits/{id:int}/move"] = new(Expect.Refused, (i, _) => $"/api/v1/visits/{i.Visit}/move", (i, _) => Json(new { version = i.VisitVersion, plannedMonth = 6, reason = "改期" })),
        ["POST /api/v1/visits/{id:int}/cancel"] = new(Expect.Refused, (i, _) => $"/api/v1/visits/{i.Visit}/cancel", (i, _) => Json(new { version = i.VisitVersion, reason = "取消" })),
        ["PUT /api/v1/visits/{id:int}/findings"] = new(Expect.Refused, (i, _) => $"/api/v1/visits/{i.Visit}/findings",
            (i, _) => Json(new { version = i.VisitVersion, findings = new[] { new { checkItemCode = "1.1", outcome = "Problem", note = "x" } } })),
        ["GET /api/v1/visits/{id:int}/follow-ups/"] = new(Expect.Refused, (i, _) => $"/api/v1/visits/{i.Visit}/follow-ups"),
        ["POST /api/v1/visits/{id:int}/follow-ups/"] = new(Expect.Refused, (i, _) => $"/api/v1/visits/{i.Visit}/follow-ups",
            (_, s) => Json(new { enterpriseId = s.LinyingEnterprise, procedure = "Compliant" })),
        ["POST /api/v1/visits/{id:int}/follow-ups/{enterpriseId:int}/photos"] = new(Expect.Refused, (i, s) => $"/api/v1/visits/{i.Visit}/follow-ups/{s.LinyingEnterprise}/photos",
            (i, _) => new MultipartFormDataContent { { new ByteArrayContent([0xFF, 0xD8, 0xFF]), "file", "a.jpg" }, { new StringContent(i.VisitVersion.ToString()), "version" } }),
        ["GET /api/v1/visits/{id:int}/materials"] = new(Expect.Refused, (i, _) => $"/api/v1/visits/{i.Visit}/materials"),
        ["POST /api/v1/visits/{id:int}/materials"] = new(Expect.Refused, (i, _) => $"/api/v1/visits/{i.Visit}/materials",
            (i, _) => Json(new { version = i.VisitVersion, materials = new[] { new { checkItemCode = "3.2", materialIndex = 0, url = "https://x.gov.cn/a.pdf" } } })),
        ["POST /api/v1/visits/{id:int}/materials/file"] = new(Expect.Refused, (i, _) => $"/api/v1/visits/{i.Visit}/materials/file", (i, _) => MaterialFile(i.VisitVersion)),
        ["PUT /api/v1/visits/{id:int}/dates"] = new(Expect.Refused, (i, _) => $"/api/v1/visits/{i.Visit}/dates", (i, _) => Json(new { version = i.VisitVersion, startDate = "2022-03-20" })),

        ["GET /api/v1/letters/"] = new(Expect.OwnPartOnly, (_, _) => "/api/v1/letters?unit=linying"),
        ["GET /api/v1/letters/{id:int}"] = new(Expect.Refused, (_, s) => $"/api/v1/letters/{s.LinyingLetter}"),
        ["POST /api/v1/letters/"] = new(Expect.Refused, (_, _) => "/api/v1/letters", (_, _) => Json(new
        {
            unitCode = "linying", year = 2022, visitDate = "2022-02-28", reportDeadline = "2022-03-31", problems = new[] { new { problem = "p", opinion = "o" } },
            cityContactName = "李四", cityContactPhone = "1",
        })),
        ["POST /api/v1/letters/{id:int}/issue"] = new(Expect.Refused, (_, s) => $"/api/v1/letters/{s.LinyingLetter}/issue", (i, _) => Json(new { version = i.LetterVersion })),
        ["POST /api/v1/letters/{id:int}/acknowledge"] = new(Expect.Refused, (_, s) => $"/api/v1/letters/{s.LinyingLetter}/acknowledge", (i, _) => Json(new { version = i.LetterVersion })),
        ["POST /api/v1/letters/{id:int}/report/return"] = new(Expect.Refused, (_, s) => $"/api/v1/letters/{s.LinyingLetter}/report/return", (i, _) => Json(new { version = i.LetterVersion, reason = "退回" })),
        ["POST /api/v1/letters/{id:int}/close"] = new(Expect.Refused, (_, s) => $"/api/v1/letters/{s.LinyingLetter}/close", (i, _) => Json(new { version = i.LetterVersion })),
        ["GET /api/v1/letters/{id:int}/report"] = new(Expect.Refused, (_, s) => $"/api/v1/letters/{s.LinyingLetter}/report"),
        ["PUT /api/v1/letters/{id:int}/report"] = new(Expect.Refused, (_, s) => $"/api/v1/letters/{s.LinyingLetter}/report",
            (i, _) => Json(new { responsibleName = "冒名", items = new[] { new { letterProblemId = 1, measures = "m", progress = "Done" } }, version = i.ReportVersion })),
        ["POST /api/v1/letters/{id:int}/report/submit"] = new(Expect.Refused, (_, s) => $"/api/v1/letters/{s.LinyingLetter}/report/submit",
            (i, _) => Json(new { letterVersion = i.LetterVersion, reportVersion = i.ReportVersion })),
        ["POST /api/v1/letters/{id:int}/report/items/{itemId:int}/review"] = new(Expect.Refused, (i, s) => $"/api/v1/letters/{s.LinyingLetter}/report/items/{i.ReportItem}/review",
            (i, _) => Json(new { version = i.ReportVersion, decision = "Accepted" })),
        ["POST /api/v1/letters/{id:int}/report/items/{itemId:int}/completion"] = new(Expect.Refused, (i, s) => $"/api/v1/letters/{s.LinyingLetter}/report/items/{i.ReportItem}/completion",
            (i, _) => Json(new { version = i.ReportVersion, completedOn = "2022-03-01" })),
        ["POST /api/v1/letters/{id:int}/report/items/{itemId:int}/completion/review"] = new(Expect.Refused, (i, s) => $"/api/v1/letters/{s.LinyingLetter}/report/items/{i.ReportItem}/completion/review",
            (i, _) => Json(new { version = i.ReportVersion, decision = "Accepted" })),
        ["GET /api/v1/letters/{id:int}/report/evidence"] = new(Expect.Refused, (_, s) => $"/api/v1/letters/{s.LinyingLetter}/report/evidence"),
        ["POST /api/v1/letters/{id:int}/report/evidence"] = new(Expect.Refused, (_, s) => $"/api/v1/letters/{s.LinyingLetter}/report/evidence",
            (i, _) => EvidenceFile(i.LetterProblem)),
        ["GET /api/v1/visits/{id:int}/documents"] = new(Expect.Refused, (i, _) => $"/api/v1/visits/{i.Visit}/documents"),
        ["POST /api/v1/visits/{id:int}/documents"] = new(Expect.Refused, (i, _) => $"/api/v1/visits/{i.Visit}/documents", (_, _) => EvidenceFile(null)),
        ["GET /api/v1/files/{fileId:guid}"] = new(Expect.Refused, (i, _) => $"/api/v1/files/{i.File}"),
        ["GET /api/v1/letters/{id:int}/document"] = new(Expect.Refused, (_, s) => $"/api/v1/letters/{s.LinyingLetter}/document"),
        ["GET /api/v1/letters/{id:int}/report/document"] = new(Expect.Refused, (_, s) => $"/api/v1/letters/{s.LinyingLetter}/report/document"),

        ["GET /api/v1/cases/"] = new(Expect.OwnPartOnly, (_, _) => "/api/v1/cases?unit=linying"),
        ["GET /api/v1/cases/{id:int}"] = new(Expect.Refused, (i, _) => $"/api/v1/cases/{i.Case}"),
        ["POST /api/v1/cases/"] = new(Expect.UnknownUnit, (_, _) => "/api/v1/cases",
            (_, _) => Json(new { unitCode = "linying", year = 2022, title = "冒名案例", caseNumber = "X9", reportedOn = "2022-02-01", enforcementType = "penalty" }), "unitCode"),
        ["POST /api/v1/cases/{id:int}/judge"] = new(Expect.Refused, (i, _) => $"/api/v1/cases/{i.Case}/judge", (i, _) => Json(new
        {
            version = i.CaseVersion, procedureSound = true, contentAccurate = true, evidenceConclusive = true, lawCorrectlyApplied = true, fileComplete = true,
        })),

        ["GET /api/v1/weekly/{id:int}"] = new(Expect.OwnPartOnly, (i, _) => $"/api/v1/weekly/{i.Weekly}"),
        ["GET /api/v1/weekly/{id:int}/document"] = new(Expect.OwnPartOnly, (i, _) => $"/api/v1/weekly/{i.Weekly}/document"),
        ["GET /api/v1/monthly/{id:int}"] = new(Expect.Shared, (i, _) => $"/api/v1/monthly/{i.Monthly}", Why: "the monthly ranking is read out to every unit"),
        ["GET /api/v1/monthly/{id:int}/document"] = new(Expect.Shared, (i, _) => $"/api/v1/monthly/{i.Monthly}/document", Why: "the monthly ranking is read out to every unit"),

        ["GET /api/v1/audit"] = new(Expect.Refused, (i, _) => $"/api/v1/audit?unit=linying&person={i.Person}"),
        ["GET /api/v1/status/{year:int}/units/{code}"] = new(Expect.Refused, (_, _) => "/api/v1/status/2022/units/linying"),
        ["GET /api/v1/status/{year:int}/units/{code}/dossier"] = new(Expect.Refused, (_, _) => "/api/v1/status/2022/units/linying/dossier"),

        ["GET /api/v1/teams/{code}/"] = new(Expect.Refused, (_, _) => "/api/v1/teams/linying"),
        ["GET /api/v1/teams/{code}/figures"] = new(Expect.Refused, (_, _) => "/api/v1/teams/linying/figures"),
        ["POST /api/v1/teams/{code}/figures"] = new(Expect.Refused, (_, _) => "/api/v1/teams/linying/figures", (_, _) => Json(new
        {
            approvedPosts = 10, staffOnPost = 8, certifiedStaff = 6, educationPostgraduate = 1, educationBachelor = 5, educationCollege = 2, educationOther = 0,
            relatedFieldOfStudy = 3, ageUnder35 = 2, age35To49 = 4, age50AndOver = 2, men = 5, women = 3,
        })),
        ["GET /api/v1/teams/{code}/training"] = new(Expect.Refused, (_, _) => "/api/v1/teams/linying/training"),
        ["POST /api/v1/teams/{code}/training"] = new(Expect.Refused, (_, _) => "/api/v1/teams/linying/training",
            (_, _) => Json(new { heldOn = "2022-02-10", topic = "冒名培训", hours = 2, participants = 5 })),
        ["GET /api/v1/teams/{code}/progress"] = new(Expect.Refused, (_, _) => "/api/v1/teams/linying/progress"),
        ["GET /api/v1/teams/{code}/progress/{year:int}/{month:int}"] = new(Expect.Refused, (_, _) => "/api/v1/teams/linying/progress/2022/2"),
        ["POST /api/v1/teams/{code}/progress/{year:int}/{month:int}"] = new(Expect.Refused, (_, _) => "/api/v1/teams/linying/progress/2022/2",
            (_, _) => Json(new { inspectionsDone = 1, penaltiesDecided = 1, recordsEntered = 1, doubleRandomPublished = 1, penaltiesPublished = 0, enterpriseListUpdatedOn = "2021-12-20", staffListUpdatedOn = "2021-12-20", matterListUpdatedOn = "2021-12-20" })),

        // Card links: the token names the person it was made for (舞阳's liaison) and 临颍's document.
        ["GET /files/{token}"] = new(Expect.Refused, (_, _) => "token:OpinionLetter"),
    };

    /// <summary>The other documents a card link can name, called the same way.</summary>
    private static readonly (LinkedDocument Document, Expect Expect)[] LinkedDocuments =
    [
        (LinkedDocument.OpinionLetter, Expect.Refused),
        (LinkedDocument.RectificationReport, Expect.Refused),
        (LinkedDocument.WeeklyAssignment, Expect.OwnPartOnly),
        (LinkedDocument.MonthlyReview, Expect.Shared),
        (LinkedDocument.UnitYearDossier, Expect.Refused),
    ];

    private static HttpContent EvidenceFile(int? letterProblemId)
    {
        var form = new MultipartFormDataContent();
        if (letterProblemId is { } p)
        {
            form.Add(new StringContent(p.ToString()), "letterProblemId");
        }
        form.Add(new ByteArrayContent([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4]), "file", "photo.jpg");
        return form;
    }

    private static HttpContent Csv()
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes($"名称,统一社会信用代码,类别,重点/一般\n冒名企业,{TestCodes.Valid(88)},工贸,一般\n"));
        form.Add(file, "file", "list.csv");
        return form;
    }

    private static HttpContent MaterialFile(Guid version) => new MultipartFormDataContent
    {
        { new ByteArrayContent("%PDF-1.7"u8.ToArray()), "file", "a.pdf" },
        { new StringContent("3.2"), "checkItemCode" },
        { new StringContent("0"), "materialIndex" },
        { new StringContent(version.ToString()), "version" },
    };

    public async Task InitializeAsync()
    {
        _ = factory.CreateClient();
        s = await Scenario.SeedAsync(factory);
        await factory.WithDbAsync(async db =>
        {
            var linying = s.LinyingId;
            var person = new Person { Name = "临颍联络员", Role = PersonRole.CountyLiaison, UnitId = linying };
            var wuyangPerson = new Person { Name = "舞阳联络员", Role = PersonRole.CountyLiaison, UnitId = s.WuyangId };
            var approval = new PlanApproval { UnitId = linying, Year = 2022, Status = SubmissionStatus.Submitted, ApprovalKind = ApprovalKind.GovernmentReply, ApprovalDate = new(2022, 2, 1) };
            var publication = new PlanPublication { UnitId = linying, Year = 2022, Status = SubmissionStatus.Submitted, PlanUrl = "https://linying.gov.cn/p", DoubleRandomPlanUrl = "https://linying.gov.cn/r" };
            var visit = new GuidanceVisit { UnitId = linying, Year = 2022, PlannedMonth = 3, StartDate = new(2022, 3, 20), EndDate = new(2022, 3, 20), Status = VisitStatus.Scheduled };
            db.AddRange(person, wuyangPerson, approval, publication, visit);
            var letter = await db.Letters.Include(l => l.Problems).SingleAsync(l => l.Id == s.LinyingLetter);
            letter.Status = Data.Letters.LetterStatus.ReportSubmitted;
            var report = new RectificationReport
            {
                OpinionLetterId = letter.Id, UnitId = linying, Status = ReportStatus.Submitted, ResponsibleName = "临颍局长", SubmissionCount = 1,
                SubmittedUtc = new DateTime(2022, 3, 1, 0, 0, 0, DateTimeKind.Utc),
                Items = [new RectificationItem { LetterProblemId = letter.Problems[0].Id, Measures = "临颍的整改措施", Progress = RectificationProgress.Done }],
            };
            var kase = new TypicalCase { UnitId = linying, Year = 2022, Title = "临颍案例", CaseNumber = "临应急罚〔2022〕1号", ReportedOn = new(2022, 2, 1), EnforcementType = "penalty" };
            db.AddRange(report, kase);
            db.TeamFigures.Add(new TeamFiguresReport { UnitId = linying, ReportedUtc = new(2022, 2, 1, 0, 0, 0, DateTimeKind.Utc), ApprovedPosts = 9, StaffOnPost = 7, CertifiedStaff = 5 });
            db.TrainingSessions.Add(new TrainingSession { UnitId = linying, HeldOn = new(2022, 2, 3), Topic = "临颍培训", Hours = 2, Participants = 5, ReportedUtc = new(2022, 2, 3, 0, 0, 0, DateTimeKind.Utc) });
            db.EnforcementProgress.Add(new EnforcementProgressReport { UnitId = linying, Year = 2022, Month = 2, InspectionsDone = 3, ReportedUtc = new(2022, 3, 1, 0, 0, 0, DateTimeKind.Utc) });
            var weekly = new WeeklyAssignmentSnapshot
            {
                Year = 2022, Serial = 1, WeekStart = new(2022, 2, 28), GeneratedUtc = new(2022, 2, 28, 1, 0, 0, DateTimeKind.Utc),
                Lines =
                [
                    new() { Order = 1, UnitId = s.WuyangId, UnitName = "舞阳县应急管理局", Title = "舞阳整改事项", DueDate = new(2022, 3, 31), Status = AssignmentLineStatus.New },
                    new() { Order = 2, UnitId = linying, UnitName = "临颍县应急管理局", Title = "临颍整改事项", DueDate = new(2022, 3, 31), Status = AssignmentLineStatus.Open },
                ],
                Cases = [new() { UnitId = linying, UnitName = "临颍县应急管理局", ReportedInYear = 1 }],
            };
            var monthly = new MonthlyReviewSnapshot
            {
                Year = 2022, Month = 2, GeneratedUtc = new(2022, 3, 1, 1, 0, 0, DateTimeKind.Utc),
                Lines = [new() { UnitId = linying, UnitName = "临颍县应急管理局", Assigned = 3, ClosedOnTime = 2, Rank = 1 }],
            };
            db.AddRange(weekly, monthly);
            // A file of 临颍's (its bytes need not exist: another county is refused before they are looked for).
            var file = new Data.Files.StoredFile
            {
                Id = Guid.NewGuid(), UnitId = linying, FileName = "临颍整改照片.jpg", ContentType = "image/jpeg", Length = 8, Sha256 = new string('0', 64),
                UploadedUtc = new DateTime(2022, 3, 1, 0, 0, 0, DateTimeKind.Utc),
            };
            db.Files.Add(file);
            await db.SaveChangesAsync();
            var plan = await db.AnnualPlans.AsNoTracking().SingleAsync(p => p.Id == s.LinyingPlan);
            var enterprise = await db.Enterprises.AsNoTracking().SingleAsync(e => e.Id == s.LinyingEnterprise);
            ids = new Ids(person.Id, wuyangPerson.Id, approval.Id, publication.Id, visit.Id, report.Id, report.Items[0].Id, kase.Id, weekly.Id, monthly.Id,
                plan.Version, approval.Version, publication.Version, letter.Version, report.Version, visit.Version, kase.Version, enterprise.Version,
                file.Id, letter.Problems[0].Id);
        });
    }

    public Task DisposeAsync()
    {
        factory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Mapped routes that name a record, a unit or a code: in the path, the query (a parameter or a query record's member) or the body.</summary>
    private List<(string Key, RouteEndpoint Endpoint)> RoutesNamingRecords()
    {
        string[] pathNames = ["id", "itemId", "unit", "code", "token", "fileId"];
        string[] queryNames = ["unit", "person", "code"];
        var routes = new List<(string, RouteEndpoint)>();
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            if (!pattern.StartsWith("/api/v1/", StringComparison.Ordinal) && !pattern.StartsWith("/files/", StringComparison.Ordinal))
            {
                continue;
            }
            var method = endpoint.Metadata.GetMetadata<MethodInfo>();
            var parameters = method?.GetParameters() ?? [];
            var body = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            var names = endpoint.RoutePattern.Parameters.Any(p => pathNames.Contains(p.Name))
                || parameters.Any(p => queryNames.Contains(p.Name, StringComparer.OrdinalIgnoreCase))
                || parameters.Any(p => p.GetCustomAttribute<AsParametersAttribute>() is not null
                    && p.ParameterType.GetProperties().Any(x => queryNames.Contains(x.Name, StringComparer.OrdinalIgnoreCase)))
                || body?.GetProperty("UnitCode") is not null;
            if (names)
            {
                var verb = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Single();
                routes.Add(($"{verb} {pattern}", endpoint));
            }
        }
        return routes;
    }

    [Fact]
    public async Task Every_route_naming_a_record_refuses_another_countys_and_writes_nothing()
    {
        var routes = RoutesNamingRecords();
        var missing = routes.Select(r => r.Key).Where(k => !Cases.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "Routes without a county-isolation case (add one to Cases):\n" + string.Join("\n", missing));
        var stale = Cases.Keys.Where(k => routes.All(r => r.Key != k)).ToList();
        Assert.True(stale.Count == 0, "Cases for routes no longer mapped (or no longer naming a record):\n" + string.Join("\n", stale));
        // The routes the issue found untested are among those enumerated.
        foreach (var known in new[] { "GET /api/v1/approvals/{id:int}", "GET /api/v1/publications/{id:int}", "GET /api/v1/visits/{id:int}", "GET /api/v1/people/{id:int}",
                     "PUT /api/v1/letters/{id:int}/report", "GET /api/v1/letters/{id:int}/report/document", "GET /api/v1/weekly/{id:int}/document" })
        {
            Assert.Contains(routes, r => r.Key == known);
        }

        var before = await FingerprintAsync();
        var wuyang = factory.Liaison("wuyang");
        var failures = new List<string>();
        foreach (var (key, _) in routes)
        {
            var c = Cases[key];
            var url = c.Url(ids, s);
            if (url.StartsWith("token:", StringComparison.Ordinal))
            {
                foreach (var (document, expect) in LinkedDocuments)
                {
                    var id = document switch
                    {
                        LinkedDocument.OpinionLetter => s.LinyingLetter,
                        LinkedDocument.RectificationReport => ids.Report,
                        LinkedDocument.WeeklyAssignment => ids.Weekly,
                        _ => ids.Monthly,
                    };
                    var links = factory.Services.GetRequiredService<DocumentLinks>();
                    var link = document == LinkedDocument.UnitYearDossier
                        ? links.ForDossier(s.LinyingId, 2022, ids.WuyangPerson)
                        : links.For(document, id, ids.WuyangPerson);
                    await CheckAsync(failures, $"{key} ({document})", expect, null, await factory.CreateClient().GetAsync(new Uri(link).PathAndQuery));
                }
                continue;
            }
            var method = new HttpMethod(key[..key.IndexOf(' ')]);
            var response = await wuyang.SendAsync(new HttpRequestMessage(method, url) { Content = c.Body?.Invoke(ids, s) });
            await CheckAsync(failures, key, c.Expect, c.Field, response);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await FingerprintAsync());
    }

    private static async Task CheckAsync(List<string> failures, string key, Expect expect, string? field, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Readable(bytes, response.Content.Headers.ContentType?.MediaType);
        var leaks = text.Contains("linying", StringComparison.Ordinal) || text.Contains("临颍", StringComparison.Ordinal);
        var ok = expect switch
        {
            Expect.Refused => status is 403 or 404 && !leaks,
            Expect.UnknownUnit => status == 400 && text.Contains($"\"{field}\"", StringComparison.Ordinal),
            Expect.OwnPartOnly => status == 200 && !leaks,
            _ => status == 200,
        };
        if (!ok)
        {
            failures.Add($"{key}: expected {expect}, got {status}{(leaks ? " naming 临颍" : "")}: {text[..Math.Min(300, text.Length)]}");
        }
    }

    /// <summary>What a reader sees of an answer: JSON as text, and the XML inside a DOCX, XLSX or ZIP.</summary>
    private static string Readable(byte[] bytes, string? mediaType)
    {
        if (bytes.Length > 4 && bytes[0] == 'P' && bytes[1] == 'K')
        {
            using var zip = new ZipArchive(new MemoryStream(bytes));
            return string.Concat(zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal) || e.FullName.EndsWith(".json", StringComparison.Ordinal))
                .Select(e => new StreamReader(e.Open()).ReadToEnd()));
        }
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Row counts of every table and the versions of every versioned row: equal before and after means nothing was written.</summary>
    private async Task<string> FingerprintAsync()
    {
        var parts = new List<string>();
        await factory.WithDbAsync(async db =>
        {
            foreach (var table in db.Model.GetEntityTypes().Select(t => (Name: t.GetTableName(), Versioned: t.FindProperty("Version") is not null)).Where(t => t.Name is not null).Distinct().OrderBy(t => t.Name))
            {
#pragma warning disable EF1002 // table names come from the model, not from input
                var count = await db.Database.SqlQueryRaw<int>($"SELECT COUNT(*) AS \"Value\" FROM \"{table.Name}\"").SingleAsync();
                var versions = table.Versioned
                    ? await db.Database.SqlQueryRaw<string>($"SELECT COALESCE(group_concat(\"Version\", ','), '') AS \"Value\" FROM (SELECT \"Version\" FROM \"{table.Name}\" ORDER BY rowid)").SingleAsync()
                    : "";
#pragma warning restore EF1002
                parts.Add($"{table.Name}:{count}:{versions}");
            }
        });
        return string.Join("\n", parts);
    }
}
