using GuidanceBot.Data.Backups;

namespace GuidanceBot.Api.Jobs;

/// <summary>Nightly online backup of the SQLite database into the data folder, keeping the last N.</summary>
public sealed class NightlyBackupJob(DatabaseBackup backup)
{
    public const string Id = "nightly-backup";

    public Task RunAsync(CancellationToken ct) => backup.BackupAsync(ct);
}
