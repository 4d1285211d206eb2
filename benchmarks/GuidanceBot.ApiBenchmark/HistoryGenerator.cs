using GuidanceBot.Data;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Cases;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Visits;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.ApiBenchmark;

/// <summary>
/// Ten years of six counties: 2,000 enterprises each, and per year a plan listing all of them, its
/// figures, approval, publication, a visit with a draw and twelve findings, an issued letter with five
/// problems, a reviewed rectification report, typical cases, list items and an audit trail.
/// Deterministic (fixed seed) so runs compare.
/// </summary>
internal static class HistoryGenerator
{
    public static async Task GenerateAsync(GuidanceDbContext db, int firstYear, int years, int enterprisesPerUnit)
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var random = new Random(20220301);
        var city = await db.Units.SingleAsync(u => u.Level == UnitLevel.City);
        var counties = await db.Units.Where(u => u.Level == UnitLevel.County).OrderBy(u => u.SortOrder).Take(6).ToListAsync();
        var categories = new[] { EnterpriseCategoryCodes.NonCoalMine, EnterpriseCategoryCodes.HazardousChemicals, EnterpriseCategoryCodes.IndustryTrade };
        var checkItems = await db.CheckItems.Select(i => i.Id).ToListAsync();

        var serial = 0;
        foreach (var unit in counties)
        {
            for (var n = 0; n < enterprisesPerUnit; n++)
            {
                var first17 = "91411100" + (++serial).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
                db.Enterprises.Add(new Enterprise
                {
                    UnitId = unit.Id, Name = $"{unit.ShortName}企业{n:0000}", CreditCode = first17 + CreditCode.ComputeCheckChar(first17),
                    CategoryCode = categories[n % 3], Tier = n % 5 == 0 ? EnterpriseTier.Key : EnterpriseTier.General,
                });
            }
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        var enterprises = await db.Enterprises.AsNoTracking().Select(e => new { e.Id, e.UnitId, e.CategoryCode, e.Tier }).ToListAsync();

        for (var year = firstYear; year < firstYear + years; year++)
        {
            var letterSerial = 0;
            foreach (var unit in counties)
            {
                var own = enterprises.Where(e => e.UnitId == unit.Id).ToList();
                var entries = own.Select(e => new PlanEntry { EnterpriseId = e.Id, Planned = e.Tier == EnterpriseTier.Key || random.Next(100) < 40 }).ToList();
                var figures = categories.Select(c => new PlanCategoryFigures
                {
                    CategoryCode = c,
                    KeyTotal = own.Count(e => e.CategoryCode == c && e.Tier == EnterpriseTier.Key),
                    KeyPlanned = own.Count(e => e.CategoryCode == c && e.Tier == EnterpriseTier.Key),
                    GeneralTotal = own.Count(e => e.CategoryCode == c && e.Tier == EnterpriseTier.General),
                    GeneralPlanned = own.Where((e, i) => e.CategoryCode == c && e.Tier == EnterpriseTier.General && entries[i].Planned).Count(),
                }).ToList();
                var submitted = new DateTime(year, 1, 20, 2, 0, 0, DateTimeKind.Utc);
                db.AnnualPlans.Add(new AnnualPlan { UnitId = unit.Id, Year = year, Status = SubmissionStatus.Accepted, SubmittedUtc = submitted, FirstSubmittedUtc = submitted, ReviewedUtc = submitted.AddDays(3), Entries = entries, Categories = figures });
                db.PlanApprovals.Add(new PlanApproval { UnitId = unit.Id, Year = year, Status = SubmissionStatus.Accepted, ApprovalKind = ApprovalKind.GovernmentReply, ApprovalDate = new DateOnly(year, 2, 10), FilingDate = new DateOnly(year, 2, 15), SubmittedUtc = submitted.AddDays(25) });
                db.PlanPublications.Add(new PlanPublication { UnitId = unit.Id, Year = year, Status = SubmissionStatus.Accepted, PlanUrl = $"https://{unit.Code}.example.gov.cn/{year}/plan", DoubleRandomPlanUrl = $"https://{unit.Code}.example.gov.cn/{year}/random", PublishedOn = new DateOnly(year, 2, 20) });

                var month = unit.SortOrder + 2;
                var drawn = own.Take(2).ToList();
                var visit = new GuidanceVisit
                {
                    UnitId = unit.Id, Year = year, PlannedMonth = month, StartDate = new DateOnly(year, month, 10), EndDate = new DateOnly(year, month, 11), Status = VisitStatus.Done,
                    Draw = new SpotCheckDraw { Seed = random.Next(), Count = 2, CandidateIds = string.Join(',', own.Select(e => e.Id)), Algorithm = "splitmix64-fisher-yates/v1", DrawnUtc = DateTime.UtcNow, Enterprises = drawn.Select((e, i) => new SpotCheckedEnterprise { EnterpriseId = e.Id, Order = i + 1 }).ToList() },
                    Findings = checkItems.Select(id => new VisitFinding { CheckItemId = id, Outcome = random.Next(4) == 0 ? FindingOutcome.Problem : FindingOutcome.Compliant, RecordedUtc = DateTime.UtcNow }).ToList(),
                };
                db.Visits.Add(visit);

                var letter = new OpinionLetter
                {
                    UnitId = unit.Id, IssuerUnitId = city.Id, Visit = visit, Year = year, Serial = ++letterSerial, Number = LetterNumber.Format(city.ShortName, year, letterSerial),
                    Status = LetterStatus.Closed, VisitDate = new DateOnly(year, month, 10), IssuedOn = new DateOnly(year, month, 15), ReportDeadline = new DateOnly(year, month, 28),
                    CityContactName = "李四", CityContactPhone = "0395-1234567",
                    Problems = Enumerable.Range(1, 5).Select(i => new LetterProblem { Order = i, Problem = $"问题{i}", Opinion = $"意见{i}" }).ToList(),
                };
                db.Letters.Add(letter);
                db.RectificationReports.Add(new RectificationReport
                {
                    Letter = letter, UnitId = unit.Id, Status = ReportStatus.Accepted, ResponsibleName = "赵六", SubmittedUtc = new DateTime(year, month, 25, 2, 0, 0, DateTimeKind.Utc), SubmissionCount = 1,
                    Items = letter.Problems.Select(p => new RectificationItem { Problem = p, Measures = "已整改", Progress = RectificationProgress.Done, Decision = ReviewDecision.Accepted }).ToList(),
                });
                for (var c = 0; c < 3 + random.Next(6); c++)
                {
                    db.TypicalCases.Add(new TypicalCase
                    {
                        UnitId = unit.Id, Year = year, Title = $"典型案例{c}", CaseNumber = $"{unit.ShortName}应急罚〔{year}〕{c + 1}号", ReportedOn = new DateOnly(year, 1 + c, 5),
                        EnforcementType = "行政处罚", Qualification = random.Next(3) == 0 ? CaseQualification.NotQualified : CaseQualification.Qualified,
                    });
                }
                for (var a = 0; a < 10; a++)
                {
                    db.Assignments.Add(new AssignmentItem
                    {
                        UnitId = unit.Id, Year = year, Kind = AssignmentKind.VisitProblem, SubjectKey = $"bench:{year}:{unit.Code}:{a}", Title = $"整改事项{a}",
                        AssignedOn = new DateOnly(year, month, 16), DueDate = new DateOnly(year, month, 28), ClosedOn = new DateOnly(year, month, 27),
                    });
                }
                for (var a = 0; a < 40; a++)
                {
                    db.AuditLog.Add(new AuditEntry { OccurredUtc = new DateTime(year, 1 + a % 12, 1 + a % 28, 3, 0, 0, DateTimeKind.Utc), ActorName = "基准", Action = "plan.edit", EntityType = "AnnualPlan", EntityId = "0", UnitId = unit.Id });
                }
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            Console.WriteLine($"  {year}: written");
        }
    }
}
