using System.Text.Json.Nodes;
using GuidanceBot.Data.Plans;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Reviews;

/// <summary>
/// The city's review of a filing, taken by 赵科员 through <c>/api/v1</c> (accept, return) and through the review card, leaves the
/// same rows, audit entries and queued messages: a return tells both wuyang liaisons, each in their own language; an
/// acceptance tells no one, whichever the door.
/// </summary>
public class ReviewParityTests
{
    /// <summary>The wuyang filing of <paramref name="kind"/>, submitted and complete.</summary>
    private static async Task SeedSubmittedAsync(Door door, string kind)
    {
        if (kind == "plan")
        {
            await door.Chat.SeedPlanAsync("wuyang", SubmissionStatus.Submitted);
            return;
        }
        await door.Host.WithDbAsync(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Code == "wuyang");
            var submitted = door.Host.Clock.GetUtcNow().UtcDateTime;
            if (kind == "approval")
            {
                db.PlanApprovals.Add(new PlanApproval
                {
                    UnitId = unit.Id, Year = 2022, Status = SubmissionStatus.Submitted, SubmittedUtc = submitted, SubmittedById = door.Liaison.Id,
                    ApprovalDocumentNumber = "舞政文〔2022〕12号", ApprovalDate = new(2022, 2, 15), FilingDocumentNumber = "舞应急〔2022〕3号", FilingDate = new(2022, 2, 20),
                });
            }
            else
            {
                db.PlanPublications.Add(new PlanPublication
                {
                    UnitId = unit.Id, Year = 2022, Status = SubmissionStatus.Submitted, SubmittedUtc = submitted, SubmittedById = door.Liaison.Id,
                    PlanUrl = "https://wuyang.gov.cn/yjj/plan-2022.html", DoubleRandomPlanUrl = "https://wuyang.gov.cn/yjj/srsj-2022.html", PublishedOn = new(2022, 2, 28),
                });
            }
            await db.SaveChangesAsync();
        });
    }

    private static async Task<(int Id, Guid Version)> FilingOf(Door door, string kind) => await door.Db(async db => kind switch
    {
        "plan" => await db.AnnualPlans.Select(p => new ValueTuple<int, Guid>(p.Id, p.Version)).SingleAsync(),
        "approval" => await db.PlanApprovals.Select(p => new ValueTuple<int, Guid>(p.Id, p.Version)).SingleAsync(),
        _ => await db.PlanPublications.Select(p => new ValueTuple<int, Guid>(p.Id, p.Version)).SingleAsync(),
    });

    private static string Route(string kind) => kind switch { "plan" => "plans", "approval" => "approvals", _ => "publications" };

    [Theory]
    [InlineData("plan", "accept")]
    [InlineData("plan", "return")]
    [InlineData("approval", "accept")]
    [InlineData("approval", "return")]
    [InlineData("publication", "accept")]
    [InlineData("publication", "return")]
    public async Task A_review_decision_is_the_same_step_in_both_doors(string kind, string decision)
    {
        const string reason = "请补充县政府批复文件后重新报备。";
        var result = await DoorParity.AssertSameAsync(door => SeedSubmittedAsync(door, kind),
            api: async door =>
            {
                var (id, version) = await FilingOf(door, kind);
                await door.PostAsync(door.Staff, $"/api/v1/{Route(kind)}/{id}/{decision}", new { version, reason = decision == "return" ? reason : null });
            },
            chat: async door =>
            {
                var (id, _) = await FilingOf(door, kind);
                var review = Card(await door.Chat.InvokeAsync(StaffAad, "review.open", new JsonObject { ["kind"] = kind, ["id"] = id }));
                var receipt = Card(await door.Chat.PressAsync(StaffAad, review, $"review.{decision}", decision == "return" ? new() { [PlanFields.Reason] = reason } : null));
                Assert.Null(FindAction(receipt, "review.accept"));
            });

        var status = decision == "accept" ? SubmissionStatus.Accepted : SubmissionStatus.Returned;
        var table = kind switch { "plan" => "AnnualPlans", "approval" => "PlanApprovals", _ => "PlanPublications" };
        Assert.Contains($"Status={status}", Assert.Single(result.Api.Tables[table]));
        Assert.Equal($"{kind}.{decision}", Assert.Single(result.Api.Audit).Split(' ')[0]);
        if (decision == "return")
        {
            // Both wuyang liaisons, each in the language they chose.
            Assert.Equal(2, result.Api.Ledger.Count);
            Assert.All(result.Api.Ledger, row => Assert.Contains($"submission-returned {kind}:", row));
            Assert.Contains(result.Api.Ledger, row => row.EndsWith("locale=en-US", StringComparison.Ordinal));
            Assert.Contains(result.Api.Ledger, row => row.EndsWith("locale=zh-CN", StringComparison.Ordinal));
        }
        else
        {
            Assert.Empty(result.Api.Ledger);
        }
    }

    [Fact]
    public async Task A_return_without_a_reason_or_with_too_long_a_one_is_refused_alike_by_both_doors_and_nothing_is_written()
    {
        string[] reasons = ["  ", new string('理', PlanLimits.ReasonMax + 1)];
        List<string> apiErrors = [], chatErrors = [];
        await DoorParity.AssertSameAsync(door => SeedSubmittedAsync(door, "plan"),
            api: async door =>
            {
                var (id, version) = await FilingOf(door, "plan");
                foreach (var reason in reasons)
                {
                    apiErrors.Add((await door.RefusedAsync(door.Staff, HttpMethod.Post, $"/api/v1/plans/{id}/return", new { version, reason }))[PlanFields.Reason]);
                }
            },
            chat: async door =>
            {
                var (id, _) = await FilingOf(door, "plan");
                var review = Card(await door.Chat.InvokeAsync(StaffAad, "review.open", new JsonObject { ["kind"] = "plan", ["id"] = id }));
                foreach (var reason in reasons)
                {
                    var refused = Card(await door.Chat.PressAsync(StaffAad, review, "review.return", new() { [PlanFields.Reason] = reason }));
                    chatErrors.Add(ErrorUnder(refused, PlanFields.Reason)!);
                }
            },
            refused: true); // still submitted, nothing audited, no one told, in either door

        Assert.Equal(apiErrors, chatErrors);
        Assert.Equal(2, apiErrors.Distinct().Count()); // a blank reason and a long one are told apart
    }
}
