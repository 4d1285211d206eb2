using GuidanceBot.Bot.Authentication;
using GuidanceBot.Bot.Connector;
using GuidanceBot.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace GuidanceBot.Bot.Tests.Connector;

/// <summary>
/// <c>Bot:Cloud</c> decides every endpoint, inbound and outbound (issue 16, item 1): the resolved endpoints of each
/// cloud, explicit settings over them, and the token a China bot really asks for, through MSAL against the local
/// token endpoint standing in for the cloud's login host (same path, tenant and scope; only the host is loopback).
/// </summary>
public class BotCloudTests
{
    private const string AppId = "00000000-0000-0000-0000-00000000000011";
    private const string TenantId = "11111111-2222-3333-4444-555555555555";

    private static Action<IServiceCollection> Trust(FakeTokenIssuer issuer) => services =>
        services.AddHttpClient(ConnectorServiceCollectionExtensions.TokenHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(issuer.CreateTrustingHandler);

    [Fact]
    public void The_public_cloud_resolves_every_endpoint_of_a_single_tenant_bot_by_default()
    {
        var e = BotCloudEndpoints.For(new BotAuthenticationOptions { AppId = AppId, TenantId = TenantId });

        Assert.Equal(BotAppType.SingleTenant, e.AppType);
        Assert.Equal("https://login.botframework.com/v1/.well-known/openidconfiguration", e.ChannelMetadataUrl);
        Assert.Equal("https://api.botframework.com", e.ChannelIssuer);
        Assert.Equal($"https://login.microsoftonline.com/{TenantId}/v2.0/.well-known/openid-configuration", e.EntraMetadataUrl);
        Assert.Equal([$"https://sts.windows.net/{TenantId}/", $"https://login.microsoftonline.com/{TenantId}/v2.0"], e.EntraIssuers);
        Assert.Equal($"https://login.microsoftonline.com/{TenantId}", e.TokenAuthority);
        Assert.Equal("https://api.botframework.com/.default", e.Scope);
        Assert.Equal(["smba.trafficmanager.net", "smba.onyx.prod.teams.trafficmanager.net", "smba.infra.gcc.teams.microsoft.com"], e.ConnectorHosts);
    }

    [Fact]
    public void The_china_cloud_resolves_every_endpoint_to_21Vianet()
    {
        var e = BotCloudEndpoints.For(new BotAuthenticationOptions { AppId = AppId, TenantId = TenantId, Cloud = BotCloud.China });

        Assert.Equal("https://login.botframework.azure.cn/v1/.well-known/openidconfiguration", e.ChannelMetadataUrl);
        Assert.Equal("https://api.botframework.azure.cn", e.ChannelIssuer);
        Assert.Equal($"https://login.partner.microsoftonline.cn/{TenantId}/v2.0/.well-known/openid-configuration", e.EntraMetadataUrl);
        Assert.Equal([$"https://sts.chinacloudapi.cn/{TenantId}/", $"https://login.partner.microsoftonline.cn/{TenantId}/v2.0"], e.EntraIssuers);
        Assert.Equal($"https://login.partner.microsoftonline.cn/{TenantId}", e.TokenAuthority);
        Assert.Equal("https://api.botframework.azure.cn/.default", e.Scope);
        Assert.Equal("https://api.botframework.azure.cn", e.Resource);
        Assert.Equal(["frontend.botapi.msg.infra.teams.microsoftonline.cn"], e.ConnectorHosts);
        Assert.Equal("https://login.partner.microsoftonline.cn", BotCloudEndpoints.LoginHost(BotCloud.China));
    }

    [Theory]
    [InlineData(BotCloud.Public, "https://login.microsoftonline.com/botframework.com")]
    [InlineData(BotCloud.China, "https://login.partner.microsoftonline.cn/microsoftservices.partner.onmschina.cn")]
    public void A_multi_tenant_bot_asks_its_clouds_bot_framework_tenant_and_takes_no_tenant_tokens(BotCloud cloud, string authority)
    {
        var e = BotCloudEndpoints.For(new BotAuthenticationOptions { AppId = AppId, TenantId = TenantId, Cloud = cloud, AppType = BotAppType.MultiTenant });

        Assert.Equal(authority, e.TokenAuthority);
        Assert.Null(e.EntraMetadataUrl);
        Assert.Empty(e.EntraIssuers);
    }

    [Fact]
    public void An_explicit_setting_replaces_its_own_endpoint_and_nothing_else()
    {
        var e = BotCloudEndpoints.For(new BotAuthenticationOptions
        {
            AppId = AppId, TenantId = TenantId, Cloud = BotCloud.China,
            ChannelMetadataUrl = "https://keys.example/v1/.well-known/openidconfiguration",
            TokenAuthority = "https://login.example/",
            Scope = "https://connector.example/.default",
            EntraIssuers = ["https://issuer.example/{tenant}/"],
        });

        Assert.Equal("https://keys.example/v1/.well-known/openidconfiguration", e.ChannelMetadataUrl);
        Assert.Equal("https://api.botframework.azure.cn", e.ChannelIssuer);
        Assert.Equal($"https://login.example/{TenantId}", e.TokenAuthority);
        Assert.Equal("https://connector.example/.default", e.Scope);
        Assert.Equal([$"https://issuer.example/{TenantId}/"], e.EntraIssuers);
        Assert.Equal($"https://login.partner.microsoftonline.cn/{TenantId}/v2.0/.well-known/openid-configuration", e.EntraMetadataUrl);
        Assert.Equal(["frontend.botapi.msg.infra.teams.microsoftonline.cn"], e.ConnectorHosts);
    }

    [Theory]
    [InlineData("SingleTenant", TenantId)]
    [InlineData("MultiTenant", "microsoftservices.partner.onmschina.cn")]
    public async Task A_china_bot_asks_for_its_token_at_the_china_tenant_path_with_the_china_scope(string appType, string loginTenant)
    {
        await using var issuer = await FakeTokenIssuer.StartAsync();
        await using var h = await ConnectorHarness.StartAsync(new()
        {
            ["Bot:AllowUnauthenticatedLocalMode"] = "false",
            ["Bot:Cloud"] = "China",
            ["Bot:AppType"] = appType,
            ["Bot:AppId"] = AppId,
            ["Bot:TenantId"] = TenantId,
            ["Bot:ClientSecret"] = "s3cret",
            // Only the host of the China login is replaced by the local one: path, tenant and scope are the cloud's.
            ["Bot:TokenAuthority"] = issuer.Authority,
        }, Trust(issuer));

        var result = await h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message("你好"));

        Assert.True(result.IsSuccess);
        var issued = Assert.Single(issuer.Issued);
        Assert.Equal(loginTenant, issued.Tenant);
        Assert.Equal(AppId, issued.Form["client_id"]);
        Assert.Contains("https://api.botframework.azure.cn/.default", issued.Form["scope"].ToString().Split(' '));
        Assert.Equal("https://api.botframework.azure.cn", new JsonWebToken(issued.Token).Audiences.Single());
        Assert.Equal("Bearer " + issued.Token, Assert.Single(h.Connector.Requests).Authorization);
    }

    /// <summary>
    /// A user-assigned managed identity: MSAL asks the machine's identity endpoint (here App Service's, which MSAL
    /// finds through IDENTITY_ENDPOINT/IDENTITY_HEADER) for the China Connector resource, for the identity's client id.
    /// </summary>
    [Fact]
    public async Task A_managed_identity_bot_gets_its_token_from_the_identity_endpoint_for_the_clouds_resource()
    {
        await using var issuer = await FakeTokenIssuer.StartAsync();
        const string identity = "99999999-8888-7777-6666-555555555555";
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", issuer.ManagedIdentityEndpoint);
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", FakeTokenIssuer.ManagedIdentityHeader);
        try
        {
            await using var h = await ConnectorHarness.StartAsync(new()
            {
                ["Bot:AllowUnauthenticatedLocalMode"] = "false",
                ["Bot:Cloud"] = "China",
                ["Bot:AppType"] = "UserAssignedMSI",
                ["Bot:AppId"] = identity,
                ["Bot:TenantId"] = TenantId,
            }, Trust(issuer));

            var result = await h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message("你好"));

            Assert.True(result.IsSuccess, result.Outcome.ToString());
            Assert.Empty(issuer.Issued); // no client-credentials request, no secret anywhere
            var (resource, clientId) = Assert.Single(issuer.ManagedIdentityIssued);
            Assert.Equal("https://api.botframework.azure.cn", resource);
            Assert.Equal(identity, clientId);
            Assert.StartsWith("Bearer ey", Assert.Single(h.Connector.Requests).Authorization);
        }
        finally
        {
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", null);
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", null);
        }
    }

    [Fact]
    public void The_configuration_problems_name_a_missing_identity_and_credential_unless_local_mode()
    {
        var none = BotConfigurationProblems.Of(new BotAuthenticationOptions(), new ConnectorOptions()).ToList();
        Assert.Contains(none, p => p.StartsWith("Bot:AppId is not set", StringComparison.Ordinal));
        Assert.Contains(none, p => p.StartsWith("Bot:TenantId is not set", StringComparison.Ordinal));
        Assert.Contains(none, p => p.StartsWith("The bot has no credential", StringComparison.Ordinal));

        Assert.Empty(BotConfigurationProblems.Of(new BotAuthenticationOptions { AllowUnauthenticatedLocalMode = true }, new ConnectorOptions()));
        Assert.Empty(BotConfigurationProblems.Of(new BotAuthenticationOptions { AppId = AppId, TenantId = TenantId, AppType = BotAppType.UserAssignedMSI }, new ConnectorOptions()));
        var two = BotConfigurationProblems.Of(new BotAuthenticationOptions { AppId = AppId, TenantId = TenantId },
            new ConnectorOptions { ClientSecret = "x", CertificateThumbprint = "AB" }).ToList();
        Assert.Equal("The bot has more than one credential (Bot:ClientSecret, Bot:CertificateThumbprint): keep one.", Assert.Single(two));
    }
}
