using GuidanceBot.Bot.Connector;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Testing;
using GuidanceBot.Testing.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Bot.Tests.Connector;

/// <summary>The real Connector client pipeline from <c>AddConnectorClient</c>, against a fake Connector on loopback.</summary>
internal sealed class ConnectorHarness : IAsyncDisposable
{
    public const string Tenant = "00000000-0000-0000-0000-0000000000001";

    public TestClock Time { get; private init; } = new();
    public FakeConnector Connector { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;
    public IConnectorClient Client => Services.GetRequiredService<IConnectorClient>();

    public static async Task<ConnectorHarness> StartAsync(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null, TestClock? clock = null)
    {
        var harness = new ConnectorHarness { Time = clock ?? new TestClock() };
        harness.Connector = await FakeConnector.StartAsync(harness.Time);
        var config = new Dictionary<string, string?>
        {
            ["Bot:AllowUnauthenticatedLocalMode"] = "true",
            ["Bot:RetryBaseDelay"] = "00:00:01",
            // The fake stands in for Teams' Connector: the loopback origin the client trusts with or without local mode.
            ["Bot:ConnectorHosts:0"] = harness.Connector.ServiceUrl,
        };
        foreach (var (k, v) in settings ?? [])
        {
            config[k] = v;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(harness.Time);
        services.AddConnectorClient(new ConfigurationBuilder().AddInMemoryCollection(config).Build());
        configure?.Invoke(services);
        harness.Services = services.BuildServiceProvider();
        return harness;
    }

    public static Activity Message(string text, string conversationId = "a:conv-1", string tenant = Tenant) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Conversation = new ConversationAccount { Id = conversationId, ConversationType = "personal", TenantId = tenant },
    };

    /// <summary>
    /// Waits until the fake Connector has seen what the test waits for, moving the clock only when the client waits on
    /// it (a retry's delay, the throttle's pause) and only to that moment; never on a wall-clock guess.
    /// </summary>
    public async Task AdvanceUntilAsync(Func<IReadOnlyList<RecordedRequest>, bool> condition, TimeSpan limit)
    {
        var moved = TimeSpan.Zero;
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMinutes(1)); // a hang fails the test instead of the run
        var reached = Connector.WaitUntilAsync(condition, TimeSpan.FromMinutes(1));
        while (!reached.IsCompleted)
        {
            if (await Task.WhenAny(reached, Time.WaitingAsync().WaitAsync(giveUp.Token)) != reached)
            {
                moved += Time.AdvanceToNextTimer();
                Assert.True(moved <= limit, $"not reached after moving the clock {moved}");
            }
        }
        await reached;
    }

    /// <summary>Waits for a state change that is not a request (e.g. the client having seen a 429).</summary>
    public static async Task WaitForAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(5, cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
