using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;

namespace GuidanceBot.Bot.Connector;

public static class ConnectorServiceCollectionExtensions
{
    /// <summary>The named HttpClient MSAL uses for the token endpoint (proxy or trust settings go here).</summary>
    public const string TokenHttpClientName = "GuidanceBot.ConnectorToken";

    /// <summary>
    /// <see cref="IConnectorClient"/> over an HttpClient pipeline of
    /// retry (412/429/502/503/504, Retry-After) → throttle (per conversation, per tenant, 429 pauses the tenant) → bearer token.
    /// </summary>
    public static IServiceCollection AddConnectorClient(this IServiceCollection services, IConfiguration configuration)
    {
        // AddBot and AddDelivery both need the client: register it once (a second typed client would stack a second retry pipeline).
        if (services.Any(d => d.ServiceType == typeof(ConnectorThrottle)))
        {
            return services;
        }

        services.AddOptions<ConnectorOptions>().Bind(configuration.GetSection(ConnectorOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConnectorThrottle>();
        services.TryAddSingleton<IBotTokenProvider, MsalBotTokenProvider>();
        services.TryAddTransient<ConnectorThrottlingHandler>();
        services.TryAddTransient<ConnectorAuthenticationHandler>();
        services.AddHttpClient(TokenHttpClientName);

        var connector = services.AddHttpClient<IConnectorClient, ConnectorClient>((sp, http) =>
            http.Timeout = sp.GetRequiredService<IOptions<ConnectorOptions>>().Value.RequestTimeout);

        // Handlers run outermost first: the retry sees each attempt go through the throttle and the token.
        connector.AddResilienceHandler("connector", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<ConnectorOptions>>().Value;
                var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
                if (options.MaxRetryAttempts > 0)
                {
                    pipeline.AddRetry(ConnectorRetry.Strategy(options, time));
                }
            });
        connector.AddHttpMessageHandler<ConnectorThrottlingHandler>()
            .AddHttpMessageHandler<ConnectorAuthenticationHandler>();

        return services;
    }
}
