using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using GuidanceBot.Data.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GuidanceBot.Data.Common;

/// <summary>
/// A number that moves whenever this process commits a change, so read models cached under it
/// (the year status, the unit directory) are never served stale after a local write; on PostgreSQL
/// also when another instance does (<see cref="PostgreSqlChangeFeed"/>).
/// </summary>
public sealed class ChangeGeneration
{
    /// <summary>
    /// Operational tables written on every bot turn or delivery attempt that no cached read model
    /// reads; a write to them alone does not move the generation (it would empty the caches all day).
    /// </summary>
    public static readonly IReadOnlySet<Type> Unwatched = new HashSet<Type>
    {
        typeof(DeliveryLedgerEntry), typeof(ProcessedActivity), typeof(ConversationReference),
    };

    private long value;

    public long Value => Interlocked.Read(ref value);

    /// <summary>This process committed a change (other instances are told: <see cref="PostgreSqlChangeFeed"/>).</summary>
    public void Bump()
    {
        Interlocked.Increment(ref value);
        LocalChange?.Invoke();
    }

    /// <summary>Another instance committed a change to the shared database.</summary>
    public void BumpFromElsewhere() => Interlocked.Increment(ref value);

    internal event Action? LocalChange;
}

/// <summary>
/// Bumps <see cref="ChangeGeneration"/> once a write to a watched table is committed: through
/// SaveChanges, and through set-based or raw SQL writes (ExecuteUpdate, ExecuteDelete, ExecuteSql),
/// which bypass SaveChanges. Inside a transaction the bump waits for the commit, so a reader cannot
/// cache the old rows under the new generation.
/// </summary>
public sealed partial class ChangeGenerationInterceptor(ChangeGeneration generation)
    : SaveChangesInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, StrongBox<bool>> _uncommitted = new();
    private HashSet<string>? _unwatchedTables;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Settle(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Settle(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Settle(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Settle(eventData.Context);
        return Task.CompletedTask;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Executed(command, eventData.Context, result);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Executed(command, eventData.Context, result);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Saving(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries().Any(e =>
                e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && !ChangeGeneration.Unwatched.Contains(e.Metadata.ClrType)))
        {
            Uncommitted(context).Value = true;
        }
    }

    /// <summary>After SaveChanges outside a transaction of the caller's (its own one is committed by now).</summary>
    private void Settle(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            Committed(context);
        }
    }

    private void Executed(DbCommand command, DbContext? context, int rows)
    {
        if (rows <= 0 || !WritesWatchedTable(command.CommandText, context))
        {
            return;
        }

        if (context is not null && (command.Transaction is not null || context.Database.CurrentTransaction is not null))
        {
            Uncommitted(context).Value = true;
        }
        else
        {
            generation.Bump();
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && _uncommitted.TryGetValue(context, out var pending) && pending.Value)
        {
            pending.Value = false;
            generation.Bump();
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null && _uncommitted.TryGetValue(context, out var pending))
        {
            pending.Value = false;
        }
    }

    private StrongBox<bool> Uncommitted(DbContext context) => _uncommitted.GetValue(context, _ => new StrongBox<bool>());

    /// <summary>Whether SQL text inserts into, updates or deletes from a table other than the unwatched ones.</summary>
    private bool WritesWatchedTable(string sql, DbContext? context)
    {
        var unwatched = _unwatchedTables ??= context is null ? [] : [.. ChangeGeneration.Unwatched
            .Select(t => context.Model.FindEntityType(t)?.GetTableName())
            .OfType<string>()];
        foreach (Match m in WriteTarget().Matches(sql))
        {
            var table = m.Groups["table"].Value;
            if (!table.Equals("SET", StringComparison.OrdinalIgnoreCase) && !unwatched.Contains(table))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex("""\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+["`\[]?(?<table>\w+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WriteTarget();
}
