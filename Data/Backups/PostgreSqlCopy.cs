using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using GuidanceBot.Data.Files;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace GuidanceBot.Data.Backups;

/// <summary>The target already holds data, or the source is not ready to be copied; nothing was written.</summary>
public sealed class CopyRefusedException(string message) : Exception(message);

/// <summary>What a copy did: rows per table (source and target counted after the copy), files, keys.</summary>
public sealed record CopyReport(IReadOnlyList<(string Table, long Source, long Target)> Tables, int Files, string FilesFolder, int Keys)
{
    public bool CountsMatch => Tables.All(t => t.Source == t.Target);
}

/// <summary>
/// Moves a bureau from its SQLite file to a PostgreSQL database (<c>copy-to-postgres</c>): migrates the target, copies
/// every table column by column in foreign-key order in one transaction (identity sequences moved past the copied ids),
/// the Data Protection keys from the keys folder into the database (document links already sent keep opening), and the
/// attachments into the folder the PostgreSQL instances share; then counts every table on both sides. Refuses a target
/// that holds any row, a source with migrations not yet applied, and a data folder a host is running on.
/// </summary>
public static class PostgreSqlCopy
{
    public static async Task<CopyReport> CopyAsync(StorageOptions source, string target, string? filesFolder, CancellationToken ct = default)
    {
        if (source.IsPostgreSql)
        {
            throw new CopyRefusedException("the source is already PostgreSQL: run the command with the SQLite configuration (Storage:Provider=Sqlite)");
        }
        if (!File.Exists(source.DatabaseFile) && source.ConnectionString is null)
        {
            throw new CopyRefusedException($"there is no SQLite database at {source.DatabaseFile}");
        }

        using var hold = DataFolderLock.ForRestore(source.DataFolder); // no host writes the file while it is copied
        await using (var sqlite = Context(source.Provider, source.ResolveConnectionString()))
        {
            if ((await sqlite.Database.GetPendingMigrationsAsync(ct)).Any())
            {
                throw new CopyRefusedException("the SQLite database lacks migrations of this version: start the host on it once, then copy");
            }
        }

        await using var pg = new NpgsqlConnection(target);
        await pg.OpenAsync(ct);
        foreach (var table in await TablesAsync(pg, ct))
        {
            if (await CountAsync(pg, table, ct) > 0)
            {
                throw new CopyRefusedException($"the target database is not empty (table {table} has rows): copy into a new, empty database");
            }
        }
        await using (var migrate = Context(StorageProvider.PostgreSql, target))
        {
            await migrate.Database.MigrateAsync(ct);
        }

        var order = await CopyOrderAsync(pg, ct);
        await using var lite = new SqliteConnection(new SqliteConnectionStringBuilder(source.ResolveConnectionString()) { Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await lite.OpenAsync(ct);
        var keys = 0;
        await using (var tx = await pg.BeginTransactionAsync(ct))
        {
            foreach (var table in order)
            {
                await CopyTableAsync(lite, pg, table, ct);
            }
            keys = await CopyKeysAsync(pg, source.KeysFolder, ct);
            await MoveSequencesAsync(pg, ct);
            await tx.CommitAsync(ct);
        }

        var files = await CopyFilesAsync(lite, source, filesFolder, ct);
        var counts = new List<(string, long, long)>();
        foreach (var table in order)
        {
            counts.Add((table, await CountAsync(lite, table, ct), await CountAsync(pg, table, ct)));
        }
        return new CopyReport(counts, files, filesFolder ?? new FileStore(source.DataFolder, TimeProvider.System).Root, keys);
    }

    private static GuidanceDbContext Context(StorageProvider provider, string connectionString) =>
        new(new DbContextOptionsBuilder<GuidanceDbContext>().UseGuidanceDatabase(provider, connectionString).Options);

    private static async Task<List<string>> TablesAsync(NpgsqlConnection pg, CancellationToken ct) =>
        await ListAsync(pg, "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1", ct);

    /// <summary>Our tables, every one after the tables its foreign keys point to.</summary>
    private static async Task<List<string>> CopyOrderAsync(NpgsqlConnection pg, CancellationToken ct)
    {
        var tables = (await TablesAsync(pg, ct)).Where(t => t is not ("__EFMigrationsHistory" or "__EFMigrationsLock" or "DataProtectionKeys")).ToList();
        var edges = new List<(string From, string To)>();
        await using (var command = new NpgsqlCommand("""
            SELECT tc.table_name::text, ccu.table_name::text FROM information_schema.table_constraints tc
            JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
            WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'
            """, pg))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                edges.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var order = new List<string>();
        var done = new HashSet<string>();
        void Visit(string table, HashSet<string> path)
        {
            if (done.Contains(table) || !path.Add(table))
            {
                return;
            }
            foreach (var principal in edges.Where(e => e.From == table && e.To != table).Select(e => e.To).Distinct())
            {
                Visit(principal, path);
            }
            done.Add(table);
            order.Add(table);
        }
        foreach (var table in tables)
        {
            Visit(table, []);
        }
        return order;
    }

    private static async Task CopyTableAsync(SqliteConnection lite, NpgsqlConnection pg, string table, CancellationToken ct)
    {
        var columns = new List<(string Name, string Type)>();
        await using (var command = new NpgsqlCommand(
            "SELECT column_name::text, data_type::text FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @t ORDER BY ordinal_position", pg))
        {
            command.Parameters.AddWithValue("t", table);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var list = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        // Parents before children where a table points at itself (units): in id order, as they were made.
        var orderBy = columns.Any(c => c.Name == "Id") ? " ORDER BY \"Id\"" : "";
        await using var select = lite.CreateCommand();
        select.CommandText = $"SELECT {list} FROM \"{table}\"{orderBy}";
        await using var rows = await select.ExecuteReaderAsync(ct);
        await using var import = await pg.BeginBinaryImportAsync($"COPY \"{table}\" ({list}) FROM STDIN (FORMAT BINARY)", ct);
        while (await rows.ReadAsync(ct))
        {
            await import.StartRowAsync(ct);
            for (var i = 0; i < columns.Count; i++)
            {
                if (rows.IsDBNull(i))
                {
                    await import.WriteNullAsync(ct);
                    continue;
                }
                var (value, type) = Convert(rows.GetValue(i), columns[i].Type);
                await import.WriteAsync(value, type, ct);
            }
        }
        await import.CompleteAsync(ct);
    }

    /// <summary>A value as EF Core's SQLite provider stores it, as the PostgreSQL column's type.</summary>
    private static (object Value, NpgsqlDbType Type) Convert(object value, string type) => type switch
    {
        "integer" => (System.Convert.ToInt32(value, CultureInfo.InvariantCulture), NpgsqlDbType.Integer),
        "bigint" => (System.Convert.ToInt64(value, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint),
        "smallint" => (System.Convert.ToInt16(value, CultureInfo.InvariantCulture), NpgsqlDbType.Smallint),
        "boolean" => (System.Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0, NpgsqlDbType.Boolean),
        "uuid" => (Guid.Parse((string)value), NpgsqlDbType.Uuid),
        "date" => (DateOnly.Parse((string)value, CultureInfo.InvariantCulture), NpgsqlDbType.Date),
        "timestamp with time zone" => (DateTime.SpecifyKind(DateTime.Parse((string)value, CultureInfo.InvariantCulture, DateTimeStyles.None), DateTimeKind.Utc), NpgsqlDbType.TimestampTz),
        "numeric" => (System.Convert.ToDecimal(value, CultureInfo.InvariantCulture), NpgsqlDbType.Numeric),
        "double precision" => (System.Convert.ToDouble(value, CultureInfo.InvariantCulture), NpgsqlDbType.Double),
        "bytea" => ((byte[])value, NpgsqlDbType.Bytea),
        "ARRAY" => JsonArray((string)value),
        _ => (System.Convert.ToString(value, CultureInfo.InvariantCulture)!, NpgsqlDbType.Text),
    };

    /// <summary>A primitive collection as SQLite stores it (JSON text): numbers become integer[], anything else text[].</summary>
    private static (object Value, NpgsqlDbType Type) JsonArray(string json)
    {
        var items = JsonSerializer.Deserialize<JsonElement[]>(json) ?? [];
        return items.Length > 0 && items.All(i => i.ValueKind == JsonValueKind.Number)
            ? (items.Select(i => i.GetInt32()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer)
            : (items.Select(i => i.ValueKind == JsonValueKind.String ? i.GetString()! : i.GetRawText()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
    }

    /// <summary>The keys that signed the links already sent, as the database's key repository reads them.</summary>
    private static async Task<int> CopyKeysAsync(NpgsqlConnection pg, string keysFolder, CancellationToken ct)
    {
        if (!Directory.Exists(keysFolder))
        {
            return 0;
        }
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(keysFolder, "*.xml").Order(StringComparer.Ordinal))
        {
            await using var insert = new NpgsqlCommand("""INSERT INTO "DataProtectionKeys" ("FriendlyName", "Xml") VALUES (@name, @xml)""", pg);
            insert.Parameters.AddWithValue("name", Path.GetFileNameWithoutExtension(file));
            insert.Parameters.AddWithValue("xml", await File.ReadAllTextAsync(file, ct));
            await insert.ExecuteNonQueryAsync(ct);
            count++;
        }
        return count;
    }

    /// <summary>Identity columns continue after the copied ids, so the next row the bot adds does not collide.</summary>
    private static async Task MoveSequencesAsync(NpgsqlConnection pg, CancellationToken ct)
    {
        var identities = new List<(string Table, string Column)>();
        await using (var command = new NpgsqlCommand(
            "SELECT table_name::text, column_name::text FROM information_schema.columns WHERE table_schema = 'public' AND is_identity = 'YES'", pg))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                identities.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        foreach (var (table, column) in identities)
        {
            await using var move = new NpgsqlCommand(
                $"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), COALESCE(MAX(\"{column}\"), 0) + 1, false) FROM \"{table}\"", pg);
            await move.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Copies each stored file's bytes into the shared folder (checked by SHA-256); none to copy when it is the same folder.</summary>
    private static async Task<int> CopyFilesAsync(SqliteConnection lite, StorageOptions source, string? filesFolder, CancellationToken ct)
    {
        var from = new FileStore(source.DataFolder, TimeProvider.System);
        var to = filesFolder is null ? from.Root : Path.GetFullPath(filesFolder);
        await using var select = lite.CreateCommand();
        select.CommandText = "SELECT \"Id\", \"Sha256\" FROM \"Files\"";
        await using var rows = await select.ExecuteReaderAsync(ct);
        var count = 0;
        Directory.CreateDirectory(to);
        while (await rows.ReadAsync(ct))
        {
            var id = Guid.Parse(rows.GetString(0));
            var source_ = from.PathOf(id);
            var target = Path.Combine(to, id.ToString("D"));
            if (!File.Exists(source_))
            {
                continue; // a row whose bytes were already lost; the backup manifest names such files too
            }
            if (!string.Equals(Path.GetFullPath(source_), Path.GetFullPath(target), StringComparison.Ordinal))
            {
                File.Copy(source_, target, overwrite: true);
            }
            await using var read = File.OpenRead(target);
            if (!string.Equals(System.Convert.ToHexStringLower(await SHA256.HashDataAsync(read, ct)), rows.GetString(1), StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"attachment {id} differs from its SHA-256 after the copy");
            }
            count++;
        }
        return count;
    }

    private static async Task<long> CountAsync(DbConnection connection, string table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return System.Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static async Task<List<string>> ListAsync(NpgsqlConnection pg, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, pg);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var values = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}
