using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GuidanceBot.Data.Common;

/// <summary>
/// Several instances on one PostgreSQL database: a write committed by one must make the others' cached read models
/// (the year status, the unit directory, the known senders) stale, as a local write does. Each instance LISTENs on one
/// channel; after a local commit that moved <see cref="ChangeGeneration"/> it sends one NOTIFY (bursts coalesce into
/// one), and every other instance moves its own generation when it hears it — milliseconds after the commit, well
/// within the 5 s promised for the status. While the listening connection is lost nothing is heard, so the generation
/// also moves once the connection is back. On SQLite (one process) this does nothing.
/// </summary>
public sealed partial class PostgreSqlChangeFeed(
    ChangeGeneration generation,
    IOptions<StorageOptions> storage,
    ILogger<PostgreSqlChangeFeed> logger) : BackgroundService
{
    public const string Channel = "guidancebot_changes";

    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim _changed = new(0, 1);

    /// <summary>Set once this instance listens (for tests: a host started before another writes hears the write).</summary>
    public Task Listening => _listening.Task;

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!storage.Value.IsPostgreSql)
        {
            _listening.TrySetResult();
            return;
        }

        generation.LocalChange += Signal;
        try
        {
            await Task.WhenAll(ListenAsync(stoppingToken), PublishAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            generation.LocalChange -= Signal;
        }
    }

    private void Signal()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // a notice is already due: this change goes with it
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        var first = true;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ListenerConnectionString());
                connection.Notification += (_, e) =>
                {
                    if (e.Payload != _instance)
                    {
                        generation.BumpFromElsewhere();
                    }
                };
                await connection.OpenAsync(ct);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }
                if (!first)
                {
                    generation.BumpFromElsewhere(); // what was said while we were not listening is lost
                }
                first = false;
                _listening.TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                LogListenerLost(e);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    private async Task PublishAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await _changed.WaitAsync(ct);
            try
            {
                await using var connection = new NpgsqlConnection(storage.Value.ResolveConnectionString());
                await connection.OpenAsync(ct);
                await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @instance)", connection);
                notify.Parameters.AddWithValue("channel", Channel);
                notify.Parameters.AddWithValue("instance", _instance);
                await notify.ExecuteNonQueryAsync(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is NpgsqlException or TimeoutException)
            {
                LogNotifyFailed(e);
                Signal(); // try again: the others still have to hear it
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    /// <summary>The listener holds its connection for good: kept out of the pool, with keepalives so a dead one is noticed.</summary>
    private string ListenerConnectionString() =>
        new NpgsqlConnectionStringBuilder(storage.Value.ResolveConnectionString()) { Pooling = false, KeepAlive = 30 }.ToString();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the PostgreSQL change feed's connection; listening again")]
    private partial void LogListenerLost(Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the other instances about a change; trying again")]
    private partial void LogNotifyFailed(Exception e);
}
