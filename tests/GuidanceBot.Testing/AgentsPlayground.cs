using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GuidanceBot.Testing;

/// <summary>A user of the playground's tenant (its config file needs the current user and exactly five others).</summary>
public sealed record PlaygroundUser(string Id, string Name, string AadObjectId, string GivenName, string Surname)
{
    public string Email => $"{Id}@example.com";
}

public sealed record PlaygroundChatResult(bool Ok, int? FailedStep, string? Error, string Texts);

/// <summary>
/// The real Microsoft 365 Agents Playground (npm), started on loopback for one persona, talking to a bot
/// endpoint. One playground per user: its page always sends as the config's current user.
/// </summary>
public sealed partial class AgentsPlayground : IAsyncDisposable
{
    public const string TenantId = "00000000-0000-0000-0000-0000000000001";
    public const string BotId = "00000000-0000-0000-0000-00000000000011";

    private readonly Process _process;
    private readonly string _folder;

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/";
    /// <summary>The current user the config was written for (null for a config file used as it is).</summary>
    public PlaygroundUser? CurrentUser { get; }

    private AgentsPlayground(Process process, string folder, int port, PlaygroundUser? user)
    {
        _process = process;
        _folder = folder;
        Port = port;
        CurrentUser = user;
    }

    public static async Task<AgentsPlayground> StartAsync(string botEndpoint, PlaygroundUser currentUser, CancellationToken ct = default)
    {
        var folder = Directory.CreateTempSubdirectory("playground-").FullName;
        var config = Path.Combine(folder, ".m365agentsplayground.yml");
        await File.WriteAllTextAsync(config, ConfigYaml(currentUser), ct);
        return await StartAsync(botEndpoint, folder, config, currentUser, ct);
    }

    /// <summary>The playground with a configuration file as it is, e.g. the repository's own <c>.m365agentsplayground.yml</c>.</summary>
    public static Task<AgentsPlayground> StartWithConfigAsync(string botEndpoint, string configFile, CancellationToken ct = default) =>
        StartAsync(botEndpoint, Directory.CreateTempSubdirectory("playground-").FullName, configFile, null, ct);

    private static async Task<AgentsPlayground> StartAsync(string botEndpoint, string folder, string config, PlaygroundUser? currentUser, CancellationToken ct)
    {
        var port = FreePort();

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            "-r", Path.Combine(RepoPaths.NodeTools, "loopback.js"),
            Path.Combine(RepoPaths.NodeTools, "node_modules", "@microsoft", "m365agentsplayground", "cli.js"),
            "--disable-telemetry", "-e", botEndpoint, "-c", "msteams", "-p", port.ToString(),
        })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["M365_AGENTS_PLAYGROUND_CONFIG_PATH"] = config;

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (log) log.AppendLine(e.Data);
            if (e.Data.StartsWith("Listening on", StringComparison.Ordinal)) listening.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("playground exited: " + log));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        await listening.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        return new AgentsPlayground(process, folder, port, currentUser);
    }

    /// <summary>Opens the playground page in headless Chromium and runs the steps (see tests/js/playground-chat.js).</summary>
    public async Task<PlaygroundChatResult> ChatAsync(IEnumerable<object> steps)
    {
        var stepsFile = Path.Combine(_folder, $"steps-{Guid.NewGuid():N}.json");
        var resultFile = Path.ChangeExtension(stepsFile, ".result.json");
        await File.WriteAllTextAsync(stepsFile, JsonSerializer.Serialize(steps));
        await NodeTool.RunAsync("playground-chat.js", Url, stepsFile, resultFile);
        return JsonSerializer.Deserialize<PlaygroundChatResult>(await File.ReadAllTextAsync(resultFile), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Five other users are required by the playground's schema; they fill the group chat and team.</summary>
    private static readonly PlaygroundUser[] Others =
    [
        new("extra-1", "Extra One", "00000000-0000-0000-0000-00000000e001", "Extra", "One"),
        new("extra-2", "Extra Two", "00000000-0000-0000-0000-00000000e002", "Extra", "Two"),
        new("extra-3", "Extra Three", "00000000-0000-0000-0000-00000000e003", "Extra", "Three"),
        new("extra-4", "Extra Four", "00000000-0000-0000-0000-00000000e004", "Extra", "Four"),
        new("extra-5", "Extra Five", "00000000-0000-0000-0000-00000000e005", "Extra", "Five"),
    ];

    private static string ConfigYaml(PlaygroundUser me)
    {
        static string User(PlaygroundUser u, string indent) =>
            $"{indent}id: {u.Id}\n{indent}name: {u.Name}\n{indent}userPrincipleName: {u.Email}\n{indent}aadObjectId: {u.AadObjectId}\n" +
            $"{indent}givenName: {u.GivenName}\n{indent}surname: {u.Surname}\n{indent}email: {u.Email}\n";

        var users = string.Concat(Others.Select(u => "  - " + User(u, "    ").TrimStart()));
        return $"""
            version: "0.1.1"
            tenantId: {TenantId}
            bot:
              id: {BotId}
              name: 执法指导助手
            currentUser:
            {User(me, "  ")}users:
            {users}personalChat:
              id: personal-{me.Id}
            groupChat:
              id: group-chat-id
              name: 执法指导工作群
            team:
              id: team-id
              name: 执法指导
              aadGroupId: 00000000-0000-0000-0000-000000000031
              channels:
                - id: channel-guidance-id
                  name: 执法指导
            """;
    }
}
