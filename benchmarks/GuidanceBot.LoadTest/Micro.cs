using System.Diagnostics;
using GuidanceBot.Bot.Authentication;
using GuidanceBot.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GuidanceBot.LoadTest;

/// <summary>"micro": the cost of one token validation, single-threaded, for finding where a turn's time goes.</summary>
internal static class Micro
{
    public static async Task<int> RunAsync()
    {
        await using var issuer = await ChannelTokenIssuer.StartAsync();
        var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var options = new BotAuthenticationOptions { AppId = Driver.AppId, ChannelMetadataUrl = issuer.ChannelMetadataUrl, RequireHttpsMetadata = false };
        var cloud = BotCloudEndpoints.For(options);
        var validator = new BotTokenValidator(Options.Create(options), cloud, TimeProvider.System, services.GetRequiredService<IHttpClientFactory>(),
            new GuidanceBot.Bot.Connector.ConnectorHosts(Options.Create(new GuidanceBot.Bot.Connector.ConnectorOptions()), cloud), NullLogger<BotTokenValidator>.Instance);
        var header = "Bearer " + ChannelTokenIssuer.CreateToken(issuer.TeamsKey, Driver.AppId, "http://x/", DateTimeOffset.UtcNow);
        for (var round = 0; round < 3; round++)
        {
            var n = 5000;
            var sw = Stopwatch.StartNew();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < n; i++)
            {
                var r = await validator.ValidateAsync(header, default);
                if (r.Status != BotAuthStatus.Authenticated) { throw new InvalidOperationException(r.Reason); }
            }
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
            Console.WriteLine($"token validation: {sw.Elapsed.TotalMicroseconds / n:F1} µs wall, {cpu.TotalMicroseconds / n:F1} µs CPU");
        }
        return 0;
    }
}
