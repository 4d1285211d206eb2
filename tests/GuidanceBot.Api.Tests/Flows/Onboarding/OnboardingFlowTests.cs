using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Onboarding;

/// <summary>Invite codes end to end: created by the city, shown once, redeemed by an unknown Teams user, throttled.</summary>
public partial class OnboardingFlowTests : IAsyncLifetime
{
    private const string Admin = "00000000-0000-0000-0000-0000000000aa1";
    private const string Newcomer = "00000000-0000-0000-0000-0000000000bb2";
    private const string Another = "00000000-0000-0000-0000-0000000000cc3";
    private readonly ApiTokens _tokens = new();
    private BotHostFactory _host = null!;
    private TeamsDriver _bot = null!;

    public async Task InitializeAsync()
    {
        // Both doors on one host: /api/messages with channel tokens, /api/v1 with the local API issuer's.
        _host = await BotHostFactory.StartAsync(settings: _tokens.Settings.ToDictionary());
        _bot = new TeamsDriver(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [GeneratedRegex(@"[A-Z2-9]{5}-[A-Z2-9]{5}")]
    private static partial Regex CodePattern();

    private async Task<int> UnitId(string code)
    {
        var id = 0;
        await _host.WithDbAsync(async db => id = await db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync());
        return id;
    }

    /// <summary>The city admin fills in the invite card; returns the code from the chat message.</summary>
    private async Task<string> CreateInviteAsync(string unitCode = "wuyang", string name = "王新", string days = "7")
    {
        var form = Card(await _bot.InvokeAsync(Admin, "invite.create"));
        var sentBefore = _host.Connector.Requests.Count;
        var receipt = Card(await _bot.PressAsync(Admin, form, "invite.create", new()
        {
            ["inviteUnitId"] = (await UnitId(unitCode)).ToString(), ["inviteRole"] = "CountyLiaison", ["inviteeName"] = name, ["days"] = days,
        }));
        Assert.Contains("邀请码已生成", AllText(receipt));
        Assert.DoesNotMatch(CodePattern(), receipt.ToJsonString()); // the stored invoke answer holds no code
        await _host.Connector.WaitUntilAsync(r => r.Count == sentBefore + 1);
        var message = _host.Connector.Requests[sentBefore].Body!["text"]!.GetValue<string>();
        return CodePattern().Match(message).Value;
    }

    private Task<JsonObject> RedeemAsync(string code, string aad = Newcomer) =>
        _bot.InvokeAsync(aad, "invite.redeem", new JsonObject { ["inviteCode"] = code });

    [Fact]
    public async Task The_welcome_cards_example_code_has_the_shape_of_the_codes_given()
    {
        await _host.AddPersonAsync("市局管理员", PersonRole.CityAdmin, "luohe", Admin);
        var code = await CreateInviteAsync();

        var welcome = Card(await _bot.InvokeAsync(Newcomer, "menu.show"));
        var placeholder = Input(welcome, "inviteCode")["placeholder"]!.GetValue<string>();

        var example = placeholder.Split(' ')[^1];
        static string Shape(string s) => Regex.Replace(s, "[A-Z2-9]", "X");
        Assert.Equal(Shape(code), Shape(example)); // XXXXX-XXXXX, as the codes given
        Assert.Matches(CodePattern(), example);
    }

    [Fact]
    public async Task An_invite_from_the_city_admin_binds_the_teams_identity_and_works_only_once()
    {
        await _host.AddPersonAsync("管理员", PersonRole.CityAdmin, "luohe", aadObjectId: Admin);
        var code = await CreateInviteAsync();
        Assert.Matches(CodePattern(), code);

        await _host.WithDbAsync(async db =>
        {
            var invite = await db.InviteCodes.SingleAsync();
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code.Replace("-", "")))), invite.CodeHash);
            Assert.Equal(_host.Clock.GetUtcNow().UtcDateTime.AddDays(7), invite.ExpiresUtc);
            Assert.Equal("王新", invite.InviteeName);
            Assert.DoesNotContain(code.Replace("-", ""), string.Join("|", await db.ProcessedActivities.Select(p => p.Response ?? "").ToListAsync()));
        });

        // Typed in lower case with a space instead of the dash: still the code.
        var menu = Card(await RedeemAsync(code.ToLowerInvariant().Replace("-", " ")));
        Assert.Contains("登记成功，欢迎 王新", AllText(menu));
        Assert.Contains("plan.file", Verbs(menu));

        await _host.WithDbAsync(async db =>
        {
            var person = await db.People.Include(p => p.Unit).SingleAsync(p => p.AadObjectId == Newcomer);
            Assert.Equal(("王新", PersonRole.CountyLiaison, "wuyang", BotHostFactory.Tenant), (person.Name, person.Role, person.Unit!.Code, person.TenantId));
            var invite = await db.InviteCodes.SingleAsync();
            Assert.Equal(person.Id, invite.RedeemedByPersonId);
            Assert.NotNull(invite.RedeemedUtc);
        });

        // The new person is known from now on: the menu command answers with their actions.
        var plan = await _bot.InvokeAsync(Newcomer, "plan.file");
        Assert.Contains("年度监督检查计划", AllText(Card(plan)));

        var reused = Card(await RedeemAsync(code, Another));
        Assert.Contains("已被使用", AllText(reused));
        await _host.WithDbAsync(async db => Assert.Equal(0, await db.People.CountAsync(p => p.AadObjectId == Another)));
    }

    /// <summary>Full-width forms of ASCII, as a Chinese IME in full-width mode types them (－ for the hyphen).</summary>
    private static string FullWidth(string text) => new([.. text.Select(ch => ch is > ' ' and <= '~' ? (char)(ch + 0xFEE0) : ch)]);

    [Fact]
    public async Task The_first_city_admin_is_onboarded_with_a_code_made_through_the_api_and_typed_as_an_ime_gives_it()
    {
        // Nobody is registered yet: only the deployment's admin token (app role CityAdmin) exists.
        using var api = _tokens.Client(_host.Http, "CityAdmin", name: "部署管理员");
        var response = await api.PostAsJsonAsync("/api/v1/invite-codes", new { unitCode = "luohe", role = "CityAdmin", inviteeName = "首任管理员" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var code = (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>();
        Assert.Matches("^" + InviteCodes.Pattern + "$", code); // the format the chat gives and the placeholder shows

        // On the welcome card, full width and lower case, an ideographic space where the hyphen was.
        var typed = FullWidth(code.ToLowerInvariant()).Replace('－', '\u3000');
        var menu = Card(await RedeemAsync(typed, Admin));
        Assert.Contains("登记成功，欢迎 首任管理员", AllText(menu));
        Assert.Contains("invite.create", Verbs(menu));

        await _host.WithDbAsync(async db =>
        {
            var admin = await db.People.Include(p => p.Unit).SingleAsync(p => p.AadObjectId == Admin);
            Assert.Equal((PersonRole.CityAdmin, "luohe"), (admin.Role, admin.Unit!.Code));
            Assert.Equal(0, await db.AuditLog.CountAsync(a => a.Action == "invite.redeem_failed"));
            Assert.Equal(["invite.create", "invite.redeem"], await db.AuditLog.Where(a => a.EntityType == "InviteCode").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        });

        // The first admin onboards the next person in chat, and that code works the same way.
        var next = await CreateInviteAsync();
        Assert.Contains("登记成功，欢迎 王新", AllText(Card(await RedeemAsync(next))));
    }

    [Fact]
    public async Task An_expired_code_is_refused_with_its_own_answer()
    {
        await _host.AddPersonAsync("管理员", PersonRole.CityAdmin, "luohe", aadObjectId: Admin);
        var code = await CreateInviteAsync(days: "2");
        _host.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));

        var card = Card(await RedeemAsync(code));

        Assert.Equal("该邀请码已过期，请向市局索取新的邀请码。", ErrorUnder(card, "inviteCode"));
        await _host.WithDbAsync(async db => Assert.Equal(0, await db.People.CountAsync(p => p.AadObjectId == Newcomer)));
    }

    [Fact]
    public async Task Five_wrong_codes_in_fifteen_minutes_lock_the_sender_out_for_fifteen_minutes()
    {
        await _host.AddPersonAsync("管理员", PersonRole.CityAdmin, "luohe", aadObjectId: Admin);
        var code = await CreateInviteAsync();

        for (var i = 0; i < 4; i++)
        {
            var wrong = Card(await RedeemAsync("ABCDE-FGHJ" + i));
            Assert.Equal("邀请码不正确，请核对后重新输入。", ErrorUnder(wrong, "inviteCode"));
            _host.Clock.Advance(TimeSpan.FromMinutes(3));
        }
        var fifth = Card(await RedeemAsync("ABCDE-FGHJK"));
        Assert.Contains("输入错误次数过多", ErrorUnder(fifth, "inviteCode"));

        // Even the right code is refused while locked, and not counted; another sender is not affected.
        _host.Clock.Advance(TimeSpan.FromMinutes(14));
        var locked = Card(await RedeemAsync(code));
        Assert.StartsWith("输入错误次数过多", ErrorUnder(locked, "inviteCode"));
        Assert.Contains("2022-03-01 09:27", ErrorUnder(locked, "inviteCode")); // 09:12 + 15 minutes, China time
        var other = Card(await RedeemAsync("ZZZZZ-ZZZZZ", Another));
        Assert.Equal("邀请码不正确，请核对后重新输入。", ErrorUnder(other, "inviteCode"));

        _host.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var welcome = Card(await RedeemAsync(code));
        Assert.Contains("登记成功", AllText(welcome));
    }

    [Fact]
    public async Task City_staff_invite_county_users_only_and_a_county_liaison_cannot_invite()
    {
        const string Staff = "00000000-0000-0000-0000-0000000000dd4";
        await _host.AddPersonAsync("李市局", PersonRole.CityStaff, "luohe", aadObjectId: Staff);
        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");

        var form = Card(await _bot.InvokeAsync(Staff, "invite.create"));
        var roles = Input(form, "inviteRole")["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()).ToList();
        Assert.Equal(["CountyLiaison", "CountyResponsible"], roles);
        Assert.DoesNotContain(Input(form, "inviteUnitId")["choices"]!.AsArray(), c => c!["title"]!.GetValue<string>().Contains("漯河市"));

        // The card edited to ask for a city admin code.
        var edited = await _bot.PressAsync(Staff, form, "invite.create", new()
        {
            ["inviteUnitId"] = (await UnitId("luohe")).ToString(), ["inviteRole"] = "CityAdmin", ["inviteeName"] = "冒充", ["days"] = "7",
        });
        Assert.Equal(403, edited["statusCode"]!.GetValue<int>());

        var liaison = await _bot.InvokeAsync(DefaultUser, "invite.create");
        Assert.Equal(403, liaison["statusCode"]!.GetValue<int>());

        await _host.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.InviteCodes.CountAsync());
            Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == "bot.refused"));
        });
    }

    [Fact]
    public async Task The_help_command_lists_the_commands_and_what_each_does()
    {
        await _host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");

        await _host.PostAsync(_host.Sample("message-personal.json", "帮助"), _host.ValidToken());

        await _host.Connector.WaitUntilAsync(r => r.Count == 1);
        var card = _host.Connector.Requests[0].Body!["attachments"]![0]!["content"]!.AsObject();
        var text = AllText(card);
        foreach (var command in new[] { "菜单", "帮助", "进度", "逾期", "本周交办", "本月讲评" })
        {
            Assert.Contains(command, text);
        }
        Assert.Contains("本月讲评清单", text);
    }
}
