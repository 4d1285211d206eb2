using GuidanceBot.Api;
using GuidanceBot.Api.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddGuidanceDefaults();
builder.AddGuidanceStorage();
builder.AddGuidanceApi();

var app = builder.Build();

app.UseGuidanceDefaults();
app.MapGuidanceHealth();
app.MapGuidanceOpenApi();
app.MapGuidanceApi();

await app.InitializeDatabaseAsync();
await app.RunAsync();

/// <summary>Entry point, public so integration tests can use <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
