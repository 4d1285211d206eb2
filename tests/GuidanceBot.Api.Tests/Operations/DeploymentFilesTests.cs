using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using GuidanceBot.Bot.Connector;
using GuidanceBot.Bot.Documents;
using GuidanceBot.Data;
using GuidanceBot.Data.Backups;
using GuidanceBot.Testing;
using Microsoft.Extensions.Configuration;

namespace GuidanceBot.Api.Tests.Operations;

/// <summary>
/// Issue 16, point 7: what docs/deploy.md tells the operator to install is checked as far as it can be here
/// (systemd's own verifier; no Docker engine runs here, so the container build's inputs are checked instead).
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static string Deploy(string name) => Path.Combine(RepoPaths.Root, "deploy", name);

    [Fact]
    public async Task The_systemd_unit_passes_systemd_analyze_verify_and_runs_the_published_host_with_runtime_env()
    {
        // scripts/test.sh installs systemd (the Debian package that has systemd-analyze) when it is missing.
        var start = new ProcessStartInfo("systemd-analyze") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "verify", "--man=no", Deploy("guidancebot.service") })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        // systemd only warns (exit 0) about unknown keys and values it ignores: any output is a fault.
        Assert.True(process.ExitCode == 0 && (await stderr).Length == 0, $"exit {process.ExitCode}: {await stdout}{await stderr}");

        var unit = await File.ReadAllTextAsync(Deploy("guidancebot.service"));
        Assert.Contains("ExecStart=/usr/bin/dotnet /opt/guidancebot/GuidanceBot.Api.dll\n", unit);
        Assert.Contains("EnvironmentFile=/etc/guidancebot/runtime.env\n", unit);
        Assert.Equal("GuidanceBot.Api", typeof(Program).Assembly.GetName().Name);

        // The guide installs the files where the unit reads them.
        var guide = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "deploy.md"));
        Assert.Contains("sudo cp deploy/runtime.env /etc/guidancebot/runtime.env", guide);
        Assert.Contains("sudo cp deploy/guidancebot.service /etc/systemd/system/", guide);
        Assert.Contains("dotnet publish -c Release Api -o out", guide);
        // The probes the guide has the operator call are the ones HealthTests calls over HTTP.
        Assert.Contains("curl http://127.0.0.1:3978/alive", guide);
        Assert.Contains("curl http://127.0.0.1:3978/health", guide);
    }

    [Fact]
    public async Task The_sample_settings_name_only_keys_the_host_reads_and_match_the_unit_and_the_proxy()
    {
        var settings = new ConfigurationBuilder().AddJsonFile(Deploy("appsettings.Production.json")).Build();
        void Bind<T>(string section) where T : new() =>
            settings.GetSection(section).Get<T>(o => o.ErrorOnUnknownConfiguration = true);
        Bind<StorageOptions>(StorageOptions.SectionName);
        Bind<PublicLinkOptions>(PublicLinkOptions.SectionName);
        Bind<BackupOptions>(BackupOptions.SectionName);
        // Bot is read by two options classes (inbound and outbound): every key must belong to one of them.
        var botKeys = typeof(GuidanceBot.Bot.Authentication.BotAuthenticationOptions).GetProperties().Concat(typeof(ConnectorOptions).GetProperties())
            .Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.All(settings.GetSection("Bot").GetChildren(), k => Assert.Contains(k.Key, botKeys));

        Assert.Equal("/var/lib/guidancebot", settings["Storage:DataFolder"]);
        Assert.Contains("StateDirectory=guidancebot\n", await File.ReadAllTextAsync(Deploy("guidancebot.service")));
        Assert.StartsWith("https://", settings["PublicLinks:BaseUrl"]);

        // The operators' sign-in names only keys Microsoft.Identity.Web reads.
        Bind<Microsoft.Identity.Web.MicrosoftIdentityOptions>(GuidanceBot.Api.Auth.OperatorAccess.SectionName);

        var nginx = await File.ReadAllTextAsync(Deploy("nginx-guidancebot.conf"));
        Assert.Contains($"proxy_pass {settings["Urls"]};", nginx);
        // The dashboard and the API reference are proxied (the host asks for the Entra sign-in), and nginx, which
        // connects from the host's own address, is the listed proxy whose X-Forwarded-For/-Proto are believed.
        Assert.DoesNotContain("return 404", nginx);
        Assert.Contains("proxy_set_header X-Forwarded-Proto $scheme;", nginx);
        Assert.Contains(new Uri(settings["Urls"]!).Host, settings.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? []);
        // One setting names the cloud: the sample sets no endpoint of its own.
        Assert.Equal("China", settings["Bot:Cloud"]);
        Assert.Null(settings["Bot:TokenAuthority"]);
        Assert.Null(settings["Bot:Scope"]);
        // Uploads as large as the host takes (FormOptions in GuidanceApi: 64 MB).
        Assert.Contains("client_max_body_size 64m;", nginx);
    }

    [GeneratedRegex(@"^COPY\s+(?!--from)(?<args>.+)$", RegexOptions.Multiline)]
    private static partial Regex CopyLine();

    [Fact]
    public async Task The_Dockerfile_copies_files_that_exist_and_everything_the_published_projects_reference()
    {
        var dockerfile = await File.ReadAllTextAsync(Deploy("Dockerfile"));
        var copied = new List<string>();
        foreach (Match copy in CopyLine().Matches(dockerfile))
        {
            var parts = copy.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var source in parts[..^1])
            {
                var path = Path.Combine(RepoPaths.Root, source);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"COPY {source}: not in the repository");
                copied.Add(source.TrimEnd('/'));
            }
        }
        Assert.Contains("RUN dotnet publish Api/GuidanceBot.Api.csproj -c Release -o /app", dockerfile);
        Assert.Contains("deploy/runtime.env", copied);

        // Every project and props file the build reaches lies inside what was copied.
        var projects = new Queue<string>([Path.Combine(RepoPaths.Root, "Api", "GuidanceBot.Api.csproj")]);
        var seen = new HashSet<string>();
        while (projects.TryDequeue(out var project))
        {
            if (!seen.Add(project))
            {
                continue;
            }
            var relative = Path.GetRelativePath(RepoPaths.Root, project).Replace('\\', '/');
            Assert.True(copied.Any(c => relative == c || relative.StartsWith(c + "/", StringComparison.Ordinal)), $"{relative} is not copied into the build stage");
            foreach (var reference in XDocument.Load(project).Descendants().Where(e => e.Name.LocalName is "ProjectReference" or "Import"))
            {
                var target = reference.Attribute(reference.Name.LocalName == "Import" ? "Project" : "Include")!.Value.Replace('\\', '/');
                projects.Enqueue(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, target)));
            }
        }
        Assert.Contains("Directory.Build.props", copied);
        Assert.Contains("Directory.Packages.props", copied);

        // The entry point loads the same runtime.env as systemd and passes the commands through.
        var entry = await File.ReadAllTextAsync(Deploy("container-entrypoint.sh"));
        Assert.Contains(". /app/runtime.env", entry);
        Assert.Contains("exec dotnet /app/GuidanceBot.Api.dll \"$@\"", entry);
        Assert.Contains("ENTRYPOINT [\"/app/container-entrypoint.sh\"]", dockerfile);
        Assert.True(OperatingSystem.IsWindows() || (File.GetUnixFileMode(Deploy("container-entrypoint.sh")) & UnixFileMode.UserExecute) != 0, "the entry point must be executable");
        var sh = Process.Start(new ProcessStartInfo("sh", ["-n", Deploy("container-entrypoint.sh")]))!;
        await sh.WaitForExitAsync();
        Assert.Equal(0, sh.ExitCode);
    }
}
