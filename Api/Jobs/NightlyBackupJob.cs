using GuidanceBot.Data.Backups;

namespace GuidanceBot.Api.Jobs;

/// <summary>Nightly archive of the database, attachments and keys into the data folder (and Backup:CopyTo), keeping the last N.</summary>
public sealed class NightlyBackupJob(DataBackup backup)
{
    public const string Id = "nightly-backup";

    public Task RunAsync(CancellationToken ct) => backup.BackupAsync(ct);
}
