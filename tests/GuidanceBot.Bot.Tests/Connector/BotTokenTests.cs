using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GuidanceBot.Bot.Connector;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Testing;
using GuidanceBot.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GuidanceBot.Bot.Tests.Connector;

/// <summary>Client-credentials tokens from MSAL against a local token endpoint over HTTP.</summary>
public class BotTokenTests
{
    private const string AppId = "00000000-0000-0000-0000-00000000000011";
    private const string TenantId = "11111111-2222-3333-4444-555555555555";

    private static Action<IServiceCollection> Trust(FakeTokenIssuer issuer) => services =>
        services.AddHttpClient(ConnectorServiceCollectionExtensions.TokenHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(issuer.CreateTrustingHandler);

    [Fact]
    public async Task The_token_is_sent_as_bearer_reused_and_refreshed_before_it_expires()
    {
        var clock = new TestClock();
        await using var issuer = await FakeTokenIssuer.StartAsync(clock);
        await using var h = await ConnectorHarness.StartAsync(new()
        {
            ["Bot:AllowUnauthenticatedLocalMode"] = "false",
            ["Bot:AppId"] = AppId,
            ["Bot:ClientSecret"] = "s3cret",
            ["Bot:AppType"] = "SingleTenant",
            ["Bot:TenantId"] = TenantId,
            ["Bot:TokenAuthority"] = issuer.Authority,
        }, Trust(issuer), clock);

        await h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message("one"));
        await h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message("two"));

        var first = Assert.Single(issuer.Issued);
        Assert.Equal(TenantId, first.Tenant);
        Assert.Equal(AppId, first.Form["client_id"]);
        Assert.Equal("s3cret", first.Form["client_secret"]);
        Assert.Contains("https://api.botframework.com/.default", first.Form["scope"].ToString());
        Assert.All(h.Connector.Requests, r => Assert.Equal("Bearer " + first.Token, r.Authorization));
        var jwt = new JsonWebToken(first.Token);
        Assert.Equal("https://api.botframework.com", jwt.Audiences.Single());

        // 56 minutes later the 1-hour token is inside the 5-minute margin: a new one is fetched.
        h.Time.Advance(TimeSpan.FromMinutes(50));
        await h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message("three"));
        Assert.Single(issuer.Issued);
        h.Time.Advance(TimeSpan.FromMinutes(6));
        await h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message("four"));

        Assert.Equal(2, issuer.Issued.Count);
        Assert.NotEqual(first.Token, issuer.Issued[1].Token);
        Assert.Equal("Bearer " + issuer.Issued[1].Token, h.Connector.Requests.Single(r => r.Text == "four").Authorization);
    }

    [Fact]
    public async Task An_unreachable_token_endpoint_is_a_failed_result_and_nothing_is_sent()
    {
        var issuer = await FakeTokenIssuer.StartAsync();
        var authority = issuer.Authority;
        await issuer.DisposeAsync();
        await using var h = await ConnectorHarness.StartAsync(new()
        {
            ["Bot:AllowUnauthenticatedLocalMode"] = "false",
            ["Bot:AppId"] = AppId,
            ["Bot:ClientSecret"] = "s3cret",
            ["Bot:TenantId"] = TenantId,
            ["Bot:TokenAuthority"] = authority,
        }, Trust(issuer));

        var result = await h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message("x"));

        Assert.Equal(ConnectorOutcome.Failed, result.Outcome);
        Assert.Empty(h.Connector.Requests);
    }

    [Fact]
    public async Task A_multi_tenant_bot_asks_the_botframework_com_tenant()
    {
        await using var issuer = await FakeTokenIssuer.StartAsync();
        await using var h = await ConnectorHarness.StartAsync(new()
        {
            ["Bot:AllowUnauthenticatedLocalMode"] = "false",
            ["Bot:AppId"] = AppId,
            ["Bot:AppPassword"] = "pw",
            ["Bot:AppType"] = "MultiTenant",
            ["Bot:TokenAuthority"] = issuer.Authority,
        }, Trust(issuer));

        var result = await h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message("x"));

        Assert.True(result.IsSuccess);
        Assert.Equal("botframework.com", Assert.Single(issuer.Issued).Tenant);
        Assert.Equal("pw", issuer.Issued[0].Form["client_secret"]);
    }

    [Fact]
    public async Task A_certificate_signs_the_client_assertion_instead_of_a_secret()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=guidancebot-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var pfx = Path.Combine(Path.GetTempPath(), $"bot-{Guid.NewGuid():N}.pfx");
        await File.WriteAllBytesAsync(pfx, cert.Export(X509ContentType.Pfx, "pfx-pw"));
        try
        {
            await using var issuer = await FakeTokenIssuer.StartAsync();
            await using var h = await ConnectorHarness.StartAsync(new()
            {
                ["Bot:AllowUnauthenticatedLocalMode"] = "false",
                ["Bot:AppId"] = AppId,
                ["Bot:CertificatePath"] = pfx,
                ["Bot:CertificatePassword"] = "pfx-pw",
                ["Bot:AppType"] = "SingleTenant",
                ["Bot:TenantId"] = TenantId,
                ["Bot:TokenAuthority"] = issuer.Authority,
            }, Trust(issuer));

            var result = await h.Client.SendToConversationAsync(h.Connector.ServiceUrl, "a:conv-1", ConnectorHarness.Message("x"));

            Assert.True(result.IsSuccess);
            var form = Assert.Single(issuer.Issued).Form;
            Assert.False(form.ContainsKey("client_secret"));
            Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"]);
            var validation = await new JsonWebTokenHandler().ValidateTokenAsync(form["client_assertion"].ToString(), new TokenValidationParameters
            {
                IssuerSigningKey = new X509SecurityKey(X509CertificateLoader.LoadCertificate(cert.Export(X509ContentType.Cert))),
                ValidIssuer = AppId,
                ValidateAudience = false,
            });
            Assert.True(validation.IsValid, validation.Exception?.Message);
        }
        finally
        {
            File.Delete(pfx);
        }
    }
}
