using System.Net;
using System.Text.Json.Nodes;
using GuidanceBot.Data;
using GuidanceBot.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Upgrades;

/// <summary>
/// Issue 13, point 6: a database made by the last release is upgraded by the migrations at start and keeps its data.
/// <c>release-41acbf2.sql</c> is that database as <c>sqlite3 .dump</c> wrote it: release 41acbf2's own migrations on a
/// fresh file, then a spring of 2022 through its workflows (people with their Teams identities and conversations, a
/// unit's plan with enterprises submitted and accepted, a visit with a finding, letter (漯)应急指导〔2022〕1号 with two
/// problems issued and acknowledged, its rectification report submitted, items on the 周交办 list, a sent and a
/// pending delivery, a typical case, an open invite, the audit entries the steps wrote). It is text so a review
/// sees what it holds; the test loads it with Microsoft.Data.Sqlite, so no tool is needed. Whatever migrations main
/// has, the host must start on it, apply them, and keep every row readable — by the API and by the people in Teams.
/// </summary>
public sealed class ReleaseUpgradeTests : IDisposable
{
    private const string Release = "release-41acbf2.sql";
    private const string Letter = "(漯)应急指导〔2022〕1号";
    private const string Liaison = "00000000-0000-0000-0000-00000000b001";   // 赵联络员, wuyang
    private const string Responsible = "00000000-0000-0000-0000-00000000b002"; // 李局长, wuyang, chose English
    private const string Staff = "00000000-0000-0000-0000-00000000a002";     // 王科长, city staff

    private readonly string _folder = Directory.CreateTempSubdirectory("guidancebot-upgrade-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>The release's database file in a fresh data folder, made from the committed SQL.</summary>
    private async Task<string> ReleaseDatabaseAsync()
    {
        var sql = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "tests", "GuidanceBot.Api.Tests", "Upgrades", Release));
        var file = Path.Combine(_folder, "guidancebot.db");
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
        return file;
    }

    /// <summary>Every table's row count and, where it has an <c>Id</c>, its ids.</summary>
    private static async Task<Dictionary<string, (long Count, HashSet<string> Ids)>> RowsAsync(string file)
    {
        var rows = new Dictionary<string, (long, HashSet<string>)>();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        foreach (var table in tables)
        {
            await using var columns = connection.CreateCommand();
            columns.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = 'Id'";
            var hasId = (long)(await columns.ExecuteScalarAsync())! > 0;
            await using var select = connection.CreateCommand();
            select.CommandText = hasId ? $"SELECT \"Id\" FROM \"{table}\"" : $"SELECT COUNT(*) FROM \"{table}\"";
            var ids = new HashSet<string>();
            long count = 0;
            await using (var reader = await select.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    if (hasId) { ids.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!); count++; }
                    else count = reader.GetInt64(0);
                }
            }
            rows[table] = (count, ids);
        }
        return rows;
    }

    [Fact]
    public async Task The_last_release_s_database_is_migrated_at_start_and_every_row_stays_readable_by_the_API_and_in_Teams()
    {
        var file = await ReleaseDatabaseAsync();
        var before = await RowsAsync(file);
        Assert.True(before["Letters"].Count == 1 && before["People"].Count == 4 && before["AuditLog"].Count >= 5, "the release's data is in the SQL");
        var tokens = new ApiTokens();

        await using (var host = await BotHostFactory.StartAsync(settings: new(tokens.Settings) { ["Storage:DataFolder"] = _folder }))
        {
            // Migrated at start: nothing of this version's model is left to apply.
            await host.WithDbAsync(async db => Assert.Empty(await db.Database.GetPendingMigrationsAsync()));
            Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/health")).StatusCode);

            // Through the API: the plan with its enterprises, the visit, the letter with its number and problems, the report.
            var city = tokens.Client(host.Http, "CityStaff", name: "王科长");
            var plans = JsonNode.Parse(await city.GetStringAsync("/api/v1/plans?year=2022"))!;
            var plan = Assert.Single(plans["items"]!.AsArray(), p => p!["unitCode"]!.GetValue<string>() == "wuyang")!;
            Assert.Equal("Accepted", plan["status"]!.GetValue<string>());
            var planDetail = JsonNode.Parse(await city.GetStringAsync($"/api/v1/plans/{plan["id"]}"))!;
            Assert.Equal(3, planDetail["listedEnterprises"]!.GetValue<int>());

            var visits = JsonNode.Parse(await city.GetStringAsync("/api/v1/visits?year=2022"))!["items"]!.AsArray();
            Assert.Contains(visits, v => v!["unitCode"]!.GetValue<string>() == "wuyang");

            var letters = JsonNode.Parse(await city.GetStringAsync("/api/v1/letters?year=2022"))!["items"]!.AsArray();
            var letter = Assert.Single(letters)!;
            Assert.Equal(Letter, letter["number"]!.GetValue<string>());
            var letterId = letter["id"]!.GetValue<int>();
            var detail = JsonNode.Parse(await city.GetStringAsync($"/api/v1/letters/{letterId}"))!;
            Assert.Equal(["行政处罚案卷中现场检查记录缺少当事人签字", "年度执法计划未按规定公示"],
                detail["problems"]!.AsArray().Select(p => p!["problem"]!.GetValue<string>()));
            Assert.Equal("李局长", detail["acknowledgedByName"]!.GetValue<string>());

            var report = JsonNode.Parse(await city.GetStringAsync($"/api/v1/letters/{letterId}/report"))!;
            Assert.Equal("Submitted", report["status"]!.GetValue<string>());
            Assert.Equal(["已组织全员培训，补齐17份案卷签字", "计划已报县政府办公室，待网站公开"],
                report["items"]!.AsArray().Select(i => i!["measures"]!.GetValue<string>()));
            var document = await city.GetAsync($"/api/v1/letters/{letterId}/document");
            Assert.Equal(HttpStatusCode.OK, document.StatusCode);

            var cases = JsonNode.Parse(await city.GetStringAsync("/api/v1/cases?year=2022"))!["items"]!.AsArray();
            Assert.Equal("舞应急罚〔2022〕3号", Assert.Single(cases)!["caseNumber"]!.GetValue<string>());
            var people = JsonNode.Parse(await city.GetStringAsync("/api/v1/people?pageSize=50"))!["items"]!.AsArray();
            Assert.Equal(["张主任", "李局长", "王科长", "赵联络员"], people.Select(p => p!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));

            // In Teams: the people the release registered are still known (their menu, not the invite-code card),
            // in the language they chose, and the city staff member still acts on the unit's letter.
            var bot = new TeamsDriver(host);
            var menu = await bot.AskForCardAsync(Liaison, "菜单", "liaison-menu");
            Assert.DoesNotContain(Inputs(menu), i => i["id"]?.GetValue<string>() == "inviteCode");
            Assert.Contains("case.report", Verbs(menu));
            var english = await bot.AskForCardAsync(Responsible, "menu", "responsible-menu");
            Assert.DoesNotContain(Inputs(english), i => i["id"]?.GetValue<string>() == "inviteCode");
            Assert.Contains("Report a typical case", AllText(english));
            var review = Card(await bot.InvokeAsync(Staff, "rectification.review", new JsonObject { ["letterId"] = letterId }));
            Assert.Contains("已组织全员培训，补齐17份案卷签字", AllText(review));
            await bot.AssertCardsValidAsync();
        }
        SqliteConnection.ClearAllPools();

        // Every row of the release is still there: each table keeps its rows and their ids (new tables and new rows may come).
        var after = await RowsAsync(file);
        Assert.All(before, table =>
        {
            Assert.True(after.TryGetValue(table.Key, out var now), $"table {table.Key} is gone");
            Assert.True(now.Count >= table.Value.Count, $"{table.Key}: {table.Value.Count} rows before, {now.Count} after");
            Assert.Empty(table.Value.Ids.Except(now.Ids));
        });
    }
}
