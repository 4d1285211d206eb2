using System.Net;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Hosting;

public class StartupTests
{
    [Fact]
    public async Task Starts_on_an_empty_folder_creates_and_seeds_the_database()
    {
        using var factory = new GuidanceApiFactory();
        using var client = factory.CreateClient();

        // Ready as far as the database goes (this host has no Connector to get a token for).
        var health = System.Text.Json.Nodes.JsonNode.Parse(await (await client.GetAsync("/health")).Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", health["checks"]!["database"]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        Assert.True(File.Exists(Path.Combine(factory.DataFolder, "guidancebot.db")));

        await factory.WithDbAsync(async db =>
        {
            var units = await db.Units.OrderBy(u => u.SortOrder).Select(u => u.Name).ToListAsync();
            Assert.Equal(7, units.Count);
            Assert.Contains("舞阳县应急管理局", units);
            Assert.Equal(12, await db.CheckItems.CountAsync());
            Assert.Equal(3, await db.EnterpriseCategories.CountAsync());
        });
    }

    [Fact]
    public async Task A_second_start_on_the_same_folder_changes_nothing()
    {
        using var first = new GuidanceApiFactory();
        _ = first.CreateClient();
        string Snapshot(Data.GuidanceDbContext db) => string.Join('|',
            db.Units.OrderBy(u => u.Id).Select(u => u.Id + u.Code + u.ParentId).ToList()
            .Concat(db.CheckItems.OrderBy(i => i.Id).Select(i => i.Id + i.Code).ToList()));
        string before = "";
        await first.WithDbAsync(db => { before = Snapshot(db); return Task.CompletedTask; });

        using var second = new SameFolderFactory(first.DataFolder);
        _ = second.CreateClient();
        string after = "";
        await second.WithDbAsync(db => { after = Snapshot(db); return Task.CompletedTask; });

        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Serves_the_OpenAPI_document()
    {
        using var factory = new GuidanceApiFactory();
        using var client = factory.CreateClient();
        var doc = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"openapi\"", doc);
    }

    [Fact]
    public async Task Every_pooled_context_and_reused_connection_keeps_the_sqlite_settings()
    {
        using var factory = new GuidanceApiFactory();
        _ = factory.Services; // start the host (creates and migrates the database)

        // Contexts and native connections are pooled and reused; the settings are applied once per native
        // connection and must hold on every later open.
        for (var i = 0; i < 3; i++)
        {
            await factory.WithDbAsync(async db =>
            {
                await db.Database.OpenConnectionAsync();
                try
                {
                    await using var command = db.Database.GetDbConnection().CreateCommand();
                    command.CommandText = "PRAGMA synchronous";
                    Assert.Equal(1L, await command.ExecuteScalarAsync()); // NORMAL
                    command.CommandText = "PRAGMA busy_timeout";
                    Assert.Equal(5000L, await command.ExecuteScalarAsync());
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            });
        }
    }

    private sealed class SameFolderFactory(string folder) : GuidanceApiFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Storage:DataFolder", folder)];
    }
}
