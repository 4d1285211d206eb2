using GuidanceBot.Api.Infrastructure;
using GuidanceBot.Bot;
using GuidanceBot.Bot.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddGuidanceDefaults();
builder.AddGuidanceStorage();
builder.AddBot();
builder.AddGuidanceDelivery();

var app = builder.Build();

app.UseGuidanceDefaults();
app.MapGuidanceHealth();
app.MapGuidanceOpenApi();
app.MapBotMessages();

await app.InitializeDatabaseAsync();
await app.RunAsync();

/// <summary>Entry point, public so integration tests can use <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
