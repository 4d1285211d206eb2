using System.Collections.Concurrent;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Conversations;

/// <summary>
/// Where the bot can reach people: one <see cref="Data.Messaging.ConversationReference"/> row per
/// (channel, conversation, user), written from installationUpdate, conversationUpdate and every message —
/// only for requests that carried a verified token (or in the explicit local mode). Uninstalling, or a
/// terminal 403 from the Connector, marks the row inactive; the next trusted activity revives it.
/// </summary>
public sealed class ConversationRegistry(GuidanceDbContext db, TimeProvider time, ConversationRegistryCache cache, TurnWriteGate gate)
{
    public const string ReasonUninstalled = "uninstalled";

    /// <summary>Stores or refreshes the reference of a trusted activity's conversation with its sender.</summary>
    public async Task RecordAsync(Activity activity, int? personId, CancellationToken ct = default)
    {
        if (activity.ChannelId is not { } channelId || activity.ServiceUrl is not { } serviceUrl
            || activity.Conversation?.Id is not { } conversationId || activity.From?.Id is not { } userId)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var key = new ReferenceKey(channelId, conversationId, userId);
        var seen = new ReferenceState(serviceUrl, personId, now);
        if (cache.IsFresh(key, seen))
        {
            return; // written moments ago with the same content: spare the database a write per message
        }

        // One statement, safe under concurrent deliveries; the same SQL runs on SQLite and PostgreSQL.
        await gate.RunAsync(() => db.Database.ExecuteSqlAsync($"""
            INSERT INTO "ConversationReferences"
                ("PersonId", "ChannelId", "ServiceUrl", "ConversationId", "ConversationType", "TenantId", "UserId",
                 "AadObjectId", "BotId", "IsActive", "InactiveReason", "FirstSeenUtc", "LastSeenUtc")
            VALUES ({personId}, {channelId}, {serviceUrl}, {conversationId}, {activity.GetConversationType()}, {activity.GetTenantId()}, {userId},
                 {activity.From.AadObjectId}, {activity.Recipient?.Id}, {true}, {null}, {now}, {now})
            ON CONFLICT ("ChannelId", "ConversationId", "UserId") DO UPDATE SET
                "PersonId" = COALESCE(excluded."PersonId", "ConversationReferences"."PersonId"),
                "ServiceUrl" = excluded."ServiceUrl",
                "TenantId" = COALESCE(excluded."TenantId", "ConversationReferences"."TenantId"),
                "AadObjectId" = COALESCE(excluded."AadObjectId", "ConversationReferences"."AadObjectId"),
                "BotId" = COALESCE(excluded."BotId", "ConversationReferences"."BotId"),
                "IsActive" = excluded."IsActive",
                "InactiveReason" = NULL,
                "LastSeenUtc" = excluded."LastSeenUtc"
            """, ct), ct);
        cache.Remember(key, seen);
    }

    /// <summary>installationUpdate with action <c>remove</c>: the bot can no longer post in this conversation.</summary>
    public async Task<int> MarkUninstalledAsync(Activity activity, CancellationToken ct = default)
    {
        if (activity.ChannelId is not { } channelId || activity.Conversation?.Id is not { } conversationId)
        {
            return 0;
        }
        return await MarkInactiveAsync(channelId, conversationId, ReasonUninstalled, ct);
    }

    /// <summary>
    /// Marks every reference of a conversation inactive, e.g. after the Connector answered a terminal 403
    /// (ConversationBlockedByUser, BotNotInConversationRoster…). Returns the rows changed.
    /// </summary>
    public async Task<int> MarkInactiveAsync(string channelId, string conversationId, string reason, CancellationToken ct = default)
    {
        cache.Forget(channelId, conversationId);
        return await gate.RunAsync(() => db.ConversationReferences
            .Where(c => c.ChannelId == channelId && c.ConversationId == conversationId && c.IsActive)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.IsActive, false).SetProperty(c => c.InactiveReason, reason), ct), ct);
    }
}

internal readonly record struct ReferenceKey(string ChannelId, string ConversationId, string UserId);
internal readonly record struct ReferenceState(string ServiceUrl, int? PersonId, DateTime WrittenUtc);

/// <summary>
/// What this process wrote recently, so a busy conversation does not rewrite its row on every message.
/// Only an optimisation: the row is rewritten after <see cref="RefreshAfter"/> or when anything changes.
/// </summary>
public sealed class ConversationRegistryCache
{
    internal static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<ReferenceKey, ReferenceState> _written = new();

    internal bool IsFresh(ReferenceKey key, ReferenceState now) =>
        _written.TryGetValue(key, out var last)
        && last.ServiceUrl == now.ServiceUrl && last.PersonId == now.PersonId
        && now.WrittenUtc - last.WrittenUtc < RefreshAfter && now.WrittenUtc >= last.WrittenUtc;

    internal void Remember(ReferenceKey key, ReferenceState state) => _written[key] = state;

    internal void Forget(string channelId, string conversationId)
    {
        foreach (var key in _written.Keys)
        {
            if (key.ChannelId == channelId && key.ConversationId == conversationId)
            {
                _written.TryRemove(key, out _);
            }
        }
    }
}
