using GuidanceBot.Data.Common;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GuidanceBot.Data;

/// <summary>
/// The one place that turns <see cref="StorageOptions"/> into EF Core options: SQLite (the embedded default, its
/// migrations in this assembly) or PostgreSQL (Npgsql, its migrations in <see cref="PostgreSqlMigrationsAssembly"/>,
/// the EF Core docs' "migrations with multiple providers" layout). The host, the commands and the tests all come here.
/// </summary>
public static class DatabaseProviders
{
    public const string PostgreSqlMigrationsAssembly = "GuidanceBot.Data.PostgreSql";

    public static TBuilder UseGuidanceDatabase<TBuilder>(this TBuilder options, StorageOptions storage)
        where TBuilder : DbContextOptionsBuilder =>
        UseGuidanceDatabase(options, storage.Provider, storage.ResolveConnectionString());

    public static TBuilder UseGuidanceDatabase<TBuilder>(this TBuilder options, StorageProvider provider, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        if (provider == StorageProvider.PostgreSql)
        {
            options.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgreSqlMigrationsAssembly));
        }
        else
        {
            options.UseSqlite(connectionString).AddInterceptors(SqlitePragmaInterceptor.Instance);
        }

        // The model differs by provider (below), so it is cached per provider: a process may hold both (copy-to-postgres).
        options.ReplaceService<IModelCacheKeyFactory, ProviderModelCacheKeyFactory>();
        return options;
    }

    /// <summary>
    /// What the PostgreSQL model adds to the shared one. Instants are UTC <see cref="DateTime"/>s (DESIGN.md) and go to
    /// <c>timestamp with time zone</c>, which Npgsql only writes for <see cref="DateTimeKind.Utc"/>: a value of
    /// unspecified kind (a date turned into a time, a value read back from SQLite) is taken as UTC, as SQLite does. The
    /// Data Protection keys live in the database here, so every instance signs and reads document links with the same
    /// keys; SQLite keeps them in the data folder, where its backups take them.
    /// </summary>
    internal static void ApplyPostgreSqlModel(ModelBuilder b)
    {
        var utc = new ValueConverter<DateTime, DateTime>(
            v => v.Kind == DateTimeKind.Utc ? v : v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
            v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        foreach (var property in b.Model.GetEntityTypes().SelectMany(t => t.GetProperties()))
        {
            if (property.ClrType == typeof(DateTime) || property.ClrType == typeof(DateTime?))
            {
                property.SetValueConverter(utc);
            }
        }

        b.Entity<DataProtectionKey>().ToTable("DataProtectionKeys");
    }

    private sealed class ProviderModelCacheKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => (context.GetType(), context.Database.ProviderName, designTime);
    }
}
