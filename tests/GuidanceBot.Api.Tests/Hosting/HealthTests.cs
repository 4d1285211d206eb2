using System.Net;
using System.Text.Json.Nodes;
using GuidanceBot.Testing;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.Messaging;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Hosting;

/// <summary>
/// <c>/alive</c> and <c>/health</c> over real HTTP on loopback (issue 16, item 4): the real host with its job server,
/// the local token endpoint for the Connector token; each reason for not being ready turns /health into a 503 that
/// names it, while /alive (the process) stays 200.
/// </summary>
public class HealthTests
{
    private static Task<BotHostFactory> StartAsync(bool jobServer = false, bool localMode = false) =>
        BotHostFactory.StartAsync(localMode, new() { ["Jobs:RunServer"] = jobServer ? "true" : "false" });

    private static async Task<(HttpStatusCode Status, JsonNode Body)> HealthAsync(BotHostFactory host)
    {
        var response = await host.Http.GetAsync("/health");
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static async Task AssertUnhealthyAsync(BotHostFactory host, string check, string reason)
    {
        var (status, body) = await HealthAsync(host);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body["status"]!.GetValue<string>());
        Assert.Equal("Unhealthy", body["checks"]![check]!["status"]!.GetValue<string>());
        Assert.Contains(reason, body["checks"]![check]!["description"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/alive")).StatusCode);
    }

    /// <summary>The job server announces itself shortly after the host starts; wait for its first heartbeat.</summary>
    private static async Task WaitForJobServerAsync(BotHostFactory host)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while ((await HealthAsync(host)).Body["checks"]!["jobs"]!["status"]!.GetValue<string>() != "Healthy")
        {
            Assert.True(DateTime.UtcNow < until, "the job server never beat");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_ready_host_is_alive_and_healthy_with_every_check_named()
    {
        await using var host = await StartAsync(jobServer: true);
        await WaitForJobServerAsync(host);

        var (status, body) = await HealthAsync(host);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["connector-token", "database", "deliveries", "jobs", "process"],
            body["checks"]!.AsObject().Select(c => c.Key).Order());
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/alive")).StatusCode);
        Assert.Equal(1, host.Msal.TokenRequests); // the token really was obtained
    }

    [Fact]
    public async Task A_database_with_a_migration_not_applied_is_not_ready()
    {
        await using var host = await StartAsync();
        await host.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "DELETE FROM __EFMigrationsHistory WHERE MigrationId = (SELECT MAX(MigrationId) FROM __EFMigrationsHistory)"));

        await AssertUnhealthyAsync(host, "database", "database not migrated");
    }

    [Fact]
    public async Task A_job_server_that_stopped_beating_is_not_ready()
    {
        await using var host = await StartAsync(jobServer: true);
        await WaitForJobServerAsync(host);

        // Two minutes after its last heartbeat (Hangfire beats every 30 s on the machine's clock).
        host.Clock.SetUtcNow(DateTimeOffset.UtcNow.AddMinutes(2));

        await AssertUnhealthyAsync(host, "jobs", "last heartbeat was");
    }

    [Fact]
    public async Task A_delivery_stuck_past_its_lease_is_not_ready_and_one_the_next_run_will_take_back_is()
    {
        await using var host = await StartAsync();
        var now = host.Clock.GetUtcNow().UtcDateTime;
        DeliveryLedgerEntry Row(DeliveryStatus status, TimeSpan leaseEndedAgo, string key) => new()
        {
            IdempotencyKey = key, PersonId = 1, Kind = "test", Subject = key, Stage = "0", Payload = "{}",
            DueUtc = now.AddMinutes(-10), CreatedUtc = now.AddMinutes(-10), Status = status, ClaimedBy = "dispatcher-1",
            LeaseExpiresUtc = now - leaseEndedAgo,
        };
        await host.WithDbAsync(async db =>
        {
            db.DeliveryLedger.Add(Row(DeliveryStatus.Claimed, TimeSpan.FromSeconds(30), "just-expired"));
            await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.OK, (await HealthAsync(host)).Status);

        await host.WithDbAsync(async db =>
        {
            db.DeliveryLedger.Add(Row(DeliveryStatus.Sending, TimeSpan.FromMinutes(5), "stuck"));
            await db.SaveChangesAsync();
        });

        await AssertUnhealthyAsync(host, "deliveries", "1 deliveries stuck past their lease");
    }

    [Fact]
    public async Task A_connector_token_that_cannot_be_obtained_is_not_ready_and_the_authority_is_not_asked_by_every_probe()
    {
        await using var host = await StartAsync();
        host.Msal.RefuseClients = true;

        await AssertUnhealthyAsync(host, "connector-token", "the Connector token could not be obtained");
        var asked = host.Msal.TokenRequests;
        Assert.True(asked >= 1);

        // Probes within the next 30 s get the same answer without asking again.
        host.Clock.Advance(TimeSpan.FromSeconds(20));
        await AssertUnhealthyAsync(host, "connector-token", "could not be obtained");
        Assert.Equal(asked, host.Msal.TokenRequests);

        // The secret is fixed; once the answer is old the next probe asks again and the host is ready.
        host.Msal.RefuseClients = false;
        host.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(HttpStatusCode.OK, (await HealthAsync(host)).Status);
        Assert.True(host.Msal.TokenRequests > asked);
    }

    [Fact]
    public async Task In_local_mode_there_is_no_token_to_obtain()
    {
        await using var host = await StartAsync(localMode: true);
        host.Msal.RefuseClients = true;

        var (status, body) = await HealthAsync(host);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("local mode: no token", body["checks"]!["connector-token"]!["description"]!.GetValue<string>());
        Assert.Equal(0, host.Msal.TokenRequests);
    }
}
