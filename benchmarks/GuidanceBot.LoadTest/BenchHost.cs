using System.Net;
using GuidanceBot.Bot.Connector;
using GuidanceBot.Data;
using GuidanceBot.Data.People;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.LoadTest;

/// <summary>
/// The real host (Program.cs, every service as shipped) on Kestrel at 127.0.0.1:port, configured by the
/// driver's settings. The one test-only change: MSAL's HttpClient trusts the local token endpoint's
/// self-signed certificate, whose SHA-1 hash the driver passes.
/// </summary>
internal sealed class BenchHost(Dictionary<string, string?> settings, string trustedCertificateHash) : WebApplicationFactory<Program>
{
    public static async Task<int> RunAsync(string[] args)
    {
        var settings = args.Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1]);
        var port = int.Parse(settings["bench:port"]!);
        var hash = settings["bench:certHash"]!;
        var people = int.Parse(settings["bench:people"]!);

        await using var host = new BenchHost(settings, hash);
        host.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        host.StartServer();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuidanceDbContext>();
            var unit = await db.Units.SingleAsync(u => u.Code == "wuyang");
            // A second bot on the same database (issue 17) finds them there.
            var known = (await db.People.Where(p => p.TenantId == Driver.Tenant).Select(p => p.AadObjectId).ToListAsync()).ToHashSet();
            for (var i = 0; i < people; i++)
            {
                if (known.Contains(Driver.AadObjectId(i)))
                {
                    continue;
                }
                db.People.Add(new Person
                {
                    Name = $"联络员{i}", Role = PersonRole.CountyLiaison, UnitId = unit.Id,
                    TenantId = Driver.Tenant, AadObjectId = Driver.AadObjectId(i),
                });
            }
            await db.SaveChangesAsync();
        }

        Console.WriteLine("READY");
        // The driver closes stdin to stop the host.
        await Console.In.ReadToEndAsync();
        return 0;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services
            .AddHttpClient(ConnectorServiceCollectionExtensions.TokenHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == trustedCertificateHash },
            }));
    }
}
