using GuidanceBot.Testing;

namespace GuidanceBot.Api.Tests.Flows;

/// <summary>
/// A flow test class whose every test (xunit makes one instance per test) gets a fresh host on its own SQLite file and
/// a <see cref="TeamsDriver"/> talking to it; the people a test needs it adds itself.
/// </summary>
public abstract class DriverTest : IAsyncLifetime
{
    protected BotHostFactory Host { get; private set; } = null!;

    protected TeamsDriver Driver { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Host = await BotHostFactory.StartAsync();
        Driver = new TeamsDriver(Host);
    }

    public virtual async Task DisposeAsync() => await Host.DisposeAsync();
}
