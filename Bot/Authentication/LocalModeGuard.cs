using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Bot.Authentication;

/// <summary>
/// The unauthenticated local mode is for the Agents Playground on this machine only. At start it warns,
/// and it stops the host before it listens when any configured address is not loopback; once the server
/// runs it checks the addresses it really bound, in case they came from somewhere else.
/// </summary>
internal sealed partial class LocalModeGuard(
    IOptions<BotAuthenticationOptions> options,
    IConfiguration configuration,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<LocalModeGuard> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.AllowUnauthenticatedLocalMode)
        {
            return Task.CompletedTask;
        }

        var offending = NonLoopback(ConfiguredAddresses(configuration).Concat(ServerAddresses())).ToList();
        if (offending.Count > 0)
        {
            throw new InvalidOperationException(
                "Bot:AllowUnauthenticatedLocalMode is on, but the host is configured to listen on " + string.Join(", ", offending) +
                ". Local mode accepts activities without a token and is allowed only on loopback (http://127.0.0.1, http://[::1], http://localhost). " +
                "Listen on loopback only, or switch local mode off and configure Bot:AppId.");
        }

        LogLocalMode();
        lifetime.ApplicationStarted.Register(() =>
        {
            var bound = NonLoopback(ServerAddresses()).ToList();
            if (bound.Count > 0)
            {
                LogRefusing(string.Join(", ", bound));
                lifetime.StopApplication();
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<string> ServerAddresses() =>
        server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];

    /// <summary>Every way Kestrel can be told where to listen: urls, ports, endpoints.</summary>
    internal static IEnumerable<string> ConfiguredAddresses(IConfiguration configuration)
    {
        foreach (var key in new[] { "urls", "ASPNETCORE_URLS" })
        {
            foreach (var url in (configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return url;
            }
        }

        // http_ports/https_ports bind every interface.
        foreach (var key in new[] { "http_ports", "https_ports", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS" })
        {
            foreach (var port in (configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return $"http://*:{port}";
            }
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                yield return url;
            }
        }
    }

    internal static IEnumerable<string> NonLoopback(IEnumerable<string> addresses) =>
        addresses.Where(a => !IsLoopback(a)).Distinct();

    internal static bool IsLoopback(string address)
    {
        // "http://+:80" and "http://*:80" are not valid URIs; they mean every interface.
        var host = address.Split("://", 2) is [_, var rest] ? rest : address;
        host = host.Split('/', 2)[0];
        if (host.StartsWith('['))
        {
            host = host[1..host.IndexOf(']')];
        }
        else if (host.LastIndexOf(':') is var colon and > 0)
        {
            host = host[..colon];
        }

        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot:AllowUnauthenticatedLocalMode is ON: /api/messages accepts activities without a token and the Connector is called without one. For the Agents Playground on this machine only; never in production.")]
    private partial void LogLocalMode();

    [LoggerMessage(Level = LogLevel.Critical, Message = "Local mode is on but the server listens on {Addresses}; stopping.")]
    private partial void LogRefusing(string addresses);
}
