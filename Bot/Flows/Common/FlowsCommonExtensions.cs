using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Flows.Common;

public static class FlowsCommonExtensions
{
    /// <summary>What every feature's handlers share: the refusal guard and the download of files sent in the chat.</summary>
    public static IServiceCollection AddFlowsCommon(this IServiceCollection services)
    {
        services.TryAddScoped<FlowGuard>();
        services.AddHttpClient(SentFileDownloader.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        services.TryAddScoped<SentFileDownloader>();
        return services;
    }
}
