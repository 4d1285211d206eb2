using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace GuidanceBot.Data.PostgreSql;

/// <summary>Used by <c>dotnet ef migrations add</c> for the PostgreSQL set; no server is contacted to add one.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<GuidanceDbContext>
{
    public GuidanceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<GuidanceDbContext>()
            .UseGuidanceDatabase(StorageProvider.PostgreSql, "Host=localhost;Database=guidancebot_design")
            .Options);
}
