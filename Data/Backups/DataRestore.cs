using System.Globalization;
using System.IO.Compression;
using GuidanceBot.Data.Files;

namespace GuidanceBot.Data.Backups;

/// <summary>What a restore did: the archive's manifest, and where the data it replaced was moved (null: there was none).</summary>
public sealed record RestoreResult(BackupManifest Manifest, string? ReplacedDataFolder);

/// <summary>
/// Puts a backup archive back into the data folder, with no host running on it (<see cref="DataFolderLock"/>).
/// Every entry is checked against the manifest first; the archive is unpacked beside the data, and only then is the
/// current database, attachments and keys moved aside (to <c>before-restore-{time}</c>, never deleted) and the
/// restored ones moved in. The next start of the host applies any newer migrations.
/// </summary>
public static class DataRestore
{
    private static readonly string[] DatabaseCompanions = ["-wal", "-shm", "-journal"];

    /// <param name="knownMigrations">This version's migrations: an archive from a newer version is refused.</param>
    public static RestoreResult Restore(string archive, StorageOptions storage, IReadOnlyCollection<string> knownMigrations, TimeProvider time)
    {
        var dataFolder = storage.DataFolder;
        var database = DatabaseFile(storage);
        using var hold = DataFolderLock.ForRestore(dataFolder);

        var manifest = BackupArchive.Verify(archive);
        if (manifest.Migration is { } migration && !knownMigrations.Contains(migration))
        {
            throw new InvalidDataException($"{archive} was made by a newer version of GuidanceBot (database migration {migration}); restore it with that version.");
        }

        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var staging = Directory.CreateDirectory(Path.Combine(dataFolder, ".restore-" + stamp)).FullName;
        try
        {
            using (var zip = BackupArchive.Open(archive))
            {
                foreach (var entry in manifest.Entries)
                {
                    var target = Path.Combine(staging, entry.Path.Replace('/', Path.DirectorySeparatorChar));
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    zip.GetEntry(entry.Path)!.ExtractToFile(target);
                }
            }
            Directory.CreateDirectory(Path.Combine(staging, BackupArchive.FilesFolder));
            Directory.CreateDirectory(Path.Combine(staging, BackupArchive.KeysFolder));

            var aside = Path.Combine(dataFolder, "before-restore-" + stamp);
            var moved = false;
            void MoveAside(string path, bool isFolder)
            {
                if (isFolder ? !Directory.Exists(path) : !File.Exists(path))
                {
                    return;
                }
                Directory.CreateDirectory(aside);
                var to = Path.Combine(aside, Path.GetFileName(path));
                if (isFolder) Directory.Move(path, to); else File.Move(path, to);
                moved = true;
            }

            foreach (var file in DatabaseCompanions.Select(s => database + s).Prepend(database))
            {
                MoveAside(file, isFolder: false);
            }
            var files = new FileStore(dataFolder, time).Root;
            MoveAside(files, isFolder: true);
            MoveAside(storage.KeysFolder, isFolder: true);

            Directory.CreateDirectory(Path.GetDirectoryName(database)!);
            File.Move(Path.Combine(staging, BackupArchive.DatabaseName), database);
            Directory.Move(Path.Combine(staging, BackupArchive.FilesFolder), files);
            Directory.Move(Path.Combine(staging, BackupArchive.KeysFolder), storage.KeysFolder);
            return new RestoreResult(manifest, moved ? aside : null);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>The SQLite file the host opens: the data folder's, or the one a connection string names.</summary>
    public static string DatabaseFile(StorageOptions storage) =>
        storage.ConnectionString is { } cs
            ? Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs).DataSource, storage.DataFolder)
            : Path.GetFullPath(storage.DatabaseFile);
}
