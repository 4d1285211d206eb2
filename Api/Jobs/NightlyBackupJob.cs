using GuidanceBot.Data.Backups;

namespace GuidanceBot.Api.Jobs;

/// <summary>Nightly archive of the database, attachments and keys into the data folder (and Backup:CopyTo), keeping the last N.</summary>
/// <remarks>Registered only on SQLite: a PostgreSQL server is backed up by its own tools (README).</remarks>
public sealed class NightlyBackupJob(DataBackup backup)
{
    public const string Id = "nightly-backup";

    public Task RunAsync(CancellationToken ct) => backup.BackupAsync(ct);
}
