using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Operations;

/// <summary>
/// Issue 16, point 7: how the first city admin gets in. The operator runs the command from the deployment guide on
/// the server; the code it prints is redeemed in Teams (through /api/messages) like any invite.
/// </summary>
public sealed partial class BootstrapAdminTests : IDisposable
{
    private const string Command = "dotnet GuidanceBot.Api.dll bootstrap-admin";
    private const string Admin = "00000000-0000-0000-0000-0000000000ad1";

    private readonly string _folder = Directory.CreateTempSubdirectory("guidancebot-bootstrap-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [GeneratedRegex(@"[A-Z2-9]{5}-[A-Z2-9]{5}")]
    private static partial Regex CodePattern();

    private Task<(int ExitCode, string Output)> RunAsync(params string[] args) =>
        HostCommand.RunAsync(["bootstrap-admin", .. args, $"--Storage:DataFolder={_folder}"]);

    [Fact]
    public async Task The_printed_code_redeems_in_Teams_and_makes_the_first_city_admin_once()
    {
        var (exit, output) = await RunAsync("--name", "刘洋");
        Assert.True(exit == 0, output);
        var code = CodePattern().Match(output).Value;
        Assert.NotEmpty(code);

        await using (var host = await BotHostFactory.StartAsync(settings: new() { ["Storage:DataFolder"] = _folder }))
        {
            var bot = new TeamsDriver(host);
            var menu = Card(await bot.InvokeAsync(Admin, "invite.redeem", new JsonObject { ["inviteCode"] = code }));
            Assert.Contains("登记成功，欢迎 刘洋", AllText(menu));
            Assert.Contains("invite.create", Verbs(menu)); // the admin invites everyone else from here

            var again = Card(await bot.InvokeAsync("00000000-0000-0000-0000-0000000000ad2", "invite.redeem", new JsonObject { ["inviteCode"] = code }));
            Assert.Contains("已被使用", AllText(again));

            await host.WithDbAsync(async db =>
            {
                var admin = await db.People.Include(p => p.Unit).SingleAsync(p => p.AadObjectId == Admin);
                Assert.Equal((PersonRole.CityAdmin, "luohe", BotHostFactory.Tenant), (admin.Role, admin.Unit!.Code, admin.TenantId));
                Assert.Equal("bootstrap-admin", (await db.AuditLog.SingleAsync(a => a.Action == "invite.create")).ActorName);
            });
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        // With a city admin in place the command refuses, unless told to go on (the only admin left).
        (exit, output) = await RunAsync("--name", "赵敏");
        Assert.Equal(1, exit);
        Assert.Contains("刘洋", output);
        (exit, output) = await RunAsync("--name", "赵敏", "--force");
        Assert.True(exit == 0, output);
        Assert.Matches(CodePattern(), output);
    }

    [Fact]
    public async Task A_county_unit_or_a_missing_name_is_refused_without_a_code()
    {
        var (exit, output) = await RunAsync("--name", "王芳", "--unit", "wuyang");
        Assert.Equal(1, exit);
        Assert.Contains("luohe", output);
        Assert.DoesNotMatch(CodePattern(), output);

        (exit, output) = await RunAsync("--unit", "luohe");
        Assert.Equal(2, exit);
        Assert.Contains("--name", output);
    }

    [Fact]
    public async Task The_deployment_guide_gives_the_command_the_test_runs()
    {
        Assert.Contains(Command, await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "deploy.md")));
    }
}
