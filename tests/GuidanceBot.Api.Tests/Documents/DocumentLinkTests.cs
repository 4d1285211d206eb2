using System.Net;
using System.Net.Http.Headers;
using GuidanceBot.Api.Tests.Api;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Bot.Documents;
using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Api.Tests.Documents;

/// <summary>
/// Links in cards are opened from Teams in a browser with no bearer token: the signed link must open the
/// document for the person it was made for, and nothing else.
/// </summary>
public class DocumentLinkTests : IAsyncLifetime
{
    private readonly ApiTestFactory factory = new();
    private Scenario s = null!;
    private int linyingLiaison, wuyangLiaison, cityStaff;

    public async Task InitializeAsync()
    {
        _ = factory.CreateClient();
        s = await Scenario.SeedAsync(factory);
        await factory.WithDbAsync(async db =>
        {
            var people = new[]
            {
                new Person { Name = "临颍联络员", Role = PersonRole.CountyLiaison, UnitId = s.LinyingId },
                new Person { Name = "舞阳联络员", Role = PersonRole.CountyLiaison, UnitId = s.WuyangId },
                new Person { Name = "王芳", Role = PersonRole.CityStaff, UnitId = await db.Units.Where(u => u.ParentId == null).Select(u => u.Id).FirstAsync() },
            };
            db.People.AddRange(people);
            await db.SaveChangesAsync();
            (linyingLiaison, wuyangLiaison, cityStaff) = (people[0].Id, people[1].Id, people[2].Id);
        });
    }

    public Task DisposeAsync()
    {
        factory.Dispose();
        return Task.CompletedTask;
    }

    private string Link(LinkedDocument document, int id, int personId) =>
        factory.Services.GetRequiredService<DocumentLinks>().For(document, id, personId);

    /// <summary>Opens a link as a browser would: no Authorization header.</summary>
    private async Task<HttpResponseMessage> OpenAsync(string link)
    {
        var client = factory.CreateClient();
        Assert.Null(client.DefaultRequestHeaders.Authorization);
        return await client.GetAsync(new Uri(link).PathAndQuery);
    }

    [Fact]
    public async Task A_letter_link_opens_the_DOCX_without_a_token_for_the_liaison_and_for_city_staff()
    {
        foreach (var person in new[] { linyingLiaison, cityStaff })
        {
            var link = Link(LinkedDocument.OpinionLetter, s.LinyingLetter, person);
            Assert.StartsWith("https://guidance.test/files/", link);
            var response = await OpenAsync(link);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType?.MediaType);
            Assert.EndsWith(".docx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        }
    }

    [Fact]
    public async Task A_link_made_for_another_units_liaison_does_not_open_this_units_letter()
    {
        await HttpAssert.Problem(await OpenAsync(Link(LinkedDocument.OpinionLetter, s.LinyingLetter, wuyangLiaison)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_link_stops_working_when_its_person_leaves_or_moves_to_another_unit()
    {
        var link = Link(LinkedDocument.OpinionLetter, s.LinyingLetter, linyingLiaison);
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(link)).StatusCode);

        await factory.WithDbAsync(db => db.People.Where(p => p.Id == linyingLiaison).ExecuteUpdateAsync(u => u.SetProperty(p => p.UnitId, s.WuyangId)));
        await HttpAssert.Problem(await OpenAsync(link), HttpStatusCode.NotFound);

        await factory.WithDbAsync(db => db.People.Where(p => p.Id == linyingLiaison)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.UnitId, s.LinyingId).SetProperty(p => p.IsActive, false)));
        await HttpAssert.Problem(await OpenAsync(link), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_altered_or_made_up_link_is_not_found()
    {
        var link = Link(LinkedDocument.OpinionLetter, s.LinyingLetter, cityStaff);
        var token = link[(link.LastIndexOf('/') + 1)..];
        var altered = token[..^3] + (token[^3] == 'A' ? "BAA" : "AAA");
        await HttpAssert.Problem(await OpenAsync($"http://localhost/files/{altered}"), HttpStatusCode.NotFound);
        await HttpAssert.Problem(await OpenAsync("http://localhost/files/not-a-token"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_expired_link_says_so_in_the_callers_language_and_how_to_get_a_fresh_one()
    {
        var link = Link(LinkedDocument.OpinionLetter, s.LinyingLetter, linyingLiaison);
        factory.Clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1));

        var zh = await HttpAssert.Problem(await OpenAsync(link), HttpStatusCode.Gone);
        Assert.Equal("链接已过期", zh.GetProperty("title").GetString());
        Assert.Contains("重新打开", zh.GetProperty("detail").GetString());

        var client = factory.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en-US"));
        var en = await HttpAssert.Problem(await client.GetAsync(new Uri(link).PathAndQuery), HttpStatusCode.Gone);
        Assert.Equal("This link has expired", en.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Links_survive_a_restart_because_their_keys_live_in_the_data_folder()
    {
        var link = Link(LinkedDocument.OpinionLetter, s.LinyingLetter, linyingLiaison);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(factory.DataFolder, "keys"), "*.xml"));

        // A second host on the same data folder (a restart, or another instance) opens the same link.
        using var restarted = factory.WithWebHostBuilder(_ => { });
        var response = await restarted.CreateClient().GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
