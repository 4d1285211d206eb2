using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GuidanceBot.Api.Jobs;
using GuidanceBot.Api.Tests.Api;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Bot.Documents;
using GuidanceBot.Data.Backups;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Api.Tests.Operations;

/// <summary>
/// Issue 16, point 6: the nightly archive holds the database, the attachments and the keys that sign document links;
/// the README's restore command puts it back into a wiped data folder, and everything opens again over HTTP.
/// </summary>
public sealed class BackupRestoreTests : IDisposable
{
    /// <summary>The command as README.md and docs/deploy.md give it (checked below), run from the host's folder.</summary>
    private const string RestoreCommand = "dotnet GuidanceBot.Api.dll restore";

    private static readonly byte[] Photo = Encoding.UTF8.GetBytes("\u00ff\u00d8 整改后照片 — the bytes of a photo " + new string('x', 5000));

    private readonly string _root = Directory.CreateTempSubdirectory("guidancebot-restore-").FullName;
    private string DataFolder => Path.Combine(_root, "data");
    private string Share => Path.Combine(_root, "share");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private sealed record Seeded(Scenario Scenario, int ReportId, Guid PhotoId, string LetterLink, string ReportLink);

    /// <summary>The scenario's letter, a submitted report with a photo as evidence, and links made for the county's liaison.</summary>
    private static async Task<Seeded> SeedAsync(LoopbackApiFactory host)
    {
        var s = await Scenario.SeedAsync(host);
        int reportId = 0, liaisonId = 0;
        Guid photoId = default;
        await host.WithDbAsync(async db =>
        {
            var liaison = new Person { Name = "临颍联络员", Role = PersonRole.CountyLiaison, UnitId = s.LinyingId };
            db.People.Add(liaison);
            var photo = await host.Services.GetRequiredService<FileStore>().KeepAsync(db, new MemoryStream(Photo), "整改后照片.jpg", "image/jpeg",
                s.LinyingId, null, "临颍联络员", 1 << 20);
            var problem = await db.LetterProblems.FirstAsync(p => p.OpinionLetterId == s.LinyingLetter);
            var report = new RectificationReport
            {
                OpinionLetterId = s.LinyingLetter, UnitId = s.LinyingId, Status = ReportStatus.Submitted, ResponsibleName = "赵六",
                SubmittedUtc = host.Clock.GetUtcNow().UtcDateTime, SubmissionCount = 1,
                Items = [new() { LetterProblemId = problem.Id, Measures = "已将全部重点单位纳入计划", Progress = RectificationProgress.Done, Evidence = [new() { FileId = photo.Id, Caption = "整改后" }] }],
            };
            db.RectificationReports.Add(report);
            await db.SaveChangesAsync();
            (reportId, liaisonId, photoId) = (report.Id, liaison.Id, photo.Id);
        });
        var links = host.Services.GetRequiredService<DocumentLinks>();
        return new Seeded(s, reportId, photoId,
            links.For(LinkedDocument.OpinionLetter, s.LinyingLetter, liaisonId), links.For(LinkedDocument.RectificationReport, reportId, liaisonId));
    }

    private static async Task<string> NightlyBackupAsync(LoopbackApiFactory host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NightlyBackupJob>().RunAsync(CancellationToken.None);
        return scope.ServiceProvider.GetRequiredService<DataBackup>().ListBackups()[0];
    }

    [Fact]
    public async Task A_backup_restored_into_a_wiped_data_folder_opens_every_document_and_the_links_issued_before()
    {
        string archive;
        Seeded seeded;
        using (var before = LoopbackApiFactory.Start(DataFolder, ("Backup:CopyTo", Share)))
        {
            seeded = await SeedAsync(before);
            archive = await NightlyBackupAsync(before);
        }

        // The copy on the share is the same archive; the local one goes with the wiped disk.
        var copy = Path.Combine(Share, Path.GetFileName(archive));
        Assert.Equal(await File.ReadAllBytesAsync(archive), await File.ReadAllBytesAsync(copy));
        Directory.Delete(DataFolder, recursive: true);

        var (exit, output) = await HostCommand.RunAsync("restore", copy, $"--Storage:DataFolder={DataFolder}");
        Assert.True(exit == 0, output);
        Assert.Contains("已恢复 / restored", output);
        Assert.True(File.Exists(Path.Combine(DataFolder, "files", seeded.PhotoId.ToString("D"))));

        using var after = LoopbackApiFactory.Start(DataFolder);
        var anonymous = after.Http();
        // Ready as far as the database goes: reachable and migrated (this host has no Connector to get a token for).
        var health = System.Text.Json.Nodes.JsonNode.Parse(await (await anonymous.GetAsync("/health")).Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", health["checks"]!["database"]!["status"]!.GetValue<string>());
        var city = after.Http("CityStaff");
        var letterNumber = "(漯)应急指导〔2022〕1号";

        var letter = await DocxTextAsync(await city.GetAsync($"/api/v1/letters/{seeded.Scenario.LinyingLetter}/document"));
        Assert.Contains(letterNumber, letter);
        var report = await DocxTextAsync(await city.GetAsync($"/api/v1/letters/{seeded.Scenario.LinyingLetter}/report/document"));
        Assert.Contains("已将全部重点单位纳入计划", report);

        // The dossier's manifest verifies: every entry's SHA-256, and the evidence photo is the one uploaded.
        var dossier = await city.GetAsync("/api/v1/status/2022/units/linying/dossier");
        Assert.Equal(HttpStatusCode.OK, dossier.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await dossier.Content.ReadAsByteArrayAsync()));
        using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
        Assert.Empty(manifest.RootElement.GetProperty("missingFiles").EnumerateArray());
        var entries = manifest.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(zip.Entries.Count - 1, entries.Count);
        foreach (var entry in entries)
        {
            await using var bytes = zip.GetEntry(entry.GetProperty("path").GetString()!)!.Open();
            Assert.Equal(entry.GetProperty("sha256").GetString(), Convert.ToHexStringLower(await SHA256.HashDataAsync(bytes)));
        }
        var evidence = Assert.Single(entries, e => e.GetProperty("kind").GetString() == "evidence");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Photo)), evidence.GetProperty("sha256").GetString());
        Assert.Equal(evidence.GetProperty("recordedSha256").GetString(), evidence.GetProperty("sha256").GetString());
        Assert.Contains(entries, e => e.GetProperty("kind").GetString() == "letter");
        Assert.Contains(entries, e => e.GetProperty("kind").GetString() == "report");

        // Links in cards sent before the backup open without a token: the keys that signed them came back too.
        Assert.Contains(letterNumber, await DocxTextAsync(await anonymous.GetAsync(new Uri(seeded.LetterLink).PathAndQuery)));
        Assert.Contains("已将全部重点单位纳入计划", await DocxTextAsync(await anonymous.GetAsync(new Uri(seeded.ReportLink).PathAndQuery)));
    }

    [Fact]
    public async Task The_archive_holds_the_database_the_attachments_and_the_keys_and_N_are_kept_here_and_on_the_share()
    {
        using var host = LoopbackApiFactory.Start(DataFolder, ("Backup:CopyTo", Share), ("Backup:Keep", "2"));
        var seeded = await SeedAsync(host);

        var made = new List<string>();
        for (var night = 0; night < 3; night++)
        {
            made.Add(await NightlyBackupAsync(host));
            host.Clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal([made[2], made[1]], BackupArchive.List(Path.Combine(DataFolder, "backups")));
        Assert.Equal(made.Skip(1).Reverse().Select(Path.GetFileName), BackupArchive.List(Share).Select(Path.GetFileName));

        var manifest = BackupArchive.Verify(made[2]);
        var paths = manifest.Entries.Select(e => e.Path).ToList();
        Assert.Contains("guidancebot.db", paths);
        Assert.Contains($"files/{seeded.PhotoId:D}", paths);
        Assert.Contains(paths, p => p.StartsWith("keys/", StringComparison.Ordinal) && p.EndsWith(".xml", StringComparison.Ordinal));
        Assert.Empty(manifest.MissingFiles);
        Assert.NotNull(manifest.Migration);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(Path.Combine(DataFolder, "backups")), p => p.Contains(".work-") || p.EndsWith(".partial"));
    }

    [Fact]
    public async Task Restore_refuses_while_a_host_runs_on_the_data_folder_and_leaves_it_as_it_was()
    {
        using var host = LoopbackApiFactory.Start(DataFolder);
        await SeedAsync(host);
        var archive = await NightlyBackupAsync(host);

        var (exit, output) = await HostCommand.RunAsync("restore", archive, $"--Storage:DataFolder={DataFolder}");

        Assert.Equal(1, exit);
        Assert.Contains("stop it first", output);
        Assert.Empty(Directory.GetDirectories(DataFolder, "before-restore-*"));
        await host.WithDbAsync(async db => Assert.Equal(1, await db.RectificationReports.CountAsync()));
    }

    [Fact]
    public async Task A_damaged_archive_is_refused_before_anything_in_the_data_folder_changes()
    {
        string archive;
        using (var host = LoopbackApiFactory.Start(DataFolder))
        {
            await SeedAsync(host);
            archive = await NightlyBackupAsync(host);
        }
        var damaged = Path.Combine(_root, "damaged.zip");
        using (var zip = ZipFile.Open(archive, ZipArchiveMode.Read))
        using (var copy = ZipFile.Open(damaged, ZipArchiveMode.Create))
        {
            foreach (var entry in zip.Entries)
            {
                await using var target = copy.CreateEntry(entry.FullName).Open();
                await using var source = entry.Open();
                await source.CopyToAsync(target);
                if (entry.FullName.StartsWith("files/", StringComparison.Ordinal))
                {
                    target.WriteByte(0); // one byte more than the manifest says
                }
            }
        }
        var database = await File.ReadAllBytesAsync(Path.Combine(DataFolder, "guidancebot.db"));

        var (exit, output) = await HostCommand.RunAsync("restore", damaged, $"--Storage:DataFolder={DataFolder}");

        Assert.Equal(1, exit);
        Assert.Contains("damaged", output);
        Assert.Equal(database, await File.ReadAllBytesAsync(Path.Combine(DataFolder, "guidancebot.db")));
        Assert.Empty(Directory.GetDirectories(DataFolder, "before-restore-*"));
        Assert.Empty(Directory.GetDirectories(DataFolder, ".restore-*"));
    }

    [Fact]
    public void A_host_does_not_start_while_a_restore_holds_the_data_folder()
    {
        using (DataFolderLock.ForRestore(DataFolder))
        {
            var e = Assert.ThrowsAny<Exception>(() => LoopbackApiFactory.Start(DataFolder).Dispose());
            Assert.Contains("a restore is replacing the data", e.ToString());
        }
    }

    [Fact]
    public async Task The_README_and_the_deployment_guide_give_the_restore_command_the_tests_run()
    {
        foreach (var doc in new[] { "README.md", Path.Combine("docs", "deploy.md") })
        {
            Assert.Contains(RestoreCommand, await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, doc)));
        }
        Assert.DoesNotContain("move `guidancebot.db`", await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "README.md")));
    }

    /// <summary>A DOCX response's document text (fails unless it is a 200 with a Word document that opens).</summary>
    private static async Task<string> DocxTextAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType?.MediaType);
        using var docx = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        using var reader = new StreamReader(docx.GetEntry("word/document.xml")!.Open());
        var xml = System.Xml.Linq.XDocument.Parse(await reader.ReadToEndAsync());
        return string.Concat(xml.Descendants().Where(e => e.Name.LocalName == "t").Select(e => e.Value));
    }
}
