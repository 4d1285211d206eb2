namespace GuidanceBot.Data.Messaging;

/// <summary>
/// Where the bot can reach someone: stored from installationUpdate / conversationUpdate and every
/// authenticated message. Only references that arrived with a verified token (or in local mode) are kept.
/// </summary>
public class ConversationReference
{
    public int Id { get; set; }
    public int? PersonId { get; set; }
    public required string ChannelId { get; set; }
    public required string ServiceUrl { get; set; }
    public required string ConversationId { get; set; }

    /// <summary>personal, groupChat or channel.</summary>
    public required string ConversationType { get; set; }
    public string? TenantId { get; set; }
    public string? UserId { get; set; }
    public string? AadObjectId { get; set; }
    public string? BotId { get; set; }
    public bool IsActive { get; set; } = true;
    public string? InactiveReason { get; set; }
    public DateTime FirstSeenUtc { get; set; }
    public DateTime LastSeenUtc { get; set; }

    /// <summary>
    /// Files sent in this chat go to this follow-up record's photos (全过程跟踪) until <see cref="PhotoTargetUntilUtc"/>: set by the
    /// follow-up card's "add photos" (<c>FollowUpWorkflow.OpenPhotosAsync</c>), with the record's version then seen.
    /// </summary>
    public int? PhotoTargetFollowUpId { get; set; }
    public Guid? PhotoTargetVersion { get; set; }
    public DateTime? PhotoTargetUntilUtc { get; set; }
}

public enum DeliveryStatus
{
    Pending = 0,
    Claimed = 1,
    Sent = 2,
    Failed = 3,
    Unreachable = 4,
    Cancelled = 5,

    /// <summary>The request to Teams has started; the row stays here if the sender dies before the answer.</summary>
    Sending = 6,

    /// <summary>The sender died while the request was in flight: maybe delivered, not sent again (see docs/decisions.md).</summary>
    Unconfirmed = 7,
}

/// <summary>
/// The outbox: one row per message the bot owes someone, keyed for idempotency by
/// (person, kind, subject, stage). Written in the same transaction as the change that caused it;
/// a dispatcher claims due rows with a conditional update and a lease.
/// </summary>
public class DeliveryLedgerEntry
{
    public long Id { get; set; }
    public required string IdempotencyKey { get; set; }
    public int PersonId { get; set; }
    public required string Kind { get; set; }
    public required string Subject { get; set; }
    public required string Stage { get; set; }

    /// <summary>The activity to send, as JSON.</summary>
    public required string Payload { get; set; }
    public DateTime DueUtc { get; set; }
    public DeliveryStatus Status { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTime? LeaseExpiresUtc { get; set; }
    public int Attempts { get; set; }
    public DateTime? NextAttemptUtc { get; set; }
    public string? LastError { get; set; }
    public DateTime? SentUtc { get; set; }
    public string? SentActivityId { get; set; }
    public DateTime CreatedUtc { get; set; }
}

/// <summary>Activity ids already handled, so a retried delivery from Teams is acted on once.</summary>
public class ProcessedActivity
{
    public required string Key { get; set; }
    public DateTime ReceivedUtc { get; set; }

    /// <summary>The invoke response given the first time, replayed for a retry.</summary>
    public string? Response { get; set; }
}
