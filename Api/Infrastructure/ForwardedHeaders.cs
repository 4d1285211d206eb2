using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace GuidanceBot.Api.Infrastructure;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto are believed only from the proxies an operator lists
/// (<c>ForwardedHeaders:KnownProxies</c>: addresses; <c>ForwardedHeaders:KnownNetworks</c>: CIDR ranges). None by
/// default — not even loopback, which ASP.NET Core trusts out of the box — so without a listed proxy the headers
/// are ignored and the connection's own address is the caller.
/// </summary>
public static class ForwardedHeadersConfiguration
{
    public const string SectionName = "ForwardedHeaders";

    public static IServiceCollection AddForwardedHeadersFromConfiguration(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            // A bad entry is left out here and named by the start checks (Problems), which stop the host.
            foreach (var proxy in Values(section.GetSection("KnownProxies")))
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    o.KnownProxies.Add(address);
                }
            }

            foreach (var network in Values(section.GetSection("KnownNetworks")))
            {
                if (System.Net.IPNetwork.TryParse(network, out var range))
                {
                    o.KnownIPNetworks.Add(range);
                }
            }
        });
        return services;
    }

    /// <summary>What is wrong with the lists, for the start checks (a typo would otherwise stop the host with a FormatException).</summary>
    public static IEnumerable<string> Problems(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        foreach (var proxy in Values(section.GetSection("KnownProxies")).Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return $"ForwardedHeaders:KnownProxies entry '{proxy}' is not an IP address.";
        }

        foreach (var network in Values(section.GetSection("KnownNetworks")).Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
        {
            yield return $"ForwardedHeaders:KnownNetworks entry '{network}' is not a CIDR range such as 10.0.0.0/8.";
        }
    }

    /// <summary>A list (<c>KnownProxies:0</c>…) or one comma-separated value (an environment variable).</summary>
    private static IEnumerable<string> Values(IConfigurationSection section) =>
        (section.Value is { Length: > 0 } single ? single.Split(',') : section.GetChildren().Select(c => c.Value ?? ""))
            .Select(v => v.Trim()).Where(v => v.Length > 0);
}
