using System.Globalization;
using GuidanceBot.Api.Infrastructure;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;
using GuidanceBot.Data.Backups;
using GuidanceBot.Data.Documents;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Api.Operations;

/// <summary>
/// The operator's commands, run with the host's own configuration (appsettings.json, environment, <c>--Key=value</c>)
/// instead of starting it: <c>dotnet GuidanceBot.Api.dll backup | restore ARCHIVE | bootstrap-admin --name NAME</c>.
/// Output is for a console: Chinese first, English beside it. Exit code 0 done, 1 refused, 2 wrong usage.
/// </summary>
public static class HostCommands
{
    private const string Usage = """
        用法 / usage:
          dotnet GuidanceBot.Api.dll backup                     立即备份 / back up now
          dotnet GuidanceBot.Api.dll restore ARCHIVE            从备份恢复（先停止服务）/ restore a backup (stop the host first)
          dotnet GuidanceBot.Api.dll bootstrap-admin --name 姓名 [--unit 单位代码] [--days 7] [--force]
                                                                首位市局管理员的一次性邀请码 / the first city admin's invite code
          dotnet GuidanceBot.Api.dll check-dossier DOSSIER.zip  核对档案与其 SHA-256 清单 / check a dossier against its SHA-256 manifest
          dotnet GuidanceBot.Api.dll copy-to-postgres --target "Host=…;Database=…" [--files 共享目录]
                                                                把 SQLite 数据库迁到空的 PostgreSQL 库（先停止服务）/ move the SQLite database to an empty PostgreSQL one (stop the host first)
          配置同服务本身，例如 / configuration as for the host, e.g. --Storage:DataFolder=/var/lib/guidancebot
        """;

    private static readonly string[] Names = ["backup", "restore", "bootstrap-admin", "check-dossier", "copy-to-postgres"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Names.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null)
    {
        var console = output ?? Console.Out;
        var command = CommandLine.Parse(args, flags: ["force"], valued: ["name", "unit", "days", "target", "files"]);
        if (command is null)
        {
            await console.WriteLineAsync(Usage);
            return 2;
        }

        if (command.Name == "check-dossier")
        {
            // Needs nothing of the host: the archive carries its own manifest.
            return await CheckDossierAsync(command, console);
        }

        var builder = WebApplication.CreateBuilder(command.HostArgs);
        // The console gets our lines; the framework's information logs would bury them.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddGuidanceStorage();
        await using var app = builder.Build();
        try
        {
            return command.Name switch
            {
                "backup" => await BackupAsync(app, console),
                "restore" => await RestoreAsync(app, command, console),
                "bootstrap-admin" => await BootstrapAdminAsync(app, command, console),
                "copy-to-postgres" => await CopyToPostgresAsync(app, command, console),
                _ => 2,
            };
        }
        catch (Exception e) when (e is DataFolderBusyException or InvalidDataException or FileNotFoundException or NotSupportedOnPostgreSqlException or CopyRefusedException)
        {
            await console.WriteLineAsync($"未执行 / refused: {e.Message}");
            return 1;
        }
    }

    /// <summary>0 when every file of the dossier matches its manifest; 1 with each difference listed when one does not.</summary>
    private static async Task<int> CheckDossierAsync(CommandLine command, TextWriter console)
    {
        if (command.Operands is not [var path])
        {
            await console.WriteLineAsync(Usage);
            return 2;
        }
        if (!File.Exists(path))
        {
            await console.WriteLineAsync($"未执行 / refused: {Path.GetFullPath(path)} does not exist.");
            return 1;
        }
        DossierCheckResult result;
        await using (var zip = File.OpenRead(path))
        {
            result = DossierCheck.Verify(zip);
        }
        if (result.Intact)
        {
            await console.WriteLineAsync($"档案完整 / intact: {result.FilesChecked} 个文件与清单一致 / files match the manifest");
            return 0;
        }
        await console.WriteLineAsync($"档案与清单不符 / does not match its manifest ({result.Problems.Count}):");
        foreach (var problem in result.Problems)
        {
            await console.WriteLineAsync("  " + problem);
        }
        return 1;
    }

    private static async Task<int> BackupAsync(WebApplication app, TextWriter console)
    {
        await app.InitializeDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var archive = await scope.ServiceProvider.GetRequiredService<DataBackup>().BackupAsync();
        await console.WriteLineAsync($"已备份 / backed up: {archive}");
        return 0;
    }

    private static async Task<int> RestoreAsync(WebApplication app, CommandLine command, TextWriter console)
    {
        if (command.Operands is not [var archive])
        {
            await console.WriteLineAsync(Usage);
            return 2;
        }
        DataBackup.RefuseOnPostgreSql(app.Services.GetRequiredService<IOptions<StorageOptions>>().Value);
        archive = Path.GetFullPath(archive);
        if (!File.Exists(archive))
        {
            throw new FileNotFoundException($"{archive} does not exist.");
        }

        List<string> migrations;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            migrations = scope.ServiceProvider.GetRequiredService<GuidanceDbContext>().Database.GetMigrations().ToList();
        }
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var result = DataRestore.Restore(archive, storage, migrations, app.Services.GetRequiredService<TimeProvider>());

        var files = result.Manifest.Entries.Count(e => e.Path.StartsWith(BackupArchive.FilesFolder + "/", StringComparison.Ordinal));
        var keys = result.Manifest.Entries.Count(e => e.Path.StartsWith(BackupArchive.KeysFolder + "/", StringComparison.Ordinal));
        await console.WriteLineAsync($"已恢复 / restored: {archive} ({result.Manifest.CreatedUtc:yyyy-MM-dd HH:mm:ss} UTC) -> {storage.DataFolder}");
        await console.WriteLineAsync($"  数据库 / database {DataRestore.DatabaseFile(storage)}; 附件 / attachments {files}; 密钥 / keys {keys}");
        if (result.Manifest.MissingFiles.Count > 0)
        {
            await console.WriteLineAsync($"  备份时已缺失的附件 / attachments already missing when backed up: {string.Join(", ", result.Manifest.MissingFiles)}");
        }
        if (result.ReplacedDataFolder is { } aside)
        {
            await console.WriteLineAsync($"  原有数据已移至 / the data it replaced is in: {aside}");
        }
        await console.WriteLineAsync("  现在启动服务并检查 /health / now start the host and check /health");
        return 0;
    }

    /// <summary>
    /// Moves the bureau to PostgreSQL: every table, the keys and the attachments (into <c>--files</c>, the folder the
    /// PostgreSQL instances share as their data folder's files/, or left where they are), then both sides counted.
    /// </summary>
    private static async Task<int> CopyToPostgresAsync(WebApplication app, CommandLine command, TextWriter console)
    {
        if (command.Value("target") is not { Length: > 0 } target)
        {
            await console.WriteLineAsync(Usage);
            return 2;
        }

        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var report = await PostgreSqlCopy.CopyAsync(storage, target, command.Value("files"));
        await console.WriteLineAsync("表 / table                      SQLite  PostgreSQL");
        foreach (var (table, source, copied) in report.Tables)
        {
            await console.WriteLineAsync($"  {table,-28} {source,7} {copied,10}{(source == copied ? "" : "  ≠")}");
        }
        await console.WriteLineAsync($"附件 / attachments {report.Files} -> {report.FilesFolder}; 密钥 / keys {report.Keys}");
        if (!report.CountsMatch)
        {
            await console.WriteLineAsync("未完成 / incomplete: 行数不一致 / the counts differ");
            return 1;
        }
        await console.WriteLineAsync("已复制 / copied. 以 Storage:Provider=PostgreSql 和此连接串启动各实例 / start every instance with Storage:Provider=PostgreSql and this connection string");
        return 0;
    }

    /// <summary>
    /// The first city admin's way in: a one-time invite code for the CityAdmin role, redeemed in Teams like any other.
    /// Refused while an active city admin exists (they invite from the bot), unless <c>--force</c>.
    /// </summary>
    private static async Task<int> BootstrapAdminAsync(WebApplication app, CommandLine command, TextWriter console)
    {
        var name = command.Value("name")?.Trim();
        int? days = null;
        if (command.Value("days") is { } d)
        {
            days = int.TryParse(d, CultureInfo.InvariantCulture, out var n) ? n : 0;
        }

        await app.InitializeDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuidanceDbContext>();
        var unitCode = command.Value("unit");
        var unit = unitCode is null
            ? await db.Units.Where(u => u.ParentId == null && u.Level == UnitLevel.City).OrderBy(u => u.SortOrder).FirstOrDefaultAsync()
            : await db.Units.FirstOrDefaultAsync(u => u.Code == unitCode);
        if (unit is null || unit.Level != UnitLevel.City)
        {
            var cities = await db.Units.Where(u => u.Level == UnitLevel.City).Select(u => u.Code).ToListAsync();
            await console.WriteLineAsync($"未执行 / refused: 市局管理员属于市局单位 / a city admin belongs to a city unit: {string.Join(", ", cities)}");
            return 1;
        }
        var admin = await db.People.Where(p => p.Role == PersonRole.CityAdmin && p.IsActive).Select(p => p.Name).FirstOrDefaultAsync();
        if (admin is not null && !command.Flag("force"))
        {
            await console.WriteLineAsync($"未执行 / refused: 已有市局管理员 {admin}，请其在机器人菜单中邀请 / city admin {admin} exists and invites others from the bot's menu. --force 仍然生成 / issues one anyway.");
            return 1;
        }

        // The same invite step as the API and the chat, taken by the operator as the city bureau's admin.
        var operatorActor = new Actor(null, "bootstrap-admin", PersonRole.CityAdmin, unit.Id, CultureInfo.GetCultureInfo("zh-CN"));
        var outcome = await scope.ServiceProvider.GetRequiredService<InviteWorkflow>()
            .CreateAsync(new InviteRequest(unit.Id, PersonRole.CityAdmin, name, days), operatorActor);
        if (!outcome.Succeeded)
        {
            foreach (var error in outcome.Errors)
            {
                await console.WriteLineAsync($"未执行 / refused: {error.Message} / {error.In(CultureInfo.GetCultureInfo("en-US")).Message}");
            }
            await console.WriteLineAsync(Usage);
            return 2;
        }

        var (invite, code) = (await db.InviteCodes.AsNoTracking().FirstAsync(i => i.Id == outcome.Id), outcome.Detail!);
        var expires = Data.Rules.ChinaTime.Local(invite.ExpiresUtc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        await console.WriteLineAsync($"邀请码 / invite code: {code}");
        await console.WriteLineAsync($"  {name}，{unit.Name}，市局管理员 / city admin；有效至 / valid until {expires}（北京时间 / China time），仅可使用一次 / once");
        await console.WriteLineAsync("  在 Teams 中打开执法指导助手，发任意消息，在欢迎卡片中输入此邀请码 / open the bot in Teams, send any message, enter the code in the welcome card");
        return 0;
    }

    /// <summary>A command, its operands and options; every other argument is configuration for the host builder.</summary>
    private sealed record CommandLine(string Name, List<string> Operands, Dictionary<string, string?> Options, string[] HostArgs)
    {
        public string? Value(string key) => Options.GetValueOrDefault(key);
        public bool Flag(string key) => Options.ContainsKey(key);

        public static CommandLine? Parse(string[] args, string[] flags, string[] valued)
        {
            var operands = new List<string>();
            var options = new Dictionary<string, string?>();
            var host = new List<string>();
            for (var i = 1; i < args.Length; i++)
            {
                var arg = args[i];
                if (!arg.StartsWith("--", StringComparison.Ordinal))
                {
                    operands.Add(arg);
                    continue;
                }
                var key = arg[2..];
                if (flags.Contains(key))
                {
                    options[key] = null;
                }
                else if (valued.Contains(key))
                {
                    if (++i >= args.Length)
                    {
                        return null;
                    }
                    options[key] = args[i];
                }
                else
                {
                    // Host configuration: --Key=value, or --Key value as the configuration's command line reads it.
                    host.Add(arg);
                    if (!arg.Contains('=') && i + 1 < args.Length)
                    {
                        host.Add(args[++i]);
                    }
                }
            }
            return new CommandLine(args[0], operands, options, [.. host]);
        }
    }
}
