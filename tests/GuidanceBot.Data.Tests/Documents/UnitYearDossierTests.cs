using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Documents;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Tracking;

namespace GuidanceBot.Data.Tests.Documents;

public class UnitYearDossierTests
{
    private static readonly byte[] PhotoBefore = RandomNumberGenerator.GetBytes(150_000);
    private static readonly byte[] PhotoAfter = RandomNumberGenerator.GetBytes(90_000);
    private static readonly byte[] Approval = Encoding.UTF8.GetBytes("%PDF-1.4 舞阳县人民政府关于2022年度安全生产监督检查计划的批复");

    private sealed record Seeded(Guid Before, Guid After, Guid Approval);

    /// <summary>Wuyang 2022: letters 3 and 7 issued, a draft, a report with evidence, an approval; noise around it.</summary>
    private static async Task<Seeded> SeedAsync(TempDatabase temp)
    {
        await using var db = temp.NewContext();
        var city = Samples.City();
        var wuyang = Samples.Wuyang();
        var linying = Samples.Wuyang();
        linying.Id = 6; linying.Code = "linying"; linying.Name = "临颍县应急管理局"; linying.ShortName = "临颍";
        db.Units.AddRange(city, wuyang, linying);

        var third = Samples.Letter(id: 10, serial: 3);
        var seventh = Samples.Letter(id: 11, serial: 7, problems: 1);
        seventh.IssuedOn = new DateOnly(2022, 9, 1);
        var draft = Samples.Letter(id: 12, serial: 0, problems: 1);
        draft.Status = LetterStatus.Draft; draft.Serial = null; draft.Number = null;
        var otherUnit = Samples.Letter(id: 13, serial: 4, problems: 1);
        otherUnit.UnitId = 6;
        var lastYear = Samples.Letter(id: 14, serial: 2, problems: 1);
        lastYear.Year = 2021; lastYear.Number = "(漯)应急指导〔2021〕2号";
        // Stored in the opposite order of issue, so the dossier's order comes from the dates, not the ids.
        db.Letters.AddRange(seventh, third, draft, otherUnit, lastYear);
        await db.SaveChangesAsync();

        var before = await temp.Files.SaveAsync(new MemoryStream(PhotoBefore), "整改前照片.jpg", "image/jpeg", 5, null);
        var after = await temp.Files.SaveAsync(new MemoryStream(PhotoAfter), "整改后照片.jpg", "image/jpeg", 5, null);
        var approval = await temp.Files.SaveAsync(new MemoryStream(Approval), "县政府批复.pdf", "application/pdf", 5, null);
        db.Files.AddRange(before, after, approval);

        var report = Samples.Report(third);
        report.Items[0].Evidence.Add(new RectificationEvidence { FileId = before.Id, Caption = "整改前" });
        report.Items[0].Evidence.Add(new RectificationEvidence { FileId = after.Id, Caption = "整改后" });
        report.Items[1].Evidence.Add(new RectificationEvidence { Url = "https://yjj.wuyang.gov.cn/plan" });
        var draftReport = Samples.Report(seventh);
        draftReport.Status = ReportStatus.Draft;
        db.RectificationReports.AddRange(report, draftReport);

        db.PlanApprovals.Add(new PlanApproval { UnitId = 5, Year = 2022, Status = SubmissionStatus.Accepted, ApprovalAttachmentId = approval.Id });

        db.AuditLog.AddRange(
            Audit(new DateTime(2021, 12, 31, 16, 30, 0), 5, "plan.submit", "提交年度计划"),             // 2022-01-01 00:30 China
            Audit(new DateTime(2022, 5, 20, 2, 0, 0), 5, "letter.issue", "意见书已下达, 请于\"6月30日\"前整改"),
            Audit(new DateTime(2022, 7, 1, 1, 0, 0), 5, "report.submit", "=HYPERLINK(\"http://x\")"),
            Audit(new DateTime(2022, 12, 31, 16, 30, 0), 5, "plan.submit", "属于2023年"),               // 2023 in China
            Audit(new DateTime(2022, 6, 1, 0, 0, 0), 6, "plan.submit", "临颍的记录"));
        await db.SaveChangesAsync();
        return new Seeded(before.Id, after.Id, approval.Id);
    }

    private static AuditEntry Audit(DateTime utc, int unitId, string action, string details) => new()
    {
        OccurredUtc = DateTime.SpecifyKind(utc, DateTimeKind.Utc), ActorName = "李建国", ActorPersonId = 7,
        Action = action, EntityType = "OpinionLetter", EntityId = "10", UnitId = unitId, Details = details,
    };

    private static async Task<DocumentFile> BuildAsync(TempDatabase temp)
    {
        await using var db = temp.NewContext();
        var file = await new UnitYearDossier(db, temp.Files, temp.Time).CreateAsync(5, 2022);
        Assert.NotNull(file);
        return file;
    }

    private static byte[] Bytes(ZipArchiveEntry entry)
    {
        using var s = entry.Open();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    [Fact]
    public async Task Dossier_holds_the_years_letters_reports_evidence_audit_and_manifest_in_fixed_order()
    {
        await using var temp = await TempDatabase.CreateAsync();
        await SeedAsync(temp);

        var file = await BuildAsync(temp);
        Assert.Equal("舞阳县应急管理局2022年执法指导档案.zip", file.FileName);
        using var zip = new ZipArchive(new MemoryStream(file.Content));

        string[] expected =
        [
            "plan/annual-plan.json",
            "plan/approval-and-filing.json",
            "plan/publications.json",
            "letters/01_(漯)应急指导〔2022〕3号.docx",
            "letters/02_(漯)应急指导〔2022〕7号.docx",
            "reports/01_(漯)应急指导〔2022〕3号_整改报告.docx",
            "evidence/01_(漯)应急指导〔2022〕3号/问题1/01_整改前照片.jpg",
            "evidence/01_(漯)应急指导〔2022〕3号/问题1/02_整改后照片.jpg",
            "evidence/审批报备/01_县政府批复.pdf",
            "cases.json",
            "team-figures.json",
            "progress.json",
            "audit-trail.csv",
            "manifest.json",
        ];
        Assert.Equal(expected, zip.Entries.Select(e => e.FullName));

        Assert.Equal(PhotoBefore, Bytes(zip.Entries[6]));
        Assert.Equal(PhotoAfter, Bytes(zip.Entries[7]));
        Assert.Equal(Approval, Bytes(zip.Entries[8]));
        Assert.True(DossierCheck.Verify(new MemoryStream(file.Content)).Intact);

        using (var letter = WordprocessingDocument.Open(new MemoryStream(Bytes(zip.Entries[3])), false))
        {
            OpenXmlChecks.AssertValid(letter);
            Assert.Contains("(漯)应急指导〔2022〕3号", OpenXmlChecks.Paragraphs(letter));
        }
        using (var report = WordprocessingDocument.Open(new MemoryStream(Bytes(zip.Entries[5])), false))
        {
            OpenXmlChecks.AssertValid(report);
            var lines = OpenXmlChecks.Paragraphs(report);
            Assert.Contains("1. 整改前照片.jpg（整改前）", lines);
            // The list of evidence files: what identifies each.
            Assert.Contains(RectificationReportDocument.EvidenceListHeading, lines);
            Assert.Contains("文件名：整改后照片.jpg", lines);
            Assert.Contains("类型：image/jpeg", lines);
            Assert.Contains($"SHA-256：{Convert.ToHexStringLower(SHA256.HashData(PhotoAfter))}", lines);
            Assert.Contains("1. https://yjj.wuyang.gov.cn/plan", lines);
        }
    }

    [Fact]
    public async Task Manifest_hashes_and_sizes_match_every_entry()
    {
        await using var temp = await TempDatabase.CreateAsync();
        await SeedAsync(temp);

        var file = await BuildAsync(temp);
        using var zip = new ZipArchive(new MemoryStream(file.Content));
        var manifest = JsonSerializer.Deserialize<DossierManifest>(Bytes(zip.GetEntry(UnitYearDossier.ManifestName)!), UnitYearDossier.ManifestJson)!;

        Assert.Equal((5, "wuyang", 2022, "SHA-256"), (manifest.UnitId, manifest.UnitCode, manifest.Year, manifest.HashAlgorithm));
        Assert.Equal(temp.Time.GetUtcNow().UtcDateTime, manifest.GeneratedUtc);
        Assert.Empty(manifest.MissingFiles);
        Assert.Equal(zip.Entries.Select(e => e.FullName).Where(n => n != UnitYearDossier.ManifestName), manifest.Files.Select(f => f.Path));
        foreach (var listed in manifest.Files)
        {
            var bytes = Bytes(zip.GetEntry(listed.Path)!);
            Assert.Equal(bytes.LongLength, listed.Size);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), listed.Sha256);
            if (listed.Kind == "evidence")
            {
                Assert.Equal(listed.Sha256, listed.RecordedSha256);
            }
        }
    }

    [Fact]
    public async Task Audit_trail_is_the_units_year_in_China_time_and_opens_with_Chinese_intact()
    {
        await using var temp = await TempDatabase.CreateAsync();
        await SeedAsync(temp);

        var file = await BuildAsync(temp);
        using var zip = new ZipArchive(new MemoryStream(file.Content));
        var bytes = Bytes(zip.GetEntry(UnitYearDossier.AuditTrailName)!);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes[3..]);
        var rows = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', UnitYearDossier.AuditHeaders), rows[0]);
        Assert.Equal(4, rows.Length);
        Assert.Equal("2022-01-01 00:30:00,李建国,7,plan.submit,OpinionLetter,10,,提交年度计划", rows[1]);
        Assert.Equal("2022-05-20 10:00:00,李建国,7,letter.issue,OpinionLetter,10,,\"意见书已下达, 请于\"\"6月30日\"\"前整改\"", rows[2]);
        // A formula in user text stays text when Excel opens the file.
        Assert.EndsWith(",\"'=HYPERLINK(\"\"http://x\"\")\"", rows[3]);
        Assert.DoesNotContain("属于2023年", text);
        Assert.DoesNotContain("临颍", text);
    }

    [Fact]
    public async Task Altered_or_lost_evidence_shows_in_the_manifest()
    {
        await using var temp = await TempDatabase.CreateAsync();
        var seeded = await SeedAsync(temp);
        var altered = File.ReadAllBytes(temp.Files.PathOf(seeded.Before));
        altered[0] ^= 0xFF;
        File.WriteAllBytes(temp.Files.PathOf(seeded.Before), altered);
        temp.Files.Delete(seeded.Approval);

        var file = await BuildAsync(temp);
        using var zip = new ZipArchive(new MemoryStream(file.Content));
        var manifest = JsonSerializer.Deserialize<DossierManifest>(Bytes(zip.GetEntry(UnitYearDossier.ManifestName)!), UnitYearDossier.ManifestJson)!;

        var before = manifest.Files.Single(f => f.Path.EndsWith("整改前照片.jpg"));
        Assert.NotEqual(before.RecordedSha256, before.Sha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(altered)), before.Sha256);
        var after = manifest.Files.Single(f => f.Path.EndsWith("整改后照片.jpg"));
        Assert.Equal(after.RecordedSha256, after.Sha256);
        Assert.Equal($"evidence/审批报备/01_县政府批复.pdf ({seeded.Approval})", Assert.Single(manifest.MissingFiles));
        Assert.Null(zip.GetEntry("evidence/审批报备/01_县政府批复.pdf"));
    }

    [Fact]
    public async Task County_scope_sees_nothing_of_another_unit()
    {
        await using var temp = await TempDatabase.CreateAsync();
        await SeedAsync(temp);
        await using var db = temp.NewContext();
        var documents = new GuidanceDocuments(db, new UnitYearDossier(db, temp.Files, temp.Time));

        Assert.NotNull(await documents.OpinionLetterAsync(10, unitScope: 5));
        Assert.Null(await documents.OpinionLetterAsync(10, unitScope: 6));
        Assert.Null(await documents.RectificationReportAsync(1010, unitScope: 6));
        Assert.Null(await documents.UnitYearDossierAsync(5, 2022, unitScope: 6));
        Assert.Null(await documents.UnitYearDossierAsync(99, 2022));

        db.WeeklySnapshots.Add(new WeeklyAssignmentSnapshot
        {
            Year = 2022, Serial = 12, WeekStart = new DateOnly(2022, 5, 16),
            Lines =
            [
                new() { Order = 1, UnitId = 5, UnitName = "舞阳县应急管理局", Title = "舞阳的事项", DueDate = new DateOnly(2022, 6, 30) },
                new() { Order = 2, UnitId = 6, UnitName = "临颍县应急管理局", Title = "临颍的事项", DueDate = new DateOnly(2022, 6, 30) },
            ],
        });
        await db.SaveChangesAsync();
        var weekly = await documents.WeeklyAssignmentAsync(1, unitScope: 5);
        using (var sheet = SpreadsheetDocument.Open(new MemoryStream(weekly!.Content), false))
        {
            var texts = OpenXmlChecks.Sheet(sheet, out _).Descendants<DocumentFormat.OpenXml.Spreadsheet.Text>().Select(t => t.Text).ToList();
            Assert.Contains("舞阳的事项", texts);
            Assert.DoesNotContain("临颍的事项", texts);
        }

        var report = await documents.RectificationReportAsync(1010, unitScope: 5);
        Assert.NotNull(report);
        using var doc = WordprocessingDocument.Open(new MemoryStream(report.Content), false);
        Assert.Contains("2. 整改后照片.jpg（整改后）", OpenXmlChecks.Paragraphs(doc));
    }
}
