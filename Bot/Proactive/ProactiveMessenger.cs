using GuidanceBot.Bot.Connector;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoredReference = GuidanceBot.Data.Messaging.ConversationReference;

namespace GuidanceBot.Bot.Proactive;

public enum ProactiveOutcome
{
    Sent,
    /// <summary>No conversation with the person was ever seen: the app was never installed for them.</summary>
    NeverInstalled,
    /// <summary>Teams answered 403 or 404: blocked, uninstalled, disabled by the admin, or gone.</summary>
    Unreachable,
    /// <summary>Throttled, unavailable or a network failure: try again later.</summary>
    Retry,
    /// <summary>The message itself cannot be sent (too large, refused as malformed, no such person).</summary>
    Rejected,
}

public sealed record ProactiveResult(
    ProactiveOutcome Outcome,
    string? ActivityId = null,
    string? ErrorCode = null,
    string? Error = null,
    TimeSpan? RetryAfter = null)
{
    /// <summary>The person cannot be reached in Teams until they (re)install the app.</summary>
    public bool PersonUnreachable => Outcome is ProactiveOutcome.NeverInstalled or ProactiveOutcome.Unreachable;
}

/// <summary>
/// Sends a message to a person by their id in the database: through their stored 1:1 conversation,
/// or a new one created from their Teams user id and tenant. A 403/404 marks the conversation inactive
/// and the person unreachable; a later success clears it. Anything the bot owes someone goes through
/// the <see cref="Delivery.DeliveryLedger"/>, which records the outcome; this class is its last step.
/// </summary>
public sealed partial class ProactiveMessenger(
    GuidanceDbContext db,
    IConnectorClient connector,
    ConnectorHosts hosts,
    TimeProvider time,
    IOptions<ConnectorOptions> options,
    ILogger<ProactiveMessenger> logger)
{
    public const string Personal = "personal";

    public async Task<ProactiveResult> SendToPersonAsync(int personId, Activity activity, CancellationToken ct = default)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null)
        {
            return new ProactiveResult(ProactiveOutcome.Rejected, ErrorCode: "PersonNotFound", Error: $"No person {personId}.");
        }

        var reference = await db.ConversationReferences.AsNoTracking()
            .Where(r => r.PersonId == personId && r.ConversationType == Personal && r.IsActive)
            .OrderByDescending(r => r.LastSeenUtc)
            .FirstOrDefaultAsync(ct);

        if (reference is null)
        {
            var (created, failure) = await CreatePersonalConversationAsync(personId, person.TenantId, ct);
            if (failure is not null)
            {
                return failure;
            }

            reference = created!;
        }

        Address(activity, reference);
        var result = await connector.SendToConversationAsync(reference.ServiceUrl, reference.ConversationId, activity, ct);
        if (result.IsSuccess)
        {
            if (person.UnreachableSinceUtc is not null)
            {
                await SetUnreachableAsync(personId, null, ct);
            }

            return new ProactiveResult(ProactiveOutcome.Sent, result.Value?.Id);
        }

        if (result.IsTerminal)
        {
            await MarkUnreachableAsync(personId, reference.Id, result.ErrorCode ?? result.Outcome.ToString(), ct);
        }
        else if (result.Outcome == ConnectorOutcome.UntrustedServiceUrl)
        {
            // Stored before the allowlist (or by mistake): never used again; a trusted activity revives the row.
            await db.ConversationReferences.Where(r => r.Id == reference.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.IsActive, false).SetProperty(r => r.InactiveReason, result.ErrorCode), ct);
        }

        return Failure(result);
    }

    /// <summary>
    /// Teams creates (or returns the existing) 1:1 conversation for a user id and tenant. The user id
    /// comes from any conversation the person was seen in; without one the app was never installed.
    /// </summary>
    private async Task<(StoredReference? Reference, ProactiveResult? Failure)> CreatePersonalConversationAsync(int personId, string? personTenant, CancellationToken ct)
    {
        var known = await db.ConversationReferences.AsNoTracking()
            .Where(r => r.PersonId == personId && r.UserId != null)
            .OrderByDescending(r => r.LastSeenUtc)
            .FirstOrDefaultAsync(ct);
        if (known is null)
        {
            return (null, new ProactiveResult(ProactiveOutcome.NeverInstalled, ErrorCode: "NeverInstalled",
                Error: "No Teams conversation with this person was ever seen."));
        }

        var tenant = known.TenantId ?? personTenant;
        var botId = known.BotId ?? (options.Value.AppId is { } appId ? "28:" + appId : null);
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = botId },
            Members = [new ChannelAccount { Id = known.UserId, AadObjectId = known.AadObjectId }],
            TenantId = tenant,
            ChannelData = tenant is null ? null : new System.Text.Json.Nodes.JsonObject { ["tenant"] = new System.Text.Json.Nodes.JsonObject { ["id"] = tenant } },
        };

        var result = await connector.CreateConversationAsync(known.ServiceUrl, parameters, ct);
        if (!result.IsSuccess || string.IsNullOrEmpty(result.Value?.Id))
        {
            if (result.IsTerminal)
            {
                await MarkUnreachableAsync(personId, referenceId: null, result.ErrorCode ?? result.Outcome.ToString(), ct);
            }

            return (null, result.IsSuccess
                ? new ProactiveResult(ProactiveOutcome.Retry, ErrorCode: "NoConversationId", Error: "Teams created no conversation id.")
                : Failure(result));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var conversationId = result.Value.Id;
        var reference = await db.ConversationReferences.FirstOrDefaultAsync(
            r => r.ChannelId == known.ChannelId && r.ConversationId == conversationId && r.UserId == known.UserId, ct);
        if (reference is null)
        {
            reference = new StoredReference
            {
                PersonId = personId,
                ChannelId = known.ChannelId,
                // The Connector's answer names the conversation's service URL; kept only if it is a trusted host.
                ServiceUrl = hosts.IsTrusted(result.Value.ServiceUrl) ? result.Value.ServiceUrl! : known.ServiceUrl,
                ConversationId = conversationId,
                ConversationType = Personal,
                TenantId = tenant,
                UserId = known.UserId,
                AadObjectId = known.AadObjectId,
                BotId = botId,
                FirstSeenUtc = now,
                LastSeenUtc = now,
            };
            db.ConversationReferences.Add(reference);
        }
        else
        {
            reference.IsActive = true;
            reference.InactiveReason = null;
            reference.PersonId = personId;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another sender stored the same conversation at the same moment: use theirs.
            db.ChangeTracker.Clear();
            reference = await db.ConversationReferences.AsNoTracking().FirstAsync(
                r => r.ChannelId == known.ChannelId && r.ConversationId == conversationId && r.UserId == known.UserId, ct);
        }

        db.Entry(reference).State = EntityState.Detached;
        LogCreated(personId, conversationId);
        return (reference, null);
    }

    private static void Address(Activity activity, StoredReference reference)
    {
        activity.Type ??= ActivityTypes.Message;
        activity.ChannelId ??= reference.ChannelId;
        activity.ServiceUrl ??= reference.ServiceUrl;
        activity.Conversation ??= new ConversationAccount();
        activity.Conversation.Id = reference.ConversationId;
        activity.Conversation.ConversationType ??= Personal;
        activity.Conversation.TenantId ??= reference.TenantId;
        activity.From ??= reference.BotId is null ? null : new ChannelAccount { Id = reference.BotId };
        activity.Recipient ??= reference.UserId is null ? null : new ChannelAccount { Id = reference.UserId, AadObjectId = reference.AadObjectId };
    }

    private async Task MarkUnreachableAsync(int personId, int? referenceId, string reason, CancellationToken ct)
    {
        if (referenceId is { } id)
        {
            await db.ConversationReferences.Where(r => r.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.IsActive, false).SetProperty(r => r.InactiveReason, reason), ct);
        }

        await SetUnreachableAsync(personId, time.GetUtcNow().UtcDateTime, ct);
        LogUnreachable(personId, reason);
    }

    /// <summary>A set-based update, so two sends for the same person never collide on its version.</summary>
    private async Task SetUnreachableAsync(int personId, DateTime? since, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var query = db.People.Where(p => p.Id == personId);
        query = since is null ? query.Where(p => p.UnreachableSinceUtc != null) : query.Where(p => p.UnreachableSinceUtc == null);
        await query.ExecuteUpdateAsync(s => s
            .SetProperty(p => p.UnreachableSinceUtc, since)
            .SetProperty(p => p.UpdatedUtc, now)
            .SetProperty(p => p.Version, Guid.NewGuid()), ct);
    }

    private static ProactiveResult Failure<T>(ConnectorResult<T> result) => result.Outcome switch
    {
        ConnectorOutcome.Forbidden or ConnectorOutcome.NotFound =>
            new(ProactiveOutcome.Unreachable, ErrorCode: result.ErrorCode ?? result.Outcome.ToString(), Error: result.ErrorMessage),
        ConnectorOutcome.PayloadTooLarge or ConnectorOutcome.UntrustedServiceUrl =>
            new(ProactiveOutcome.Rejected, ErrorCode: result.ErrorCode, Error: result.ErrorMessage),
        ConnectorOutcome.Failed when result.StatusCode is System.Net.HttpStatusCode.BadRequest =>
            new(ProactiveOutcome.Rejected, ErrorCode: result.ErrorCode ?? "BadRequest", Error: result.ErrorMessage),
        _ => new(ProactiveOutcome.Retry, ErrorCode: result.ErrorCode ?? (result.StatusCode is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "Network"),
            Error: result.ErrorMessage, RetryAfter: result.RetryAfter),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Created a 1:1 conversation {ConversationId} with person {PersonId}")]
    private partial void LogCreated(int personId, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Person {PersonId} is unreachable in Teams: {Reason}")]
    private partial void LogUnreachable(int personId, string reason);
}
