using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Connector;
using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using GuidanceBot.Testing.Fakes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Testing;

/// <summary>
/// The real host on Kestrel at 127.0.0.1:random with token validation on against a local channel/tenant
/// issuer, replying through the real Connector client to a fake Connector, with MSAL getting its
/// client-credentials token from a local https token endpoint.
/// </summary>
public sealed class BotHostFactory : GuidanceApiFactory
{
    public const string AppId = "11111111-2222-3333-4444-555555555555";
    public const string Tenant = ChannelTokenIssuer.Tenant;

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    private BotHostFactory(ChannelTokenIssuer issuer, FakeConnector connector, FakeTokenIssuer msal, FakeFileHost files, Dictionary<string, string?> settings,
        Action<IServiceCollection>? services = null)
    {
        Issuer = issuer;
        Connector = connector;
        Msal = msal;
        Files = files;
        _settings = settings;
        _services = services;
    }

    public ChannelTokenIssuer Issuer { get; }
    public FakeConnector Connector { get; }
    public FakeTokenIssuer Msal { get; }

    /// <summary>SharePoint's download host for files sent in the chat (on the bot's Bot:FileHosts).</summary>
    public FakeFileHost Files { get; }
    public HttpClient Http { get; private set; } = null!;
    public string ServiceUrl => Connector.ServiceUrl;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => _settings;

    /// <param name="services">Replaces services the host registered (e.g. the spot-check seeds, so two hosts draw alike).</param>
    public static async Task<BotHostFactory> StartAsync(bool localMode = false, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var issuer = await ChannelTokenIssuer.StartAsync();
        var connector = await FakeConnector.StartAsync();
        var msal = await FakeTokenIssuer.StartAsync();
        var files = await FakeFileHost.StartAsync();
        var all = new Dictionary<string, string?>
        {
            ["Bot:AppId"] = AppId,
            ["Bot:AppType"] = "SingleTenant",
            ["Bot:TenantId"] = Tenant,
            ["Bot:ClientSecret"] = "test-secret",
            ["Bot:TokenAuthority"] = msal.Authority,
            ["Bot:ChannelMetadataUrl"] = issuer.ChannelMetadataUrl,
            ["Bot:EntraMetadataUrl"] = issuer.EntraMetadataUrl,
            ["Bot:RequireHttpsMetadata"] = "false",
            ["Bot:AllowUnauthenticatedLocalMode"] = localMode ? "true" : "false",
            // The fake Connector stands in for smba.trafficmanager.net: the one loopback origin the bot trusts.
            ["Bot:ConnectorHosts:0"] = connector.ServiceUrl,
            // The fake file host stands in for {tenant}-my.sharepoint.com: the one loopback origin files are fetched from.
            ["Bot:FileHosts:0"] = files.Origin,
        };
        foreach (var (k, v) in settings ?? [])
        {
            all[k] = v;
        }

        var factory = new BotHostFactory(issuer, connector, msal, files, all, services);
        factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        factory.Http = new HttpClient { BaseAddress = new Uri(address) };
        return factory;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services
            .AddHttpClient(ConnectorServiceCollectionExtensions.TokenHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => Msal.CreateTrustingHandler()));
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    /// <summary>A valid channel token for an activity to this bot from the fake Connector's service URL.</summary>
    public string ValidToken() => ChannelTokenIssuer.CreateToken(Issuer.TeamsKey, AppId, ServiceUrl, Clock.GetUtcNow());

    /// <summary>A sample activity from tests/Samples/teams-activities, addressed from the fake Connector.</summary>
    public JsonObject Sample(string name, string? text = null, string? id = null)
    {
        var activity = JsonNode.Parse(SharedFiles.ReadActivity(name))!.AsObject();
        activity["serviceUrl"] = ServiceUrl;
        if (text is not null)
        {
            activity["text"] = text;
        }
        activity["id"] = id ?? Guid.NewGuid().ToString();
        return activity;
    }

    public Task<HttpResponseMessage> PostAsync(JsonNode activity, string? token) => PostAsync(activity.ToJsonString(), token);

    /// <summary>Posts a body as given (a fuzzer's, which need not be an activity or even JSON).</summary>
    public async Task<HttpResponseMessage> PostAsync(string body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        // A body the bot refuses unread (413) is then not sent at all, instead of breaking the pipe half-way.
        request.Headers.ExpectContinue = body.Length > 64 * 1024;
        return await Http.SendAsync(request);
    }

    /// <summary>A person of the given role in the given unit, known by the playground's default user identity.</summary>
    public async Task<Person> AddPersonAsync(string name, PersonRole role, string unitCode,
        string aadObjectId = "00000000-0000-0000-0000-0000000000020", string? language = null)
    {
        Person person = null!;
        await WithDbAsync(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Code == unitCode);
            person = new Person { Name = name, Role = role, UnitId = unit.Id, TenantId = Tenant, AadObjectId = aadObjectId, PreferredLanguage = language };
            db.People.Add(person);
            await db.SaveChangesAsync();
        });
        return person;
    }

    public async Task<(int References, int Processed)> CountStoredAsync()
    {
        var counts = (0, 0);
        await WithDbAsync(async db => counts = (await db.ConversationReferences.CountAsync(), await db.ProcessedActivities.CountAsync()));
        return counts;
    }

    /// <summary>Every row a turn can leave behind: references, processed ids, audit entries, ledger rows.</summary>
    public async Task<StoredRows> CountRowsAsync()
    {
        StoredRows rows = default;
        await WithDbAsync(async db => rows = new StoredRows(
            await db.ConversationReferences.CountAsync(), await db.ProcessedActivities.CountAsync(),
            await db.AuditLog.CountAsync(), await db.DeliveryLedger.CountAsync()));
        return rows;
    }

    public override async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        await base.DisposeAsync();
        await Connector.DisposeAsync();
        await Issuer.DisposeAsync();
        await Msal.DisposeAsync();
        await Files.DisposeAsync();
    }
}

public readonly record struct StoredRows(int References, int Processed, int Audit, int Ledger);
