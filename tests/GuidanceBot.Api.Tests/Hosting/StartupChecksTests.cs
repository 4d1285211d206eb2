using System.Net;
using GuidanceBot.Testing;
using GuidanceBot.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Api.Tests.Hosting;

/// <summary>
/// Fail fast (issue 16, item 2): a host configured wrongly refuses to start with one message naming every
/// problem, before it creates anything in its data folder.
/// </summary>
public class StartupChecksTests
{
    /// <summary>The host with only what a test gives it: none of the deployment settings the other tests start with.</summary>
    private sealed class Unconfigured(string environment, Dictionary<string, string?> settings) : GuidanceApiFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> DeploymentSettings => [];

        protected override IEnumerable<KeyValuePair<string, string?>> Settings => settings;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }
    }

    private static OptionsValidationException StartFails(GuidanceApiFactory factory)
    {
        var thrown = Record.Exception(() => factory.CreateClient());
        Assert.NotNull(thrown);
        for (var e = thrown; e is not null; e = e.InnerException)
        {
            if (e is OptionsValidationException found)
            {
                return found;
            }
            if (e is AggregateException { InnerExceptions.Count: 1 } one)
            {
                e = one;
            }
        }

        throw new Xunit.Sdk.XunitException("not an options validation failure: " + thrown);
    }

    [Fact]
    public void A_production_host_with_nothing_configured_refuses_to_start_naming_every_problem_in_one_message()
    {
        // A file where the data folder should be: nothing can be created under it.
        var blocker = Path.Combine(Path.GetTempPath(), $"guidancebot-not-a-folder-{Guid.NewGuid():N}");
        File.WriteAllText(blocker, "");
        try
        {
            using var factory = new Unconfigured("Production", new() { ["Storage:DataFolder"] = Path.Combine(blocker, "data") });

            var failure = StartFails(factory);

            var message = failure.Message;
            Assert.Contains("Bot:AppId is not set", message);
            Assert.Contains("Bot:TenantId is not set", message);
            Assert.Contains("The bot has no credential", message);
            Assert.Contains("PublicLinks:BaseUrl must be the https address", message);
            Assert.Contains("Authentication:Schemes:Bearer:Authority is not set", message);
            Assert.Contains("Authentication:Schemes:Bearer:ValidAudiences is not set", message);
            Assert.Contains($"Storage:DataFolder '{Path.Combine(blocker, "data")}' is not writable", message);
            Assert.Equal(7, failure.Failures.Count());
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Theory]
    [InlineData("PublicLinks:BaseUrl", "http://guidance.example.gov.cn", "PublicLinks:BaseUrl must be the https address")]
    [InlineData("Authentication:Schemes:Bearer:Authority", "http://login.example/tenant/v2.0", "Authority must be an absolute https URL")]
    [InlineData("Bot:ConnectorHosts:0", "ftp://x", "Bot:ConnectorHosts entry 'ftp://x'")]
    [InlineData("Bot:CertificateThumbprint", "ABCDEF", "more than one credential")]
    public void One_wrong_setting_in_an_otherwise_complete_production_configuration_is_named(string key, string value, string expected)
    {
        using var factory = new Unconfigured("Production", new()
        {
            ["Bot:AppId"] = BotHostFactory.AppId,
            ["Bot:TenantId"] = BotHostFactory.Tenant,
            ["Bot:ClientSecret"] = "secret",
            ["PublicLinks:BaseUrl"] = "https://guidance.example.gov.cn/",
            ["Authentication:Schemes:Bearer:Authority"] = $"https://login.partner.microsoftonline.cn/{BotHostFactory.Tenant}/v2.0",
            ["Authentication:Schemes:Bearer:ValidAudiences:0"] = "api://guidancebot",
            [key] = value,
        });

        var failure = StartFails(factory);

        Assert.Contains(expected, Assert.Single(failure.Failures));
        Assert.False(File.Exists(Path.Combine(factory.DataFolder, "guidancebot.db")), "nothing is created before the checks pass");
    }

    [Fact]
    public async Task A_development_host_in_local_mode_starts_with_nothing_else_configured()
    {
        // appsettings.Development.json switches local mode on; links may be http there and no API issuer is needed.
        using var factory = new Unconfigured("Development", []);
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public void A_development_host_without_local_mode_still_needs_the_bots_credentials()
    {
        using var factory = new Unconfigured("Development", new() { ["Bot:AllowUnauthenticatedLocalMode"] = "false" });

        var failure = StartFails(factory);

        Assert.Contains(failure.Failures, f => f.StartsWith("Bot:AppId is not set", StringComparison.Ordinal));
        Assert.DoesNotContain(failure.Failures, f => f.Contains("PublicLinks", StringComparison.Ordinal) || f.Contains("Bearer", StringComparison.Ordinal));
    }
}
