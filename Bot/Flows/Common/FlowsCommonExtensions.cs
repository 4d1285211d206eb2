using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Flows.Common;

public static class FlowsCommonExtensions
{
    /// <summary>What every feature's handlers share: the refusal guard and the download of files sent in the chat.</summary>
    public static IServiceCollection AddFlowsCommon(this IServiceCollection services)
    {
        services.TryAddScoped<FlowGuard>();
        services.TryAddSingleton<SentFileHosts>();
        // No redirect is followed by the handler (the downloader checks each hop's host), no cookie kept; transient
        // failures (5xx, 408, 429, a dropped connection) are retried twice at once before the user is told: the user
        // waits in the chat, and a wait would run on the host's clock (TimeProvider), which is not the network's.
        static void Resilient(IHttpClientBuilder client) => client
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .AddResilienceHandler("sent-files", pipeline => pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.Zero,
            }));
        Resilient(services.AddHttpClient(SentFileDownloader.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan));
        // An image pasted into the chat lives on the Connector: the bot's token goes with it, and only there.
        Resilient(services.AddHttpClient(SentFileDownloader.ConnectorHttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler<Connector.ConnectorAuthenticationHandler>());
        services.TryAddScoped<SentFileDownloader>();
        return services;
    }
}
