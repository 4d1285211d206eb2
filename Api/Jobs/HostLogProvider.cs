using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using MsLevel = Microsoft.Extensions.Logging.LogLevel;

namespace GuidanceBot.Api.Jobs;

/// <summary>
/// Hangfire logs through one process-wide provider (<c>GlobalConfiguration</c>), while logger factories belong to hosts.
/// A running host lends its factory (<see cref="HostLogAttachment"/>) and takes it back when it stops, so a process that
/// builds several hosts one after another (the tests) never logs into a host already disposed; with one host (production)
/// Hangfire's lines go to that host's logging as before.
/// </summary>
internal sealed class HostLogProvider : ILogProvider
{
    public static readonly HostLogProvider Instance = new();

    private readonly Lock _lock = new();
    private readonly List<ILoggerFactory> _factories = [];

    public void Attach(ILoggerFactory factory)
    {
        lock (_lock) _factories.Add(factory);
    }

    public void Detach(ILoggerFactory factory)
    {
        lock (_lock) _factories.Remove(factory);
    }

    public ILog GetLogger(string name) => new HostLog(this, name);

    private ILoggerFactory? Current
    {
        get { lock (_lock) return _factories.Count == 0 ? null : _factories[^1]; }
    }

    private sealed class HostLog(HostLogProvider provider, string name) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (provider.Current is not { } factory)
            {
                return false;
            }
            try
            {
                var logger = factory.CreateLogger(name);
                var level = ToLevel(logLevel);
                if (messageFunc is null)
                {
                    return logger.IsEnabled(level); // Hangfire's way of asking whether a level is on
                }
                logger.Log(level, 0, messageFunc(), exception, static (message, _) => message);
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false; // the host stopped between the lookup and the write
            }
        }

        private static MsLevel ToLevel(HangfireLevel level) => level switch
        {
            HangfireLevel.Trace => MsLevel.Trace,
            HangfireLevel.Debug => MsLevel.Debug,
            HangfireLevel.Info => MsLevel.Information,
            HangfireLevel.Warn => MsLevel.Warning,
            HangfireLevel.Error => MsLevel.Error,
            _ => MsLevel.Critical,
        };
    }
}

/// <summary>Lends the host's logger factory to <see cref="HostLogProvider"/> while the host runs.</summary>
internal sealed class HostLogAttachment(ILoggerFactory factory) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        HostLogProvider.Instance.Attach(factory);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        HostLogProvider.Instance.Detach(factory);
        return Task.CompletedTask;
    }
}
