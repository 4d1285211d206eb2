namespace GuidanceBot.Data;

/// <summary>Which database the host runs on.</summary>
public enum StorageProvider
{
    /// <summary>The embedded default: one SQLite file in the data folder, one host process at a time writing it.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (<see cref="StorageOptions.ConnectionString"/>): several identical instances may share it.</summary>
    PostgreSql,
}

/// <summary>Where the host keeps its database, attachments, backups and editable data files.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><c>Sqlite</c> (default) or <c>PostgreSql</c>, which needs <see cref="ConnectionString"/>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The data folder; relative paths are resolved against the content root.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>SQLite: overrides the file in the data folder (e.g. a test's own file). PostgreSQL: the server's connection string (required).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Seed file of the organisation units; defaults to the shipped Seed/units.json.</summary>
    public string? UnitsFile { get; set; }

    /// <summary>Folder of per-year working-day calendars; defaults to the shipped Seed/calendars.</summary>
    public string? CalendarFolder { get; set; }

    public string DatabaseFile => Path.Combine(DataFolder, "guidancebot.db");

    /// <summary>The ASP.NET Core Data Protection keys that sign document links (kept in backups with the database).</summary>
    public string KeysFolder => Path.Combine(DataFolder, "keys");

    public bool IsPostgreSql => Provider == StorageProvider.PostgreSql;

    public string ResolveConnectionString() =>
        ConnectionString ?? (IsPostgreSql
            ? throw new InvalidOperationException("Storage:Provider=PostgreSql needs Storage:ConnectionString.")
            : $"Data Source={DatabaseFile};Cache=Shared;Pooling=True");
}
