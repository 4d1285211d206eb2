using GuidanceBot.Data.Files;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Data.Documents;

public static class DocumentsServiceCollectionExtensions
{
    /// <summary>The file store and the document generators (letters, reports, lists, the year's dossier).</summary>
    public static IServiceCollection AddGuidanceDocuments(this IServiceCollection services)
    {
        services.AddSingleton(sp => new FileStore(sp.GetRequiredService<IOptions<StorageOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<EvidenceFiles>();
        services.AddScoped<UnitYearDossier>();
        services.AddScoped<GuidanceDocuments>();
        return services;
    }
}
