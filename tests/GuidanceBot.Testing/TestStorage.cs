using GuidanceBot.Data;
using GuidanceBot.Data.Seed;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GuidanceBot.Testing;

/// <summary>
/// Which database the tests' hosts and contexts run on. <c>GUIDANCEBOT_TEST_PROVIDER=PostgreSql</c> (set by
/// scripts/test.sh for its PostgreSQL pass) puts every test database on the throwaway cluster named by
/// <c>GUIDANCEBOT_TEST_POSTGRES</c> (a connection string to its maintenance database), one database per test
/// database; unset, everything stays on SQLite files as before.
/// </summary>
public static class TestStorage
{
    public const string ProviderVariable = "GUIDANCEBOT_TEST_PROVIDER";
    public const string ServerVariable = "GUIDANCEBOT_TEST_POSTGRES";

    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? _template;

    public static StorageProvider Provider =>
        Enum.TryParse<StorageProvider>(Environment.GetEnvironmentVariable(ProviderVariable), ignoreCase: true, out var p) ? p : StorageProvider.Sqlite;

    public static bool IsPostgreSql => Provider == StorageProvider.PostgreSql;

    /// <summary>The throwaway cluster's maintenance connection, or null where scripts/test.sh did not start one.</summary>
    public static string? Server => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } s ? s : null;

    /// <summary>Why a PostgreSQL-only test cannot run here (null: it can).</summary>
    public static string? PostgreSqlMissing => Server is null
        ? $"needs a PostgreSQL server: {ServerVariable} (scripts/test.sh starts a throwaway cluster and sets it)"
        : null;

    /// <summary>
    /// A new, migrated and seeded database of its own on the test cluster; its connection string. Copied from a template
    /// migrated once per test process (CREATE DATABASE … TEMPLATE), which is much quicker than migrating each one.
    /// </summary>
    public static async Task<string> CreatePostgreSqlDatabaseAsync(bool empty = false)
    {
        var server = Server ?? throw new InvalidOperationException(PostgreSqlMissing);
        var template = empty ? "template0" : await TemplateAsync(server);
        var name = "gbt_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    /// <summary>Drops a database made by <see cref="CreatePostgreSqlDatabaseAsync"/>, whoever is still connected to it.</summary>
    public static void DropPostgreSqlDatabase(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (Server is not { } server || builder.Database is not { } name || !name.StartsWith("gbt_", StringComparison.Ordinal))
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").GetAwaiter().GetResult();
        }
        catch (NpgsqlException)
        {
            // the cluster is thrown away at the end of the run anyway
        }
    }

    private static async Task<string> TemplateAsync(string server)
    {
        if (_template is { } ready)
        {
            return ready;
        }

        await TemplateGate.WaitAsync();
        try
        {
            if (_template is null)
            {
                var name = $"gbt_template_{Environment.ProcessId}_{Guid.NewGuid():N}"[..48];
                await ExecuteAsync(server, $"CREATE DATABASE \"{name}\" TEMPLATE template0");
                var cs = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ToString();
                var storage = new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = cs, DataFolder = "" };
                await using (var db = new GuidanceDbContext(new DbContextOptionsBuilder<GuidanceDbContext>().UseGuidanceDatabase(storage).Options))
                {
                    await new DatabaseInitializer(db, Options.Create(storage), NullLogger<DatabaseInitializer>.Instance).InitializeAsync();
                }
                _template = name;
            }
            return _template;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
