using System.Net;
using GuidanceBot.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace GuidanceBot.Api.Tests.Jobs;

public class BackupAndDashboardTests
{
    [Fact]
    public async Task The_dashboard_is_open_on_loopback_and_closed_to_anyone_else_without_a_city_admin_token()
    {
        using var factory = new GuidanceApiFactory();
        _ = factory.CreateClient();

        var local = await factory.Server.SendAsync(c => { c.Request.Path = "/hangfire"; c.Connection.RemoteIpAddress = IPAddress.Loopback; });
        var remote = await factory.Server.SendAsync(c => { c.Request.Path = "/hangfire"; c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7"); });

        Assert.Equal(StatusCodes.Status200OK, local.Response.StatusCode);
        Assert.Contains(remote.Response.StatusCode, new[] { StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden });
    }
}
