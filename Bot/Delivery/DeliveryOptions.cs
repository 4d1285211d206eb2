namespace GuidanceBot.Bot.Delivery;

/// <summary>The outbox dispatcher, bound from the <c>Delivery</c> section.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Delivery";

    /// <summary>Rows claimed per round trip to the database.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Sends in flight at once; the Connector throttle keeps them within Teams' limits.</summary>
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>How long a claim is held; a row whose sender died is claimed again after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts (claims) before a retryable failure becomes <c>Failed</c>.</summary>
    public int MaxAttempts { get; set; } = 10;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);
}
