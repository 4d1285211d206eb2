using System.IO.Compression;
using System.Net;
using GuidanceBot.Api.Tests.Api;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Testing;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using W = DocumentFormat.OpenXml.Wordprocessing;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace GuidanceBot.Api.Tests.Documents;

/// <summary>
/// Text stored before input was checked (written straight to the database here) with characters XML cannot
/// hold: the letter, the report, the weekly list and the unit's dossier still download and open, the
/// characters dropped and the rest of the text kept.
/// </summary>
public class StoredTextDocumentTests : IAsyncLifetime
{
    private const string Dirty = "执法\u0001计划\0未覆盖\u001B全部\uFFFE重点\u202E单位";
    private const string Clean = "执法计划未覆盖全部重点单位";
    private readonly ApiTestFactory factory = new();
    private Scenario s = null!;
    private int weeklyId;

    public async Task InitializeAsync()
    {
        _ = factory.CreateClient();
        s = await Scenario.SeedAsync(factory);
        await factory.WithDbAsync(async db =>
        {
            var letter = await db.Letters.Include(l => l.Problems).SingleAsync(l => l.Id == s.LinyingLetter);
            letter.Problems[0].Problem = Dirty;
            letter.Problems[0].Opinion = "补充\u0002纳入";
            letter.CityContactName = "李\u0003四";
            db.RectificationReports.Add(new RectificationReport
            {
                OpinionLetterId = letter.Id, UnitId = letter.UnitId, Status = ReportStatus.Submitted, ResponsibleName = "赵\u0004局长",
                SubmittedUtc = new DateTime(2022, 3, 20, 2, 0, 0, DateTimeKind.Utc), SubmissionCount = 1,
                Items = [new RectificationItem { LetterProblemId = letter.Problems[0].Id, Measures = "已\u0001整改" + Dirty, Progress = RectificationProgress.Done, ReviewNote = "\u0005" }],
            });
            var weekly = new WeeklyAssignmentSnapshot
            {
                Year = 2022, Serial = 1, WeekStart = new(2022, 2, 28), GeneratedUtc = new(2022, 2, 28, 1, 0, 0, DateTimeKind.Utc),
                Lines = [new() { Order = 1, UnitId = s.LinyingId, UnitName = "临颍县应急管理局", Title = Dirty, OwnerName = "王\u0001五", DueDate = new(2022, 3, 31), Status = AssignmentLineStatus.Open }],
            };
            db.WeeklySnapshots.Add(weekly);
            await db.SaveChangesAsync();
            weeklyId = weekly.Id;
        });
    }

    public Task DisposeAsync()
    {
        factory.Dispose();
        return Task.CompletedTask;
    }

    private static string WordText(byte[] docx)
    {
        using var doc = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return string.Concat(doc.MainDocumentPart!.Document!.Body!.Descendants<W.Text>().Select(t => t.Text));
    }

    private async Task<byte[]> DownloadAsync(string url, string mediaType)
    {
        var response = await factory.Liaison("linying").GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    [Fact]
    public async Task The_letter_with_control_characters_in_its_problems_downloads_and_opens()
    {
        var text = WordText(await DownloadAsync($"/api/v1/letters/{s.LinyingLetter}/document", Docx));
        Assert.Contains(Clean, text);
        Assert.Contains("补充纳入", text);
        Assert.Contains("李四", text);
    }

    [Fact]
    public async Task The_report_with_control_characters_in_its_measures_downloads_and_opens()
    {
        var text = WordText(await DownloadAsync($"/api/v1/letters/{s.LinyingLetter}/report/document", Docx));
        Assert.Contains("已整改" + Clean, text);
        Assert.Contains("赵局长", text);
    }

    [Fact]
    public async Task The_unit_dossier_holding_both_downloads_and_its_documents_open()
    {
        using var zip = new ZipArchive(new MemoryStream(await DownloadAsync("/api/v1/status/2022/units/linying/dossier", "application/zip")));
        var letter = Assert.Single(zip.Entries, e => e.FullName.StartsWith("letters/", StringComparison.Ordinal));
        var report = Assert.Single(zip.Entries, e => e.FullName.StartsWith("reports/", StringComparison.Ordinal));
        foreach (var entry in new[] { letter, report })
        {
            using var buffer = new MemoryStream();
            using (var s = entry.Open())
            {
                s.CopyTo(buffer);
            }
            Assert.Contains(Clean, WordText(buffer.ToArray()));
        }
    }

    [Fact]
    public async Task The_weekly_list_with_control_characters_in_a_title_downloads_and_opens()
    {
        var xlsx = await DownloadAsync($"/api/v1/weekly/{weeklyId}/document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var cells = doc.WorkbookPart!.WorksheetParts.SelectMany(p => p.Worksheet!.Descendants<S.Text>()).Select(t => t.Text).ToList();
        Assert.Contains(Clean, cells);
        Assert.Contains("王五", cells);
    }
}
