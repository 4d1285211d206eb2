using GuidanceBot.Bot.Authentication;
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
    /// retry (412/429/502/503/504, Retry-After) → bearer token → throttle (per conversation, per tenant, 429 pauses the tenant).
    /// </summary>
    public static IServiceCollection AddConnectorClient(this IServiceCollection services, IConfiguration configuration)
    {
        // Both the bot and the delivery outbox need the client; registering the pipeline twice would put
        // every request through the throttle twice.
        if (services.Any(d => d.ServiceType == typeof(IConnectorClient)))
        {
            return services;
        }

        // The Connector hosts are checked with the rest of the configuration when the host starts (BotConfiguration.Problems).
        services.AddOptions<ConnectorOptions>().Bind(configuration.GetSection(ConnectorOptions.SectionName));
        // One object resolves the cloud's endpoints for the door (inbound tokens) and for the Connector (outbound token, hosts).
        services.AddOptions<BotAuthenticationOptions>().Bind(configuration.GetSection(BotAuthenticationOptions.SectionName));
        services.TryAddSingleton(sp => BotCloudEndpoints.For(sp.GetRequiredService<IOptions<BotAuthenticationOptions>>().Value));
        services.TryAddSingleton(TimeProvider.System);
        GuidanceBot.Data.Rehearsal.RehearsalClock.TryAddWallClock(services);
        services.TryAddSingleton<Cards.RehearsalBanner>();
        services.TryAddSingleton<ConnectorThrottle>();
        services.TryAddSingleton<ConnectorHosts>();
        services.TryAddSingleton<IBotTokenProvider, MsalBotTokenProvider>();
        services.TryAddTransient<ConnectorThrottlingHandler>();
        services.TryAddTransient<ConnectorAuthenticationHandler>();
        services.AddHttpClient(TokenHttpClientName);

        var connector = services.AddHttpClient<IConnectorClient, ConnectorClient>((sp, http) =>
                http.Timeout = sp.GetRequiredService<IOptions<ConnectorOptions>>().Value.RequestTimeout)
            // ConnectorClient logs what went wrong itself; the factory's per-request logging handlers and
            // scopes would cost every reply of every turn for lines nobody reads.
            .RemoveAllLoggers()
            // A redirect would take the request (and its token) to a host nobody checked.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

        // Handlers run outermost first: the retry sees each attempt go through the token and the throttle.
        connector.AddResilienceHandler("connector", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<ConnectorOptions>>().Value;
                var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
                if (options.MaxRetryAttempts > 0)
                {
                    pipeline.AddRetry(ConnectorRetry.Strategy(options, time));
                }
            });
        // The token comes before the throttle: fetching it neither holds a send slot nor counts as sending.
        connector.AddHttpMessageHandler<ConnectorAuthenticationHandler>()
            .AddHttpMessageHandler<ConnectorThrottlingHandler>();

        return services;
    }
}
