using System.Net;
using GuidanceBot.Data.People;
using GuidanceBot.Testing.Fakes;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Jobs;

/// <summary>
/// The tab in a browser outside Teams: Entra ID's sign-in (the operators' OpenID Connect scheme, the whole code flow
/// against the local issuer), then the tab's session for the person it matched — a liaison kept to their unit.
/// Beside <see cref="OperatorAccessTests"/>, whose host and issuer it uses.
/// </summary>
public partial class OperatorAccessTests
{
    [Fact]
    public async Task The_tab_signs_a_registered_liaison_in_with_Entra_and_keeps_them_to_their_unit()
    {
        await using var issuer = await FakeTokenIssuer.StartAsync();
        await using var host = Host.Start("Production", SignIn(issuer), issuer);
        const string oid = "aaaaaaaa-0000-0000-0000-000000000011";
        await host.WithDbAsync(async db =>
        {
            var wuyang = await db.Units.FirstAsync(u => u.Code == "wuyang");
            db.People.Add(new Person { Name = "舞阳联络员", Role = PersonRole.CountyLiaison, UnitId = wuyang.Id, TenantId = Tenant, AadObjectId = oid });
            await db.SaveChangesAsync();
        });
        issuer.SignInAs = new(oid, "舞阳联络员");
        using var browser = host.Browser();

        var challenge = await GetAsync(browser, "/tab/signin/entra?returnUrl=%2Ftab%2Funits%2Fwuyang%3Fyear%3D2022");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.StartsWith(issuer.Authority, challenge.Headers.Location!.ToString());
        using var atIssuer = new HttpClient(issuer.CreateTrustingHandler());
        var form = FormPost().Match(await (await atIssuer.GetAsync(challenge.Headers.Location)).Content.ReadAsStringAsync());
        Assert.True(form.Success);
        var fields = Hidden().Matches(form.Groups[2].Value).Select(m => new KeyValuePair<string, string>(
            WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)));
        var back = await browser.PostAsync(WebUtility.HtmlDecode(form.Groups[1].Value), new FormUrlEncodedContent(fields));
        var done = await GetAsync(browser, back.Headers.Location!.OriginalString);
        Assert.Equal("/tab/units/wuyang?year=2022", done.Headers.Location!.OriginalString);

        var unit = await GetAsync(browser, done.Headers.Location.OriginalString);
        Assert.Equal(HttpStatusCode.OK, unit.StatusCode);
        Assert.Contains("舞阳联络员", await unit.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(browser, "/tab/units/linying?year=2022")).StatusCode);
    }

    [Fact]
    public async Task The_tab_refuses_an_Entra_sign_in_that_matches_no_registered_person_and_no_role()
    {
        await using var issuer = await FakeTokenIssuer.StartAsync();
        await using var host = Host.Start("Production", SignIn(issuer), issuer);
        issuer.SignInAs = new("aaaaaaaa-0000-0000-0000-000000000099", "某人");
        using var browser = host.Browser();

        var challenge = await GetAsync(browser, "/tab/signin/entra?returnUrl=%2Ftab");
        using var atIssuer = new HttpClient(issuer.CreateTrustingHandler());
        var form = FormPost().Match(await (await atIssuer.GetAsync(challenge.Headers.Location)).Content.ReadAsStringAsync());
        var fields = Hidden().Matches(form.Groups[2].Value).Select(m => new KeyValuePair<string, string>(
            WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)));
        var back = await browser.PostAsync(WebUtility.HtmlDecode(form.Groups[1].Value), new FormUrlEncodedContent(fields));
        var done = await GetAsync(browser, back.Headers.Location!.OriginalString);

        Assert.Equal("/tab/forbidden", done.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await GetAsync(browser, "/tab")).StatusCode);
    }
}
