using System.Text.Json.Nodes;
using GuidanceBot.Api.Infrastructure;
using GuidanceBot.Bot.Flows.Rehearsal;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rehearsal;
using GuidanceBot.Data.Rules;
using GuidanceBot.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Rehearsal;

/// <summary>
/// The rehearsal clock (演练): <c>Rehearsal:StartAt</c> starts the host's clock at a China date and time and lets it run on
/// the test's clock; the admin's card moves it forward; every card shows "演练时钟：… (rehearsal)" while it is on; the host
/// refuses to start it outside Development or on the production data folder. The test clock moves; nothing sleeps.
/// </summary>
public class RehearsalClockTests
{
    private const string Admin = "00000000-0000-0000-0000-0000000000ad3";

    private static Task<TeamsDriver> StartRehearsalAsync() => StartCityAsync(settings: new()
    {
        ["environment"] = "Development",
        ["Rehearsal:StartAt"] = "2023-06-05 08:30",
    });

    private static string First(JsonObject card) => card["body"]![0]!["text"]!.GetValue<string>();

    [Fact]
    public async Task The_clock_starts_at_the_setting_runs_on_and_every_card_says_it_is_a_rehearsal()
    {
        await using var flow = await StartRehearsalAsync();
        var host = flow.Host;
        await host.AddPersonAsync("市局管理员", PersonRole.CityAdmin, "luohe", Admin);
        var clock = host.Services.GetRequiredService<TimeProvider>();

        Assert.IsType<RehearsalClock>(clock);
        Assert.Equal(new DateTimeOffset(2023, 6, 5, 8, 30, 0, TimeSpan.FromHours(8)), clock.GetUtcNow());
        host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new DateTimeOffset(2023, 6, 5, 9, 30, 0, TimeSpan.FromHours(8)), clock.GetUtcNow());

        // An invoke's card, a typed command's reply, and the welcome the hello got: each starts with the line.
        Assert.Equal("演练时钟：2023-06-05 (rehearsal)", First(Card(await flow.InvokeAsync(LiaisonAad, "deadlines.show", name: "deadlines-rehearsal"))));
        var menu = await flow.AskForCardAsync(LiaisonAad, "菜单", "menu-rehearsal");
        Assert.Equal("演练时钟：2023-06-05 (rehearsal)", First(menu));
        Assert.All(host.Connector.Requests.Where(r => r.Body?["attachments"] is not null),
            r => Assert.StartsWith("演练时钟：", First(r.Body!["attachments"]![0]!["content"]!.AsObject())));
        // The card stored for delivery is not stamped: the line is added only on the way out.
        await host.WithDbAsync(async db => Assert.DoesNotContain(await db.DeliveryLedger.Select(e => e.Payload).ToListAsync(), p => p.Contains("演练时钟")));

        // The admin steps it: one day, then to a date; never back.
        var card = await flow.AskForCardAsync(Admin, "演练", "rehearsal-card");
        Assert.Contains("2023-06-05 09:30", AllText(card));
        var stepped = Card(await flow.PressAsync(Admin, card, RehearsalFlow.Verb, new() { ["days"] = "1" }, name: "rehearsal-stepped"));
        Assert.Equal("演练时钟：2023-06-06 (rehearsal)", First(stepped));
        Assert.Equal(new DateOnly(2023, 6, 6), clock.ChinaToday());

        var back = Card(await flow.PressAsync(Admin, stepped, RehearsalFlow.Verb, new() { ["to"] = "2023-06-01" }, name: "rehearsal-back"));
        Assert.NotNull(ErrorUnder(back, "to"));
        Assert.Equal(new DateOnly(2023, 6, 6), clock.ChinaToday());

        var later = Card(await flow.PressAsync(Admin, stepped, RehearsalFlow.Verb, new() { ["to"] = "2023-07-03" }));
        Assert.Equal("演练时钟：2023-07-03 (rehearsal)", First(later));
        Assert.Equal(new DateTimeOffset(2023, 7, 3, 9, 30, 0, TimeSpan.FromHours(8)), clock.GetUtcNow());
        await host.WithDbAsync(async db => Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == RehearsalWorkflow.StepAction)));
        await flow.AssertCardsValidAsync();
    }

    [Fact]
    public async Task Only_the_city_admin_steps_the_clock_and_without_a_rehearsal_there_is_nothing_to_step()
    {
        await using (var flow = await StartRehearsalAsync())
        {
            var clock = flow.Host.Services.GetRequiredService<TimeProvider>();
            var before = clock.GetUtcNow();
            var answer = await flow.InvokeAsync(StaffAad, RehearsalFlow.Verb, new() { ["step"] = "step", ["days"] = "30" });
            Assert.NotEqual("application/vnd.microsoft.card.adaptive", answer["type"]?.GetValue<string>());
            Assert.Equal(before, clock.GetUtcNow());
        }

        await using var plain = await StartCityAsync();
        await plain.Host.AddPersonAsync("市局管理员", PersonRole.CityAdmin, "luohe", Admin);
        Assert.Null(plain.Host.Services.GetService<RehearsalClock>());
        var off = await plain.InvokeAsync(Admin, RehearsalFlow.Verb, new() { ["step"] = "step", ["days"] = "1" });
        Assert.Contains("演练时钟未开启", off.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.DoesNotContain("演练时钟：", AllText(Card(await plain.InvokeAsync(LiaisonAad, "deadlines.show"))));
    }

    private sealed class RehearsalHost(string environment, Dictionary<string, string?> settings) : GuidanceApiFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => settings;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }
    }

    private static string StartFails(GuidanceApiFactory factory)
    {
        var thrown = Record.Exception(() => factory.CreateClient());
        Assert.NotNull(thrown);
        for (var e = thrown; e is not null; e = e.InnerException)
        {
            if (e is OptionsValidationException found)
            {
                return found.Message;
            }
        }
        throw new Xunit.Sdk.XunitException("not an options validation failure: " + thrown);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public void Outside_Development_the_host_refuses_to_start_a_rehearsal(string environment)
    {
        using var host = new RehearsalHost(environment, new() { ["Rehearsal:StartAt"] = "2022-03-01 09:00" });

        Assert.Contains($"Rehearsal:StartAt is set but the environment is '{environment}'", StartFails(host));
    }

    [Fact]
    public void On_a_data_folder_a_production_host_has_used_the_host_refuses_to_start_a_rehearsal()
    {
        using var host = new RehearsalHost("Development", new() { ["Rehearsal:StartAt"] = "2022-03-01 09:00" });
        Directory.CreateDirectory(host.DataFolder);
        File.WriteAllText(Path.Combine(host.DataFolder, RehearsalHosting.ProductionMarker), "");

        Assert.Contains("is the production data folder", StartFails(host));
    }

    [Fact]
    public void A_start_that_is_no_China_date_and_time_is_refused()
    {
        using var host = new RehearsalHost("Development", new() { ["Rehearsal:StartAt"] = "1 March 2022" });

        Assert.Contains("Rehearsal:StartAt must be a China date and time", StartFails(host));
    }

    [Fact]
    public void The_default_data_folder_is_the_production_one_and_a_production_host_marks_its_folder()
    {
        var root = Path.Combine(Path.GetTempPath(), "guidancebot-root-" + Guid.NewGuid().ToString("N"));
        var copy = Path.Combine(root, "training-copy");
        Directory.CreateDirectory(copy);
        try
        {
            Assert.True(RehearsalHosting.IsProductionDataFolder(Path.Combine(root, "data"), root));
            Assert.False(RehearsalHosting.IsProductionDataFolder(copy, root));

            RehearsalHosting.MarkProductionDataFolder(new Environment("Production", root), copy);
            Assert.True(RehearsalHosting.IsProductionDataFolder(copy, root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed class Environment(string name, string root) : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "GuidanceBot.Api";
        public string ContentRootPath { get; set; } = root;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
