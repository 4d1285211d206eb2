using GuidanceBot.Bot.Connector;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Testing.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Bot.Tests.Flows;

/// <summary>
/// Files sent in the chat are fetched over real HTTP from the stand-in for SharePoint's download host: only from an allowed
/// host (no credential sent), retried when the host fails for a moment, stopped when larger than the limit while streaming,
/// and never taken to a host off the list by a redirect.
/// </summary>
public class SentFileDownloaderTests
{
    private static ServiceProvider Services(string fileHost) => new ServiceCollection()
        .AddLogging()
        .AddConnectorClient(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:AllowUnauthenticatedLocalMode"] = "false",
            ["Bot:FileHosts:0"] = fileHost,
        }).Build())
        .AddFlowsCommon()
        .BuildServiceProvider();

    private static SentFile File(string url, string name = "photo.jpg") => new(new Uri(url), name, "jpg");

    [Fact]
    public async Task A_file_on_the_allowed_host_is_fetched_without_a_credential_and_retried_when_the_host_fails_once()
    {
        await using var files = await FakeFileHost.StartAsync();
        await using var services = Services(files.Origin);
        var downloader = services.CreateScope().ServiceProvider.GetRequiredService<SentFileDownloader>();
        var bytes = new byte[300_000];
        Random.Shared.NextBytes(bytes);

        var got = await downloader.FetchAsync(File(files.Serve("photo.jpg", bytes, failFirst: 1)), 1_000_000, default);
        Assert.Equal(SentFileProblem.None, got.Problem);
        Assert.Equal(bytes, got.Content!.ToArray());
        Assert.Equal(2, files.Requests.Count);
        Assert.All(files.Requests, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task Too_large_off_the_list_or_redirected_off_the_list_is_not_downloaded()
    {
        await using var files = await FakeFileHost.StartAsync();
        await using var elsewhere = await FakeFileHost.StartAsync();
        await using var services = Services(files.Origin);
        var downloader = services.CreateScope().ServiceProvider.GetRequiredService<SentFileDownloader>();

        Assert.Equal(SentFileProblem.TooLarge, (await downloader.FetchAsync(File(files.Serve("big.jpg", new byte[2048], chunked: true)), 1024, default)).Problem);
        Assert.Equal(SentFileProblem.TooLarge, (await downloader.FetchAsync(File(files.Serve("big2.jpg", new byte[2048])), 1024, default)).Problem);

        var offList = elsewhere.Serve("x.jpg", [1, 2, 3]);
        Assert.Equal(SentFileProblem.HostRefused, (await downloader.FetchAsync(File(offList), 1024, default)).Problem);
        Assert.Empty(elsewhere.Requests);

        var redirect = files.Serve("moved.jpg", [], redirectTo: offList);
        Assert.Equal(SentFileProblem.HostRefused, (await downloader.FetchAsync(File(redirect), 1024, default)).Problem);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public void A_Teams_file_attachment_gives_its_download_url()
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Attachments =
            [
                new Attachment
                {
                    ContentType = Attachment.TeamsFileDownloadInfoContentType, Name = "整改现场.jpg",
                    Content = new System.Text.Json.Nodes.JsonObject { ["downloadUrl"] = "https://contoso-my.sharepoint.com/personal/a/_layouts/15/download.aspx?UniqueId=1", ["fileType"] = "jpg" },
                },
            ],
        };
        var file = SentFile.Find(activity)!;
        Assert.Equal(("整改现场.jpg", "jpg", "contoso-my.sharepoint.com"), (file.Name, file.Extension, file.Url.Host));
    }

    [Fact]
    public void Every_file_of_a_message_is_found_in_order_and_the_html_of_a_pasted_image_is_not_one()
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Attachments =
            [
                new Attachment
                {
                    ContentType = Attachment.TeamsFileDownloadInfoContentType, Name = "现场1.jpg",
                    Content = new System.Text.Json.Nodes.JsonObject { ["downloadUrl"] = "https://contoso-my.sharepoint.com/personal/a/_layouts/15/download.aspx?UniqueId=1", ["fileType"] = "jpg" },
                },
                new Attachment { ContentType = "image/*", ContentUrl = "https://smba.trafficmanager.net/apac/v3/attachments/0-abc/views/original" },
                new Attachment { ContentType = "text/html", Content = System.Text.Json.Nodes.JsonValue.Create("<div><img src=\"x\"></div>") },
                new Attachment
                {
                    ContentType = Attachment.TeamsFileDownloadInfoContentType, Name = "现场2.png",
                    Content = new System.Text.Json.Nodes.JsonObject { ["downloadUrl"] = "https://contoso-my.sharepoint.com/personal/a/_layouts/15/download.aspx?UniqueId=2", ["fileType"] = "png" },
                },
            ],
        };
        var files = SentFile.FindAll(activity).ToList();
        Assert.Equal(["现场1.jpg", "file.", "现场2.png"], files.Select(f => f.Name));
        Assert.Equal("smba.trafficmanager.net", files[1].Url.Host);
        Assert.Equal("现场1.jpg", SentFile.Find(activity)!.Name);
    }
}
