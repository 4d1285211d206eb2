using GuidanceBot.Api;
using GuidanceBot.Api.Infrastructure;
using GuidanceBot.Api.Jobs;
using GuidanceBot.Bot;
using GuidanceBot.Bot.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddGuidanceTelemetry();
builder.AddGuidanceDefaults();
builder.AddGuidanceStorage();
builder.AddGuidanceApi();
builder.AddBot();
builder.AddGuidanceDelivery();
builder.AddGuidanceJobs();

var app = builder.Build();

app.UseGuidanceDefaults();
app.MapGuidanceHealth();
app.MapGuidanceOpenApi();
app.MapGuidanceApi();
app.MapBotMessages();
app.MapGuidanceJobs();

await app.InitializeDatabaseAsync();
await app.RunAsync();

/// <summary>Entry point, public so integration tests can use <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
