using GuidanceBot.Data.Common;
using GuidanceBot.Data.Seed;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>The database, the clock and the domain services.</summary>
    public static IServiceCollection AddGuidanceData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<VersioningInterceptor>();

        services.AddDbContext<GuidanceDbContext>((sp, options) =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            options.UseSqlite(storage.ResolveConnectionString())
                   .AddInterceptors(sp.GetRequiredService<VersioningInterceptor>(), SqlitePragmaInterceptor.Instance);
        });

        services.AddScoped<DatabaseInitializer>();
        return services;
    }
}
