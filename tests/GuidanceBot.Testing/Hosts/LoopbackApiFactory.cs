using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Testing;

/// <summary>
/// <see cref="ApiTestFactory"/> on Kestrel at 127.0.0.1:random (real HTTP), on a data folder the test chooses,
/// e.g. one a backup was restored into.
/// </summary>
public sealed class LoopbackApiFactory : ApiTestFactory
{
    private readonly KeyValuePair<string, string?>[] _extra;

    private LoopbackApiFactory(string dataFolder, KeyValuePair<string, string?>[] extra)
    {
        Folder = dataFolder;
        _extra = extra;
    }

    public string Folder { get; }

    public Uri BaseAddress { get; private set; } = null!;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. base.Settings, new("Storage:DataFolder", Folder), .. _extra];

    public static LoopbackApiFactory Start(string dataFolder, params (string Key, string? Value)[] settings)
    {
        var factory = new LoopbackApiFactory(dataFolder, [.. settings.Select(s => KeyValuePair.Create(s.Key, s.Value))]);
        factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        try
        {
            factory.StartServer();
        }
        catch
        {
            factory.Dispose();
            throw;
        }
        factory.BaseAddress = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return factory;
    }

    /// <summary>A client over the network; with a role, it carries a token from the test issuer.</summary>
    public HttpClient Http(string? role = null, string? unit = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (role is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, unit));
        }
        return client;
    }
}
