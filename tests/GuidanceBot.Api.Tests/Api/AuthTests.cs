using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Api;

public class AuthTests : IClassFixture<ApiTestFactory>
{
    private readonly ApiTestFactory factory;

    public AuthTests(ApiTestFactory factory) => this.factory = factory;

    [Fact]
    public async Task Without_a_token_the_API_answers_401_with_a_Chinese_problem()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/units");
        var problem = await HttpAssert.Problem(response, HttpStatusCode.Unauthorized);
        Assert.Equal("未登录或令牌无效", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.Token("CityAdmin", signingKey: RandomNumberGenerator.GetBytes(32)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/units")).StatusCode);
    }

    [Fact]
    public async Task A_token_without_an_API_role_is_forbidden()
    {
        var client = factory.Client("Guest");
        await HttpAssert.Problem(await client.GetAsync("/api/v1/units"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task City_staff_see_every_unit_and_a_liaison_only_their_own()
    {
        var all = await HttpAssert.Json(await factory.CityStaff().GetAsync("/api/v1/units"), HttpStatusCode.OK);
        Assert.Equal(7, all.GetArrayLength());

        var own = await HttpAssert.Json(await factory.Liaison("wuyang").GetAsync("/api/v1/units"), HttpStatusCode.OK);
        Assert.Equal("wuyang", Assert.Single(own.EnumerateArray()).GetProperty("code").GetString());
        await HttpAssert.Problem(await factory.Liaison("wuyang").GetAsync("/api/v1/units/linying"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task English_titles_when_the_caller_asks_for_en_US()
    {
        var response = await factory.Liaison("wuyang", "en-US").GetAsync("/api/v1/units/linying");
        var problem = await HttpAssert.Problem(response, HttpStatusCode.NotFound);
        Assert.Equal("Not found", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Only_a_city_admin_creates_invite_codes_and_only_the_hash_is_stored()
    {
        var request = new { unitCode = "wuyang", role = "CountyLiaison", inviteeName = "王五" };
        await HttpAssert.Problem(await factory.CityStaff().PostJson("/api/v1/invite-codes", request), HttpStatusCode.Forbidden);
        await HttpAssert.Problem(await factory.Liaison("wuyang").PostJson("/api/v1/invite-codes", request), HttpStatusCode.Forbidden);

        var created = await HttpAssert.Json(await factory.CityAdmin().PostJson("/api/v1/invite-codes", request), HttpStatusCode.Created);
        var code = created.GetProperty("code").GetString()!;
        Assert.Matches("^" + InviteCodes.Pattern + "$", code); // the one format, as the chat gives it
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime.AddDays(14), created.GetProperty("expiresUtc").GetDateTime());

        await factory.WithDbAsync(async db =>
        {
            var stored = await db.InviteCodes.SingleAsync(i => i.Id == created.GetProperty("id").GetInt32());
            Assert.Equal(InviteCodes.Hash(code), stored.CodeHash);
            Assert.DoesNotContain(InviteCodes.Normalize(code)!, stored.CodeHash, StringComparison.OrdinalIgnoreCase);
            Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "invite.create" && a.EntityId == stored.Id.ToString()));
        });

        // The list never shows the code again.
        var list = await factory.CityAdmin().GetStringAsync("/api/v1/invite-codes");
        Assert.DoesNotContain(code, list);
        Assert.DoesNotContain(InviteCodes.Normalize(code)!, list);
    }

    [Fact]
    public async Task The_audit_log_is_for_city_roles()
    {
        await HttpAssert.Problem(await factory.Liaison("wuyang").GetAsync("/api/v1/audit"), HttpStatusCode.Forbidden);
        var page = await HttpAssert.Json(await factory.CityStaff().GetAsync("/api/v1/audit?pageSize=5"), HttpStatusCode.OK);
        Assert.Equal(5, page.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task Page_size_above_100_is_a_400_naming_the_field()
    {
        await HttpAssert.Problem(await factory.CityStaff().GetAsync("/api/v1/enterprises?pageSize=500"), HttpStatusCode.BadRequest, "pageSize");
        await HttpAssert.Problem(await factory.CityStaff().GetAsync("/api/v1/enterprises?sort=password"), HttpStatusCode.BadRequest, "sort");
        await HttpAssert.Problem(await factory.CityStaff().GetAsync("/api/v1/enterprises?page=abc"), HttpStatusCode.BadRequest, "page");
    }

    [Fact]
    public async Task An_Entra_style_roles_claim_is_honoured_and_a_matching_person_is_named_in_the_audit()
    {
        const string oid = "7a1f3c2e-0000-4000-8000-000000000001", tid = "d1e2f3a4-0000-4000-8000-000000000002";
        var personId = 0;
        await factory.WithDbAsync(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Code == "luohe");
            var person = new GuidanceBot.Data.People.Person { Name = "市局钱七", Role = GuidanceBot.Data.People.PersonRole.CityAdmin, UnitId = unit.Id, AadObjectId = oid, TenantId = tid };
            db.People.Add(person);
            await db.SaveChangesAsync();
            personId = person.Id;
        });

        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.Token("CityAdmin", name: "token name", oid: oid, tid: tid, rolesClaim: true));
        var created = await HttpAssert.Json(await client.PostJson("/api/v1/invite-codes", new { unitCode = "yancheng", role = "CountyLiaison", inviteeName = "孙八" }), HttpStatusCode.Created);

        await factory.WithDbAsync(async db =>
        {
            var entry = await db.AuditLog.SingleAsync(a => a.Action == "invite.create" && a.EntityId == created.GetProperty("id").GetInt32().ToString());
            Assert.Equal(personId, entry.ActorPersonId);
            Assert.Equal("市局钱七", entry.ActorName);
        });
    }
}
