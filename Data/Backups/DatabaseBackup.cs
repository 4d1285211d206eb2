using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Data.Backups;

public sealed class BackupOptions
{
    public const string SectionName = "Backup";

    /// <summary>How many nightly backups to keep; older ones are deleted after a successful backup.</summary>
    public int Keep { get; set; } = 14;
}

/// <summary>
/// Online backup of the SQLite database with <c>VACUUM INTO</c>: a consistent, compacted copy taken while
/// the bot keeps running (readers and the writer are not blocked for long under WAL).
/// </summary>
public sealed class DatabaseBackup(
    GuidanceDbContext db,
    IOptions<StorageOptions> storage,
    IOptions<BackupOptions> options,
    TimeProvider time,
    ILogger<DatabaseBackup> logger)
{
    private const string Prefix = "guidancebot-";

    public string BackupFolder => Path.Combine(storage.Value.DataFolder, "backups");

    public async Task<string> BackupAsync(CancellationToken ct = default)
    {
        Directory.CreateDirectory(BackupFolder);
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var target = Path.Combine(BackupFolder, $"{Prefix}{stamp}.db");
        var partial = target + ".partial";
        File.Delete(partial);

        // VACUUM INTO refuses an existing file; write under a temporary name and rename, so a crash never
        // leaves a half-written file that looks like a backup.
        await db.Database.ExecuteSqlRawAsync("VACUUM INTO {0}", [partial], ct);
        File.Move(partial, target, overwrite: true);

        foreach (var old in ListBackups().Skip(Math.Max(1, options.Value.Keep)))
        {
            File.Delete(old);
        }

        logger.LogInformation("Database backed up to {Backup}", target);
        return target;
    }

    /// <summary>Backups, newest first (the timestamp in the name sorts as text).</summary>
    public IReadOnlyList<string> ListBackups() =>
        Directory.Exists(BackupFolder)
            ? Directory.GetFiles(BackupFolder, Prefix + "*.db").OrderDescending(StringComparer.Ordinal).ToList()
            : [];
}
