using System.Net;
using System.Net.Http.Headers;
using GuidanceBot.Api.Tab;
using GuidanceBot.ApiBenchmark;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Api.Tests.Tab;

/// <summary>
/// The host on real HTTP (Kestrel, loopback) over two years of six units (the API benchmark's history, 30 enterprises
/// each), with this year's open and overdue rectification items, an overdue letter, a weekly list and a monthly review.
/// The clock is today's: the session cookie's expiry is real time for the browser.
/// </summary>
public sealed class TabWorld : IAsyncLifetime
{
    public LoopbackApiFactory Host { get; private set; } = null!;

    public int Year { get; private set; }

    public int WeeklyId { get; private set; }

    public int MonthlyId { get; private set; }

    public async Task InitializeAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "guidancebot-tests", Guid.NewGuid().ToString("N"));
        Host = LoopbackApiFactory.Start(folder);
        var now = DateTimeOffset.UtcNow;
        Host.Clock.SetUtcNow(now);
        Year = now.ToOffset(TimeSpan.FromHours(8)).Year;
        await Host.WithDbAsync(async db =>
        {
            await HistoryGenerator.GenerateAsync(db, Year - 1, 2, 30);
        });
        await Host.WithDbAsync(async db =>
        {
            var units = await db.Units.ToDictionaryAsync(u => u.Code, u => u.Id);
            var today = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime);
            // This year: wuyang has two open items and one overdue, linying one overdue letter (its report missing).
            db.Assignments.AddRange(
                new AssignmentItem { UnitId = units["wuyang"], Year = Year, Kind = AssignmentKind.VisitProblem, SubjectKey = "tab:1", Title = "台账不全", AssignedOn = today.AddDays(-20), DueDate = today.AddDays(10) },
                new AssignmentItem { UnitId = units["wuyang"], Year = Year, Kind = AssignmentKind.VisitProblem, SubjectKey = "tab:2", Title = "计划未覆盖", AssignedOn = today.AddDays(-15), DueDate = today.AddDays(5) },
                new AssignmentItem { UnitId = units["wuyang"], Year = Year, Kind = AssignmentKind.Other, SubjectKey = "tab:3", Title = "培训记录缺失", AssignedOn = today.AddDays(-40), DueDate = today.AddDays(-3) });
            var letter = await db.Letters.Where(l => l.UnitId == units["linying"] && l.Year == Year).FirstAsync();
            letter.Status = LetterStatus.Issued;
            db.RectificationReports.Remove(await db.RectificationReports.FirstAsync(r => r.OpinionLetterId == letter.Id));
            await db.SaveChangesAsync();
        });
        await using var scope = Host.Services.CreateAsyncScope();
        var compiler = scope.ServiceProvider.GetRequiredService<ReviewCompiler>();
        var monday = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime);
        while (monday.DayOfWeek != DayOfWeek.Monday)
        {
            monday = monday.AddDays(-1);
        }
        WeeklyId = (await compiler.CompileWeeklyAsync(monday)).Id;
        var lastMonth = new DateOnly(Year, 1, 1) < monday.AddMonths(-1) ? monday.AddMonths(-1) : monday;
        MonthlyId = (await compiler.CompileMonthlyAsync(lastMonth.Year, lastMonth.Month)).Id;
    }

    /// <summary>The tab's session cookie for a token of the local test issuer, made as the Teams page makes it: POST /tab/session.</summary>
    public async Task<string> SessionAsync(string role, string? unit = null, string? oid = null, string? tid = null)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = Host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tab/session");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Host.Token(role, unit, name: $"{unit ?? "市局"}用户", oid: oid, tid: tid));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(TabSession.CookieName + "=", StringComparison.Ordinal));
        return cookie[(TabSession.CookieName.Length + 1)..cookie.IndexOf(';')];
    }

    /// <summary>A client carrying a tab session (cookies kept, redirects not followed).</summary>
    public async Task<HttpClient> BrowserAsync(string role, string? unit = null, string? language = null)
    {
        var cookies = new CookieContainer();
        cookies.Add(Host.BaseAddress, new Cookie(TabSession.CookieName, await SessionAsync(role, unit)));
        if (language is not null)
        {
            cookies.Add(Host.BaseAddress, new Cookie(TabSetup.LanguageCookie, language));
        }
        return new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = Host.BaseAddress };
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
