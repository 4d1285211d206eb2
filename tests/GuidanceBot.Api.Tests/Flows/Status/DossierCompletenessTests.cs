using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using GuidanceBot.Api.Tests.Flows.Evidence;
using GuidanceBot.Data.Cases;
using GuidanceBot.Data.Documents;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.TeamFigures;
using GuidanceBot.Data.Visits;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Status;

/// <summary>
/// 归档备查 (issue 15, point 7): one whole year of 舞阳 — plan, approval and filing with their documents, publication, a visit with
/// its team, dates, draw, follow-up record and photo, findings, a material and a team document, the letter with what the team saw,
/// the report and its evidence, a typical case, team figures and training, a month's progress filed through the API — and the
/// dossier city staff download from the status card's signed link, in zh-CN and en-US: every section the issue lists is in the
/// archive with its content, every entry is in the manifest and verifies, and any one file altered fails the check, naming it.
/// </summary>
public class DossierCompletenessTests
{
    private const string EnglishStaffAad = "00000000-0000-0000-0000-00000000c0b1";
    private const string Number = "(漯)应急指导〔2022〕5号";
    private static readonly byte[] ApprovalPdf = [.. "%PDF-1.4\n舞阳县人民政府批复"u8.ToArray(), .. new byte[512]];
    private static readonly byte[] FilingPdf = [.. "%PDF-1.4\n报备回执"u8.ToArray(), .. new byte[256]];
    private static readonly byte[] MaterialPdf = [.. "%PDF-1.4\n执法人员名单"u8.ToArray(), .. new byte[300]];
    private static readonly byte[] TeamPhoto = EvidenceFileTests.Photo(3_000, seed: 11);
    private static readonly byte[] FollowUpPhoto = EvidenceFileTests.Photo(2_500, seed: 12);
    private static readonly byte[] EvidencePhoto = EvidenceFileTests.Photo(4_000, seed: 13);

    /// <summary>The year of 舞阳 as the steps leave it (rows written as the workflows write them; the month's progress through the API).</summary>
    private static async Task SeedYearAsync(Door door)
    {
        var host = door.Host;
        await door.Chat.SeedPlanAsync("wuyang", SubmissionStatus.Accepted, enterprises: 3);
        var store = host.Services.GetRequiredService<FileStore>();
        await door.Db(async db =>
        {
            var unitId = await db.Units.Where(u => u.Code == "wuyang").Select(u => u.Id).SingleAsync();
            var city = await db.Units.SingleAsync(u => u.Code == "luohe");
            var staff = door.Staff.Id;
            async Task<StoredFile> Save(byte[] bytes, string name, string type, int owner)
            {
                var file = await store.SaveAsync(new MemoryStream(bytes), name, type, owner, staff);
                db.Files.Add(file);
                return file;
            }
            var approval = await Save(ApprovalPdf, "县政府批复.pdf", "application/pdf", unitId);
            var filing = await Save(FilingPdf, "报备回执.pdf", "application/pdf", unitId);
            db.PlanApprovals.Add(new PlanApproval
            {
                UnitId = unitId, Year = 2022, Status = SubmissionStatus.Accepted, ApprovalDocumentNumber = "舞政文〔2022〕12号", ApprovalDate = new(2022, 2, 10),
                ApprovalAttachmentId = approval.Id, FilingDocumentNumber = "漯应急备〔2022〕3号", FilingDate = new(2022, 2, 15), FilingAttachmentId = filing.Id,
            });
            db.PlanPublications.Add(new PlanPublication
            {
                UnitId = unitId, Year = 2022, Status = SubmissionStatus.Accepted, PlanUrl = "https://yjj.wuyang.gov.cn/plan-2022",
                DoubleRandomPlanUrl = "https://yjj.wuyang.gov.cn/double-random-2022", PublishedOn = new(2022, 2, 20),
            });

            var item = await db.CheckItems.OrderBy(i => i.Id).FirstAsync();
            var visit = new GuidanceVisit
            {
                UnitId = unitId, Year = 2022, PlannedMonth = 3, StartDate = new(2022, 3, 1), EndDate = new(2022, 3, 1), Status = VisitStatus.Done,
                TeamMembers = [new VisitTeamMember { PersonId = staff, IsLead = true }],
            };
            db.Visits.Add(visit);
            await db.SaveChangesAsync();
            var candidates = await db.Enterprises.Where(e => e.UnitId == unitId).Select(e => e.Id).OrderBy(i => i).ToListAsync();
            var outcome = SpotCheck.Draw(candidates, 1, 20220301).Value!;
            db.SpotCheckDraws.Add(outcome.ToEntity(visit.Id, staff, host.Clock.GetUtcNow().UtcDateTime));
            var seen = await Save(FollowUpPhoto, "执法现场.jpg", "image/jpeg", unitId);
            var followUp = new VisitFollowUp
            {
                GuidanceVisitId = visit.Id, EnterpriseId = outcome.ChosenIds[0], ObservedOn = new(2022, 3, 1), RecordedById = staff,
                Procedure = FindingOutcome.Compliant, Documents = FindingOutcome.Problem, DocumentsNote = "询问笔录未签名", Closure = FindingOutcome.Compliant,
                Photos = [new() { FileId = seen.Id, AddedUtc = seen.UploadedUtc }],
            };
            db.VisitFollowUps.Add(followUp);
            await db.SaveChangesAsync();
            db.Set<VisitFinding>().Add(new VisitFinding
            {
                GuidanceVisitId = visit.Id, CheckItemId = item.Id, Outcome = FindingOutcome.Problem, Note = "执法文书填写不规范", RecordedById = staff, VisitFollowUpId = followUp.Id,
            });
            var material = await Save(MaterialPdf, "执法人员名单.pdf", "application/pdf", unitId);
            db.VisitMaterials.Add(new VisitMaterial
            {
                GuidanceVisitId = visit.Id, CheckItemId = item.Id, MaterialIndex = 0, MaterialName = "执法人员名单", FileId = material.Id,
                ProvidedUtc = host.Clock.GetUtcNow().UtcDateTime, ProvidedById = door.Liaison.Id,
            });
            var teamPhoto = await Save(TeamPhoto, "检查现场.jpg", "image/jpeg", city.Id);
            db.VisitDocuments.Add(new VisitDocument { GuidanceVisitId = visit.Id, FileId = teamPhoto.Id, Caption = "企业现场检查", AddedUtc = teamPhoto.UploadedUtc, AddedById = staff });

            var letter = new OpinionLetter
            {
                UnitId = unitId, IssuerUnitId = city.Id, GuidanceVisitId = visit.Id, Year = 2022, Status = LetterStatus.ReportSubmitted, Serial = 5, Number = Number,
                VisitDate = new(2022, 3, 1), ReportDeadline = new(2022, 3, 31), IssuedOn = new(2022, 3, 1), CityContactName = "赵科员", CityContactPhone = "0395-1",
                Problems = [new LetterProblem { Order = 1, Problem = "执法文书填写不规范", Opinion = "规范询问笔录签名" }],
            };
            db.Letters.Add(letter);
            await db.SaveChangesAsync();
            var evidence = await Save(EvidencePhoto, "整改后笔录.jpg", "image/jpeg", unitId);
            db.RectificationReports.Add(new RectificationReport
            {
                OpinionLetterId = letter.Id, UnitId = unitId, Status = ReportStatus.Submitted, ResponsibleName = "张局长", SubmissionCount = 1,
                Items = [new RectificationItem
                {
                    LetterProblemId = letter.Problems[0].Id, Measures = "补签全部询问笔录", Progress = RectificationProgress.Done,
                    Evidence = [new RectificationEvidence { FileId = evidence.Id, Caption = "整改后" }],
                }],
            });
            db.TypicalCases.Add(new TypicalCase
            {
                UnitId = unitId, Year = 2022, Title = "某化工企业未落实安全生产责任制案", CaseNumber = "舞应急罚〔2022〕3号", ReportedOn = new(2022, 2, 25),
                EnforcementType = "行政处罚", ReportedById = door.Liaison.Id,
            });
            db.TeamFigures.Add(new TeamFiguresReport
            {
                UnitId = unitId, ReportedUtc = new DateTime(2022, 1, 10, 2, 0, 0, DateTimeKind.Utc), ReportedById = door.Liaison.Id,
                ApprovedPosts = 12, StaffOnPost = 10, CertifiedStaff = 9, EducationBachelor = 10, AgeUnder35 = 10, Men = 6, Women = 4,
            });
            db.TrainingSessions.Add(new TrainingSession
            {
                UnitId = unitId, HeldOn = new(2022, 2, 18), Topic = "危险化学品执法检查", Hours = 3.5m, Participants = 8, ReportedById = door.Liaison.Id,
                ReportedUtc = new DateTime(2022, 2, 18, 8, 0, 0, DateTimeKind.Utc),
            });
            return await db.SaveChangesAsync();
        });
        await door.PostAsync(door.Liaison, "/api/v1/teams/wuyang/progress/2022/2", new
        {
            inspectionsDone = 3, penaltiesDecided = 1, recordsEntered = 4, doubleRandomPublished = 2, penaltiesPublished = 1,
            enterpriseListUpdatedOn = "2022-02-25", staffListUpdatedOn = "2022-02-10", matterListUpdatedOn = "2022-01-10",
        });
    }

    private static byte[] Bytes(ZipArchive zip, string path)
    {
        using var s = (zip.GetEntry(path) ?? throw new Xunit.Sdk.XunitException("not in the dossier: " + path)).Open();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    private static JsonNode Json(ZipArchive zip, string path) => JsonNode.Parse(Bytes(zip, path))!;

    private static string Docx(ZipArchive zip, string path)
    {
        using var word = WordprocessingDocument.Open(new MemoryStream(Bytes(zip, path)), false);
        return word.MainDocumentPart!.Document.Body!.InnerText;
    }

    /// <summary>Each section the issue lists, and what shows it holds its content (not merely a file of that name).</summary>
    private static IEnumerable<(string Section, Action<ZipArchive> Check)> Sections(string visit, string letter)
    {
        yield return ("plan", z => Assert.Equal(3, Json(z, "plan/annual-plan.json")[0]!["enterprises"]!.AsArray().Count));
        yield return ("approval and filing", z =>
        {
            var a = Json(z, "plan/approval-and-filing.json")[0]!;
            Assert.Equal(("舞政文〔2022〕12号", "漯应急备〔2022〕3号"), (a["approvalDocumentNumber"]!.GetValue<string>(), a["filingDocumentNumber"]!.GetValue<string>()));
            Assert.Equal(ApprovalPdf, Bytes(z, "evidence/审批报备/01_县政府批复.pdf"));
            Assert.Equal(FilingPdf, Bytes(z, "evidence/审批报备/02_报备回执.pdf"));
        });
        yield return ("publications", z => Assert.Equal("https://yjj.wuyang.gov.cn/plan-2022", Json(z, "plan/publications.json")[0]!["planUrl"]!.GetValue<string>()));
        yield return ("visit record with dates and team", z =>
        {
            var v = Json(z, $"{visit}/visit.json");
            Assert.Equal(("2022-03-01", "2022-03-01", "Done"), (v["startDate"]!.GetValue<string>(), v["endDate"]!.GetValue<string>(), v["status"]!.GetValue<string>()));
            Assert.Equal("赵科员", v["team"]![0]!["name"]!.GetValue<string>());
        });
        yield return ("draw and its replay data", z =>
        {
            var d = Json(z, $"{visit}/visit.json")["draw"]!;
            Assert.Equal((20220301, 1), (d["seed"]!.GetValue<int>(), d["enterprises"]!.AsArray().Count));
            Assert.Equal(3, d["candidateIds"]!.GetValue<string>().Split(',').Length);
            Assert.True(d["replay"]!["matches"]!.GetValue<bool>());
        });
        yield return ("follow-up records with photos", z =>
        {
            var f = Json(z, $"{visit}/visit.json")["followUps"]![0]!;
            Assert.Equal(("Problem", "询问笔录未签名"), (f["documents"]!.GetValue<string>(), f["documentsNote"]!.GetValue<string>()));
            Assert.Equal(FollowUpPhoto, Bytes(z, f["photos"]![0]!.GetValue<string>()));
        });
        yield return ("findings", z =>
        {
            var f = Json(z, $"{visit}/visit.json")["findings"]![0]!;
            Assert.Equal(("Problem", "执法文书填写不规范"), (f["outcome"]!.GetValue<string>(), f["note"]!.GetValue<string>()));
        });
        yield return ("materials", z => Assert.Equal(MaterialPdf, Bytes(z, Json(z, $"{visit}/visit.json")["materials"]![0]!["file"]!.GetValue<string>())));
        yield return ("team documents and images", z =>
        {
            var d = Json(z, $"{visit}/visit.json")["teamDocuments"]![0]!;
            Assert.Equal("企业现场检查", d["caption"]!.GetValue<string>());
            Assert.Equal(TeamPhoto, Bytes(z, d["file"]!.GetValue<string>()));
        });
        yield return ("letters, with what the team saw", z =>
        {
            var text = Docx(z, $"letters/{letter}.docx");
            Assert.Contains(Number, text);
            Assert.Contains(OpinionLetterDocument.FollowUpHeading, text);
            Assert.Contains("询问笔录未签名", text);
        });
        yield return ("reports", z =>
        {
            var text = Docx(z, $"reports/{letter}_整改报告.docx");
            Assert.Contains("补签全部询问笔录", text);
            Assert.Contains(RectificationReportDocument.EvidenceListHeading, text);
        });
        yield return ("evidence files", z => Assert.Equal(EvidencePhoto, Bytes(z, $"evidence/{letter}/问题1/01_整改后笔录.jpg")));
        yield return ("cases", z => Assert.Equal("舞应急罚〔2022〕3号", Json(z, "cases.json")[0]!["caseNumber"]!.GetValue<string>()));
        yield return ("team figures and training", z =>
        {
            var t = Json(z, "team-figures.json");
            Assert.Equal(10, t["figures"]![0]!["staffOnPost"]!.GetValue<int>());
            Assert.Equal("危险化学品执法检查", t["trainings"]![0]!["topic"]!.GetValue<string>());
        });
        yield return ("progress, 三.1 with it", z =>
        {
            var p = Json(z, "progress.json")[0]!;
            Assert.Equal((2, 1, "2022-02-25"), (p["month"]!.GetValue<int>(), p["penaltiesPublishedInCreditSystem"]!.GetValue<int>(), p["enterpriseListUpdatedOn"]!.GetValue<string>()));
        });
        yield return ("the audit CSV", z =>
        {
            var lines = Encoding.UTF8.GetString(Bytes(z, UnitYearDossier.AuditTrailName)).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith(UnitYearDossier.AuditHeaders[0], lines[0]);
            Assert.Contains(lines, l => l.Contains("team.progress", StringComparison.Ordinal));
        });
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task The_dossier_city_staff_download_from_the_chat_holds_every_section_with_its_content_and_any_file_altered_fails_the_manifest(string language)
    {
        await using var door = await Door.StartAsync("dossier-" + language, new ParityOptions
        {
            People = [new CastMember("Zhao Staff", PersonRole.CityStaff, "luohe", EnglishStaffAad, "en-US")],
        });
        await SeedYearAsync(door);
        var zh = language == "zh-CN";

        // The status card of the unit carries the signed link (city staff's); it opens the archive without a bearer token.
        var status = await door.Chat.AskForCardAsync(zh ? StaffAad : EnglishStaffAad, zh ? "进度 舞阳" : "status Wuyang", "status-dossier-" + language);
        Assert.Contains(zh ? "归档备查" : "Dossier", AllText(status));
        var link = EvidenceFileTests.FindOpenUrl(status);
        var bytes = await EvidenceFileTests.ReadAsync(await door.Host.Http.GetAsync(new Uri(link).PathAndQuery));
        using var zip = new ZipArchive(new MemoryStream(bytes));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        var visit = Assert.Single(names, n => n.EndsWith("/visit.json", StringComparison.Ordinal))[..^"/visit.json".Length];
        var letter = Assert.Single(names, n => n.StartsWith("letters/", StringComparison.Ordinal))["letters/".Length..^".docx".Length];

        var missing = new List<string>();
        foreach (var (section, check) in Sections(visit, letter))
        {
            try
            {
                check(zip);
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or NullReferenceException)
            {
                missing.Add($"{section}: {e.Message}");
            }
        }
        Assert.Empty(missing);

        // The manifest lists every other entry with its size and hash; the archive verifies; each stored file hashes as at upload.
        var manifest = Json(zip, UnitYearDossier.ManifestName);
        Assert.Equal(names.Where(n => n != UnitYearDossier.ManifestName).Order(), manifest["files"]!.AsArray().Select(f => f!["path"]!.GetValue<string>()).Order());
        Assert.Empty(manifest["missingFiles"]!.AsArray());
        Assert.True(DossierCheck.Verify(new MemoryStream(bytes)).Intact);

        // Any one entry altered fails the check, which names it.
        foreach (var name in names.Where(n => n != UnitYearDossier.ManifestName))
        {
            var check = DossierCheck.Verify(new MemoryStream(EvidenceFileTests.Alter(bytes, n => n == name)));
            Assert.False(check.Intact, name);
            Assert.Contains(check.Problems, p => p.StartsWith(name, StringComparison.Ordinal));
        }
        await door.Chat.AssertCardsValidAsync();
    }
}
