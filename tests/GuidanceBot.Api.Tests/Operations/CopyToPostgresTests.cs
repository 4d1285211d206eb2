using System.Security.Cryptography;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Api.Tests.ScaleOut;
using GuidanceBot.Data;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Operations;

/// <summary>
/// Issue 17, point 3: a bureau moves from its SQLite file to PostgreSQL with one command, run as the operator runs it
/// (<c>dotnet GuidanceBot.Api.dll copy-to-postgres --target … --files …</c>): every table and attachment copied, the
/// counts checked, and a target that already holds data refused.
/// </summary>
public sealed class CopyToPostgresTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("guidancebot-copy-").FullName;
    private readonly string _shared = Directory.CreateTempSubdirectory("guidancebot-shared-").FullName;
    private readonly List<string> _databases = [];

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _databases.ForEach(TestStorage.DropPostgreSqlDatabase);
        foreach (var folder in new[] { _folder, _shared })
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private async Task<string> EmptyDatabaseAsync()
    {
        var database = await TestStorage.CreatePostgreSqlDatabaseAsync(empty: true);
        _databases.Add(database);
        return database;
    }

    [PostgreSqlFact]
    public async Task Every_table_file_and_key_moves_and_the_bot_continues_on_postgresql()
    {
        // A bureau on SQLite: the first admin's invite (command), then a person, a letter with two problems and an attachment.
        var (exit, output) = await HostCommand.RunAsync("bootstrap-admin", "--name", "刘洋", $"--Storage:DataFolder={_folder}");
        Assert.True(exit == 0, output);
        var sqlite = new StorageOptions { DataFolder = _folder };
        var bytes = "整改照片"u8.ToArray();
        StoredFile file;
        int personId;
        await using (var db = new GuidanceDbContext(new DbContextOptionsBuilder<GuidanceDbContext>().UseGuidanceDatabase(sqlite).Options))
        {
            var wuyang = await db.Units.SingleAsync(u => u.Code == "wuyang");
            var city = await db.Units.SingleAsync(u => u.Code == "luohe");
            var person = new Person { Name = "王联络", Role = PersonRole.CountyLiaison, UnitId = wuyang.Id, TenantId = "t", AadObjectId = "a" };
            db.People.Add(person);
            file = await new FileStore(_folder, TimeProvider.System).SaveAsync(new MemoryStream(bytes), "照片.jpg", "image/jpeg", wuyang.Id, null);
            db.Files.Add(file);
            db.Letters.Add(new OpinionLetter
            {
                UnitId = wuyang.Id, IssuerUnitId = city.Id, Year = 2022, Status = LetterStatus.Draft, VisitDate = new DateOnly(2022, 2, 28),
                ReportDeadline = new DateOnly(2022, 3, 31), CityContactName = "王科长", CityContactPhone = "0395-0000000", CountyResponsibleName = "李局长",
                Problems = [new LetterProblem { Order = 1, Problem = "问题一", Opinion = "意见一" }, new LetterProblem { Order = 2, Problem = "问题二", Opinion = "意见二" }],
            });
            await db.SaveChangesAsync();
            personId = person.Id;
        }
        Directory.CreateDirectory(sqlite.KeysFolder);
        await File.WriteAllTextAsync(Path.Combine(sqlite.KeysFolder, "key-6f1c0f5e-0000-4000-8000-000000000001.xml"), "<key id=\"6f1c0f5e-0000-4000-8000-000000000001\" version=\"1\" />");

        var target = await EmptyDatabaseAsync();
        (exit, output) = await HostCommand.RunAsync("copy-to-postgres", "--target", target, "--files", _shared, $"--Storage:DataFolder={_folder}");
        Assert.True(exit == 0, output);
        Assert.Contains("已复制 / copied", output);
        Assert.Contains("附件 / attachments 1", output);

        var postgres = new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = target };
        await using (var source = new GuidanceDbContext(new DbContextOptionsBuilder<GuidanceDbContext>().UseGuidanceDatabase(sqlite).Options))
        await using (var copy = new GuidanceDbContext(new DbContextOptionsBuilder<GuidanceDbContext>().UseGuidanceDatabase(postgres).Options))
        {
            Assert.Empty(await copy.Database.GetPendingMigrationsAsync());
            Assert.Equal(await source.Units.CountAsync(), await copy.Units.CountAsync());
            Assert.Equal(await source.CheckItems.CountAsync(), await copy.CheckItems.CountAsync());
            Assert.Equal(await source.InviteCodes.CountAsync(), await copy.InviteCodes.CountAsync());
            Assert.Equal(await source.AuditLog.CountAsync(), await copy.AuditLog.CountAsync());
            var letter = await copy.Letters.Include(l => l.Problems).SingleAsync();
            Assert.Equal(["问题一", "问题二"], letter.Problems.OrderBy(p => p.Order).Select(p => p.Problem));
            var copied = await copy.Files.SingleAsync();
            // PostgreSQL keeps microseconds, SQLite .NET's 100 ns ticks.
            Assert.Equal((file.Id, file.Sha256, file.UploadedUtc.Ticks / 10), (copied.Id, copied.Sha256, copied.UploadedUtc.Ticks / 10));
            Assert.Equal(1, await copy.Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>().CountAsync());

            // The next row the bot adds continues after the copied ids.
            copy.People.Add(new Person { Name = "新人", Role = PersonRole.CityStaff, UnitId = letter.IssuerUnitId });
            await copy.SaveChangesAsync();
            Assert.True(await copy.People.MaxAsync(p => p.Id) > personId);
        }
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(_shared, file.Id.ToString("D"))));
        Assert.Equal(file.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));

        // Again into the same database: refused, nothing written.
        (exit, output) = await HostCommand.RunAsync("copy-to-postgres", "--target", target, $"--Storage:DataFolder={_folder}");
        Assert.True(exit == 1, output);
        Assert.Contains("not empty", output);
    }

    [PostgreSqlFact]
    public async Task Backup_and_restore_refuse_on_postgresql()
    {
        var target = await EmptyDatabaseAsync();
        var (exit, output) = await HostCommand.RunAsync("backup", "--Storage:Provider=PostgreSql", $"--Storage:ConnectionString={target}", $"--Storage:DataFolder={_folder}");
        Assert.True(exit == 1, output);
        Assert.Contains("pg_dump", output);
    }
}
