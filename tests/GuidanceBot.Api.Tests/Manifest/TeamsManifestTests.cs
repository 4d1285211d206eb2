using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using GuidanceBot.Testing;

namespace GuidanceBot.Api.Tests.Manifest;

/// <summary>The Teams app package built by manifest/package.sh, checked with the official validator.</summary>
public class TeamsManifestTests
{
    private const string BotId = "4c1f2d7e-5b6a-4e8f-9a01-23456789abcd";
    private const string TabHost = "guidance.example.cn";

    [Fact]
    public async Task The_package_passes_the_official_schema_validation()
    {
        var folder = await BuildAndUnpackAsync(BotId);

        var result = JsonDocument.Parse(await NodeTool.RunAsync("validate-manifest.js", folder)).RootElement;

        Assert.Equal("1.24", result.GetProperty("manifestVersion").GetString());
        Assert.Empty(result.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task The_package_carries_the_bot_id_every_scope_and_the_bot_commands()
    {
        var folder = await BuildAndUnpackAsync(BotId);
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "manifest.json"))).RootElement;
        var bot = manifest.GetProperty("bots")[0];

        Assert.Equal(BotId, manifest.GetProperty("id").GetString());
        Assert.Equal(BotId, bot.GetProperty("botId").GetString());
        Assert.Equal(["personal", "team", "groupChat"], bot.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).ToArray());
        var personal = bot.GetProperty("commandLists")[0].GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("title").GetString()!).ToArray();
        Assert.Equal(["菜单", "帮助", "进度", "逾期", "本周交办", "本月讲评"], personal);

        var english = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "en-us.json"))).RootElement;
        Assert.Equal("menu", english.GetProperty("bots[0].commandLists[0].commands[0].title").GetString());
    }

    [Fact]
    public async Task The_package_has_the_personal_and_channel_tabs_on_the_tab_host_and_its_SSO_resource()
    {
        var folder = await BuildAndUnpackAsync(BotId);
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "manifest.json"))).RootElement;

        var overview = manifest.GetProperty("staticTabs")[0];
        Assert.Equal($"https://{TabHost}/tab?locale={{locale}}", overview.GetProperty("contentUrl").GetString());
        Assert.Equal(["personal"], overview.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).ToArray());
        var channel = manifest.GetProperty("configurableTabs")[0];
        Assert.Equal($"https://{TabHost}/tab/config?locale={{locale}}", channel.GetProperty("configurationUrl").GetString());
        Assert.Contains("team", channel.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal([TabHost], manifest.GetProperty("validDomains").EnumerateArray().Select(s => s.GetString()!).ToArray());
        var sso = manifest.GetProperty("webApplicationInfo");
        Assert.Equal(BotId, sso.GetProperty("id").GetString());
        Assert.Equal($"api://{TabHost}/{BotId}", sso.GetProperty("resource").GetString());
        var english = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "en-us.json"))).RootElement;
        Assert.Equal("Year overview", english.GetProperty("staticTabs[0].name").GetString());
    }

    [Fact]
    public async Task The_icons_have_the_sizes_Teams_requires_and_the_outline_is_transparent()
    {
        var folder = await BuildAndUnpackAsync(BotId);

        var color = ReadPng(Path.Combine(folder, "color.png"));
        var outline = ReadPng(Path.Combine(folder, "outline.png"));

        Assert.Equal((192, 192), (color.Width, color.Height));
        Assert.Equal((32, 32), (outline.Width, outline.Height));
        Assert.Equal(6, outline.ColorType); // RGBA: the outline needs an alpha channel
        Assert.Equal(0, outline.Pixel(0, 0).A); // corner is fully transparent
        Assert.All(outline.Opaque(), p => Assert.Equal((255, 255, 255), (p.R, p.G, p.B))); // white only
    }

    [Fact]
    public async Task The_packaging_script_refuses_an_app_id_that_is_not_a_guid()
    {
        var (code, _) = await RunPackageAsync("not-a-guid", Path.Combine(Path.GetTempPath(), $"pkg-{Guid.NewGuid():N}.zip"));
        Assert.Equal(2, code);
    }

    private static async Task<string> BuildAndUnpackAsync(string botId)
    {
        var zip = Path.Combine(Path.GetTempPath(), $"pkg-{Guid.NewGuid():N}.zip");
        var (code, output) = await RunPackageAsync(botId, zip);
        Assert.True(code == 0, output);
        var folder = Path.Combine(Path.GetTempPath(), $"pkg-{Guid.NewGuid():N}");
        ZipFile.ExtractToDirectory(zip, folder);
        Assert.Equal(["color.png", "en-us.json", "manifest.json", "outline.png"],
            Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order().ToArray());
        return folder;
    }

    private static async Task<(int Code, string Output)> RunPackageAsync(string botId, string zip)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["TAB_HOST"] = TabHost;
        foreach (var a in new[] { Path.Combine(RepoPaths.Root, "manifest", "package.sh"), botId, botId, zip })
        {
            start.ArgumentList.Add(a);
        }
        using var p = Process.Start(start)!;
        var output = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, output);
    }

    /// <summary>Just enough of PNG to read the header and the (unfiltered, 8-bit RGBA) pixels the icon script writes.</summary>
    private sealed record Png(int Width, int Height, int ColorType, byte[] Rgba)
    {
        public (byte R, byte G, byte B, byte A) Pixel(int x, int y)
        {
            var i = (y * Width + x) * 4;
            return (Rgba[i], Rgba[i + 1], Rgba[i + 2], Rgba[i + 3]);
        }

        public IEnumerable<(byte R, byte G, byte B, byte A)> Opaque() =>
            Enumerable.Range(0, Width * Height).Select(i => Pixel(i % Width, i / Width)).Where(p => p.A > 0);
    }

    private static Png ReadPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int width = 0, height = 0, colorType = 0;
        using var idat = new MemoryStream();
        for (var pos = 8; pos < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(bytes, pos + 4, 4);
            var data = bytes.AsSpan(pos + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                colorType = data[9];
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            pos += 12 + length;
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.CopyTo(inflated);
        }
        var raw = inflated.ToArray();
        var stride = width * 4;
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(0, raw[y * (stride + 1)]); // filter "none", as written by make-icons.py
            Array.Copy(raw, y * (stride + 1) + 1, rgba, y * stride, stride);
        }
        return new Png(width, height, colorType, rgba);
    }
}
