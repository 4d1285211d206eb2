using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.People;

/// <summary>
/// People administration through both doors (issue 14, point 3): the city admin's <c>/api/v1/people/{id}/…</c> with their own
/// bearer token and the chat's people card leave the same rows, audit entries (with the reason) and ledger — a refused
/// hand-over to another unit's liaison (the same message under the same field, nothing written), a deactivation with a
/// successor (open item moved, what was queued to them cancelled), the reactivation, a hand-over and a change of role.
/// </summary>
public class PeopleParityTests
{
    private const string AdminAad = "00000000-0000-0000-0000-00000000c0ad";

    private static readonly ParityOptions WithAdmin = new() { People = [new CastMember("周管理", PersonRole.CityAdmin, "luohe", AdminAad)] };

    /// <summary>王联络 owns an open 周交办 item and has a message waiting.</summary>
    private static Task SeedAsync(Door door) => door.Host.WithDbAsync(async db =>
    {
        var wuyang = await db.Units.SingleAsync(u => u.Code == "wuyang");
        db.Assignments.Add(new AssignmentItem
        {
            UnitId = wuyang.Id, Year = 2022, Kind = AssignmentKind.VisitProblem, SubjectKey = "LetterProblem:1", Title = "问题1",
            OwnerPersonId = door.Liaison.Id, OwnerName = door.Liaison.Name, AssignedOn = new DateOnly(2022, 3, 1), DueDate = new DateOnly(2022, 4, 1),
        });
        db.DeliveryLedger.Add(new DeliveryLedgerEntry
        {
            IdempotencyKey = $"{door.Liaison.Id}|plan-due|plan:2022|due-3", PersonId = door.Liaison.Id, Kind = "plan-due", Subject = "plan:2022", Stage = "due-3",
            Payload = "{}", Status = DeliveryStatus.Pending, DueUtc = new DateTime(2022, 3, 2, 1, 0, 0, DateTimeKind.Utc),
        });
        await db.SaveChangesAsync();
    });

    private static Task<Guid> VersionAsync(Door door, int personId) => door.Db(db => db.People.Where(p => p.Id == personId).Select(p => p.Version).SingleAsync());

    private static async Task<JsonObject> PersonCardAsync(Door door, int personId) =>
        Card(await door.Chat.InvokeAsync(AdminAad, "people.open", new JsonObject { ["personId"] = personId }));

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_refused_hand_over_a_deactivation_with_a_successor_the_reactivation_a_hand_over_and_a_role_change_leave_the_same_through_the_API_and_in_Teams()
    {
        var refusals = new Dictionary<string, string?>();
        var steps = await DoorParity.AssertStepsAsync(SeedAsync,
        [
            new ParityStep(
                Api: async door =>
                {
                    var other = await door.Db(db => db.People.Where(p => p.Name == "李联络").Select(p => p.Id).SingleAsync());
                    var fields = await door.RefusedAsync(door.People[AdminAad], HttpMethod.Post, $"/api/v1/people/{door.Liaison.Id}/handover",
                        new { version = await VersionAsync(door, door.Liaison.Id), reason = "交接", successorId = other });
                    refusals["api"] = fields["successorId"];
                },
                Chat: async door =>
                {
                    var other = await door.Db(db => db.People.Where(p => p.Name == "李联络").Select(p => p.Id).SingleAsync());
                    var card = await PersonCardAsync(door, door.Liaison.Id);
                    var refused = Card(await door.Chat.PressAsync(AdminAad, card, "people.handover", new() { ["reason"] = "交接", ["successorId"] = Id(other) }));
                    refusals["chat"] = ErrorUnder(refused, "successorId");
                },
                Refused: true),
            new ParityStep(
                Api: async door => await door.PostAsync(door.People[AdminAad], $"/api/v1/people/{door.Liaison.Id}/deactivate",
                    new { version = await VersionAsync(door, door.Liaison.Id), reason = "调离岗位", successorId = door.EnglishLiaison.Id }),
                Chat: async door =>
                {
                    var card = await PersonCardAsync(door, door.Liaison.Id);
                    Card(await door.Chat.PressAsync(AdminAad, card, "people.deactivate", new() { ["reason"] = "调离岗位", ["successorId"] = Id(door.EnglishLiaison.Id) }));
                }),
            new ParityStep(
                Api: async door => await door.PostAsync(door.People[AdminAad], $"/api/v1/people/{door.Liaison.Id}/reactivate",
                    new { version = await VersionAsync(door, door.Liaison.Id), reason = "返岗" }),
                Chat: async door =>
                {
                    var card = await PersonCardAsync(door, door.Liaison.Id);
                    Card(await door.Chat.PressAsync(AdminAad, card, "people.reactivate", new() { ["reason"] = "返岗" }));
                }),
            // The open item went to Wang Lian; she hands it back.
            new ParityStep(
                Api: async door => await door.PostAsync(door.People[AdminAad], $"/api/v1/people/{door.EnglishLiaison.Id}/handover",
                    new { version = await VersionAsync(door, door.EnglishLiaison.Id), reason = "原联络员返岗", successorId = door.Liaison.Id }),
                Chat: async door =>
                {
                    var card = await PersonCardAsync(door, door.EnglishLiaison.Id);
                    Card(await door.Chat.PressAsync(AdminAad, card, "people.handover", new() { ["reason"] = "原联络员返岗", ["successorId"] = Id(door.Liaison.Id) }));
                }),
            new ParityStep(
                Api: async door => await door.PostAsync(door.People[AdminAad], $"/api/v1/people/{door.Liaison.Id}/change",
                    new { version = await VersionAsync(door, door.Liaison.Id), reason = "任负责人", role = "CountyResponsible" }),
                Chat: async door =>
                {
                    var card = await PersonCardAsync(door, door.Liaison.Id);
                    Card(await door.Chat.PressAsync(AdminAad, card, "people.change", new() { ["reason"] = "任负责人", ["role"] = "CountyResponsible" }));
                }),
        ], WithAdmin);

        Assert.Equal("接替人必须是同一单位的人员。", refusals["api"]);
        Assert.Equal(refusals["api"], refusals["chat"]);

        var deactivated = steps[1];
        Assert.Contains("People", deactivated.Changed);
        Assert.Contains("Assignments", deactivated.Changed);
        Assert.Single(deactivated.Api.Audit, a => a.StartsWith("person.deactivate ", StringComparison.Ordinal) && a.Contains("调离岗位"));
        Assert.Contains("People", steps[2].Changed);
        Assert.Single(steps[2].Api.Audit, a => a.StartsWith("person.reactivate ", StringComparison.Ordinal) && a.Contains("返岗"));
        Assert.Equal(["Assignments", "AuditLog"], steps[3].Changed.Order());
        Assert.Contains("People", steps[4].Changed);
        Assert.Single(steps[4].Api.Audit, a => a.StartsWith("person.change ", StringComparison.Ordinal) && a.Contains("CountyResponsible"));
    }
}
