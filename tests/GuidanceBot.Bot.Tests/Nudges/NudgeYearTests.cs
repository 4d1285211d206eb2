using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Nudges;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Bot.Tests.Nudges;

/// <summary>
/// 2022 for the six county units, with the State Council's holidays and make-up days. Filings, returns, a
/// letter and visits happen on scripted days through the real workflows; the planner and the real dispatcher
/// run at 03:00, 09:00 and 15:00 China time every day. The nudges expected were worked out by hand from the
/// 2022 calendar (comments give the reasoning) and are compared with what the fake Connector received.
/// </summary>
public class NudgeYearTests
{
    private const string CityA = "王芳", CityB = "Li Lei", YuanhuiZh = "源汇联络员", YuanhuiEn = "Yuanhui Liaison",
        Yancheng = "郾城联络员", Shaoling = "召陵联络员", ShaolingHead = "召陵负责人", Wuyang = "舞阳联络员", Linying = "临颍联络员", Jingkai = "经开联络员";

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Nudges:Years:2022:Plan"] = "2022-03-31",     // Thursday
        ["Nudges:Years:2022:Approval"] = "2022-04-30", // Saturday in the 劳动节 break: effective Thursday 5 May
    };

    /// <summary>(China date, kind, recipient), each exactly once.</summary>
    private static readonly (string Date, string Kind, string Person)[] Expected =
    [
        // 舞阳's plan, due Thu 31 Mar, filed 12 Apr: 7/3/1 working days before, the day, then the first working day of each
        // week after it (Fri 1 Apr; the week of 4 Apr starts after 清明 on Wed 6 Apr; Mon 11 Apr). Muted, but deadlines are not optional.
        ("2022-03-22", NudgeKinds.FilingDue, Wuyang), ("2022-03-28", NudgeKinds.FilingDue, Wuyang), ("2022-03-30", NudgeKinds.FilingDue, Wuyang),
        ("2022-03-31", NudgeKinds.FilingDue, Wuyang), ("2022-04-01", NudgeKinds.FilingDue, Wuyang), ("2022-04-06", NudgeKinds.FilingDue, Wuyang),
        ("2022-04-11", NudgeKinds.FilingDue, Wuyang),
        // 临颍's approval, due Sat 30 Apr → Thu 5 May, filed 20 May. 7 before counts Sun 24 Apr (make-up day): 29,28,27,26,25,24,22 Apr.
        // Overdue: Fri 6 May (the make-up Sat 7 May is not a week's first working day), Mon 9 May, Mon 16 May.
        ("2022-04-22", NudgeKinds.FilingDue, Linying), ("2022-04-27", NudgeKinds.FilingDue, Linying), ("2022-04-29", NudgeKinds.FilingDue, Linying),
        ("2022-05-05", NudgeKinds.FilingDue, Linying), ("2022-05-06", NudgeKinds.FilingDue, Linying), ("2022-05-09", NudgeKinds.FilingDue, Linying),
        ("2022-05-16", NudgeKinds.FilingDue, Linying),
        // 郾城's plan returned Tue 1 Mar, not resubmitted within 5 working days (2,3,4,7,8 Mar): Wed 9 Mar. The second return (15 Mar)
        // is answered on 17 Mar: nothing.
        ("2022-03-09", NudgeKinds.SubmissionReturned, Yancheng),
        // Visits, a week ahead, moved to the next working day: 源汇 15 Mar → 8 Mar; 郾城 12 Apr → 5 Apr is 清明 → 6 Apr;
        // 舞阳 10 May → 3 May is off → 5 May (its liaison muted); 召陵 1 Sep → 25 Aug; 临颍 12 Oct → 5 Oct is off → Sat 8 Oct (make-up);
        // 经开 15 Nov → 8 Nov. City staff: Li Lei muted.
        ("2022-03-08", NudgeKinds.VisitUpcoming, CityA), ("2022-03-08", NudgeKinds.VisitUpcoming, YuanhuiZh), ("2022-03-08", NudgeKinds.VisitUpcoming, YuanhuiEn),
        ("2022-04-06", NudgeKinds.VisitUpcoming, CityA), ("2022-04-06", NudgeKinds.VisitUpcoming, Yancheng),
        ("2022-05-05", NudgeKinds.VisitUpcoming, CityA),
        ("2022-08-25", NudgeKinds.VisitUpcoming, CityA), ("2022-08-25", NudgeKinds.VisitUpcoming, Shaoling),
        ("2022-10-08", NudgeKinds.VisitUpcoming, CityA), ("2022-10-08", NudgeKinds.VisitUpcoming, Linying),
        ("2022-11-08", NudgeKinds.VisitUpcoming, CityA), ("2022-11-08", NudgeKinds.VisitUpcoming, Jingkai),
        // Units not yet guided, from 1 Oct, first working day of each week: Sat 8 Oct (国庆 week), then Mondays until 经开 is guided on 15 Nov.
        ("2022-10-08", NudgeKinds.UnguidedUnits, CityA), ("2022-10-10", NudgeKinds.UnguidedUnits, CityA), ("2022-10-17", NudgeKinds.UnguidedUnits, CityA),
        ("2022-10-24", NudgeKinds.UnguidedUnits, CityA), ("2022-10-31", NudgeKinds.UnguidedUnits, CityA), ("2022-11-07", NudgeKinds.UnguidedUnits, CityA),
        ("2022-11-14", NudgeKinds.UnguidedUnits, CityA),
        // 经开's letter: issued 1 Jun, acknowledged 2 Jun, report due Thu 30 Jun, filed Fri 24 Jun: only 7 before (21 Jun).
        ("2022-06-21", NudgeKinds.RectificationDue, Jingkai),
        // 召陵's letter: issued Mon 5 Sep, not acknowledged within 3 working days (6,7,8): Fri 9 Sep; acknowledged 13 Sep.
        ("2022-09-09", NudgeKinds.LetterUnacknowledged, Shaoling),
        // Report due Mon 10 Oct, filed Wed 19 Oct. Before: 1 = Sun 9 Oct, 2 = Sat 8 Oct (make-up days), 3 = Fri 30 Sep, 7 = Mon 26 Sep.
        ("2022-09-26", NudgeKinds.RectificationDue, Shaoling), ("2022-09-30", NudgeKinds.RectificationDue, Shaoling),
        ("2022-10-09", NudgeKinds.RectificationDue, Shaoling), ("2022-10-10", NudgeKinds.RectificationDue, Shaoling),
        ("2022-10-11", NudgeKinds.RectificationDue, Shaoling), ("2022-10-12", NudgeKinds.RectificationDue, Shaoling),
        ("2022-10-13", NudgeKinds.RectificationDue, Shaoling), ("2022-10-14", NudgeKinds.RectificationDue, Shaoling),
        ("2022-10-17", NudgeKinds.RectificationDue, Shaoling), ("2022-10-18", NudgeKinds.RectificationDue, Shaoling),
        ("2022-10-19", NudgeKinds.RectificationDue, Shaoling),
        // Weekly escalation to both city staff (mandatory): Tue 11 Oct, Mon 17 Oct.
        ("2022-10-11", NudgeKinds.RectificationEscalation, CityA), ("2022-10-11", NudgeKinds.RectificationEscalation, CityB),
        ("2022-10-17", NudgeKinds.RectificationEscalation, CityA), ("2022-10-17", NudgeKinds.RectificationEscalation, CityB),
        // Report returned Fri 21 Oct, not resubmitted within 5 working days (24–28 Oct): Mon 31 Oct; resubmitted 2 Nov.
        ("2022-10-31", NudgeKinds.SubmissionReturned, Shaoling),
        // Monthly progress, due by the 5th working day; every unit reports each month on the 1st of the next, except:
        // 源汇 reports December 2021 on 11 Jan → both its liaisons on Mon 10 Jan (元旦 1–3 Jan: 4,5,6,7,10);
        // 临颍 reports January on 14 Feb → Fri 11 Feb (春节 to 6 Feb: 7–11 Feb);
        // 舞阳 reports September on 13 Oct → Wed 12 Oct (国庆 to 7 Oct; make-up Sat 8, Sun 9, then 10, 11, 12), muted but a deadline.
        ("2022-01-10", NudgeKinds.ProgressDue, YuanhuiZh), ("2022-01-10", NudgeKinds.ProgressDue, YuanhuiEn),
        ("2022-02-11", NudgeKinds.ProgressDue, Linying),
        ("2022-10-12", NudgeKinds.ProgressDue, Wuyang),
        // Visit materials, never provided: 7 and 3 working days before each visit, to the unit's liaisons (not the 负责人; not
        // optional, so muted 舞阳 gets them). 源汇 Tue 15 Mar: Fri 4 Mar, Thu 10 Mar. 郾城 Tue 12 Apr (清明 3–5 Apr off, Sat 2 Apr
        // worked): 7 = Thu 31 Mar, 3 = Thu 7 Apr. 舞阳 Tue 10 May (30 Apr–4 May off, Sat 7 May worked):
        // 9 May(1), 7 May(2), 6 May(3), 5, 29, 28, 27 Apr: 7 = Wed 27 Apr, 3 = Fri 6 May. 召陵 Thu 1 Sep: Tue 23 Aug, Mon 29 Aug. 临颍 Wed 12 Oct (1–7 Oct off,
        // 8–9 Oct worked): 11,10,9,8 Oct, 30,29,28 Sep: 7 = Wed 28 Sep, 3 = Sun 9 Oct. 经开 Tue 15 Nov: Fri 4 Nov, Thu 10 Nov.
        ("2022-03-04", NudgeKinds.MaterialsMissing, YuanhuiZh), ("2022-03-04", NudgeKinds.MaterialsMissing, YuanhuiEn),
        ("2022-03-10", NudgeKinds.MaterialsMissing, YuanhuiZh), ("2022-03-10", NudgeKinds.MaterialsMissing, YuanhuiEn),
        ("2022-03-31", NudgeKinds.MaterialsMissing, Yancheng), ("2022-04-07", NudgeKinds.MaterialsMissing, Yancheng),
        ("2022-04-27", NudgeKinds.MaterialsMissing, Wuyang), ("2022-05-06", NudgeKinds.MaterialsMissing, Wuyang),
        ("2022-08-23", NudgeKinds.MaterialsMissing, Shaoling), ("2022-08-29", NudgeKinds.MaterialsMissing, Shaoling),
        ("2022-09-28", NudgeKinds.MaterialsMissing, Linying), ("2022-10-09", NudgeKinds.MaterialsMissing, Linying),
        ("2022-11-04", NudgeKinds.MaterialsMissing, Jingkai), ("2022-11-10", NudgeKinds.MaterialsMissing, Jingkai),
    ];

    private static readonly Dictionary<string, string> VerbOf = new()
    {
        [NudgeKinds.FilingDue] = "plan.file|approval.file",
        [NudgeKinds.SubmissionReturned] = "plan.file|rectification.file",
        [NudgeKinds.VisitUpcoming] = "visit.schedule|deadlines.show",
        [NudgeKinds.UnguidedUnits] = "status.overview",
        [NudgeKinds.RectificationDue] = "rectification.file",
        [NudgeKinds.LetterUnacknowledged] = "letter.acknowledge",
        [NudgeKinds.RectificationEscalation] = "status.overview",
        [NudgeKinds.ProgressDue] = "team.progress",
        [NudgeKinds.MaterialsMissing] = "materials.open",
    };

    [Fact]
    public async Task A_whole_year_sends_every_expected_nudge_once_at_nine_on_working_days_to_the_right_people_and_nothing_else()
    {
        await using var h = await NudgeHarness.StartAsync(Settings);
        var calendar = h.Services.GetRequiredService<WorkingDayCalendar>();
        Assert.True(calendar.HasArrangement(2022));

        var people = new Dictionary<string, Person>
        {
            [CityA] = await h.AddPersonAsync(CityA, PersonRole.CityStaff, "luohe"),
            [CityB] = await h.AddPersonAsync(CityB, PersonRole.CityStaff, "luohe", "en-US", muted: true),
            [YuanhuiZh] = await h.AddPersonAsync(YuanhuiZh, PersonRole.CountyLiaison, "yuanhui"),
            [YuanhuiEn] = await h.AddPersonAsync(YuanhuiEn, PersonRole.CountyLiaison, "yuanhui", "en-US"),
            [Yancheng] = await h.AddPersonAsync(Yancheng, PersonRole.CountyLiaison, "yancheng"),
            [Shaoling] = await h.AddPersonAsync(Shaoling, PersonRole.CountyLiaison, "shaoling"),
            [ShaolingHead] = await h.AddPersonAsync(ShaolingHead, PersonRole.CountyResponsible, "shaoling"),
            [Wuyang] = await h.AddPersonAsync(Wuyang, PersonRole.CountyLiaison, "wuyang", muted: true),
            [Linying] = await h.AddPersonAsync(Linying, PersonRole.CountyLiaison, "linying"),
            [Jingkai] = await h.AddPersonAsync(Jingkai, PersonRole.CountyLiaison, "jingkai"),
        };
        var names = people.ToDictionary(p => p.Value.Id, p => p.Key);
        var script = await ScriptAsync(h, people);

        var start = new DateOnly(2022, 1, 1);
        for (var day = start; day.Year == 2022; day = day.AddDays(1))
        {
            foreach (var hour in new[] { 3, 9, 15 })
            {
                h.SetLocal(day, hour);
                while (script.Count > 0 && script.Peek().At <= h.LocalNow)
                {
                    await script.Dequeue().Run();
                }

                var sentBefore = h.Connector.Requests.Count;
                await h.PlanAsync();
                await h.Dispatcher.DispatchDueAsync();
                if (hour != 9 || !calendar.IsWorkingDay(day))
                {
                    Assert.True(h.Connector.Requests.Count == sentBefore, $"something was sent on {day:yyyy-MM-dd} at {hour}:00");
                }
            }
        }
        Assert.Empty(script);

        // What the ledger says was owed and sent…
        var ledger = await h.LedgerAsync();
        Assert.All(ledger, e => Assert.Equal(Data.Messaging.DeliveryStatus.Sent, e.Status));
        var queued = ledger
            .Select(e => (Date: LocalDate(e.DueUtc), e.Kind, Person: names[e.PersonId]))
            .OrderBy(x => x.Date).ThenBy(x => x.Kind).ThenBy(x => x.Person).ToList();
        var expected = Expected.Select(x => (Date: DateOnly.Parse(x.Date, CultureInfo.InvariantCulture), x.Kind, x.Person))
            .OrderBy(x => x.Date).ThenBy(x => x.Kind).ThenBy(x => x.Person).ToList();
        Assert.Equal(expected, queued);

        // …and what Teams received: one message per expected nudge, at 09:00 China time on a working day, to that person.
        var requests = h.Connector.Requests;
        Assert.All(requests, r => Assert.Equal("POST", r.Method));
        var received = requests
            .Select(r => (Local: r.ReceivedUtc.ToOffset(NudgeHarness.China), Person: h.Conversations[r.ConversationId!]))
            .ToList();
        Assert.All(received, r =>
        {
            Assert.Equal(new TimeSpan(9, 0, 0), r.Local.TimeOfDay);
            Assert.True(calendar.IsWorkingDay(DateOnly.FromDateTime(r.Local.DateTime)), $"{r.Local:yyyy-MM-dd} is a day off");
        });
        Assert.Equal(
            expected.Select(x => (x.Date, x.Person)).Order().ToList(),
            received.Select(r => (DateOnly.FromDateTime(r.Local.DateTime), r.Person)).Order().ToList());

        // Every message: one Adaptive Card, Teams' alert on, in the recipient's language, with the button of its kind.
        foreach (var r in requests)
        {
            var body = r.Body!.AsObject();
            var person = h.Conversations[r.ConversationId!];
            Assert.True(body["channelData"]?["notification"]?["alert"]?.GetValue<bool>(), person);
            Assert.Equal(person is CityB or YuanhuiEn ? "en-US" : "zh-CN", body["locale"]?.GetValue<string>());
            Assert.Equal("application/vnd.microsoft.card.adaptive", body["attachments"]![0]!["contentType"]!.GetValue<string>());
        }
        foreach (var e in ledger)
        {
            var activity = JsonSerializer.Deserialize<Activity>(e.Payload, ProtocolJson.Options)!;
            var verb = activity.Attachments![0].Content!["actions"]![0]!["verb"]!.GetValue<string>();
            Assert.Contains(verb, VerbOf[e.Kind].Split('|'));
        }

        var english = requests.Where(r => h.Conversations[r.ConversationId!] == CityB).Select(r => Title(r.Body!)).ToList();
        Assert.All(english, t => Assert.StartsWith("Escalation: rectification report overdue", t));
        Assert.Contains(requests, r => h.Conversations[r.ConversationId!] == Shaoling && Title(r.Body!) == "逾期：整改报告已逾期 7 个工作日");

        // The official parser accepts every card that went out.
        var checks = await AdaptiveCardParser.CheckAsync(ledger.Select(e =>
            ($"{e.Kind}/{e.Stage}/{names[e.PersonId]}", (JsonNode)JsonSerializer.Deserialize<Activity>(e.Payload, ProtocolJson.Options)!.Attachments![0].Content!)));
        Assert.All(checks, c => Assert.True(c.IsClean && c.Bytes < 40_000, c.ToString()));

        // Filing dates that passed unsubmitted went on the weekly list, and came off when filed.
        var missing = await h.WithDbAsync(db => db.Assignments.AsNoTracking().Where(a => a.Kind == AssignmentKind.MissingFiling)
            .OrderBy(a => a.AssignedOn).ToListAsync());
        Assert.Equal(
            [("2022-04-01", "2022-03-31", "2022-04-12", people[Wuyang].UnitId), ("2022-05-06", "2022-05-05", "2022-05-20", people[Linying].UnitId)],
            missing.Select(a => (Iso(a.AssignedOn), Iso(a.DueDate), Iso(a.ClosedOn!.Value), a.UnitId)).ToList());
    }

    private static string Title(JsonNode body) => body["attachments"]![0]!["content"]!["body"]![0]!["text"]!.GetValue<string>();

    private static DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(utc + NudgeHarness.China);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record Step(DateTimeOffset At, Func<Task> Run);

    /// <summary>The year's data and what people do, in order, through the real workflows.</summary>
    private static async Task<Queue<Step>> ScriptAsync(NudgeHarness h, Dictionary<string, Person> people)
    {
        var units = await h.WithDbAsync(db => db.Units.AsNoTracking().ToDictionaryAsync(u => u.Code, u => u.Id));
        var counties = new[] { "yuanhui", "yancheng", "shaoling", "wuyang", "linying", "jingkai" };
        var liaison = new Dictionary<string, Person>
        {
            ["yuanhui"] = people[YuanhuiZh], ["yancheng"] = people[Yancheng], ["shaoling"] = people[Shaoling],
            ["wuyang"] = people[Wuyang], ["linying"] = people[Linying], ["jingkai"] = people[Jingkai],
        };
        var city = Actor.From(people[CityA]);
        var letters = new Dictionary<string, int>();

        await h.WithDbAsync(async db =>
        {
            foreach (var code in counties)
            {
                db.AnnualPlans.Add(new AnnualPlan
                {
                    UnitId = units[code], Year = 2022,
                    Categories = [new PlanCategoryFigures { CategoryCode = "industry-trade", KeyTotal = 2, KeyPlanned = 2, GeneralTotal = 6, GeneralPlanned = 2 }],
                });
                // Complete drafts: a filing is submitted complete (the workflow's rule, both doors).
                db.PlanApprovals.Add(new PlanApproval
                {
                    UnitId = units[code], Year = 2022, ApprovalDocumentNumber = "县政文〔2022〕1号", ApprovalDate = new(2022, 1, 20),
                    FilingDocumentNumber = "县应急〔2022〕1号", FilingDate = new(2022, 1, 25),
                });
            }

            foreach (var (code, start) in new[] { ("yuanhui", "2022-03-15"), ("yancheng", "2022-04-12"), ("wuyang", "2022-05-10"),
                         ("shaoling", "2022-09-01"), ("linying", "2022-10-12"), ("jingkai", "2022-11-15") })
            {
                var date = DateOnly.Parse(start, CultureInfo.InvariantCulture);
                db.Visits.Add(new GuidanceVisit { UnitId = units[code], Year = 2022, PlannedMonth = date.Month, StartDate = date, EndDate = date, Status = VisitStatus.Scheduled });
            }

            foreach (var (code, visit, deadline) in new[] { ("jingkai", "2022-05-25", "2022-06-30"), ("shaoling", "2022-09-01", "2022-10-10") })
            {
                var letter = new OpinionLetter
                {
                    UnitId = units[code], IssuerUnitId = units["luohe"], Year = 2022, Status = LetterStatus.Draft,
                    VisitDate = DateOnly.Parse(visit, CultureInfo.InvariantCulture), ReportDeadline = DateOnly.Parse(deadline, CultureInfo.InvariantCulture),
                    CountyResponsibleName = "李局长", CityContactName = "王芳", CityContactPhone = "0395-3100000",
                    Problems = [new LetterProblem { Order = 1, Problem = "执法计划未覆盖全部重点单位", Opinion = "补充完善执法计划" }],
                };
                db.Letters.Add(letter);
                await db.SaveChangesAsync();
                letters[code] = letter.Id;
            }
            await db.SaveChangesAsync();
        });

        Task Submission<T>(string code, bool submit, string? reason = null) where T : ReviewableSubmission => h.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<GuidanceDbContext>();
            var row = await db.Set<T>().AsNoTracking().SingleAsync(s => s.UnitId == units[code] && s.Year == 2022);
            var workflow = sp.GetRequiredService<SubmissionWorkflow>();
            var result = submit
                ? await workflow.SubmitAsync<T>(row.Id, row.Version, Actor.From(liaison[code]))
                : await workflow.ReturnAsync<T>(row.Id, row.Version, reason, city);
            Assert.True(result.Succeeded, result.Error?.Message);
        });

        Task Letter(string code, LetterAction action) => h.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<GuidanceDbContext>();
            var letter = await db.Letters.AsNoTracking().Include(l => l.Problems).SingleAsync(l => l.Id == letters[code]);
            var workflow = sp.GetRequiredService<LetterWorkflow>();
            var report = new ReportContent("李局长", [.. letter.Problems.Select(p => new ReportItemInput(p.Id, "已整改", "Done", null, null))]);
            var county = Actor.From(liaison[code]);
            var result = action switch
            {
                LetterAction.Issue => await workflow.IssueAsync(letter.Id, letter.Version, city),
                LetterAction.Acknowledge => await workflow.AcknowledgeAsync(letter.Id, letter.Version, county),
                LetterAction.SubmitReport => await workflow.SubmitReportAsync(letter.Id, letter.Version, null, report, county),
                LetterAction.ReturnReport => await workflow.ReturnReportAsync(letter.Id, letter.Version, "整改措施不具体", city),
                _ => await workflow.CloseAsync(letter.Id, letter.Version, city),
            };
            Assert.True(result.Succeeded, result.Error?.Message);
        });

        Task VisitDone(string code) => h.WithDbAsync(async db =>
        {
            var visit = await db.Visits.SingleAsync(v => v.UnitId == units[code]);
            visit.Status = VisitStatus.Done;
            await db.SaveChangesAsync();
        });

        var steps = new List<Step>();
        void At(string local, Func<Task> step) =>
            steps.Add(new Step(DateTimeOffset.Parse(local + "+08:00", CultureInfo.InvariantCulture), step));

        foreach (var code in counties.Where(c => c != "wuyang"))
        {
            At("2022-02-15T12:00", () => Submission<AnnualPlan>(code, submit: true));
        }
        At("2022-03-01T15:00", () => Submission<AnnualPlan>("yancheng", submit: false, "重点单位未全部纳入计划"));
        At("2022-03-10T12:00", () => Submission<AnnualPlan>("yancheng", submit: true));
        At("2022-03-15T15:00", () => Submission<AnnualPlan>("yancheng", submit: false, "一般单位比例不足三分之一"));
        At("2022-03-17T12:00", () => Submission<AnnualPlan>("yancheng", submit: true));
        At("2022-04-12T12:00", () => Submission<AnnualPlan>("wuyang", submit: true));
        foreach (var code in counties.Where(c => c != "linying"))
        {
            At("2022-04-15T12:00", () => Submission<PlanApproval>(code, submit: true));
        }
        At("2022-05-20T12:00", () => Submission<PlanApproval>("linying", submit: true));

        foreach (var (code, day) in new[] { ("yuanhui", "2022-03-15"), ("yancheng", "2022-04-12"), ("wuyang", "2022-05-10"),
                     ("shaoling", "2022-09-01"), ("linying", "2022-10-12"), ("jingkai", "2022-11-15") })
        {
            At(day + "T17:00", () => VisitDone(code));
        }

        At("2022-06-01T10:00", () => Letter("jingkai", LetterAction.Issue));
        At("2022-06-02T12:00", () => Letter("jingkai", LetterAction.Acknowledge));
        At("2022-06-24T12:00", () => Letter("jingkai", LetterAction.SubmitReport));
        At("2022-09-05T10:00", () => Letter("shaoling", LetterAction.Issue));
        At("2022-09-13T12:00", () => Letter("shaoling", LetterAction.Acknowledge));
        At("2022-10-19T12:00", () => Letter("shaoling", LetterAction.SubmitReport));
        At("2022-10-21T15:00", () => Letter("shaoling", LetterAction.ReturnReport));
        At("2022-11-02T12:00", () => Letter("shaoling", LetterAction.SubmitReport));

        Task Progress(string code, int year, int month) => h.WithScopeAsync(async sp =>
        {
            var result = await sp.GetRequiredService<Data.TeamFigures.TeamFiguresWorkflow>().ReportProgressAsync(
                Actor.From(liaison[code]), units[code], new Data.TeamFigures.ProgressInput(year, month, 3, 1, 4, 2, 1, new DateOnly(year, month, 1), new DateOnly(year, month, 1), new DateOnly(year, month, 1)));
            Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        });
        var late = new Dictionary<(string, int, int), string>
        {
            [("yuanhui", 2021, 12)] = "2022-01-11", [("linying", 2022, 1)] = "2022-02-14", [("wuyang", 2022, 9)] = "2022-10-13",
        };
        foreach (var code in counties)
        {
            for (var month = new DateOnly(2021, 12, 1); month.Year < 2023 && month < new DateOnly(2022, 12, 1); month = month.AddMonths(1))
            {
                var (y, m) = (month.Year, month.Month);
                var day = late.GetValueOrDefault((code, y, m)) ?? month.AddMonths(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                At(day + "T12:00", () => Progress(code, y, m));
            }
        }

        return new Queue<Step>(steps.OrderBy(s => s.At));
    }
}
