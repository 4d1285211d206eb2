using System.Text.Json.Nodes;
using GuidanceBot.Api.Tests.Flows.Letters;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.Cases;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Visits;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows;

/// <summary>
/// Refusals over every card verb the host registers (issue 12): each verb, invoked through /api/messages by
/// the wrong role, for another county's record and with a stale version (where it carries one), answers a
/// refusal, writes only its <c>bot.refused</c> audit entry (the database compared before and after) and sends
/// nothing (no Connector call, no delivery queued). A verb registered without a row in <see cref="Table"/>
/// fails <see cref="Every_registered_verb_has_its_refusal_cases"/>; a row may only leave a case out with a reason.
/// </summary>
public class CardVerbRefusalTests
{
    private enum Who { Staff, Liaison, OtherLiaison }

    /// <summary>One press: who, with what card data, and the reason the audit entry must give.</summary>
    private sealed record Press(Who Who, Func<World, JsonObject> Data, string Reason);

    /// <summary>
    /// The cases of one verb. Each of the three is a press, or left out with the reason why (a verb any role may
    /// use, a verb that names no record of a unit, a verb whose card carries no version).
    /// </summary>
    private sealed record Cases(
        Press? WrongRole = null, string? AnyRole = null,
        Press? OtherCounty = null, string? NoRecord = null,
        Press? Stale = null, string? NoVersion = null)
    {
        public static Cases Open(string why) => new(AnyRole: why, NoRecord: why, NoVersion: why);
    }

    /// <summary>Wuyang's records (the liaison's unit); the other liaison is Linying's.</summary>
    private sealed record World(
        int Wuyang, int Plan, Guid PlanVersion, int Approval, int Publication, int OpenVisit, Guid OpenVisitVersion,
        int DoneVisit, Guid DoneVisitVersion, int Letter, string LetterNumber, int Case, Guid CaseVersion, Guid File, int Weekly,
        int Item = 0, Guid ReportVersion = default, int FollowUpEnterprise = 0, Guid FollowUpVersion = default);

    private static readonly Guid Old = Guid.Parse("0badc0de-0000-4000-8000-000000000001");

    private static JsonObject D(params (string Key, JsonNode? Value)[] pairs)
    {
        var o = new JsonObject();
        foreach (var (k, v) in pairs) o[k] = v;
        return o;
    }

    private static Press City(Func<World, JsonObject> data, Who who = Who.Liaison) => new(who, data, "role");
    private static Press County(Func<World, JsonObject> data) => new(Who.Staff, data, "role");
    private static Press Unit(Func<World, JsonObject> data) => new(Who.OtherLiaison, data, "unit");
    private static Press Stale(Func<World, JsonObject> data, Who who = Who.Liaison) => new(who, data, "stale");

    private const string OpensForm = "opens a form or a view: nothing of the record's state is submitted";
    private const string YearAdminOnly = "a year's setup is the city's: county people and city staff are refused by role";
    private const string YearStaleByAdmin = "only the city admin reaches the version check (YearSetupWorkflowTests covers a conflict; the card maps it through FlowGuard.FailedAsync)";
    private const string CityOnly = "a city verb: the other county's liaison is refused by role like any county person";

    /// <summary>Every registered verb, with its cases. Keep in step with the routes: the test below fails otherwise.</summary>
    private static readonly Dictionary<string, Cases> Table = new()
    {
        // Core: open to every known person.
        ["*"] = Cases.Open("not a verb: what an unknown verb gets (an error naming no record)"),
        ["menu.show"] = Cases.Open("the menu of the sender's own role"),
        ["help.show"] = Cases.Open("the chat commands, the same for everyone"),
        ["language.set"] = Cases.Open("the sender's own language: it changes nothing but their own person row"),
        ["invite.redeem"] = Cases.Open("the welcome card's button: the identity comes from the activity; a known person gets their own menu back"),
        ["status.overdue"] = Cases.Open("scoped to the sender's unit (all units for the city); the card carries nothing"),
        ["weekly.page"] = Cases.Open("the weekly list, cut to the sender's unit whatever snapshot or page the card names"),

        // Status: city sees all; a county person only their own unit.
        ["status.overview"] = new(AnyRole: "a county person gets their own unit's detail", OtherCounty: Unit(w => D(("unit", "wuyang"))), NoVersion: OpensForm),

        // Onboarding.
        ["invite.create"] = new(WrongRole: City(_ => D(("step", "create"), ("inviteUnitId", "2"), ("inviteRole", "CountyLiaison"), ("inviteeName", "某人"))),
            OtherCounty: City(w => D(("step", "create"), ("inviteUnitId", w.Wuyang.ToString()), ("inviteRole", "CountyLiaison"), ("inviteeName", "某人")), Who.OtherLiaison),
            NoVersion: "an invite is a new record"),

        // City admin: the year's holidays and make-up working days.
        ["calendar.edit"] = new(WrongRole: new(Who.Staff, _ => D(("step", "save"), ("year", 2027), ("source.title", "通知"), ("daysOff", "春节 2027-02-05 2027-02-12")), "role"),
            NoRecord: "a year's calendar is the city's: county people and city staff are refused by role", NoVersion: "the year is replaced whole, last writer wins (as PUT /api/v1/calendars/{year})"),

        ["rehearsal.step"] = new(WrongRole: new(Who.Staff, _ => D(("step", "step"), ("days", "1")), "role"),
            NoRecord: "the host's rehearsal clock: county people and city staff are refused by role", NoVersion: "the clock only moves forward; each step is audited"),

        // City admin: the year's setup. City staff (and so every county person) are refused by role; the workflow checks the
        // version of every save (stale cards: YearSetupWorkflowTests and FlowGuard.FailedAsync), but this table's cast has no admin to press one.
        ["year.open"] = new(WrongRole: new(Who.Staff, _ => D(("year", 2027)), "role"), NoRecord: YearAdminOnly, NoVersion: "opening creates the year's setup"),
        ["year.show"] = new(WrongRole: new(Who.Staff, _ => D(("year", 2022)), "role"), NoRecord: YearAdminOnly, NoVersion: OpensForm),
        ["year.deadlines"] = new(WrongRole: new(Who.Staff, _ => D(("year", 2022), ("step", "save"), ("version", Old.ToString()), ("planFilingDue", "2022-03-30")), "role"),
            NoRecord: YearAdminOnly, NoVersion: YearStaleByAdmin),
        ["year.item"] = new(WrongRole: new(Who.Staff, _ => D(("year", 2022), ("step", "save"), ("version", Old.ToString()), ("itemCode", "1.1"), ("title", "x")), "role"),
            NoRecord: YearAdminOnly, NoVersion: YearStaleByAdmin),
        ["year.units"] = new(WrongRole: new(Who.Staff, _ => D(("year", 2022), ("step", "save"), ("version", Old.ToString()), ("unitCodes", "wuyang")), "role"),
            NoRecord: YearAdminOnly, NoVersion: YearStaleByAdmin),
        ["year.publish"] = new(WrongRole: new(Who.Staff, _ => D(("year", 2022), ("version", Old.ToString())), "role"), NoRecord: YearAdminOnly, NoVersion: YearStaleByAdmin),

        // County filings.
        ["plan.file"] = Filing(w => w.PlanVersion),
        ["approval.file"] = Filing(_ => Old),
        ["publication.file"] = Filing(_ => Old),
        ["rectification.file"] = new(WrongRole: County(w => D(("letterId", w.Letter))),
            OtherCounty: Unit(w => D(("letterId", w.Letter), ("step", "check"), ("letterVersion", Old.ToString()), ("reportVersion", Old.ToString()))),
            Stale: Stale(w => D(("letterId", w.Letter), ("step", "check"), ("letterVersion", Old.ToString()), ("reportVersion", Old.ToString())))),
        ["deadlines.show"] = new(WrongRole: County(_ => D()), OtherCounty: Unit(w => D(("unitId", w.Wuyang))), NoVersion: OpensForm),
        ["approval.attach"] = new(WrongRole: County(w => D(("fileId", w.File.ToString()), ("slot", "approval"))),
            OtherCounty: Unit(w => D(("fileId", w.File.ToString()), ("slot", "approval"))), NoVersion: "attaches a file to the draft; the file is the unit's"),

        // The city's own plan: replacing its list with the one the sender sent (the card names their draft and the plan's version).
        ["cityplan.replace"] = new(WrongRole: City(_ => D(("year", 2022), ("draftId", Old.ToString()), ("version", Old.ToString()))),
            OtherCounty: City(_ => D(("year", 2022), ("draftId", Old.ToString()), ("version", Old.ToString())), Who.OtherLiaison),
            Stale: Stale(_ => D(("year", 2022), ("draftId", Old.ToString()), ("version", Old.ToString())), Who.Staff)),

        ["evidence.attach"] = new(WrongRole: County(w => D(("fileId", w.File.ToString()), ("letterProblemId", "1"))),
            OtherCounty: Unit(w => D(("fileId", w.File.ToString()), ("letterProblemId", "1"))),
            NoVersion: "adds a file to a problem's evidence (the report's version is not what it changes); the file and the letter are checked to be the unit's"),

        // Team figures.
        ["team.home"] = new(WrongRole: County(_ => D()), OtherCounty: Unit(w => D(("unitId", w.Wuyang))), NoVersion: OpensForm),
        ["team.figures"] = TeamForm(stale: true),
        ["team.training"] = TeamForm(stale: false),
        ["team.progress"] = TeamForm(stale: true),

        // Typical cases.
        ["case.report"] = new(WrongRole: County(_ => D()), OtherCounty: Unit(w => D(("unitId", w.Wuyang), ("step", "submit"), ("year", 2022))),
            Stale: Stale(_ => D(("step", "submit"), ("year", 2021)))),
        ["case.mine"] = new(WrongRole: County(_ => D()), OtherCounty: Unit(w => D(("unitId", w.Wuyang))), NoVersion: OpensForm),
        ["case.queue"] = new(WrongRole: City(_ => D()), OtherCounty: City(_ => D(), Who.OtherLiaison), NoVersion: OpensForm),
        ["case.open"] = new(WrongRole: City(w => D(("caseId", w.Case))), OtherCounty: City(w => D(("caseId", w.Case)), Who.OtherLiaison), NoVersion: OpensForm),
        ["case.judge"] = new(WrongRole: City(w => D(("caseId", w.Case), ("version", w.CaseVersion.ToString()), ("qualified", "qualified"))),
            OtherCounty: City(w => D(("caseId", w.Case), ("version", w.CaseVersion.ToString()), ("qualified", "qualified")), Who.OtherLiaison),
            Stale: Stale(w => D(("caseId", w.Case), ("version", Old.ToString()), ("qualified", "qualified")), Who.Staff)),

        // Visit materials.
        ["materials.open"] = new(WrongRole: County(w => D(("visitId", w.OpenVisit))), OtherCounty: Unit(w => D(("visitId", w.OpenVisit))), NoVersion: OpensForm),
        ["materials.links"] = new(WrongRole: County(w => D(("visitId", w.OpenVisit), ("version", w.OpenVisitVersion.ToString()))),
            OtherCounty: Unit(w => D(("visitId", w.OpenVisit), ("version", w.OpenVisitVersion.ToString()))),
            Stale: Stale(w => D(("visitId", w.OpenVisit), ("version", Old.ToString())))),
        ["materials.attach"] = new(WrongRole: County(w => D(("visitId", w.OpenVisit), ("version", w.OpenVisitVersion.ToString()), ("fileId", w.File.ToString()))),
            OtherCounty: Unit(w => D(("visitId", w.OpenVisit), ("version", w.OpenVisitVersion.ToString()), ("fileId", w.File.ToString()))),
            Stale: Stale(w => D(("visitId", w.OpenVisit), ("version", Old.ToString()), ("fileId", w.File.ToString())))),
        ["materials.overview"] = new(WrongRole: City(_ => D()), OtherCounty: City(_ => D(), Who.OtherLiaison), NoVersion: OpensForm),
        ["materials.city"] = new(WrongRole: City(w => D(("visitId", w.OpenVisit))), OtherCounty: City(w => D(("visitId", w.OpenVisit)), Who.OtherLiaison), NoVersion: OpensForm),
        ["materials.date"] = new(WrongRole: City(w => D(("visitId", w.OpenVisit), ("version", w.OpenVisitVersion.ToString()), ("start", "2022-03-20"))),
            OtherCounty: City(w => D(("visitId", w.OpenVisit), ("version", w.OpenVisitVersion.ToString()), ("start", "2022-03-20")), Who.OtherLiaison),
            Stale: Stale(w => D(("visitId", w.OpenVisit), ("version", Old.ToString()), ("start", "2022-03-20")), Who.Staff)),

        // City: review of filings.
        ["review.list"] = new(WrongRole: City(_ => D()), NoRecord: "the queue of every unit: a county person is refused by role", NoVersion: OpensForm),
        ["review.open"] = Review(version: false),
        ["review.refresh"] = Review(version: false),
        ["review.private"] = Review(version: false),
        ["review.accept"] = Review(version: true),
        ["review.return"] = Review(version: true),

        // City: visits and letters.
        ["visit.schedule"] = new(WrongRole: City(_ => D()), NoRecord: "every unit's months: a county person is refused by role", NoVersion: OpensForm),
        ["visit.schedule.save"] = new(WrongRole: City(_ => D(("unitCode", "wuyang"), ("plannedMonth", "5"))), OtherCounty: City(_ => D(("unitCode", "wuyang"), ("plannedMonth", "5")), Who.OtherLiaison),
            NoVersion: "one visit per unit and year is planned or moved: the months table is shown again after each save"),
        ["visit.open"] = new(WrongRole: City(w => D(("visitId", w.DoneVisit))), OtherCounty: City(w => D(("visitId", w.DoneVisit)), Who.OtherLiaison), NoVersion: OpensForm),
        ["visit.draw"] = Visit(w => D(("visitId", w.OpenVisit), ("version", w.OpenVisitVersion.ToString()), ("count", "1")), w => D(("visitId", w.OpenVisit), ("version", Old.ToString()), ("count", "1"))),
        ["visit.move"] = Visit(w => D(("visitId", w.OpenVisit), ("version", w.OpenVisitVersion.ToString()), ("plannedMonth", "6"), ("reason", "改期")),
            w => D(("visitId", w.OpenVisit), ("version", Old.ToString()), ("plannedMonth", "6"), ("reason", "改期"))),
        ["visit.cancel"] = Visit(w => D(("visitId", w.OpenVisit), ("version", w.OpenVisitVersion.ToString()), ("reason", "取消")),
            w => D(("visitId", w.OpenVisit), ("version", Old.ToString()), ("reason", "取消"))),
        ["visit.findings.save"] = Visit(w => D(("visitId", w.DoneVisit), ("version", w.DoneVisitVersion.ToString())), w => D(("visitId", w.DoneVisit), ("version", Old.ToString()))),
        ["visit.document"] = new(WrongRole: City(w => D(("fileId", w.File.ToString()), ("visit", w.DoneVisit))),
            OtherCounty: City(w => D(("fileId", w.File.ToString()), ("visit", w.DoneVisit)), Who.OtherLiaison),
            NoVersion: "adds one of the team's documents to a visit; nothing of the visit's record is replaced"),
        ["letter.issue"] = new(WrongRole: City(w => D(("visitId", w.DoneVisit))), OtherCounty: City(w => D(("visitId", w.DoneVisit)), Who.OtherLiaison), NoVersion: OpensForm),
        ["letter.issue.confirm"] = Visit(w => D(("visitId", w.DoneVisit), ("version", w.DoneVisitVersion.ToString())), w => D(("visitId", w.DoneVisit), ("version", Old.ToString()))),
        ["letter.acknowledge"] = new(WrongRole: County(w => D(("letterId", w.Letter), ("number", w.LetterNumber), ("receivedBy", "赵局长"))),
            OtherCounty: Unit(w => D(("letterId", w.Letter), ("number", w.LetterNumber), ("receivedBy", "赵局长"))),
            Stale: Stale(w => D(("letterId", w.Letter), ("number", "(漯)应急指导〔2022〕99号"), ("receivedBy", "赵局长")))),
        ["rectification.review"] = new(WrongRole: City(w => D(("letterId", w.Letter))), OtherCounty: City(w => D(("letterId", w.Letter)), Who.OtherLiaison), NoVersion: OpensForm),
        ["rectification.review.save"] = Visit(w => D(("letterId", w.Letter)), w => D(("letterId", w.Letter), ("letterVersion", Old.ToString()), ("reportVersion", Old.ToString()))),
        // Follow-ups (全过程跟踪) and the completion of a problem accepted as in progress.
        ["visit.followup.open"] = new(WrongRole: City(w => D(("visitId", w.DoneVisit), ("enterpriseId", 1))),
            OtherCounty: City(w => D(("visitId", w.DoneVisit), ("enterpriseId", 1)), Who.OtherLiaison), NoVersion: OpensForm),
        ["visit.followup.save"] = Visit(w => D(("visitId", w.DoneVisit), ("enterpriseId", 1), ("procedure", "Compliant")),
            w => D(("visitId", w.DoneVisit), ("enterpriseId", 1), ("procedure", "Compliant"), ("version", Old.ToString()))),
        ["visit.followup.photos"] = Visit(w => D(("visitId", w.DoneVisit), ("enterpriseId", w.FollowUpEnterprise), ("version", w.FollowUpVersion.ToString())),
            w => D(("visitId", w.DoneVisit), ("enterpriseId", w.FollowUpEnterprise), ("version", Old.ToString()))),
        ["visit.followup.photos.done"] = new(WrongRole: City(w => D(("visitId", w.DoneVisit), ("enterpriseId", w.FollowUpEnterprise))),
            OtherCounty: City(w => D(("visitId", w.DoneVisit), ("enterpriseId", w.FollowUpEnterprise)), Who.OtherLiaison),
            NoVersion: "ends the sender's own \"add photos\" in this chat: nothing of the record changes"),
        ["completion.open"] = new(AnyRole: "the county reports, the city confirms: each opens the card of a problem of its own",
            OtherCounty: Unit(w => D(("letterId", w.Letter), ("itemId", w.Item))), NoVersion: OpensForm),
        ["completion.report"] = new(WrongRole: County(w => D(("letterId", w.Letter), ("itemId", w.Item), ("version", w.ReportVersion.ToString()))),
            OtherCounty: Unit(w => D(("letterId", w.Letter), ("itemId", w.Item), ("version", w.ReportVersion.ToString()))),
            Stale: Stale(w => D(("letterId", w.Letter), ("itemId", w.Item), ("version", Old.ToString())))),
        ["completion.confirm"] = Visit(w => D(("letterId", w.Letter), ("itemId", w.Item), ("version", w.ReportVersion.ToString()), ("decision", "Accepted")),
            w => D(("letterId", w.Letter), ("itemId", w.Item), ("version", Old.ToString()), ("decision", "Accepted"))),

        // People administration: the city admin's alone; city staff are refused by role like county people.
        ["people.open"] = Admin(version: false),
        ["people.deactivate"] = Admin(version: true),
        ["people.reactivate"] = Admin(version: true),
        ["people.change"] = Admin(version: true),
        ["people.handover"] = Admin(version: true),
    };

    private const string AdminOnly = "the city admin's verb: no one of this cast may use it, so a stale press is refused by role "
        + "(PeopleFlowTests presses a stale people card as the admin)";

    private static Cases Admin(bool version) => new(
        WrongRole: City(w => D(("personId", 1), ("version", Old.ToString()), ("step", "save"), ("reason", "x")), Who.Staff),
        OtherCounty: City(w => D(("personId", 1), ("version", Old.ToString()), ("step", "save"), ("reason", "x")), Who.OtherLiaison),
        NoVersion: version ? AdminOnly : OpensForm);

    private static Cases Filing(Func<World, Guid> version) => new(
        WrongRole: County(_ => D()),
        OtherCounty: Unit(w => D(("unitId", w.Wuyang), ("year", 2022), ("step", "check"), ("version", version(w).ToString()))),
        Stale: Stale(_ => D(("year", 2022), ("step", "check"), ("version", Old.ToString()))));

    private static Cases TeamForm(bool stale) => new(
        WrongRole: County(_ => D()),
        OtherCounty: Unit(w => D(("unitId", w.Wuyang), ("step", "submit"))),
        Stale: stale ? Stale(w => D(("step", "submit"), ("basedOn", 999_999))) : null,
        NoVersion: stale ? null : "each training session is a new record");

    private static Cases Review(bool version) => new(
        WrongRole: City(w => D(("kind", "plan"), ("id", w.Plan), ("version", w.PlanVersion.ToString()), ("reason", "x"))),
        OtherCounty: City(w => D(("kind", "plan"), ("id", w.Plan), ("version", w.PlanVersion.ToString()), ("reason", "x")), Who.OtherLiaison),
        Stale: version ? Stale(w => D(("kind", "plan"), ("id", w.Plan), ("version", Old.ToString()), ("reason", "理由")), Who.Staff) : null,
        NoVersion: version ? null : OpensForm);

    private static Cases Visit(Func<World, JsonObject> good, Func<World, JsonObject> stale) => new(
        WrongRole: City(good), OtherCounty: City(good, Who.OtherLiaison), Stale: Stale(stale, Who.Staff));

    [Fact]
    public async Task Every_registered_verb_has_its_refusal_cases()
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        var registered = flow.Host.Services.GetServices<TurnRoute>().Where(r => r.Kind == TurnRouteKind.Verb).Select(r => r.Key).ToHashSet();

        var missing = registered.Where(v => !Table.ContainsKey(v)).Order().ToList();
        var unknown = Table.Keys.Where(v => !registered.Contains(v)).Order().ToList();
        Assert.True(missing.Count == 0, "verbs without refusal cases: " + string.Join(", ", missing));
        Assert.True(unknown.Count == 0, "cases of verbs no handler registers: " + string.Join(", ", unknown));
        foreach (var (verb, c) in Table)
        {
            Assert.True((c.WrongRole is null) != (c.AnyRole is null), $"{verb}: a wrong-role press, or the reason any role may use it");
            Assert.True((c.OtherCounty is null) != (c.NoRecord is null), $"{verb}: another county's record, or the reason it names none");
            Assert.True((c.Stale is null) != (c.NoVersion is null), $"{verb}: a stale press, or the reason its card carries no version");
        }
    }

    /// <summary>
    /// Issue 13: a county user's refused card was audited (FlowGuard) and a city user's only logged (FlowTurn). Every verb
    /// of the table that a city user is refused (a county verb, or a stale city card) is pressed by city staff and must
    /// write the same <c>bot.refused</c> entry, naming them, as the county user's refusals do — the guard is one for both roles.
    /// </summary>
    [Fact]
    public async Task A_city_user_s_refused_card_is_audited_as_a_county_user_s_is_for_every_verb_that_refuses_them()
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        var world = await SeedAsync(flow);
        int staffId = 0, liaisonId = 0;
        await flow.Host.WithDbAsync(async db =>
        {
            staffId = await db.People.Where(p => p.AadObjectId == StaffAad).Select(p => p.Id).SingleAsync();
            liaisonId = await db.People.Where(p => p.AadObjectId == LiaisonAad).Select(p => p.Id).SingleAsync();
        });
        var city = Table.SelectMany(t => new[] { t.Value.WrongRole, t.Value.Stale }.OfType<Press>().Where(p => p.Who == Who.Staff).Select(p => (Verb: t.Key, Press: p))).ToList();
        var county = Table.Where(t => t.Value.WrongRole is { Who: Who.Liaison }).Select(t => (Verb: t.Key, Press: t.Value.WrongRole!)).ToList();
        Assert.True(city.Count >= 15, $"city staff are refused on {city.Count} verbs only"); // every county verb, and the city's stale cards
        Assert.Contains(city, c => c.Verb.StartsWith("case.", StringComparison.Ordinal));
        Assert.Contains(city, c => c.Verb.StartsWith("team.", StringComparison.Ordinal));

        foreach (var (who, aad, personId, presses) in new[] { ("city", StaffAad, staffId, city), ("county", LiaisonAad, liaisonId, county) })
        {
            foreach (var (verb, press) in presses)
            {
                var before = (await SnapshotAsync(flow)).Audit.Count;
                var body = await flow.InvokeAsync(aad, verb, press.Data(world));
                Assert.True(IsRefusal(body, press.Reason), $"{who} {verb}: answered {Short(body.ToJsonString())}");
                var audit = (await SnapshotAsync(flow)).Audit.Skip(before).ToList();
                Assert.True(audit.SequenceEqual([$"bot.refused|{personId}|{verb}|{press.Reason}"]), $"{who} {verb}: audit [{string.Join("; ", audit)}]");
            }
        }
    }

    [Fact]
    public async Task Every_verb_refuses_the_wrong_role_another_countys_record_and_a_stale_card_writing_only_the_audit_entry()
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        var world = await SeedAsync(flow);
        var people = new Dictionary<Who, (string Aad, int Id)>();
        await flow.Host.WithDbAsync(async db =>
        {
            foreach (var (who, aad) in new[] { (Who.Staff, StaffAad), (Who.Liaison, LiaisonAad), (Who.OtherLiaison, OtherLiaisonAad) })
            {
                people[who] = (aad, await db.People.Where(p => p.AadObjectId == aad).Select(p => p.Id).SingleAsync());
            }
        });

        var failures = new List<string>();
        foreach (var (verb, cases) in Table.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            foreach (var (name, press) in new[] { ("wrong role", cases.WrongRole), ("other county", cases.OtherCounty), ("stale", cases.Stale) })
            {
                if (press is null)
                {
                    continue;
                }
                var (aad, personId) = people[press.Who];
                var before = await SnapshotAsync(flow);
                var sends = flow.Host.Connector.Requests.Count;

                var body = await flow.InvokeAsync(aad, verb, press.Data(world));

                var after = await SnapshotAsync(flow);
                var problems = new List<string>();
                if (!IsRefusal(body, press.Reason))
                {
                    problems.Add("answered " + Short(body.ToJsonString()));
                }
                var changed = after.Tables.Where(t => before.Tables.GetValueOrDefault(t.Key) != t.Value).Select(t => t.Key).ToList();
                if (changed.Count > 0)
                {
                    problems.Add("wrote " + string.Join(", ", changed));
                }
                var audit = after.Audit.Skip(before.Audit.Count).ToList();
                var expected = $"bot.refused|{personId}|{verb}|{press.Reason}";
                if (audit.Count != 1 || audit[0] != expected)
                {
                    problems.Add($"audit [{string.Join("; ", audit)}], expected [{expected}]");
                }
                if (flow.Host.Connector.Requests.Count != sends)
                {
                    problems.Add("sent " + (flow.Host.Connector.Requests.Count - sends) + " message(s)");
                }
                if (problems.Count > 0)
                {
                    failures.Add($"{verb} ({name}, {press.Who}): {string.Join("; ", problems)}");
                }
            }
        }
        Assert.True(failures.Count == 0, failures.Count + " refusal case(s) failed:\n" + string.Join("\n", failures));
    }

    private static string Short(string s) => s.Length > 300 ? s[..300] + "…" : s;

    /// <summary>A refusal as Teams shows it: the role, unit or record error, or the stale card.</summary>
    private static bool IsRefusal(JsonNode body, string reason)
    {
        var type = body["type"]?.GetValue<string>();
        if (reason == "stale")
        {
            return type == "application/vnd.microsoft.card.adaptive" && AllText(body["value"]!).Contains("卡片已过期", StringComparison.Ordinal);
        }
        var message = body["value"]?["message"]?.GetValue<string>();
        return type == "application/vnd.microsoft.error" && body["statusCode"]?.GetValue<int>() == 403
            && message is "您的角色不能办理此事项。" or "此卡片属于其他单位，不能办理。" or "找不到您单位的这条记录。";
    }

    private sealed record Snapshot(Dictionary<string, string> Tables, List<string> Audit);

    /// <summary>
    /// Every table as text, except the pipeline's own bookkeeping written for every trusted activity before any
    /// handler runs (the dedupe ledger and the conversation registry); the audit log as its rows.
    /// </summary>
    private static async Task<Snapshot> SnapshotAsync(TeamsDriver flow)
    {
        var tables = new Dictionary<string, string>(StringComparer.Ordinal);
        var audit = new List<string>();
        await flow.Host.WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            try
            {
                var names = new List<string>();
                await using (var list = connection.CreateCommand())
                {
                    list.CommandText = db.Database.IsNpgsql()
                        ? "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
                        : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
                    await using var reader = await list.ExecuteReaderAsync();
                    while (await reader.ReadAsync()) names.Add(reader.GetString(0));
                }
                foreach (var name in names.Where(n => n is not ("ProcessedActivities" or "ConversationReferences" or "AuditLog" or "DataProtectionKeys")))
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = $"SELECT * FROM \"{name}\" ORDER BY 1";
                    await using var reader = await command.ExecuteReaderAsync();
                    var text = new System.Text.StringBuilder();
                    while (await reader.ReadAsync())
                    {
                        for (var i = 0; i < reader.FieldCount; i++) text.Append(reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                        text.Append('\n');
                    }
                    tables[name] = text.ToString();
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
            audit = await db.AuditLog.AsNoTracking().OrderBy(a => a.Id)
                .Select(a => a.Action + "|" + a.ActorPersonId + "|" + a.EntityId + "|" + a.Reason).ToListAsync();
        });
        return new(tables, audit);
    }

    /// <summary>Wuyang's year so far: a filing of each kind waiting for review, a visit being prepared, a visit done with a problem, a letter whose report is submitted, a case, a file, a weekly list.</summary>
    private static async Task<World> SeedAsync(TeamsDriver flow)
    {
        var planId = await flow.SeedPlanAsync("wuyang", SubmissionStatus.Submitted);
        var letterId = await RectificationFlowTests.AddLetterAsync(flow.Host, "wuyang", LetterStatus.ReportSubmitted);
        World world = null!;
        await flow.Host.WithDbAsync(async db =>
        {
            var wuyang = await db.Units.Where(u => u.Code == "wuyang").Select(u => u.Id).SingleAsync();
            var liaison = await db.People.Where(p => p.AadObjectId == LiaisonAad).Select(p => p.Id).SingleAsync();
            var now = flow.Host.Clock.GetUtcNow().UtcDateTime;
            var approval = new PlanApproval { UnitId = wuyang, Year = 2022, Status = SubmissionStatus.Submitted, SubmittedUtc = now, ApprovalDocumentNumber = "舞政文〔2022〕3号" };
            var publication = new PlanPublication { UnitId = wuyang, Year = 2022, Status = SubmissionStatus.Submitted, SubmittedUtc = now, PlanUrl = "https://wuyang.gov.cn/plan" };
            var open = new GuidanceVisit { UnitId = wuyang, Year = 2022, PlannedMonth = 4, Status = VisitStatus.Planned };
            var item = await db.CheckItems.OrderBy(i => i.Id).FirstAsync();
            var done = new GuidanceVisit
            {
                UnitId = wuyang, Year = 2022, PlannedMonth = 2, Status = VisitStatus.Done, StartDate = new(2022, 2, 20), EndDate = new(2022, 2, 21),
                Findings = [new VisitFinding { CheckItemId = item.Id, Outcome = FindingOutcome.Problem, Note = "计划未覆盖全部重点单位", RecordedUtc = now, RecordedById = liaison }],
            };
            var @case = new TypicalCase { UnitId = wuyang, Year = 2022, Title = "某公司未按规定培训案", CaseNumber = "舞应急罚〔2022〕1号", ReportedOn = new(2022, 2, 10), EnforcementType = "行政处罚", ReportedById = liaison };
            var file = new StoredFile { Id = Guid.NewGuid(), UnitId = wuyang, FileName = "批复.pdf", ContentType = "application/pdf", Length = 4, Sha256 = new string('0', 64), UploadedById = liaison, UploadedUtc = now };
            var weekly = new WeeklyAssignmentSnapshot { Year = 2022, Serial = 1, WeekStart = new(2022, 2, 28), GeneratedUtc = now };
            var letter = await db.Letters.Include(l => l.Problems).SingleAsync(l => l.Id == letterId);
            db.AddRange(approval, publication, open, done, @case, file, weekly);
            var report = db.RectificationReports.Add(new RectificationReport
            {
                OpinionLetterId = letterId, UnitId = wuyang, Status = ReportStatus.Submitted, SubmittedUtc = now, ResponsibleName = "赵局长", SubmissionCount = 1,
                Items = [.. letter.Problems.Select(p => new RectificationItem { LetterProblemId = p.Id, Measures = "已整改", Progress = RectificationProgress.Done })],
            }).Entity;
            await db.SaveChangesAsync();
            // The done visit's draw and a follow-up record of the enterprise drawn (its "add photos" carries the record's version).
            var drawn = await db.AnnualPlans.Where(p => p.Id == planId).SelectMany(p => p.Entries).Select(e => e.EnterpriseId).FirstAsync();
            db.SpotCheckDraws.Add(new SpotCheckDraw
            {
                GuidanceVisitId = done.Id, Seed = 1, Count = 1, CandidateIds = drawn.ToString(), Algorithm = "test", DrawnUtc = now, DrawnById = liaison,
                Enterprises = [new SpotCheckedEnterprise { EnterpriseId = drawn, Order = 1 }],
            });
            var followUp = db.VisitFollowUps.Add(new VisitFollowUp
            {
                GuidanceVisitId = done.Id, EnterpriseId = drawn, ObservedOn = new(2022, 2, 20), Procedure = FindingOutcome.Compliant, RecordedById = liaison,
            }).Entity;
            await db.SaveChangesAsync();
            var plan = await db.AnnualPlans.SingleAsync(p => p.Id == planId);
            world = new World(wuyang, planId, plan.Version, approval.Id, publication.Id, open.Id, open.Version, done.Id, done.Version,
                letterId, letter.Number!, @case.Id, @case.Version, file.Id, weekly.Id, report.Items[0].Id, report.Version, drawn, followUp.Version);
        });
        return world;
    }
}
