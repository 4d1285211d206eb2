using System.IO.Compression;
using System.Text.Json;
using GuidanceBot.Data.Files;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Data.Backups;

public sealed class BackupOptions
{
    public const string SectionName = "Backup";

    /// <summary>How many archives to keep (in the backup folder and in <see cref="CopyTo"/>); older ones are deleted.</summary>
    public int Keep { get; set; } = 14;

    /// <summary>A second folder, e.g. a mounted network share, that gets a copy of every archive. Empty: none.</summary>
    public string? CopyTo { get; set; }
}

/// <summary>
/// The nightly backup: one archive (<see cref="BackupArchive"/>) of the database, the attachments and the Data
/// Protection keys, taken while the bot keeps running. The database is copied with SQLite's <c>VACUUM INTO</c>
/// (a consistent snapshot; under WAL the writer is not blocked for long); then exactly the attachments whose rows
/// are in that snapshot are added. Attachment bytes are written before their row commits and never change or go
/// afterwards, so the archive is consistent without stopping anything. Keys are only ever added.
/// </summary>
public sealed class DataBackup(
    GuidanceDbContext db,
    FileStore store,
    IOptions<StorageOptions> storage,
    IOptions<BackupOptions> options,
    TimeProvider time,
    ILogger<DataBackup> logger)
{
    public string BackupFolder => Path.Combine(storage.Value.DataFolder, "backups");

    /// <summary>Writes a new archive, prunes old ones and copies it to <see cref="BackupOptions.CopyTo"/>; returns its path.</summary>
    public async Task<string> BackupAsync(CancellationToken ct = default)
    {
        RefuseOnPostgreSql(storage.Value);
        Directory.CreateDirectory(BackupFolder);
        var target = Path.Combine(BackupFolder, BackupArchive.NameFor(time.GetUtcNow()));
        var work = Directory.CreateDirectory(Path.Combine(BackupFolder, ".work-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var snapshot = Path.Combine(work, BackupArchive.DatabaseName);
            await db.Database.ExecuteSqlRawAsync("VACUUM INTO {0}", [snapshot], ct);
            var (fileIds, migration) = ReadSnapshot(snapshot);

            // Written under a temporary name and renamed: a crash never leaves a half archive that looks like a backup.
            var partial = Path.Combine(work, "archive.zip");
            var manifest = WriteArchive(partial, snapshot, fileIds, migration);
            File.Move(partial, target, overwrite: true);
            foreach (var missing in manifest.MissingFiles)
            {
                logger.LogError("Backup {Backup}: attachment {File} has a row but no bytes in the file store", target, missing);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        Prune(BackupFolder);
        logger.LogInformation("Backed up database, attachments and keys to {Backup}", target);
        CopyToSecondFolder(target);
        return target;
    }

    /// <summary>Archives in the backup folder, newest first.</summary>
    public IReadOnlyList<string> ListBackups() => BackupArchive.List(BackupFolder);

    private static (List<Guid> FileIds, string? Migration) ReadSnapshot(string snapshot)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = snapshot, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"Id\" FROM \"{nameof(GuidanceDbContext.Files)}\"";
        var ids = new List<Guid>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                ids.Add(reader.GetGuid(0));
            }
        }
        command.CommandText = "SELECT MAX(\"MigrationId\") FROM \"__EFMigrationsHistory\"";
        var migration = command.ExecuteScalar() as string;
        return (ids, migration);
    }

    private BackupManifest WriteArchive(string path, string snapshot, IReadOnlyList<Guid> fileIds, string? migration)
    {
        var entries = new List<BackupEntry>();
        var missing = new List<string>();
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            void Add(string name, string source, CompressionLevel level)
            {
                using var input = File.OpenRead(source);
                using var output = zip.CreateEntry(name, level).Open();
                var (size, sha) = BackupArchive.Hash(input, output);
                entries.Add(new BackupEntry(name, size, sha));
            }

            Add(BackupArchive.DatabaseName, snapshot, CompressionLevel.Optimal);
            foreach (var id in fileIds.Order())
            {
                if (store.Exists(id))
                {
                    // Photos, PDFs and Office files are compressed already.
                    Add($"{BackupArchive.FilesFolder}/{id:D}", store.PathOf(id), CompressionLevel.Fastest);
                }
                else
                {
                    missing.Add(id.ToString("D"));
                }
            }
            if (Directory.Exists(storage.Value.KeysFolder))
            {
                foreach (var key in Directory.GetFiles(storage.Value.KeysFolder, "*.xml").Order(StringComparer.Ordinal))
                {
                    Add($"{BackupArchive.KeysFolder}/{Path.GetFileName(key)}", key, CompressionLevel.Optimal);
                }
            }

            var manifest = new BackupManifest(BackupArchive.Format, time.GetUtcNow().UtcDateTime, migration, entries, missing);
            using var m = zip.CreateEntry(BackupArchive.ManifestName, CompressionLevel.Optimal).Open();
            JsonSerializer.Serialize(m, manifest, BackupArchive.Json);
            return manifest;
        }
    }

    /// <summary>
    /// The copy on a second disk or share. A failure there (share not mounted, full) is logged as an error but does
    /// not fail the job: the local archive is good, and a retried job would only add archives and push out older ones.
    /// </summary>
    private void CopyToSecondFolder(string archive)
    {
        if (string.IsNullOrWhiteSpace(options.Value.CopyTo))
        {
            return;
        }
        var folder = Path.GetFullPath(options.Value.CopyTo, storage.Value.DataFolder);
        try
        {
            Directory.CreateDirectory(folder);
            var target = Path.Combine(folder, Path.GetFileName(archive));
            File.Copy(archive, target + ".partial", overwrite: true);
            File.Move(target + ".partial", target, overwrite: true);
            Prune(folder);
            logger.LogInformation("Backup copied to {Copy}", target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "Backup {Backup} could not be copied to {CopyTo}", archive, folder);
        }
    }

    private void Prune(string folder)
    {
        foreach (var old in BackupArchive.List(folder).Skip(Math.Max(1, options.Value.Keep)))
        {
            File.Delete(old);
        }
    }

    /// <summary>
    /// The archive is SQLite's (a <c>VACUUM INTO</c> copy of the file). A PostgreSQL database is backed up by its server's
    /// tools (pg_dump, base backups with WAL archiving) and the shared attachments folder by the file server's.
    /// </summary>
    public static void RefuseOnPostgreSql(StorageOptions storage)
    {
        if (storage.IsPostgreSql)
        {
            throw new NotSupportedOnPostgreSqlException(
                "备份与恢复命令只用于 SQLite；PostgreSQL 请用 pg_dump / pg_restore，附件目录另行备份 / " +
                "backup and restore are SQLite's; on PostgreSQL use pg_dump / pg_restore and back up the shared attachments folder");
        }
    }
}

/// <summary>A command that exists for the embedded SQLite database only.</summary>
public sealed class NotSupportedOnPostgreSqlException(string message) : NotSupportedException(message);
