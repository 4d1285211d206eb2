using System.Net;
using GuidanceBot.Testing;
using GuidanceBot.Testing.Fakes;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Bot;

/// <summary>The explicit unauthenticated mode for the Agents Playground, and its loopback-only rule.</summary>
public class LocalModeTests
{
    [Fact]
    public async Task Local_mode_takes_activities_without_a_token_and_trusts_their_reference()
    {
        await using var host = await BotHostFactory.StartAsync(localMode: true);

        var response = await host.PostAsync(host.Sample("installation-update-add.json"), token: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await host.WithDbAsync(async db =>
        {
            var reference = await db.ConversationReferences.SingleAsync();
            Assert.Equal(host.ServiceUrl, reference.ServiceUrl);
            Assert.True(reference.IsActive);
        });
        // The welcome card went out without a bot token, as the playground expects.
        await host.Connector.WaitUntilAsync(r => r.Count == 1);
        Assert.Null(host.Connector.Requests[0].Authorization);
    }

    [Fact]
    public async Task Local_mode_still_refuses_a_bad_token()
    {
        await using var host = await BotHostFactory.StartAsync(localMode: true);

        var response = await host.PostAsync(host.Sample("message-personal.json", "menu"), "not.a.jwt");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal((0, 0), await host.CountStoredAsync());
    }

    [Fact]
    public async Task Without_local_mode_a_request_without_token_is_refused()
    {
        await using var host = await BotHostFactory.StartAsync(localMode: false);

        var response = await host.PostAsync(host.Sample("installation-update-add.json"), token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("Urls", "http://0.0.0.0:3978")]
    [InlineData("Urls", "http://127.0.0.1:3978;http://*:8080")]
    [InlineData("Urls", "http://192.168.1.20:3978")]
    [InlineData("http_ports", "8080")]
    [InlineData("Kestrel:Endpoints:Public:Url", "http://[::]:3978")]
    public void Local_mode_refuses_to_start_on_anything_but_loopback(string key, string value)
    {
        using var factory = new SettingsFactory(new()
        {
            ["Bot:AllowUnauthenticatedLocalMode"] = "true",
            [key] = value,
        });

        var error = Assert.Throws<InvalidOperationException>(() => factory.CreateClient());
        Assert.Contains("loopback", error.Message);
        Assert.Contains("AllowUnauthenticatedLocalMode", error.Message);
    }

    [Theory]
    [InlineData("http://localhost:3978")]
    [InlineData("http://127.0.0.1:3978;http://[::1]:3978")]
    public async Task Local_mode_starts_on_loopback(string urls)
    {
        using var factory = new SettingsFactory(new() { ["Bot:AllowUnauthenticatedLocalMode"] = "true", ["Urls"] = urls });

        var health = await factory.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public void Without_local_mode_any_address_is_allowed()
    {
        using var factory = new SettingsFactory(new() { ["Bot:AppId"] = BotHostFactory.AppId, ["Urls"] = "http://0.0.0.0:3978" });

        _ = factory.CreateClient();
    }

    private sealed class SettingsFactory(Dictionary<string, string?> settings) : GuidanceApiFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => settings;
    }
}
