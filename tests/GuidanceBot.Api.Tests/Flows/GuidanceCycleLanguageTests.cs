using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GuidanceBot.Bot.Flows.Letters;
using GuidanceBot.Bot.Flows.Visits;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.TeamFigures;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Visits;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows;

/// <summary>
/// Issue 15, parts 2, 5, 6 and 8, each walked in zh-CN and in en-US by a city staff member and a liaison of that language: the
/// cards through <c>/api/messages</c> and the API (with <c>Accept-Language</c>) answer in the person's language — an en-US text
/// holds no Chinese but the data (enterprise names, letter numbers) —, both doors refuse bad input with the same message under the
/// same field and write nothing, and what they do is in the database. The clock starts at 2022-03-01 09:00 China time.
/// </summary>
public partial class GuidanceCycleLanguageTests
{
    private const string EnglishStaffAad = "00000000-0000-0000-0000-00000000c0b1";

    /// <summary>The people of one language: city staff (luohe) and a wuyang liaison, their Teams ids, and the host.</summary>
    private sealed record Cast(Door Door, string Language, string StaffAad, Person Staff, string LiaisonAad, Person Liaison)
    {
        public bool English => Language == "en-US";

        public string Pick(string zh, string en) => English ? en : zh;
    }

    private static async Task<Cast> StartAsync(string name, string language)
    {
        var door = await Door.StartAsync(name, new ParityOptions
        {
            People = [new CastMember("Zhao Staff", PersonRole.CityStaff, "luohe", EnglishStaffAad, "en-US")],
        });
        door.Chat.Label = language + ":";
        return language == "en-US"
            ? new Cast(door, language, EnglishStaffAad, door.People[EnglishStaffAad], Door.EnglishLiaisonAad, door.EnglishLiaison)
            : new Cast(door, language, StaffAad, door.Staff, LiaisonAad, door.Liaison);
    }

    /// <summary>The API as <paramref name="person"/>, asking for the cast's language.</summary>
    private static async Task<HttpResponseMessage> ApiAsync(Cast c, Person person, HttpMethod method, string url, object? body = null)
    {
        using var client = await c.Door.ApiAsync(person);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(c.Language);
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        return await client.SendAsync(request);
    }

    private static async Task<JsonNode> OkAsync(Cast c, Person person, HttpMethod method, string url, object? body = null)
    {
        using var response = await ApiAsync(c, person, method, url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>A 400 ProblemDetails: each field's first message.</summary>
    private static async Task<Dictionary<string, string>> RefusedAsync(Cast c, Person person, HttpMethod method, string url, object? body = null)
    {
        using var response = await ApiAsync(c, person, method, url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!["errors"]!.AsObject().ToDictionary(e => e.Key, e => e.Value![0]!.GetValue<string>());
    }

    /// <summary>
    /// The text is in the cast's language: en-US holds no Chinese once the data is taken out (and the Chinese term a few English
    /// texts give in brackets, e.g. "(归档备查)"); zh-CN is Chinese.
    /// </summary>
    private static void AssertInLanguage(Cast c, string text, params string[] data)
    {
        var rest = data.Where(d => d.Length > 0).OrderByDescending(d => d.Length).Aggregate(text, (t, d) => t.Replace(d, " ", StringComparison.Ordinal));
        rest = Gloss().Replace(rest, " ");
        if (c.English)
        {
            Assert.False(Cjk().IsMatch(rest), $"Chinese left in an en-US text: {Cjk().Match(rest).Value} in\n{text}");
        }
        else
        {
            Assert.Matches(Cjk(), rest);
        }
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();

    private static IEnumerable<JsonObject> Elements(JsonNode? node) => node switch
    {
        JsonObject o => o.Select(p => p.Value).SelectMany(Elements).Prepend(o),
        JsonArray a => a.SelectMany(Elements),
        _ => [],
    };

    /// <summary>A Chinese term given in brackets after its English (a gloss), e.g. "Dossier (归档备查)".</summary>
    [GeneratedRegex(@"\((?:\p{IsCJKUnifiedIdeographs}|[.·、（）0-9一-龥])+\)")]
    private static partial Regex Gloss();

    private static Task<int> AddVisitAsync(Door door, string unit, int month, VisitStatus status = VisitStatus.Planned, DateOnly? start = null, DateOnly? end = null) =>
        door.Db(async db =>
        {
            var unitId = await db.Units.Where(u => u.Code == unit).Select(u => u.Id).SingleAsync();
            var visit = new GuidanceVisit { UnitId = unitId, Year = 2022, PlannedMonth = month, Status = status, StartDate = start, EndDate = end ?? start };
            db.Visits.Add(visit);
            await db.SaveChangesAsync();
            return visit.Id;
        });

    private static Task<GuidanceVisit> VisitAsync(Door door, int id) => door.Db(db => db.Visits.AsNoTracking().SingleAsync(v => v.Id == id));

    private static void SetChinaTime(Door door, int month, int day, int hour = 9) =>
        door.Host.Clock.Advance(new DateTimeOffset(2022, month, day, hour, 0, 0, TimeSpan.FromHours(8)) - door.Host.Clock.GetUtcNow());

    private static Task<List<string>> EnterpriseNamesAsync(Door door) => door.Db(db => db.Enterprises.Select(e => e.Name).ToListAsync());

    // ---- part 2: the draw, its replay, the secret until the visit, a plan of counts ----

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task The_draw_and_its_replay_are_city_staffs_in_their_language_sealed_from_the_county_and_a_plan_of_counts_asks_for_the_list(string language)
    {
        var c = await StartAsync("draw-" + language, language);
        await using var door = c.Door;
        await door.Chat.SeedPlanAsync("wuyang", SubmissionStatus.Accepted, enterprises: 3);
        var visitId = await AddVisitAsync(door, "wuyang", 3, VisitStatus.Scheduled, new DateOnly(2022, 3, 10), new DateOnly(2022, 3, 11));
        var names = await EnterpriseNamesAsync(door);

        // Chat: the visit card offers the draw; the draw shows seed, method, candidates, the replay's verdict and the drawn.
        var open = Card(await door.Chat.InvokeAsync(c.StaffAad, VisitVerbs.VisitOpen, new JsonObject { ["visitId"] = visitId }, name: "visit"));
        Assert.Contains(VisitVerbs.VisitDraw, Verbs(open));
        var drawn = Card(await door.Chat.PressAsync(c.StaffAad, open, VisitVerbs.VisitDraw, new() { ["count"] = "2" }, name: "visit-drawn"));
        var text = AllText(drawn);
        Assert.Contains("✅ " + c.Pick("复核结果一致", "replay matches"), text);
        AssertInLanguage(c, text, [.. names]);
        var draw = await door.Db(db => db.SpotCheckDraws.Include(d => d.Enterprises).ThenInclude(e => e.Enterprise).SingleAsync());
        Assert.Equal((visitId, 2, 3), (draw.GuidanceVisitId, draw.Enterprises.Count, draw.CandidateIds.Split(',').Length));
        Assert.All(draw.Enterprises, e => Assert.Contains(e.Enterprise!.Name, text));
        Assert.Contains(draw.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), text);

        // API: the replay in the caller's language, the same draw.
        var replay = await OkAsync(c, c.Staff, HttpMethod.Get, $"/api/v1/visits/{visitId}/draw");
        Assert.True(replay["replayMatches"]!.GetValue<bool>());
        Assert.Equal(draw.Seed, replay["seed"]!.GetValue<int>());
        AssertInLanguage(c, replay["method"]!.GetValue<string>());

        // The county before the visit's first day: neither its status card nor GET /visits/{id} names a drawn enterprise.
        var status = AllText(await door.Chat.AskForCardAsync(c.LiaisonAad, c.Pick("进度", "status"), "county-status"));
        AssertInLanguage(c, status, [.. names]);
        var asCounty = await OkAsync(c, c.Liaison, HttpMethod.Get, $"/api/v1/visits/{visitId}");
        Assert.Empty(asCounty["spotChecked"]!.AsArray());
        Assert.All(draw.Enterprises, e => Assert.DoesNotContain(e.Enterprise!.Name, status + asCounty.ToJsonString()));

        // A plan of counts: the card asks for the list instead of a draw button; the API refuses with the same words; nothing drawn.
        var linying = await door.Db(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Code == "linying");
            db.AnnualPlans.Add(new AnnualPlan
            {
                UnitId = unit.Id, Year = 2022, Status = SubmissionStatus.Accepted,
                Categories = [new() { CategoryCode = "industry-trade", KeyTotal = 3, KeyPlanned = 3, GeneralTotal = 9, GeneralPlanned = 3 }],
            });
            await db.SaveChangesAsync();
            return unit.Id;
        });
        var countsVisit = await AddVisitAsync(door, "linying", 4);
        var countsCard = Card(await door.Chat.InvokeAsync(c.StaffAad, VisitVerbs.VisitOpen, new JsonObject { ["visitId"] = countsVisit }, name: "visit-counts"));
        Assert.DoesNotContain(VisitVerbs.VisitDraw, Verbs(countsCard));
        var errors = await RefusedAsync(c, c.Staff, HttpMethod.Post, $"/api/v1/visits/{countsVisit}/draw",
            new { version = (await VisitAsync(door, countsVisit)).Version, count = 1 });
        Assert.Contains("❗ " + errors["visit"], AllText(countsCard));
        AssertInLanguage(c, errors["visit"]);
        Assert.Contains(c.Pick("企业名单", "list of planned enterprises"), errors["visit"]);
        Assert.Equal(1, await door.Db(db => db.SpotCheckDraws.CountAsync()));
        await door.Chat.AssertCardsValidAsync();
    }

    // ---- part 6: move and cancel with a reason, a passed month refused, the risk view ----

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task A_visit_is_moved_or_cancelled_with_a_reason_a_passed_month_is_refused_alike_in_both_doors_and_the_risks_read_in_the_callers_language(string language)
    {
        var c = await StartAsync("change-" + language, language);
        await using var door = c.Door;
        var wuyang = await AddVisitAsync(door, "wuyang", 5);
        var linying = await AddVisitAsync(door, "linying", 5);

        // A passed month and no reason: the same messages under the same fields through the card and the API; nothing written.
        var before = await VisitAsync(door, wuyang);
        var card = Card(await door.Chat.InvokeAsync(c.StaffAad, VisitVerbs.VisitMove, new JsonObject
        {
            ["visitId"] = wuyang, ["version"] = before.Version.ToString(), [VisitFields.PlannedMonth] = "2", [VisitFields.Reason] = " ",
        }, name: "move-refused"));
        var api = await RefusedAsync(c, c.Staff, HttpMethod.Post, $"/api/v1/visits/{wuyang}/move", new { version = before.Version, plannedMonth = 2, reason = " " });
        Assert.Equal(api[VisitFields.PlannedMonth], ErrorUnder(card, VisitFields.PlannedMonth));
        Assert.Equal(api[VisitFields.Reason], ErrorUnder(card, VisitFields.Reason));
        AssertInLanguage(c, api[VisitFields.PlannedMonth] + "\n" + api[VisitFields.Reason]);
        AssertInLanguage(c, AllText(card));
        Assert.Equal(before.Version, (await VisitAsync(door, wuyang)).Version);
        Assert.Equal(0, await door.Db(db => db.AuditLog.CountAsync(a => a.Action.StartsWith("visit."))));

        // Two units in May: the risk on the city's status card and through the API, the same words.
        var risks = await OkAsync(c, c.Staff, HttpMethod.Get, "/api/v1/years/2022/visit-risks");
        var same = risks["risks"]!.AsArray().Single(r => r!["code"]!.GetValue<string>() == GuidanceBot.Data.Rules.AnnualSchedule.SameMonth)!["message"]!.GetValue<string>();
        AssertInLanguage(c, same);
        var status = AllText(await door.Chat.AskForCardAsync(c.StaffAad, c.Pick("进度", "status"), "status-risks"));
        Assert.Contains(same, status);
        AssertInLanguage(c, status);
        var overview = await OkAsync(c, c.Staff, HttpMethod.Get, "/api/v1/status/2022");
        Assert.Contains(overview["visitRisks"]!.AsArray(), r => r!["message"]!.GetValue<string>() == same);
        Assert.Null((await OkAsync(c, c.Liaison, HttpMethod.Get, "/api/v1/status/2022"))["visitRisks"]);

        // Moved to June in chat with a reason, cancelled through the API with one: both kept, the risk gone.
        var reason = c.Pick("与省厅督查时间冲突", "Clashes with the province's inspection");
        var moved = Card(await door.Chat.PressAsync(c.StaffAad, card, VisitVerbs.VisitMove,
            new() { [VisitFields.PlannedMonth] = "6", [VisitFields.Reason] = reason, ["version"] = before.Version.ToString() }, name: "moved"));
        Assert.Null(ErrorUnder(moved, VisitFields.PlannedMonth));
        AssertInLanguage(c, AllText(moved), reason);
        var cancelReason = c.Pick("县局机构改革，年内另行安排", "The county bureau is being reorganised");
        var blank = await RefusedAsync(c, c.Staff, HttpMethod.Post, $"/api/v1/visits/{linying}/cancel", new { version = (await VisitAsync(door, linying)).Version, reason = "" });
        AssertInLanguage(c, blank[VisitFields.Reason]);
        var blankCard = Card(await door.Chat.InvokeAsync(c.StaffAad, VisitVerbs.VisitCancel, new JsonObject
        {
            ["visitId"] = linying, ["version"] = (await VisitAsync(door, linying)).Version.ToString(), [VisitFields.Reason] = "",
        }, name: "cancel-refused"));
        Assert.Equal(blank[VisitFields.Reason], ErrorUnder(blankCard, VisitFields.Reason));
        Assert.Equal(VisitStatus.Planned, (await VisitAsync(door, linying)).Status);
        await OkAsync(c, c.Staff, HttpMethod.Post, $"/api/v1/visits/{linying}/cancel", new { version = (await VisitAsync(door, linying)).Version, reason = cancelReason });
        var (m, l) = (await VisitAsync(door, wuyang), await VisitAsync(door, linying));
        Assert.Equal((6, VisitStatus.Cancelled, cancelReason), (m.PlannedMonth, l.Status, l.CancelReason));
        Assert.Equal([("visit.move", reason), ("visit.cancel", cancelReason)],
            (await door.Db(db => db.AuditLog.Where(a => a.Action.StartsWith("visit.")).OrderBy(a => a.Id).Select(a => new { a.Action, a.Reason }).ToListAsync()))
                .Select(a => (a.Action, a.Reason)));
        risks = await OkAsync(c, c.Staff, HttpMethod.Get, "/api/v1/years/2022/visit-risks");
        Assert.DoesNotContain(risks["risks"]!.AsArray(), r => r!["code"]!.GetValue<string>() == GuidanceBot.Data.Rules.AnnualSchedule.SameMonth);
        var cancelled = AllText(Card(await door.Chat.InvokeAsync(c.StaffAad, VisitVerbs.VisitOpen, new JsonObject { ["visitId"] = linying }, name: "cancelled")));
        Assert.Contains(cancelReason, cancelled);
        AssertInLanguage(c, cancelled, cancelReason);

        // From 1 December nobody left can be reached by 30 November: the status card and the API say so.
        SetChinaTime(door, 12, 1);
        risks = await OkAsync(c, c.Staff, HttpMethod.Get, "/api/v1/years/2022/visit-risks");
        var unreachable = risks["risks"]!.AsArray().First(r => r!["code"]!.GetValue<string>() == GuidanceBot.Data.Rules.AnnualSchedule.Unreachable)!["message"]!.GetValue<string>();
        AssertInLanguage(c, unreachable);
        Assert.Contains(unreachable, AllText(await door.Chat.AskForCardAsync(c.StaffAad, c.Pick("进度", "status"), "status-december")));
        await door.Chat.AssertCardsValidAsync();
    }

    // ---- part 5: the letter due after the visit; a problem accepted in progress until confirmed done ----

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task The_letters_due_day_follows_the_years_setup_on_the_visit_card_and_through_the_api_and_turns_late_after_it(string language)
    {
        var c = await StartAsync("letter-due-" + language, language);
        await using var door = c.Door;
        var visitId = await door.Db(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Code == "wuyang");
            var item = await db.CheckItems.OrderBy(i => i.Id).FirstAsync();
            var visit = new GuidanceVisit
            {
                UnitId = unit.Id, Year = 2022, PlannedMonth = 3, Status = VisitStatus.Done, StartDate = new(2022, 3, 3), EndDate = new(2022, 3, 4),
                Findings = [new VisitFinding { CheckItemId = item.Id, Outcome = FindingOutcome.Problem, Note = "计划未覆盖重点企业", RecordedById = c.Staff.Id }],
            };
            db.Visits.Add(visit);
            await db.SaveChangesAsync();
            return visit.Id;
        });
        SetChinaTime(door, 3, 7);

        // The 2022 setup gives 10 working days: Fri 4 March + 10 = Fri 18 March.
        var card = AllText(Card(await door.Chat.InvokeAsync(c.StaffAad, VisitVerbs.VisitOpen, new JsonObject { ["visitId"] = visitId }, name: "letter-due")));
        Assert.Contains(c.Pick("意见书应于 2022-03-18 前印发（执法指导结束后 10 个工作日）。", "The opinion letter is due by 2022-03-18 (10 working days after the visit)."), card);
        AssertInLanguage(c, card, "计划未覆盖重点企业");
        var due = (await OkAsync(c, c.Staff, HttpMethod.Get, $"/api/v1/visits/{visitId}"))["letterDue"]!;
        Assert.Equal(("2022-03-18", 10, false), (due["due"]!.GetValue<string>(), due["workingDays"]!.GetValue<int>(), due["late"]!.GetValue<bool>()));

        // The number is the year's setup's: five working days make it Fri 11 March; on 14 March it is late on the card and in the API.
        await door.Db(async db =>
        {
            (await db.YearSetups.SingleAsync(s => s.Year == 2022)).LetterDueWorkingDays = 5;
            return await db.SaveChangesAsync();
        });
        SetChinaTime(door, 3, 14);
        card = AllText(Card(await door.Chat.InvokeAsync(c.StaffAad, VisitVerbs.VisitOpen, new JsonObject { ["visitId"] = visitId }, name: "letter-late")));
        Assert.Contains(c.Pick("意见书已逾期：应于 2022-03-11 前印发（执法指导结束后 5 个工作日）。", "The opinion letter is late: it was due by 2022-03-11 (5 working days after the visit)."), card);
        due = (await OkAsync(c, c.Staff, HttpMethod.Get, $"/api/v1/visits/{visitId}"))["letterDue"]!;
        Assert.Equal(("2022-03-11", 5, true), (due["due"]!.GetValue<string>(), due["workingDays"]!.GetValue<int>(), due["late"]!.GetValue<bool>()));

        // Issued on 15 March: the API keeps the day it was issued (late), the card no longer asks for it.
        await door.Db(async db =>
        {
            var city = await db.Units.SingleAsync(u => u.Code == "luohe");
            db.Letters.Add(new OpinionLetter
            {
                UnitId = (await db.Visits.SingleAsync()).UnitId, IssuerUnitId = city.Id, GuidanceVisitId = visitId, Year = 2022, Status = LetterStatus.Issued,
                Number = "(漯)应急指导〔2022〕1号", VisitDate = new(2022, 3, 3), ReportDeadline = new(2022, 4, 22), IssuedOn = new(2022, 3, 15),
                CityContactName = "赵科员", CityContactPhone = "0395-1",
            });
            return await db.SaveChangesAsync();
        });
        SetChinaTime(door, 3, 16);
        due = (await OkAsync(c, c.Staff, HttpMethod.Get, $"/api/v1/visits/{visitId}"))["letterDue"]!;
        Assert.Equal(("2022-03-15", true), (due["issuedOn"]!.GetValue<string>(), due["late"]!.GetValue<bool>()));
        card = AllText(Card(await door.Chat.InvokeAsync(c.StaffAad, VisitVerbs.VisitOpen, new JsonObject { ["visitId"] = visitId }, name: "letter-issued")));
        Assert.DoesNotContain("2022-03-11", card);
        await door.Chat.AssertCardsValidAsync();
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task A_problem_accepted_in_progress_is_reported_done_and_confirmed_in_the_persons_language_and_a_day_ahead_is_refused_alike_in_both_doors(string language)
    {
        var c = await StartAsync("completion-" + language, language);
        await using var door = c.Door;
        const string problem = "执法案卷未及时归档", number = "(漯)应急指导〔2022〕2号";
        var (letterId, itemId) = await door.Db(async db =>
        {
            var wuyang = await db.Units.SingleAsync(u => u.Code == "wuyang");
            var city = await db.Units.SingleAsync(u => u.Code == "luohe");
            var letter = new OpinionLetter
            {
                UnitId = wuyang.Id, IssuerUnitId = city.Id, Year = 2022, Status = LetterStatus.Closed, Number = number,
                VisitDate = new(2022, 2, 10), ReportDeadline = new(2022, 2, 25), IssuedOn = new(2022, 2, 14), CityContactName = "赵科员", CityContactPhone = "0395-1",
                Problems = [new LetterProblem { Order = 1, Problem = problem, Opinion = "建立归档台账" }],
            };
            db.Letters.Add(letter);
            await db.SaveChangesAsync();
            db.Assignments.Add(new AssignmentItem
            {
                UnitId = wuyang.Id, Year = 2022, Kind = AssignmentKind.VisitProblem, SubjectKey = AssignmentTracker.LetterProblemKey(letter.Problems[0].Id),
                Title = "问题1", AssignedOn = new(2022, 2, 14), DueDate = new(2022, 3, 15),
            });
            var report = new RectificationReport
            {
                OpinionLetterId = letter.Id, UnitId = wuyang.Id, Status = ReportStatus.Accepted, ResponsibleName = "张局长", SubmissionCount = 1,
                Items = [new RectificationItem
                {
                    LetterProblemId = letter.Problems[0].Id, Measures = "正在整理案卷", Progress = RectificationProgress.InProgress, ExpectedCompletion = new(2022, 3, 15),
                    Decision = ReviewDecision.Accepted,
                }],
            };
            db.RectificationReports.Add(report);
            await db.SaveChangesAsync();
            return (letter.Id, report.Items[0].Id);
        });
        Task<Guid> VersionAsync() => door.Db(db => db.RectificationReports.Select(r => r.Version).SingleAsync());
        JsonObject Data(Guid version, params (string, string)[] inputs)
        {
            var data = new JsonObject { ["letterId"] = letterId, ["itemId"] = itemId, ["version"] = version.ToString() };
            foreach (var (k, v) in inputs)
            {
                data[k] = v;
            }
            return data;
        }
        string[] data = [problem, number, "正在整理案卷", "建立归档台账", "问题1"];

        // The county's card, in its language; a day ahead refused with the API's words under the same field; nothing written.
        var open = Card(await door.Chat.InvokeAsync(c.LiaisonAad, CompletionVerbs.Open, Data(await VersionAsync()), name: "completion"));
        AssertInLanguage(c, AllText(open), data);
        var ahead = Card(await door.Chat.InvokeAsync(c.LiaisonAad, CompletionVerbs.Report, Data(await VersionAsync(), (CompletionFields.CompletedOn, "2022-03-02")), name: "completion-ahead"));
        var api = await RefusedAsync(c, c.Liaison, HttpMethod.Post, $"/api/v1/letters/{letterId}/report/items/{itemId}/completion", new { version = await VersionAsync(), completedOn = "2022-03-02" });
        Assert.Equal(api[CompletionFields.CompletedOn], ErrorUnder(ahead, CompletionFields.CompletedOn));
        Assert.Equal(c.Pick("完成日期 2022-03-02 还没到。", "The completion date 2022-03-02 has not come yet."), api[CompletionFields.CompletedOn]);
        Assert.Null(await door.Db(db => db.RectificationItems.Select(i => i.CompletedOn).SingleAsync()));

        // Reported done in chat; the item stays on the list until city staff confirm it through the API; then it closes that day.
        var reported = Card(await door.Chat.InvokeAsync(c.LiaisonAad, CompletionVerbs.Report, Data(await VersionAsync(), (CompletionFields.Note, "done")), name: "completion-reported"));
        AssertInLanguage(c, AllText(reported), data);
        Assert.Null(await door.Db(db => db.Assignments.Select(a => a.ClosedOn).SingleAsync()));
        var confirmCard = Card(await door.Chat.InvokeAsync(c.StaffAad, CompletionVerbs.Open, Data(await VersionAsync()), name: "completion-confirm"));
        AssertInLanguage(c, AllText(confirmCard), [.. data, "done"]);
        var report = await OkAsync(c, c.Staff, HttpMethod.Post, $"/api/v1/letters/{letterId}/report/items/{itemId}/completion/review", new { version = await VersionAsync(), decision = "Accepted" });
        Assert.NotNull(report["items"]![0]!["completionConfirmedUtc"]);
        Assert.Equal(new DateOnly(2022, 3, 1), await door.Db(db => db.Assignments.Select(a => a.ClosedOn).SingleAsync()));
        await door.Chat.AssertCardsValidAsync();
    }

    // ---- part 8: 三.1, penalties published in the credit system and the provincial lists, monthly ----

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task The_months_credit_publications_and_list_updates_are_refused_alike_in_both_doors_then_filed_and_shown_in_the_persons_language(string language)
    {
        var c = await StartAsync("progress-" + language, language);
        await using var door = c.Door;
        await door.Db(async db =>
        {
            db.TeamFigures.Add(new TeamFiguresReport
            {
                UnitId = c.Liaison.UnitId, ReportedUtc = new DateTime(2022, 1, 10, 2, 0, 0, DateTimeKind.Utc), ReportedById = c.Liaison.Id,
                ApprovedPosts = 10, StaffOnPost = 10, CertifiedStaff = 9, EducationBachelor = 10, AgeUnder35 = 10, Men = 5, Women = 5,
            });
            return await db.SaveChangesAsync();
        });
        // Each field first (a list brought up to date after the month's end, or on a day not yet come), then the year-to-date
        // rule (more publications than penalties decided): each refused with the same message under the same field in both doors.
        var form = Card(await door.Chat.InvokeAsync(c.LiaisonAad, "team.progress", name: "progress"));
        AssertInLanguage(c, AllText(form));
        var month = new Dictionary<string, string>
        {
            ["period"] = "2022-02", ["inspectionsDone"] = "3", ["penaltiesDecided"] = "1", ["recordsEntered"] = "4", ["doubleRandomPublished"] = "2",
            ["penaltiesPublished"] = "1", ["enterpriseListUpdatedOn"] = "2022-02-25", ["staffListUpdatedOn"] = "2022-02-10", ["matterListUpdatedOn"] = "2022-01-10",
        };
        JsonObject? card = form;
        foreach (var (bad, fields) in new (Dictionary<string, string> Typed, string[] Fields)[]
                 {
                     (new() { ["enterpriseListUpdatedOn"] = "2022-03-01", ["staffListUpdatedOn"] = "2022-03-02" }, ["enterpriseListUpdatedOn", "staffListUpdatedOn"]),
                     (new() { ["penaltiesPublished"] = "2" }, ["penaltiesPublished"]),
                 })
        {
            var typed = new Dictionary<string, string>(month);
            foreach (var (k, v) in bad)
            {
                typed[k] = v;
            }
            card = Card(await door.Chat.PressAsync(c.LiaisonAad, card, "team.progress", typed, name: "progress-refused-" + fields[0]));
            var api = await RefusedAsync(c, c.Liaison, HttpMethod.Post, "/api/v1/teams/wuyang/progress/2022/2", new JsonObject(typed.Where(t => t.Key != "period")
                .Select(t => KeyValuePair.Create(t.Key, (JsonNode?)(t.Key.EndsWith("On", StringComparison.Ordinal) ? JsonValue.Create(t.Value) : JsonValue.Create(int.Parse(t.Value)))))));
            Assert.Equal(fields.Order(), api.Keys.Order());
            foreach (var field in fields)
            {
                Assert.Equal(api[field], ErrorUnder(card, field));
                AssertInLanguage(c, api[field]);
            }
            Assert.Equal(0, await door.Db(db => db.EnforcementProgress.CountAsync()));
        }

        var filed = Card(await door.Chat.PressAsync(c.LiaisonAad, card, "team.progress", month, name: "progress-filed"));
        AssertInLanguage(c, AllText(filed));
        var row = await door.Db(db => db.EnforcementProgress.SingleAsync());
        Assert.Equal((2, 1, new DateOnly(2022, 2, 25), new DateOnly(2022, 2, 10), new DateOnly(2022, 1, 10)),
            (row.Month, row.PenaltiesPublishedInCreditSystem, row.EnterpriseListUpdatedOn, row.StaffListUpdatedOn, row.MatterListUpdatedOn));

        // The month's review (the chat's card and the API) counts it: one publication, two of three lists brought up to date in February.
        var snapshotId = await door.Db(async db => (await new ReviewCompiler(db, door.Host.Clock).CompileMonthlyAsync(2022, 2)).Id);
        var review = await OkAsync(c, c.Staff, HttpMethod.Get, $"/api/v1/monthly/{snapshotId}");
        var mine = review["lines"]!.AsArray().Single(l => l!["penaltiesPublishedInMonth"] is not null)!;
        Assert.Equal((1, 2), (mine["penaltiesPublishedInMonth"]!.GetValue<int>(), mine["listsUpdatedInMonth"]!.GetValue<int>()));
        var monthly = await door.Chat.AskForCardAsync(c.StaffAad, c.Pick("本月讲评 2022-02", "monthly 2022-02"), "monthly");
        AssertInLanguage(c, AllText(monthly));
        Assert.Contains(c.Pick("执法进展（三.1，各单位本月报送）", "Enforcement progress (3.1, as each unit reported the month)"), AllText(monthly));
        var rows = Elements(monthly).Where(e => e["type"]?.GetValue<string>() == "TableRow")
            .Select(r => Texts(r)).ToList();
        Assert.Contains(rows, r => r[0] == c.Pick("舞阳县应急管理局", "Wuyang County") && r[^2..] is ["1", "2/3"]);
        await door.Chat.AssertCardsValidAsync();
    }
}
