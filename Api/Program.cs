using GuidanceBot.Api.Infrastructure;
using GuidanceBot.Api.Jobs;

var builder = WebApplication.CreateBuilder(args);

builder.AddGuidanceDefaults();
builder.AddGuidanceStorage();
builder.AddGuidanceJobs();
builder.AddGuidanceDelivery();

var app = builder.Build();

app.UseGuidanceDefaults();
app.MapGuidanceHealth();
app.MapGuidanceOpenApi();
app.MapGuidanceJobs();

await app.InitializeDatabaseAsync();
await app.RunAsync();

/// <summary>Entry point, public so integration tests can use <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
