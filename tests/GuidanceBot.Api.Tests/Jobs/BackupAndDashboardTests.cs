using System.Net;
using GuidanceBot.Api.Jobs;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.Backups;
using GuidanceBot.Data.Enterprises;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Api.Tests.Jobs;

public class BackupAndDashboardTests
{
    [Fact]
    public async Task The_nightly_backup_is_a_consistent_copy_and_only_the_newest_are_kept()
    {
        using var factory = new KeepTwoFactory();
        _ = factory.CreateClient();
        await factory.WithDbAsync(async db =>
        {
            db.EnterpriseCategories.Add(new EnterpriseCategory { Code = "fireworks", Name = "烟花爆竹", NameEn = "Fireworks", SortOrder = 9 });
            await db.SaveChangesAsync();
        });

        var made = new List<string>();
        for (var night = 0; night < 3; night++)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<NightlyBackupJob>().RunAsync(CancellationToken.None);
            made.Add(scope.ServiceProvider.GetRequiredService<DatabaseBackup>().ListBackups()[0]);
            factory.Clock.Advance(TimeSpan.FromDays(1));
        }

        await using var check = factory.Services.CreateAsyncScope();
        var kept = check.ServiceProvider.GetRequiredService<DatabaseBackup>().ListBackups();
        Assert.Equal([made[2], made[1]], kept);
        Assert.False(File.Exists(made[0]));

        // The backup opens on its own and holds the data written before it.
        await using var connection = new SqliteConnection($"Data Source={kept[0]};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Name FROM EnterpriseCategories WHERE Code = 'fireworks'";
        Assert.Equal("烟花爆竹", await command.ExecuteScalarAsync());
    }

    private sealed class KeepTwoFactory : GuidanceApiFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Backup:Keep", "2")];
    }
}
