// Measures the unit-year dossier on a migrated SQLite file: 12 letters, 12 reports, 50 evidence files
// of 200 KB. With an output folder it also writes a sample of every document for a visual check.
//   dotnet run -c Release --project tools/DocumentsBench [-- <sample-folder>]
using System.Diagnostics;
using System.Security.Cryptography;
using GuidanceBot.Data;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Common;
using GuidanceBot.Data.Documents;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Units;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

var folder = Path.Combine(Path.GetTempPath(), "guidancebot-bench", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
var time = TimeProvider.System;
var store = new FileStore(folder, time);
GuidanceDbContext NewContext() => new(new DbContextOptionsBuilder<GuidanceDbContext>()
    .UseSqlite($"Data Source={Path.Combine(folder, "guidancebot.db")}")
    .AddInterceptors(new VersioningInterceptor(time)).Options);

try
{
    await using (var db = NewContext())
    {
        await db.Database.MigrateAsync();
        db.Units.AddRange(
            new OrgUnit { Id = 1, Code = "luohe", Name = "漯河市应急管理局", ShortName = "漯", Level = UnitLevel.City },
            new OrgUnit { Id = 5, Code = "wuyang", Name = "舞阳县应急管理局", ShortName = "舞阳", Level = UnitLevel.County, ParentId = 1 });
        var files = new List<StoredFile>();
        for (var i = 0; i < 50; i++)
        {
            files.Add(await store.SaveAsync(new MemoryStream(RandomNumberGenerator.GetBytes(200 * 1024)), $"佐证材料{i + 1:00}.jpg", "image/jpeg", 5, null));
        }
        db.Files.AddRange(files);
        var fileIndex = 0;
        for (var n = 1; n <= 12; n++)
        {
            var letter = new OpinionLetter
            {
                UnitId = 5, IssuerUnitId = 1, Year = 2022, Serial = n, Number = $"(漯)应急指导〔2022〕{n}号",
                Status = LetterStatus.ReportSubmitted, VisitDate = new DateOnly(2022, n, 10), ReportDeadline = new DateOnly(2022, n, 25),
                IssuedOn = new DateOnly(2022, n, 12), CountyResponsibleName = "李建国", CityContactName = "王晓明", CityContactPhone = "0395-3121234",
                Problems = Enumerable.Range(1, 4).Select(p => new LetterProblem
                {
                    Order = p, Problem = $"执法计划未覆盖全部重点生产经营单位，一般单位抽取比例不足三分之一（第{p}项）",
                    Opinion = "对照企业名录补齐计划，报县政府批复后向市局报备，并在门户网站公示。",
                }).ToList(),
            };
            var report = new RectificationReport
            {
                Letter = letter, UnitId = 5, Status = ReportStatus.Accepted, ResponsibleName = "赵志强",
                SubmittedUtc = new DateTime(2022, n, 24, 2, 0, 0, DateTimeKind.Utc), SubmissionCount = 1,
            };
            foreach (var problem in letter.Problems)
            {
                var item = new RectificationItem { Problem = problem, Measures = "已补录企业名录并重新编制计划。", Decision = ReviewDecision.Accepted };
                for (var e = 0; e < 2 && fileIndex < files.Count; e++)
                {
                    item.Evidence.Add(new RectificationEvidence { FileId = files[fileIndex++].Id, Caption = "现场照片" });
                }
                report.Items.Add(item);
            }
            db.Letters.Add(letter);
            db.RectificationReports.Add(report);
        }
        for (var a = 0; a < 500; a++)
        {
            db.AuditLog.Add(new AuditEntry
            {
                OccurredUtc = new DateTime(2022, 1, 1, 8, 0, 0, DateTimeKind.Utc).AddHours(a * 15), ActorName = "李建国",
                Action = "report.submit", EntityType = "RectificationReport", EntityId = a.ToString(), UnitId = 5, Details = "提交整改报告",
            });
        }
        await db.SaveChangesAsync();
    }

    var runs = new List<double>();
    long size = 0;
    for (var run = 0; run < 6; run++)
    {
        await using var db = NewContext();
        var stopwatch = Stopwatch.StartNew();
        var dossier = await new UnitYearDossier(db, store, time).CreateAsync(5, 2022);
        stopwatch.Stop();
        size = dossier!.Content.LongLength;
        runs.Add(stopwatch.Elapsed.TotalMilliseconds);
        if (args.Length > 0 && run == 0)
        {
            Directory.CreateDirectory(args[0]);
            await File.WriteAllBytesAsync(Path.Combine(args[0], "dossier.zip"), dossier.Content);
        }
    }
    Console.WriteLine($"dossier: {size / 1024.0 / 1024.0:F1} MB; first (cold) {runs[0]:F0} ms; warm {string.Join(", ", runs.Skip(1).Select(r => r.ToString("F0")))} ms; warm median {runs.Skip(1).Order().ElementAt(2):F0} ms");
    Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MB");

    if (args.Length > 0)
    {
        await using var db = NewContext();
        var documents = new GuidanceDocuments(db, new UnitYearDossier(db, store, time));
        foreach (var doc in new[]
                 {
                     await documents.OpinionLetterAsync(1), await documents.RectificationReportAsync(1),
                     WeeklyAssignmentWorkbook.Create(new WeeklyAssignmentSnapshot
                     {
                         Year = 2022, Serial = 12, WeekStart = new DateOnly(2022, 5, 16), GeneratedUtc = DateTime.UtcNow,
                         Lines = [new() { Order = 1, UnitName = "舞阳县应急管理局", Title = "执法计划未覆盖全部重点单位", OwnerName = "李建国", DueDate = new DateOnly(2022, 6, 30) }],
                     }),
                     MonthlyReviewWorkbook.Create(new MonthlyReviewSnapshot
                     {
                         Year = 2022, Month = 5, GeneratedUtc = DateTime.UtcNow,
                         Lines = [new() { UnitName = "舞阳县应急管理局", Assigned = 8, ClosedOnTime = 6, ClosedLate = 1, Open = 1, OnTimePermille = 857, OnTimePermilleChange = 57, Rank = 1 }],
                         Overdue = [new() { UnitName = "临颍县应急管理局", Title = "报送整改报告", DueDate = new DateOnly(2022, 5, 10), DaysOverdue = 21 }],
                     }),
                 })
        {
            await File.WriteAllBytesAsync(Path.Combine(args[0], doc!.FileName), doc.Content);
            Console.WriteLine($"wrote {doc.FileName}");
        }
    }
}
finally
{
    SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}
