using GuidanceBot.Data.Common;
using GuidanceBot.Data.Files;
using GuidanceBot.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Tests.Documents;

/// <summary>A real SQLite file migrated like production, with the file store beside it, in a temp folder.</summary>
internal sealed class TempDatabase : IAsyncDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "guidancebot-data-tests", Guid.NewGuid().ToString("N"));
    public TestClock Time { get; } = new(new DateTimeOffset(2022, 12, 20, 2, 0, 0, TimeSpan.Zero));
    public FileStore Files { get; }

    private TempDatabase()
    {
        Directory.CreateDirectory(Folder);
        Files = new FileStore(Folder, Time);
    }

    public static async Task<TempDatabase> CreateAsync()
    {
        var db = new TempDatabase();
        await using var context = db.NewContext();
        await context.Database.MigrateAsync();
        return db;
    }

    public GuidanceDbContext NewContext() => new(new DbContextOptionsBuilder<GuidanceDbContext>()
        .UseSqlite($"Data Source={Path.Combine(Folder, "guidancebot.db")}")
        .AddInterceptors(new VersioningInterceptor(Time))
        .Options);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine; the temp folder is cleaned by the OS.
        }
        return ValueTask.CompletedTask;
    }
}
