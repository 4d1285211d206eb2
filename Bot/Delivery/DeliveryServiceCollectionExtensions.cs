using GuidanceBot.Bot.Connector;
using GuidanceBot.Bot.Proactive;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>The Connector client, proactive messaging, the outbox and its dispatcher.</summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddConnectorClient(configuration);
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.SectionName));
        services.TryAddScoped<ProactiveMessenger>();
        services.TryAddSingleton<DeliveryLedger>();
        services.TryAddSingleton<DeliveryDispatcher>();
        return services;
    }
}
