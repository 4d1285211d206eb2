using GuidanceBot.Api;
using GuidanceBot.Api.Home;
using GuidanceBot.Api.Infrastructure;
using GuidanceBot.Api.Jobs;
using GuidanceBot.Api.Operations;
using GuidanceBot.Api.Tab;
using GuidanceBot.Bot;
using GuidanceBot.Bot.Hosting;

// backup, restore, bootstrap-admin: run with the host's configuration instead of starting it (README).
if (HostCommands.IsCommand(args))
{
    return await HostCommands.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddGuidanceTelemetry();
builder.AddGuidanceDefaults();
builder.AddGuidanceStorage();
builder.AddGuidanceApi();
builder.AddBot();
builder.AddGuidanceRehearsal();
builder.AddGuidanceDelivery();
builder.AddGuidanceJobs();
builder.AddGuidanceHome();
builder.AddGuidanceTab();

var app = builder.Build();

app.UseGuidanceDefaults();
app.MapGuidanceHealth();
app.MapGuidanceHome();
app.MapGuidanceOpenApi();
app.MapGuidanceApi();
app.MapGuidanceTab();
app.MapBotMessages();
app.MapGuidanceJobs();

await app.InitializeDatabaseAsync();
await app.RunAsync();
return 0;

/// <summary>Entry point, public so integration tests can use <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
