using System.Net;
using System.Text.RegularExpressions;
using GuidanceBot.Api.Tests.Playground;
using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Home;

/// <summary>
/// Issue 16, point 8: what a newcomer meets. <c>/</c> is a page that says what runs and where to go next; in
/// Development the demo seed registers the Agents Playground's personas so "菜单" answers with the menu at once.
/// </summary>
public sealed partial class FirstMinutesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("guidancebot-home-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private static readonly (string Key, string? Value) Development = ("environment", "Development");
    private static readonly (string Key, string? Value) SeedPersonas = ("Demo:SeedPersonas", "true");

    [GeneratedRegex("href=\"(?<href>/[^\"]*)\"")]
    private static partial Regex Link();

    [Fact]
    public async Task The_home_page_says_what_runs_in_Chinese_or_in_English_and_links_the_health_check()
    {
        using var host = LoopbackApiFactory.Start(_folder);
        var http = host.Http();

        var zh = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, zh.StatusCode);
        Assert.Equal("text/html", zh.Content.Headers.ContentType?.MediaType);
        var page = await zh.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", page);
        Assert.Contains("安全生产执法指导助手", page);
        Assert.Contains("/api/messages", page);
        Assert.Equal(["/health"], Link().Matches(page).Select(m => m.Groups["href"].Value));
        // Outside Development: no API reference, no playground (local mode is for a developer's machine).
        Assert.DoesNotContain("m365agentsplayground", page);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptLanguage.ParseAdd("en-US,en;q=0.9");
        var en = await (await http.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en-US\">", en);
        Assert.Contains("Safety-production enforcement guidance assistant", en);
        Assert.DoesNotContain("安全生产执法指导助手", en);
    }

    [Fact]
    public async Task In_Development_every_link_on_the_page_opens_and_the_playground_steps_are_the_READMEs()
    {
        using var host = LoopbackApiFactory.Start(_folder, Development, ("Bot:AllowUnauthenticatedLocalMode", "true"));
        var http = host.Http();
        var page = await http.GetStringAsync("/");

        var links = Link().Matches(page).Select(m => m.Groups["href"].Value).ToList();
        Assert.Equal(["/health", "/scalar", "/openapi/v1.json", "/hangfire"], links);
        foreach (var link in links)
        {
            var response = await http.GetAsync(link);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{link}: {(int)response.StatusCode}");
        }

        Assert.Contains("本地模式已开启", page);
        Assert.Contains("演示人员未登记", page);
        var readme = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "README.md"));
        foreach (Match code in CodeBlock().Matches(page))
        {
            Assert.Contains(WebUtility.HtmlDecode(code.Groups["code"].Value), readme);
        }
        Assert.Equal(2, CodeBlock().Matches(page).Count);
    }

    [GeneratedRegex("<pre><code>(?<code>[^<]*)</code></pre>")]
    private static partial Regex CodeBlock();

    [Fact]
    public async Task The_demo_seed_registers_the_playground_personas_with_their_units_and_roles_once()
    {
        using (var host = LoopbackApiFactory.Start(_folder, Development, SeedPersonas))
        {
            Assert.Contains("演示人员已登记", await host.Http().GetStringAsync("/"));
            await host.WithDbAsync(async db =>
            {
                var people = await db.People.Include(p => p.Unit).OrderBy(p => p.AadObjectId)
                    .Select(p => new { p.Name, Unit = p.Unit!.Code, p.Role, p.TenantId, p.AadObjectId }).ToListAsync();
                Assert.Equal(
                [
                    ("王芳", "wuyang", PersonRole.CountyLiaison), ("李强", "wuyang", PersonRole.CountyResponsible),
                    ("张磊", "linying", PersonRole.CountyLiaison), ("陈静", "linying", PersonRole.CountyLiaison),
                    ("赵敏", "luohe", PersonRole.CityStaff), ("刘洋", "luohe", PersonRole.CityAdmin),
                ], people.Select(p => (p.Name, p.Unit, p.Role)));
                Assert.All(people, p => Assert.Equal(AgentsPlayground.TenantId, p.TenantId));
                Assert.Equal("00000000-0000-0000-0000-0000000000020", people[0].AadObjectId); // the playground's currentUser
            });
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        // A restart registers nobody twice.
        using var again = LoopbackApiFactory.Start(_folder, Development, SeedPersonas);
        await again.WithDbAsync(async db => Assert.Equal(6, await db.People.CountAsync()));
    }

    [Fact]
    public async Task Without_the_setting_or_outside_Development_nobody_is_registered()
    {
        using (var development = LoopbackApiFactory.Start(_folder, Development))
        {
            await development.WithDbAsync(async db => Assert.Equal(0, await db.People.CountAsync()));
        }
        using var testing = LoopbackApiFactory.Start(_folder, SeedPersonas);
        await testing.WithDbAsync(async db => Assert.Equal(0, await db.People.CountAsync()));
    }
}

/// <summary>The real Agents Playground with the repository's own configuration against a Development host with the demo seed.</summary>
[Collection(nameof(PlaygroundCollection))]
public class DemoPlaygroundTests
{
    [Fact]
    public async Task With_the_repositorys_playground_config_the_first_菜单_answers_with_the_menu()
    {
        await using var host = await BotHostFactory.StartAsync(localMode: true, settings: new()
        {
            ["environment"] = "Development",
            ["Demo:SeedPersonas"] = "true",
        });
        await using var playground = await AgentsPlayground.StartWithConfigAsync(
            new Uri(host.Http.BaseAddress!, "/api/messages").ToString(), Path.Combine(RepoPaths.Root, ".m365agentsplayground.yml"));

        var result = await playground.ChatAsync(
        [
            new { send = "菜单" },
            new { waitText = "功能菜单" },
        ]);

        Assert.True(result.Ok, $"{result.Error}\n{result.Texts}");
        Assert.Contains("王芳", result.Texts);
        Assert.DoesNotContain("邀请码", result.Texts);
    }
}
