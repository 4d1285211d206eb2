using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Api.Jobs;
using GuidanceBot.Data;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Status;

/// <summary>
/// Any year in chat, not only the current one (issue 14, point 5): the status, the weekly list, the monthly review and the
/// dossier of a past year, with the clock in the next year; and the January review, which covers December of the year before.
/// </summary>
public class AnyYearTests
{
    private static void MoveTo(TeamsDriver flow, DateOnly day, int hour = 9) =>
        flow.Host.Clock.Advance(new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.FromHours(8)) - flow.Host.Clock.GetUtcNow());

    private static async Task<T> JobAsync<T>(TeamsDriver flow, Func<IServiceProvider, Task<T>> job)
    {
        await using var scope = flow.Host.Services.CreateAsyncScope();
        return await job(scope.ServiceProvider);
    }

    private static string Title(JsonObject card) => card["body"]![0]!["text"]!.GetValue<string>();

    [Fact]
    public async Task In_2023_the_status_of_2022_its_year_picker_and_its_dossier_are_reachable_in_chat()
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        await flow.SeedPlanAsync("wuyang", SubmissionStatus.Accepted); // a 2022 plan
        MoveTo(flow, new DateOnly(2023, 2, 6));

        Assert.Equal("2023年工作进度", Title(await flow.AskForCardAsync(StaffAad, "进度", "status-2023")));
        var past = await flow.AskForCardAsync(StaffAad, "进度 2022", "status-2022");
        Assert.Equal("2022年工作进度", Title(past));
        Assert.Contains("✅", string.Join("|", Texts(past["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "Table"))));
        var picker = Input(past, "year");
        Assert.Equal("2022", picker["value"]!.GetValue<string>());
        Assert.Equal(["2023", "2022"], picker["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));

        // The picker's year goes with the overview's button: a unit of that year.
        var unit = Card(await flow.InvokeAsync(StaffAad, "status.overview", new JsonObject { ["unit"] = "wuyang", ["year"] = "2022" }, name: "status-unit-2022"));
        Assert.Contains("2022", Title(unit));
        Assert.Equal(Title(unit), Title(await flow.AskForCardAsync(StaffAad, "进度 舞阳县 2022", "status-unit-2022-typed")));

        // The county liaison asks the same in their words and gets their own 2022. The dossier link is city staff's (it holds
        // the draw, which a county sees only from the visit's first day): on the city's unit card of 2022, and it opens.
        var own = await flow.AskForCardAsync(LiaisonAad, "status 2022", "status-own-2022");
        Assert.Contains("2022", Title(own));
        Assert.DoesNotContain(own["actions"]?.AsArray() ?? [], a => a?["url"] is not null);
        var link = unit["actions"]!.AsArray().Select(a => a!["url"]?.GetValue<string>()).Single(u => u is not null)!;
        using var zip = await flow.Host.Http.GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal(System.Net.HttpStatusCode.OK, zip.StatusCode);
        Assert.Equal("application/zip", zip.Content.Headers.ContentType?.MediaType);

        // A year out of range: said so, nothing shown.
        var before = flow.Host.Connector.Requests.Count;
        await flow.MessageAsync(StaffAad, "进度 2031");
        await flow.Host.Connector.WaitUntilAsync(r => r.Count > before);
        Assert.Contains("年度应在", flow.Host.Connector.Requests[before].Body!["text"]!.GetValue<string>());
        await flow.AssertCardsValidAsync();
    }

    [Fact]
    public async Task The_January_review_covers_December_of_the_year_before_and_the_February_review_compares_with_it()
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        await flow.Host.WithDbAsync(async db =>
        {
            var wuyang = await db.Units.Where(u => u.Code == "wuyang").Select(u => u.Id).SingleAsync();
            void Item(string key, string assigned, string due, string? closed) => db.Assignments.Add(new AssignmentItem
            {
                SubjectKey = key, Title = "事项" + key, UnitId = wuyang, Year = 2022, Kind = AssignmentKind.VisitProblem, OwnerName = "王联络",
                AssignedOn = DateOnly.Parse(assigned, CultureInfo.InvariantCulture), DueDate = DateOnly.Parse(due, CultureInfo.InvariantCulture),
                ClosedOn = closed is null ? null : DateOnly.Parse(closed, CultureInfo.InvariantCulture),
            });
            Item("D1", "2022-12-05", "2022-12-20", "2022-12-19"); // closed on time in December
            Item("D2", "2022-12-06", "2022-12-15", null);         // overdue at December's end, closed late in January
            Item("J1", "2023-01-09", "2023-01-20", "2023-01-18"); // January's own, on time
            await db.SaveChangesAsync();
        });
        await flow.Host.WithDbAsync(async db =>
        {
            var d2 = await db.Assignments.SingleAsync(a => a.SubjectKey == "D2");
            d2.ClosedOn = new DateOnly(2023, 1, 10);
            await db.SaveChangesAsync();
        });

        // The last weekly list of 2022 (Monday 26 December).
        MoveTo(flow, new DateOnly(2022, 12, 26));
        var lastWeek = await JobAsync(flow, sp => sp.GetRequiredService<WeeklyAssignmentJob>().RunAsync(CancellationToken.None));

        var calendar = flow.Host.Services.GetRequiredService<WorkingDayCalendar>();
        var january = calendar.WorkingDayOnOrAfter(new DateOnly(2023, 1, 1));
        MoveTo(flow, january);
        var december = await JobAsync(flow, sp => sp.GetRequiredService<MonthlyReviewJob>().RunAsync(CancellationToken.None));
        Assert.Equal((2022, 12), (december!.Year, december.Month));

        // Read in chat: the latest review is December's; asked by month, the same.
        var card = await flow.AskForCardAsync(StaffAad, "本月讲评", "monthly-december");
        Assert.Equal("2022年12月 月讲评", Title(card));
        Assert.Equal("2022年12月 月讲评", Title(await flow.AskForCardAsync(StaffAad, "本月讲评 2022-12", "monthly-2022-12")));

        MoveTo(flow, calendar.WorkingDayOnOrAfter(new DateOnly(2023, 2, 1)));
        var jan = await JobAsync(flow, sp => sp.GetRequiredService<MonthlyReviewJob>().RunAsync(CancellationToken.None));
        Assert.Equal((2023, 1), (jan!.Year, jan.Month));
        await flow.Host.WithDbAsync(async db =>
        {
            var snapshots = await db.MonthlySnapshots.Include(s => s.Lines).Where(s => s.Id == december.SnapshotId || s.Id == jan.SnapshotId).ToListAsync();
            var lines = snapshots.SelectMany(s => s.Lines.Where(l => l.UnitName == "舞阳县应急管理局")
                .Select(l => new { s.Year, l.Assigned, l.ClosedOnTime, l.ClosedLate, l.Overdue, l.OnTimePermille, l.OnTimePermilleChange })).ToList();
            var dec = lines.Single(l => l.Year == 2022);
            Assert.Equal((2, 1, 0, 1, 500), (dec.Assigned, dec.ClosedOnTime, dec.ClosedLate, dec.Overdue, dec.OnTimePermille!.Value));
            var janLine = lines.Single(l => l.Year == 2023);
            Assert.Equal((1, 1, 1, 0, 500), (janLine.Assigned, janLine.ClosedOnTime, janLine.ClosedLate, janLine.Overdue, janLine.OnTimePermille!.Value));
            Assert.Equal(0, janLine.OnTimePermilleChange); // compared with December 2022's review, across the year
        });

        // The weekly list of a past year: its last one; a year without one says so.
        var weekly = await flow.AskForCardAsync(StaffAad, "本周交办 2022", "weekly-2022");
        Assert.Contains("2022", Title(weekly));
        Assert.Contains("事项D2", AllText(weekly));
        var before = flow.Host.Connector.Requests.Count;
        await flow.MessageAsync(StaffAad, "本周交办 2021");
        await flow.Host.Connector.WaitUntilAsync(r => r.Count > before);
        Assert.Contains("2021 年没有周交办清单", flow.Host.Connector.Requests[before].Body!["text"]!.GetValue<string>());
        await flow.AssertCardsValidAsync();
    }
}
