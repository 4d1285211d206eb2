using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GuidanceBot.Api.Tests.Flows.Visits;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Bot.Flows.Visits;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Visits;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Api;

/// <summary>
/// /api/v1/visits/{id}/materials and /dates over HTTP: the same workflow and checks as the bot, county isolation
/// (404 for another unit's visit), roles from the token, ProblemDetails naming the field, 409 on a stale version.
/// </summary>
public class VisitMaterialsApiTests : IAsyncLifetime
{
    private readonly ApiTestFactory factory = new();
    private int _visit;

    public async Task InitializeAsync()
    {
        _ = factory.CreateClient();
        await factory.WithDbAsync(async db =>
        {
            var wuyang = await db.Units.SingleAsync(u => u.Code == "wuyang");
            db.People.Add(new Person { Name = "舞阳联络员", Role = PersonRole.CountyLiaison, UnitId = wuyang.Id, TenantId = "t", PreferredLanguage = "en-US" });
            var visit = new GuidanceVisit { UnitId = wuyang.Id, Year = 2022, PlannedMonth = 3, Status = VisitStatus.Planned };
            db.Visits.Add(visit);
            await db.SaveChangesAsync();
            _visit = visit.Id;
        });
    }

    public Task DisposeAsync()
    {
        factory.Dispose();
        return Task.CompletedTask;
    }

    private string Url(string tail = "materials") => $"/api/v1/visits/{_visit}/{tail}";

    private Task<int> ProvidedAsync() => factory.QueryAsync(db => db.VisitMaterials.CountAsync());

    private static string Version(JsonElement json) => json.GetProperty("version").GetString()!;

    private static MultipartFormDataContent Upload(string name, byte[] bytes, string code, int index, string version)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent
        {
            { file, "file", name },
            { new StringContent(code), "checkItemCode" },
            { new StringContent(index.ToString(System.Globalization.CultureInfo.InvariantCulture)), "materialIndex" },
            { new StringContent(version), "version" },
        };
    }

    [Fact]
    public async Task The_city_dates_the_visit_and_the_liaison_provides_links_and_files()
    {
        var city = factory.CityStaff();
        var liaison = factory.Liaison("wuyang");

        var before = await HttpAssert.Json(await liaison.GetAsync(Url()), HttpStatusCode.OK);
        var template = await factory.QueryAsync(db => db.CheckItems.Where(i => db.CheckTemplates.Any(t => t.Year == 2022 && t.Areas.Any(a => a.Id == i.CheckAreaId)))
            .OrderBy(i => i.Code).Select(i => i.Code).ToListAsync());
        Assert.Equal(template, before.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("checkItemCode").GetString()!).Order().ToList());
        Assert.Equal((16, 0), (before.GetProperty("required").GetInt32(), before.GetProperty("provided").GetInt32()));

        // The date: refused when missing or before today (1 Mar 2022), then set; the liaison is asked at once.
        await HttpAssert.Problem(await city.PutJson(Url("dates"), new { version = Version(before), startDate = "2022-02-20" }), HttpStatusCode.BadRequest, "startDate");
        await HttpAssert.Problem(await city.PutJson(Url("dates"), new { version = Version(before) }), HttpStatusCode.BadRequest, "startDate");
        var dated = await HttpAssert.Json(await city.PutJson(Url("dates"), new { version = Version(before), startDate = "2022-03-15" }), HttpStatusCode.OK);
        Assert.Equal("2022-03-15", dated.GetProperty("startDate").GetString());
        Assert.Equal("Scheduled", dated.GetProperty("status").GetString());
        var requests = await factory.QueryAsync(db => db.DeliveryLedger.AsNoTracking().Where(e => e.Kind == MaterialsRequestNotice.Name).ToListAsync());
        Assert.Equal(["date-20220315"], requests.Select(e => e.Stage));
        Assert.Contains("Government approval document", requests[0].Payload); // the liaison reads English

        // Links: a bad one names its field and writes nothing; then both.
        var bad = await HttpAssert.Problem(await liaison.PostJson(Url(), new
        {
            version = Version(dated),
            materials = new object[]
            {
                new { checkItemCode = "3.2", materialIndex = 0, url = "https://gov.example.test/manual.pdf" },
                new { checkItemCode = "3.2", materialIndex = 1, url = "javascript:alert(1)" },
            },
        }), HttpStatusCode.BadRequest, "materials[1].url");
        Assert.False(bad.GetProperty("errors").TryGetProperty("materials[0].url", out _));
        await HttpAssert.Problem(await liaison.PostJson(Url(), new
        {
            version = Version(dated), materials = new[] { new { checkItemCode = "9.9", materialIndex = 0, url = "https://gov.example.test/x.pdf" } },
        }), HttpStatusCode.BadRequest, "materials[0]");
        Assert.Equal(0, await ProvidedAsync());

        var linked = await HttpAssert.Json(await liaison.PostJson(Url(), new
        {
            version = Version(dated),
            materials = new[]
            {
                new { checkItemCode = "3.2", materialIndex = 0, url = "https://gov.example.test/manual.pdf" },
                new { checkItemCode = "3.2", materialIndex = 1, url = "http://gov.example.test/samples.pdf" },
            },
        }), HttpStatusCode.OK);
        Assert.Equal(2, linked.GetProperty("provided").GetInt32());
        var item = linked.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("checkItemCode").GetString() == "3.2");
        Assert.All(item.GetProperty("materials").EnumerateArray(), m => Assert.Equal("Provided", m.GetProperty("state").GetString()));

        // A stale version: 409, nothing written.
        await HttpAssert.Problem(await liaison.PostJson(Url(), new
        {
            version = Version(dated), materials = new[] { new { checkItemCode = "3.3", materialIndex = 0, url = "https://gov.example.test/x.pdf" } },
        }), HttpStatusCode.Conflict);
        Assert.Equal(2, await ProvidedAsync());

        // Files: wrong type, over the limit, then a good one.
        await HttpAssert.Problem(await liaison.PostAsync(Url("materials/file"), Upload("run.exe", [1, 2, 3], "3.3", 0, Version(linked))), HttpStatusCode.BadRequest, "file");
        await HttpAssert.Problem(await liaison.PostAsync(Url("materials/file"), Upload("huge.pdf", new byte[20 * 1024 * 1024 + 1], "3.3", 0, Version(linked))), HttpStatusCode.BadRequest, "file");
        Assert.Equal(0, await factory.QueryAsync(db => db.Files.CountAsync()));
        var filed = await HttpAssert.Json(await liaison.PostAsync(Url("materials/file"), Upload("cases.pdf", "%PDF-1.7"u8.ToArray(), "3.3", 0, Version(linked))), HttpStatusCode.OK);
        Assert.Equal(3, filed.GetProperty("provided").GetInt32());
        var row = await factory.QueryAsync(db => db.VisitMaterials.AsNoTracking().Include(m => m.File).SingleAsync(m => m.FileId != null));
        Assert.Equal(("cases.pdf", "application/pdf"), (row.File!.FileName, row.File.ContentType));

        // City staff see the same completeness, here and in the unit's year status.
        var seen = await HttpAssert.Json(await city.GetAsync(Url()), HttpStatusCode.OK);
        Assert.Equal(3, seen.GetProperty("provided").GetInt32());
        var status = await HttpAssert.Json(await city.GetAsync("/api/v1/status/2022/units/wuyang"), HttpStatusCode.OK);
        var visit = status.GetProperty("visits").EnumerateArray().Single();
        Assert.Equal((3, 16), (visit.GetProperty("materials").GetProperty("provided").GetInt32(), visit.GetProperty("materials").GetProperty("required").GetInt32()));
    }

    [Fact]
    public async Task Another_unit_is_404_and_the_wrong_role_403_with_nothing_written()
    {
        var other = factory.Liaison("linying");
        var city = factory.CityStaff();
        var liaison = factory.Liaison("wuyang");
        var version = Version(await HttpAssert.Json(await liaison.GetAsync(Url()), HttpStatusCode.OK));
        var body = new { version, materials = new[] { new { checkItemCode = "3.2", materialIndex = 0, url = "https://gov.example.test/x.pdf" } } };

        await HttpAssert.Problem(await other.GetAsync(Url()), HttpStatusCode.NotFound);
        await HttpAssert.Problem(await other.PostJson(Url(), body), HttpStatusCode.NotFound);
        await HttpAssert.Problem(await other.PostAsync(Url("materials/file"), Upload("a.pdf", [1], "3.2", 0, version)), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, (await city.PostJson(Url(), body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.PutJson(Url("dates"), new { version, startDate = "2022-03-20" })).StatusCode);

        Assert.Equal(0, await ProvidedAsync());
        Assert.Null(await factory.QueryAsync(db => db.Visits.Where(v => v.Id == _visit).Select(v => v.StartDate).SingleAsync()));
        Assert.Equal(0, await factory.QueryAsync(db => db.DeliveryLedger.CountAsync()));
    }

    [Fact]
    public async Task A_refused_upload_leaves_no_file_no_row_and_no_upload_audit_entry()
    {
        var liaison = factory.Liaison("wuyang");
        var version = Version(await HttpAssert.Json(await liaison.GetAsync(Url()), HttpStatusCode.OK));
        var pdf = "%PDF-1.7"u8.ToArray();
        Task<int> UploadEntriesAsync() => factory.QueryAsync(db => db.AuditLog.CountAsync(a => a.Action == "file.upload"));
        int StoredBytes() => Directory.Exists(Path.Combine(factory.DataFolder, "files")) ? Directory.GetFiles(Path.Combine(factory.DataFolder, "files")).Length : 0;

        await HttpAssert.Problem(await liaison.PostAsync(Url("materials/file"), Upload("a.pdf", pdf, "9.9", 0, version)), HttpStatusCode.BadRequest, "materialIndex");
        await HttpAssert.Problem(await liaison.PostAsync(Url("materials/file"), Upload("b.pdf", pdf, "3.2", 99, version)), HttpStatusCode.BadRequest, "materialIndex");
        await HttpAssert.Problem(await liaison.PostAsync(Url("materials/file"), Upload("c.pdf", pdf, "3.2", 0, Guid.NewGuid().ToString())), HttpStatusCode.Conflict);

        Assert.Equal(0, await UploadEntriesAsync());
        Assert.Equal(0, await factory.QueryAsync(db => db.Files.CountAsync()));
        Assert.Equal(0, StoredBytes());

        // Taken: the row, its one upload entry and the bytes, together.
        await HttpAssert.Json(await liaison.PostAsync(Url("materials/file"), Upload("d.pdf", pdf, "3.2", 0, version)), HttpStatusCode.OK);
        var file = await factory.QueryAsync(db => db.Files.AsNoTracking().SingleAsync());
        var entry = await factory.QueryAsync(db => db.AuditLog.AsNoTracking().SingleAsync(a => a.Action == "file.upload"));
        Assert.Equal(file.Id.ToString(), entry.EntityId);
        Assert.Equal(1, StoredBytes());
    }

    [Fact]
    public async Task An_uploaded_name_keeps_no_control_or_direction_characters()
    {
        var liaison = factory.Liaison("wuyang");
        var version = Version(await HttpAssert.Json(await liaison.GetAsync(Url()), HttpStatusCode.OK));
        await HttpAssert.Json(await liaison.PostAsync(Url("materials/file"), Upload("invoice\u202Efdp.exe\u0001.pdf", "%PDF-1.7"u8.ToArray(), "3.2", 0, version)), HttpStatusCode.OK);
        Assert.Equal("invoicefdp.exe.pdf", await factory.QueryAsync(db => db.Files.Select(f => f.FileName).SingleAsync()));
    }

    [Fact]
    public async Task A_visit_scheduled_with_its_date_asks_the_unit_for_its_materials()
    {
        // 舞阳 has its visit of 2022 (March, no date): scheduling it again moves that visit (200), it makes no second one.
        var city = factory.CityStaff();
        var moved = await HttpAssert.Json(await city.PostJson("/api/v1/visits", new { unitCode = "wuyang", year = 2022, plannedMonth = 4, startDate = "2022-04-12" }), HttpStatusCode.OK);
        var id = moved.GetProperty("id").GetInt32();
        Assert.Equal((_visit, 4, "Scheduled"), (id, moved.GetProperty("plannedMonth").GetInt32(), moved.GetProperty("status").GetString()));
        Assert.Equal(1, await factory.QueryAsync(db => db.Visits.CountAsync()));
        var ledger = await factory.QueryAsync(db => db.DeliveryLedger.AsNoTracking().ToListAsync());
        var entry = Assert.Single(ledger);
        Assert.Equal((MaterialsRequestNotice.Name, $"visit:{id}", "date-20220412"), (entry.Kind, entry.Subject, entry.Stage));
    }
}
