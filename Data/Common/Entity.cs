namespace GuidanceBot.Data.Common;

/// <summary>
/// A record two people can edit. <see cref="Version"/> is an app-managed concurrency token
/// (a new Guid on every save) so it works the same on SQLite and PostgreSQL.
/// </summary>
public interface IVersioned
{
    Guid Version { get; set; }
}

/// <summary>Created/updated instants, always UTC (SQLite cannot order DateTimeOffset in SQL).</summary>
public interface ITimestamped
{
    DateTime CreatedUtc { get; set; }
    DateTime UpdatedUtc { get; set; }
}
