using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace GuidanceBot.Data;

/// <summary>Used by <c>dotnet ef migrations add</c>; the host configures the real connection.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<GuidanceDbContext>
{
    public GuidanceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<GuidanceDbContext>().UseSqlite("Data Source=design.db").Options);
}
