using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GuidanceBot.Bot.Delivery;

/// <summary>
/// One dispatch run at a time across the instances on one PostgreSQL database. Teams limits a tenant's sends per second
/// wherever they come from, but each process's <see cref="Connector.ConnectorThrottle"/> counts only its own: two
/// instances dispatching at once sent 2,660 requests for 2,000 nudges, 649 of them refused for the tenant's limit
/// (delivery benchmark, two dispatchers). One dispatcher already fills a tenant's budget, and the minute's recurring
/// run is once across instances anyway, so taking turns costs no throughput.
/// </summary>
/// <remarks>
/// The turn is a session advisory lock on a connection of its own, unpooled and held for the run: if the process dies,
/// PostgreSQL ends its session and the turn with it. A run that finds the turn taken returns at once; the holder claims
/// until the queue is empty, and a row queued after its last claim goes out with the next minute's run. SQLite is one
/// process, whose runs share one throttle: there every run has the turn.
/// </remarks>
internal sealed class DispatchTurn : IAsyncDisposable
{
    /// <summary>The lock's key: an advisory lock is per database, so deployments sharing a cluster do not meet.</summary>
    private const long LockKey = 0x4742_4445_4C56; // "GBDELV"

    private readonly NpgsqlConnection? _connection;

    private DispatchTurn(NpgsqlConnection? connection) => _connection = connection;

    /// <summary>The turn, or null while another run (of any instance) has it.</summary>
    public static async Task<DispatchTurn?> TryTakeAsync(GuidanceDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return new DispatchTurn(null);
        }

        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", LockKey);
            if (await command.ExecuteScalarAsync(ct) is true)
            {
                return new DispatchTurn(connection);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>Closing the unpooled connection ends its session, which gives the turn back.</summary>
    public ValueTask DisposeAsync() => _connection?.DisposeAsync() ?? ValueTask.CompletedTask;
}
