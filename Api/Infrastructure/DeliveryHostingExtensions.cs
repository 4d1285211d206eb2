using GuidanceBot.Bot.Delivery;

namespace GuidanceBot.Api.Infrastructure;

public static class DeliveryHostingExtensions
{
    /// <summary>
    /// Outbound messaging: the Connector client (section <c>Bot</c>), proactive messages and the
    /// delivery outbox (section <c>Delivery</c>). The recurring job that calls
    /// <see cref="DeliveryDispatcher.DispatchDueAsync"/> is wired with Hangfire.
    /// </summary>
    public static WebApplicationBuilder AddGuidanceDelivery(this WebApplicationBuilder builder)
    {
        builder.Services.AddDelivery(builder.Configuration);
        return builder;
    }
}
