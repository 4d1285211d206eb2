using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GuidanceBot.Data.Common;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Resources;
using GuidanceBot.Data.Tests.Infrastructure;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Workflows;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GuidanceBot.Data.Tests.Workflows;

/// <summary>Invites as both doors take them: who may invite whom, and what redeeming binds and links.</summary>
public class InviteWorkflowTests : IAsyncLifetime
{
    private const string Tenant = "00000000-0000-0000-0000-0000000000001";
    private TestDatabase tdb = null!;
    private Actor admin = null!;
    private Actor staff = null!;

    public async Task InitializeAsync()
    {
        tdb = await TestDatabase.CreateAsync();
        admin = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityAdmin, "管理员"));
        staff = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityStaff, "王科长"));
    }

    public async Task DisposeAsync() => await tdb.DisposeAsync();

    private async Task<T> Run<T>(Func<InviteWorkflow, Task<T>> step)
    {
        await using var db = tdb.NewContext();
        return await step(new InviteWorkflow(db, tdb.Clock));
    }

    private async Task<WorkflowResult> Create(string unit, PersonRole? role, string? name = "新同事", int? days = null, Actor? who = null) =>
        await Run(async w => await w.CreateAsync(new InviteRequest((await tdb.UnitAsync(unit)).Id, role, name, days), who ?? admin));

    private static TeamsIdentity Teams(string aad, string user = "29:user") => new(Tenant, aad, "msteams", user, "Teams 名字");

    [Fact]
    public async Task City_staff_invite_county_people_only_and_units_and_roles_must_match()
    {
        Assert.Equal(WorkflowStatus.Forbidden, (await Create("luohe", PersonRole.CityStaff, who: staff)).Status);
        Assert.Equal(WorkflowStatus.Forbidden, (await Create("luohe", PersonRole.CountyLiaison, who: staff)).Status);
        Assert.Equal("auth.invite_county_only", (await Create("wuyang", PersonRole.CityAdmin, who: staff)).Error!.Code);
        var liaison = Actor.From(await tdb.PersonAsync("wuyang", PersonRole.CountyLiaison, "联络员"));
        Assert.Equal("auth.city_only", (await Create("wuyang", PersonRole.CountyLiaison, who: liaison)).Error!.Code);

        var mismatch = await Create("wuyang", PersonRole.CityStaff);
        Assert.Equal(("invite.role_unit", "role"), (mismatch.Errors.Single().Code, mismatch.Errors.Single().Field));

        var bad = await Create("wuyang", PersonRole.CountyLiaison, name: new string('名', InviteLimits.NameMax + 1), days: InviteLimits.MaxValidDays + 1);
        Assert.Equal(["inviteeName", "validDays"], bad.Errors.Select(e => e.Field));
        Assert.Equal(["invite.name_required"], (await Create("wuyang", PersonRole.CountyLiaison, name: "  ")).Errors.Select(e => e.Code));
        Assert.Equal(0, await tdb.WithContextAsync(db => db.InviteCodes.CountAsync()));

        var ok = await Create("wuyang", PersonRole.CountyResponsible, who: staff);
        Assert.True(ok.Succeeded);
        var invite = await tdb.WithContextAsync(db => db.InviteCodes.SingleAsync(i => i.Id == ok.Id));
        Assert.Equal(tdb.Clock.GetUtcNow().UtcDateTime.AddDays(InviteLimits.DefaultValidDays), invite.ExpiresUtc);
        Assert.Equal(InviteCodes.Hash(ok.Detail), invite.CodeHash);
        var audit = await tdb.WithContextAsync(db => db.AuditLog.SingleAsync(a => a.Action == "invite.create"));
        Assert.Equal((staff.PersonId, invite.Id.ToString(CultureInfo.InvariantCulture)), (audit.ActorPersonId, audit.EntityId));
        Assert.DoesNotContain(InviteCodes.Normalize(ok.Detail)!, audit.Details);
    }

    [Fact]
    public async Task Redeeming_links_the_conversations_already_seen_with_the_identity()
    {
        const string Aad = "aad-newcomer";
        var created = await Create("wuyang", PersonRole.CountyLiaison, "王新");
        await tdb.WithContextAsync(async db =>
        {
            ConversationReference Row(string conversation, string type, string? aad, string user, string? tenant = Tenant) => new()
            {
                ChannelId = "msteams", ServiceUrl = "https://smba.trafficmanager.net/cn/", ConversationId = conversation, ConversationType = type,
                TenantId = tenant, UserId = user, AadObjectId = aad, FirstSeenUtc = tdb.Clock.GetUtcNow().UtcDateTime, LastSeenUtc = tdb.Clock.GetUtcNow().UtcDateTime,
            };
            db.ConversationReferences.AddRange(
                Row("a:installed", "personal", Aad, "29:newcomer"),          // saved when the app was installed
                Row("19:group@thread.v2", "groupChat", Aad, "29:newcomer"),  // a group chat they added the bot to
                Row("a:older", "personal", null, "29:newcomer"),             // an activity that carried no AAD id
                Row("a:someone-else", "personal", "aad-other", "29:other"),
                Row("a:other-tenant", "personal", Aad, "29:newcomer", "another-tenant"));
            return await db.SaveChangesAsync();
        });

        var outcome = await Run(w => w.RedeemAsync(created.Detail, Teams(Aad, "29:newcomer"), DomainText.Chinese));

        Assert.True(outcome.Succeeded);
        var person = await tdb.WithContextAsync(db => db.People.Include(p => p.Unit).SingleAsync(p => p.Id == outcome.Id));
        Assert.Equal(("王新", PersonRole.CountyLiaison, "wuyang"), (person.Name, person.Role, person.Unit!.Code));
        var linked = await tdb.WithContextAsync(db => db.ConversationReferences.Where(r => r.PersonId == person.Id).Select(r => r.ConversationId).OrderBy(c => c).ToListAsync());
        Assert.Equal(["19:group@thread.v2", "a:installed", "a:older"], linked);
        var audit = await tdb.WithContextAsync(db => db.AuditLog.SingleAsync(a => a.Action == "invite.redeem"));
        Assert.Equal(person.Id, audit.ActorPersonId);
    }

    [Fact]
    public async Task Wrong_codes_lock_the_sender_out_and_the_refusals_are_in_the_callers_language()
    {
        var created = await Create("wuyang", PersonRole.CountyLiaison);
        for (var i = 0; i < 4; i++)
        {
            var wrong = await Run(w => w.RedeemAsync("AAAAA-AAAA" + (char)('B' + i), Teams("aad-guess"), DomainText.English));
            Assert.Equal("This invite code is not valid. Check it and try again.", wrong.Message(DomainText.English));
        }
        var fifth = await Run(w => w.RedeemAsync("not a code", Teams("aad-guess"), DomainText.Chinese));
        Assert.Equal(["invite.code_unknown", "invite.locked"], fifth.Errors.Select(e => e.Code));
        Assert.Equal("邀请码不正确，请核对后重新输入。 输入错误次数过多，请于 2022-03-01 09:15 后再试。", fifth.Message(DomainText.Chinese));

        var locked = await Run(w => w.RedeemAsync(created.Detail, Teams("aad-guess"), DomainText.Chinese));
        Assert.Equal(["invite.locked"], locked.Errors.Select(e => e.Code));
        Assert.True((await Run(w => w.RedeemAsync(created.Detail, Teams("aad-other"), DomainText.Chinese))).Succeeded);
        Assert.Equal(["invite.code_used"], (await Run(w => w.RedeemAsync(created.Detail, Teams("aad-third"), DomainText.Chinese))).Errors.Select(e => e.Code));
    }

    [Fact]
    public async Task After_the_upgrade_a_code_the_api_stored_redeems_and_people_registered_before_are_linked_to_their_conversations()
    {
        // A database as the last release left it: the API stored SHA-256 of the 10-character code in upper-case
        // hex, and someone who registered and typed nothing more has an installation reference without a person.
        var folder = Path.Combine(Path.GetTempPath(), "guidancebot-data-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "old.db"), Pooling = false }.ToString();
        GuidanceDbContext Context() => new(new DbContextOptionsBuilder<GuidanceDbContext>().UseSqlite(connection)
            .AddInterceptors(new VersioningInterceptor(tdb.Clock)).Options);
        try
        {
            const string OldCode = "M7Q3WX9KPT";
            await using (var db = Context())
            {
                await db.GetService<IMigrator>().MigrateAsync("20261127034633_InitialModel");
                var unit = new OrgUnit { Code = "wuyang", Name = "舞阳县应急管理局", ShortName = "舞", Level = UnitLevel.County };
                db.Units.Add(unit);
                await db.SaveChangesAsync();
                db.InviteCodes.Add(new InviteCode
                {
                    CodeHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(OldCode))), UnitId = unit.Id, Role = PersonRole.CountyLiaison,
                    InviteeName = "老邀请", ExpiresUtc = tdb.Clock.GetUtcNow().UtcDateTime.AddDays(10), CreatedUtc = tdb.Clock.GetUtcNow().UtcDateTime,
                });
                db.People.Add(new Person { Name = "早登记", Role = PersonRole.CountyLiaison, UnitId = unit.Id, TenantId = Tenant, AadObjectId = "aad-early" });
                await db.SaveChangesAsync();
                // The references in the columns that release had (today's model has more: written through it, they would fail).
                var seen = tdb.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
                foreach (var (conversation, tenant) in new[] { ("a:early", Tenant), ("a:early-elsewhere", "another-tenant") })
                {
                    await db.Database.ExecuteSqlAsync($"""
                        INSERT INTO ConversationReferences (ChannelId, ServiceUrl, ConversationId, ConversationType, TenantId, UserId, AadObjectId, IsActive, FirstSeenUtc, LastSeenUtc)
                        VALUES ('msteams', 'https://smba.trafficmanager.net/cn/', {conversation}, 'personal', {tenant}, '29:early', 'aad-early', 1, {seen}, {seen})
                        """);
                }
            }

            await using (var db = Context())
            {
                await db.Database.MigrateAsync();
            }

            await using (var db = Context())
            {
                var outcome = await new InviteWorkflow(db, tdb.Clock).RedeemAsync("m7q3w-x9kpt", Teams("aad-old"), DomainText.Chinese);
                Assert.True(outcome.Succeeded, outcome.Message(DomainText.Chinese));
                Assert.Equal("老邀请", (await db.People.SingleAsync(p => p.Id == outcome.Id)).Name);
                var early = await db.People.SingleAsync(p => p.AadObjectId == "aad-early");
                Assert.Equal(["a:early"], await db.ConversationReferences.Where(r => r.PersonId == early.Id).Select(r => r.ConversationId).ToListAsync());
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
