using System.IO.Compression;
using System.Net;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Api;

/// <summary>The documents behind the API: scoped like the data, and real files.</summary>
public class DownloadTests : IAsyncLifetime
{
    private readonly ApiTestFactory factory = new();
    private Scenario s = null!;
    private int weeklyId;
    private int monthlyId;

    public async Task InitializeAsync()
    {
        _ = factory.CreateClient();
        s = await Scenario.SeedAsync(factory);
        await factory.WithDbAsync(async db =>
        {
            var weekly = new WeeklyAssignmentSnapshot
            {
                Year = 2022, Serial = 1, WeekStart = new(2022, 2, 28), GeneratedUtc = new(2022, 2, 28, 1, 0, 0, DateTimeKind.Utc),
                Lines =
                [
                    new() { Order = 1, UnitId = s.WuyangId, UnitName = "舞阳县应急管理局", Title = "舞阳整改事项", DueDate = new(2022, 3, 31), Status = AssignmentLineStatus.New },
                    new() { Order = 2, UnitId = s.LinyingId, UnitName = "临颍县应急管理局", Title = "临颍整改事项", DueDate = new(2022, 3, 31), Status = AssignmentLineStatus.Open },
                ],
            };
            var monthly = new MonthlyReviewSnapshot
            {
                Year = 2022, Month = 2, GeneratedUtc = new(2022, 3, 1, 1, 0, 0, DateTimeKind.Utc),
                Lines = [new() { UnitId = s.WuyangId, UnitName = "舞阳县应急管理局", Assigned = 3, ClosedOnTime = 2, Rank = 1 }],
            };
            db.WeeklySnapshots.Add(weekly);
            db.MonthlySnapshots.Add(monthly);
            await db.SaveChangesAsync();
            (weeklyId, monthlyId) = (weekly.Id, monthly.Id);
        });
    }

    public Task DisposeAsync()
    {
        factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_liaison_reads_only_their_lines_of_the_weekly_list_in_JSON_and_XLSX()
    {
        var liaison = factory.Liaison("wuyang");
        var weekly = await HttpAssert.Json(await liaison.GetAsync($"/api/v1/weekly/{weeklyId}"), HttpStatusCode.OK);
        Assert.Equal("舞阳整改事项", Assert.Single(weekly.GetProperty("lines").EnumerateArray()).GetProperty("title").GetString());

        var xlsx = await liaison.GetAsync($"/api/v1/weekly/{weeklyId}/document");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        var strings = zip.Entries.Where(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal))
            .Select(e => new StreamReader(e.Open()).ReadToEnd()).Aggregate("", string.Concat);
        Assert.Contains("舞阳整改事项", strings);
        Assert.DoesNotContain("临颍整改事项", strings);

        var city = await HttpAssert.Json(await factory.CityStaff().GetAsync($"/api/v1/weekly/{weeklyId}"), HttpStatusCode.OK);
        Assert.Equal(2, city.GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public async Task The_monthly_review_downloads_as_XLSX()
    {
        var response = await factory.CityStaff().GetAsync($"/api/v1/monthly/{monthlyId}/document");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        await HttpAssert.Problem(await factory.CityStaff().GetAsync("/api/v1/monthly/9999/document"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_unit_year_dossier_is_a_zip_with_a_manifest_and_the_letter()
    {
        var response = await factory.Liaison("linying").GetAsync("/api/v1/status/2022/units/linying/dossier");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Contains(zip.Entries, e => e.Name == "manifest.json");
        Assert.Contains(zip.Entries, e => e.Name.EndsWith(".docx", StringComparison.Ordinal));
        await HttpAssert.Problem(await factory.Liaison("wuyang").GetAsync("/api/v1/status/2022/units/linying/dossier"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_api_v1_groups()
    {
        var doc = await factory.CreateClient().GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/v1/status/{year}", "/api/v1/enterprises/import", "/api/v1/plans/{id}/submit", "/api/v1/letters/{id}/issue", "/api/v1/audit" })
        {
            Assert.Contains($"\"{path}\"", doc);
        }
    }
}
