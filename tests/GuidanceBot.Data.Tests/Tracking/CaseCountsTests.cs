using DocumentFormat.OpenXml.Packaging;
using GuidanceBot.Data.Cases;
using GuidanceBot.Data.Documents;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Tests.Documents;
using GuidanceBot.Data.Tests.Infrastructure;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Workflows;

namespace GuidanceBot.Data.Tests.Tracking;

/// <summary>
/// Typical cases on the weekly list of Monday 16 May 2022 and in the May review, from a scripted spring
/// in which cases are reported and judged through <see cref="CaseWorkflow"/> as the clock moves. The
/// figures were worked out by hand (comments); all times are China's (UTC+8).
/// </summary>
public class CaseCountsTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _wuyang = null!, _linying = null!, _staff = null!;
    private readonly Dictionary<string, (int Id, Guid Version)> _cases = [];

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _wuyang = Actor.From(await _db.PersonAsync("wuyang", PersonRole.CountyLiaison, "舞阳联络员"));
        _linying = Actor.From(await _db.PersonAsync("linying", PersonRole.CountyLiaison, "临颍联络员"));
        _staff = Actor.From(await _db.PersonAsync("luohe", PersonRole.CityStaff, "市局科员"));

        await Report("C5", _wuyang, "2022-04-20 10:00");           // April case, judged qualified on 20 May
        await Report("C1", _wuyang, "2022-05-03 10:00");
        await Judge("C1", qualified: true, "2022-05-05 10:00");
        await Report("C2", _wuyang, "2022-05-10 09:00");
        await Judge("C2", qualified: false, "2022-05-12 10:00");
        await Report("C3", _wuyang, "2022-05-15 23:30");           // Sunday night: last week's, still waiting at Monday 00:00
        await Judge("C3", qualified: true, "2022-05-16 08:00");
        await Report("C6", _wuyang, "2022-05-16 10:00");           // after the list's Monday began: not on it
        await Judge("C5", qualified: true, "2022-05-20 10:00");
        await Report("C4", _linying, "2022-05-31 20:00");
        await Judge("C4", qualified: true, "2022-06-01 09:00");    // judged in June: not qualified in the May review
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private void At(string chinaTime) =>
        _db.Clock.SetUtcNow(new DateTimeOffset(DateTime.Parse(chinaTime, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(8)));

    private async Task Report(string name, Actor who, string chinaTime)
    {
        At(chinaTime);
        await using var db = _db.NewContext();
        var on = DateOnly.FromDateTime(DateTime.Parse(chinaTime, System.Globalization.CultureInfo.InvariantCulture));
        var done = await _db.Cases(db).ReportAsync(new CaseReport(2022, "案例" + name, "案号" + name, on, "penalty"), who);
        Assert.True(done.Succeeded);
        _cases[name] = (done.Id!.Value, done.Version!.Value);
    }

    private async Task Judge(string name, bool qualified, string chinaTime)
    {
        At(chinaTime);
        await using var db = _db.NewContext();
        var (id, version) = _cases[name];
        var decision = qualified ? new CaseDecision(true, true, true, true, true, true, null) : new CaseDecision(false, true, true, false, true, true, "证据不足");
        var done = await _db.Cases(db).JudgeAsync(id, version, decision, _staff);
        Assert.True(done.Succeeded);
        _cases[name] = (id, done.Version!.Value);
    }

    [Fact]
    public async Task The_weekly_list_of_16_May_counts_each_units_cases_as_the_Monday_began_and_the_xlsx_shows_them()
    {
        await using var db = _db.NewContext();
        var week = await new ReviewCompiler(db, _db.Clock).CompileWeeklyAsync(new DateOnly(2022, 5, 16));

        var wuyang = week.Cases.Single(c => c.UnitName == "舞阳县应急管理局");
        // Entered 9–15 May: C2, C3. Waiting at Monday 00:00: C3 (judged Monday 08:00), C5 (judged 20 May).
        // Reported in 2022 before Monday: C5, C1, C2, C3. Qualified by then: C1 only.
        Assert.Equal((2, 2, 4, 1), (wuyang.ReportedLastWeek, wuyang.AwaitingJudgement, wuyang.ReportedInYear, wuyang.QualifiedInYear));
        var linying = week.Cases.Single(c => c.UnitName == "临颍县应急管理局");
        Assert.Equal((0, 0, 0, 0), (linying.ReportedLastWeek, linying.AwaitingJudgement, linying.ReportedInYear, linying.QualifiedInYear));
        Assert.Equal(await _db.WithContextAsync(d => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            d.Units, u => u.Level == Units.UnitLevel.County && u.IsActive)), week.Cases.Count);

        var file = (await new GuidanceDocuments(db, null!).WeeklyAssignmentAsync(week.Id))!;
        using var doc = SpreadsheetDocument.Open(new MemoryStream(file.Content), false);
        OpenXmlChecks.AssertValid(doc);
        var ws = OpenXmlChecks.Sheet(doc, out _);
        // No assignment lines: title, header, blank, then the case section.
        Assert.Equal("典型案例报送情况（截至2022年5月16日）", OpenXmlChecks.Text(ws, "A4"));
        Assert.Equal(WeeklyAssignmentWorkbook.CaseHeaders, new[] { "A5", "B5", "C5", "D5", "E5", "F5" }.Select(r => OpenXmlChecks.Text(ws, r)));
        var row = Enumerable.Range(6, week.Cases.Count).Single(r => OpenXmlChecks.Text(ws, $"B{r}") == "舞阳县应急管理局");
        Assert.Equal([2, 2, 4, 1], new[] { "C", "D", "E", "F" }.Select(c => OpenXmlChecks.Number(ws, $"{c}{row}")));
        var total = 6 + week.Cases.Count;
        Assert.Equal("合计", OpenXmlChecks.Text(ws, $"B{total}"));
        Assert.Equal([2, 2, 4, 1], new[] { "C", "D", "E", "F" }.Select(c => OpenXmlChecks.Number(ws, $"{c}{total}")));
    }

    [Fact]
    public async Task The_May_review_counts_cases_reported_and_qualified_in_the_month_and_year_to_date()
    {
        await using var db = _db.NewContext();
        var may = await new ReviewCompiler(db, _db.Clock).CompileMonthlyAsync(2022, 5);

        var wuyang = may.Lines.Single(l => l.UnitName == "舞阳县应急管理局");
        // Reported in May (by date reported): C1, C2, C3, C6. Qualified in May (by date judged): C1, C3, C5.
        // Year to date at 31 May: C5, C1, C2, C3, C6 reported; C1, C3, C5 qualified.
        Assert.Equal((4, 3, 5, 3), (wuyang.TypicalCasesReportedInMonth, wuyang.TypicalCasesQualifiedInMonth, wuyang.TypicalCasesReported, wuyang.TypicalCasesQualified));
        var linying = may.Lines.Single(l => l.UnitName == "临颍县应急管理局");
        // C4 reported on 31 May, judged qualified on 1 June.
        Assert.Equal((1, 0, 1, 0), (linying.TypicalCasesReportedInMonth, linying.TypicalCasesQualifiedInMonth, linying.TypicalCasesReported, linying.TypicalCasesQualified));

        var june = await new ReviewCompiler(db, _db.Clock).CompileMonthlyAsync(2022, 6);
        linying = june.Lines.Single(l => l.UnitName == "临颍县应急管理局");
        Assert.Equal((0, 1, 1, 1), (linying.TypicalCasesReportedInMonth, linying.TypicalCasesQualifiedInMonth, linying.TypicalCasesReported, linying.TypicalCasesQualified));
    }
}
