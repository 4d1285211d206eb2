namespace GuidanceBot.Data;

/// <summary>Where the embedded default keeps its database, attachments, backups and editable data files.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The data folder; relative paths are resolved against the content root.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Overrides the SQLite file in the data folder (e.g. a test's own file).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Seed file of the organisation units; defaults to the shipped Seed/units.json.</summary>
    public string? UnitsFile { get; set; }

    /// <summary>Folder of per-year working-day calendars; defaults to the shipped Seed/calendars.</summary>
    public string? CalendarFolder { get; set; }

    public string DatabaseFile => Path.Combine(DataFolder, "guidancebot.db");

    /// <summary>The ASP.NET Core Data Protection keys that sign document links (kept in backups with the database).</summary>
    public string KeysFolder => Path.Combine(DataFolder, "keys");

    public string ResolveConnectionString() =>
        ConnectionString ?? $"Data Source={DatabaseFile};Cache=Shared;Pooling=True";
}
