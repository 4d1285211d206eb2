using System.Collections;
using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Tests.Flows.Visits;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Api.Tests.Api;

/// <summary>
/// Every JSON body of every /api/v1 endpoint, found from the host's endpoints: for each text member a
/// control and a direction character, for each list a null item, for each date the year 1 and 9999. Each is
/// a 400 naming that member as the client wrote it (<c>items[0].evidenceUrls[0]</c>), and nothing is
/// written. A new endpoint or member is covered the day it is mapped.
/// </summary>
public class RequestGuardTests : IClassFixture<ApiTestFactory>
{
    private readonly ApiTestFactory factory;

    public RequestGuardTests(ApiTestFactory factory) => this.factory = factory;

    private sealed record Probe(string Method, string Url, string Role, string Member, JsonObject Body, string Expect);

    private IEnumerable<Probe> Probes()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true);
        foreach (var endpoint in endpoints)
        {
            var body = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            if (body is null || !body.IsClass || body == typeof(IFormFile) || body.Assembly != typeof(Caller).Assembly)
            {
                continue;
            }
            var method = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Single();
            var url = Url(endpoint.RoutePattern.RawText!);
            var role = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == ApiAuth.County) ? "county" : "admin";
            foreach (var (path, kind) in Members(body, "", 0))
            {
                switch (kind)
                {
                    case "text":
                        yield return new(method, url, role, path, Build(path, JsonValue.Create("合规\u0001文字")), "U+0001");
                        yield return new(method, url, role, path, Build(path, JsonValue.Create("合规\u202E文字")), "U+202E");
                        yield return new(method, url, role, path, Build(path, JsonValue.Create("\0")), "U+0000");
                        break;
                    case "date":
                        yield return new(method, url, role, path, Build(path, JsonValue.Create("9999-12-31")), "2100-12-31");
                        yield return new(method, url, role, path, Build(path, JsonValue.Create("0001-01-01")), "2000-01-01");
                        break;
                    case "list":
                        yield return new(method, url, role, path + "[0]", Build(path, new JsonArray((JsonNode?)null)), "null");
                        break;
                }
            }
        }
    }

    /// <summary>Route values that reach the handler (the guard answers before any record is read).</summary>
    private static string Url(string pattern) => System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(:[^}]*)?\}", m => m.Groups[1].Value switch
    {
        "year" => "2022",
        "month" => "1",
        "unit" or "code" => "wuyang",
        _ => "1",
    });

    /// <summary>Every text, date and list member of a request record, as the client names it.</summary>
    private static IEnumerable<(string Path, string Kind)> Members(Type type, string prefix, int depth)
    {
        if (depth > 4)
        {
            yield break;
        }
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            var name = prefix + JsonNamingPolicy.CamelCase.ConvertName(p.Name);
            foreach (var member in Of(p.PropertyType, name, depth))
            {
                yield return member;
            }
        }
    }

    private static IEnumerable<(string Path, string Kind)> Of(Type type, string path, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            yield return (path, "text");
        }
        else if (type == typeof(DateOnly))
        {
            yield return (path, "date");
        }
        else if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType)
        {
            yield return (path, "list");
            foreach (var member in Of(type.GetGenericArguments()[0], path + "[0]", depth + 1))
            {
                yield return member;
            }
        }
        else if (type.IsClass && type.Assembly == typeof(Caller).Assembly)
        {
            foreach (var member in Members(type, path + ".", depth + 1))
            {
                yield return member;
            }
        }
    }

    /// <summary><c>items[0].evidenceUrls</c> = leaf → <c>{"items":[{"evidenceUrls": leaf}]}</c>.</summary>
    private static JsonObject Build(string path, JsonNode leaf)
    {
        var root = new JsonObject();
        JsonObject current = root;
        var segments = path.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            var bracket = segment.IndexOf('[');
            if (bracket < 0)
            {
                if (last)
                {
                    current[segment] = leaf;
                }
                else
                {
                    var next = new JsonObject();
                    current[segment] = next;
                    current = next;
                }
                continue;
            }
            // name[0] (one level of list per segment in these records)
            var name = segment[..bracket];
            if (last)
            {
                current[name] = new JsonArray(leaf);
            }
            else
            {
                var next = new JsonObject();
                current[name] = new JsonArray(next);
                current = next;
            }
        }
        return root;
    }

    [Fact]
    public async Task Every_text_list_and_date_member_of_every_request_body_is_guarded()
    {
        var probes = Probes().ToList();
        // The members the issue found, so the enumeration itself is known to reach them.
        foreach (var known in new[] { "figures[0]", "findings[0]", "materials[0]", "problems[0]", "items[0]", "items[0].evidenceUrls[0]", "problems[0].problem", "items[0].measures", "reportDeadline", "items[0].expectedCompletion" })
        {
            Assert.Contains(probes, p => p.Member == known);
        }
        var auditBefore = await AuditCountAsync();
        var failures = new List<string>();
        foreach (var probe in probes)
        {
            var client = probe.Role == "county" ? factory.Liaison("wuyang") : factory.CityAdmin();
            var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Url)
            {
                Content = new StringContent(probe.Body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
            };
            var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                failures.Add($"{probe.Method} {probe.Url} {probe.Member}: {(int)response.StatusCode} {text}");
                continue;
            }
            var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
            if (!errors.TryGetProperty(probe.Member, out var messages) || !messages[0].GetString()!.Contains(probe.Expect, StringComparison.Ordinal))
            {
                failures.Add($"{probe.Method} {probe.Url} {probe.Member}: no error naming it with '{probe.Expect}': {errors}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {probes.Count} probes:\n" + string.Join("\n", failures));
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Fact]
    public async Task A_null_item_is_named_in_Chinese_by_default_and_in_English_on_request()
    {
        const string body = """{"unitCode":"wuyang","year":2022,"visitDate":"2022-02-28","reportDeadline":"2022-03-31","problems":[{"problem":"p","opinion":"o"},{"problem":"p","opinion":"o"},null],"cityContactName":"李四","cityContactPhone":"1"}""";
        var zh = await HttpAssert.Problem(await factory.CityStaff().PostRaw("/api/v1/letters", body), HttpStatusCode.BadRequest, "problems[2]");
        Assert.Equal("“problems[2]”不能是 null：请删除这一项或填写内容。", zh.GetProperty("errors").GetProperty("problems[2]")[0].GetString());
        var en = await HttpAssert.Problem(await factory.CityStaff("en-US").PostRaw("/api/v1/letters", body), HttpStatusCode.BadRequest, "problems[2]");
        Assert.Equal("\"problems[2]\" must not be null: remove the item or fill it in.", en.GetProperty("errors").GetProperty("problems[2]")[0].GetString());
    }

    [Fact]
    public async Task The_dossier_takes_only_the_years_every_other_endpoint_takes()
    {
        foreach (var year in new[] { 0, 1999, 2101, 9999 })
        {
            var problem = await HttpAssert.Problem(await factory.CityStaff().GetAsync($"/api/v1/status/{year}/units/wuyang/dossier"), HttpStatusCode.BadRequest, "year");
            Assert.Contains("2000", problem.GetProperty("errors").GetProperty("year")[0].GetString());
        }
        var ok = await factory.CityStaff().GetAsync("/api/v1/status/2022/units/wuyang/dossier");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("application/zip", ok.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("name", "\u200B\u200C\uFEFF", "必须填写")]
    [InlineData("name", "甲\u202E司公", "U+202E")]
    [InlineData("name", "甲\0公司", "U+0000")]
    [InlineData("name", "甲公司\n乙公司", "只能填写一行")]
    public async Task An_enterprise_name_refuses_invisible_direction_and_control_characters(string field, string value, string expected)
    {
        var body = new JsonObject { ["unitCode"] = "wuyang", ["name"] = "甲公司", ["creditCode"] = TestCodes.Valid(61), ["categoryCode"] = "industry-trade", ["tier"] = "Key" };
        body[field] = value;
        var problem = await HttpAssert.Problem(await factory.Liaison("wuyang").PostRaw("/api/v1/enterprises", body.ToJsonString()), HttpStatusCode.BadRequest, field);
        Assert.Contains(expected, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(0, await factory.QueryAsync(db => db.Enterprises.CountAsync(e => e.CreditCode == TestCodes.Valid(61))));
    }

    [Fact]
    public async Task An_invitee_name_of_zero_width_characters_is_not_a_name()
    {
        var problem = await HttpAssert.Problem(await factory.CityAdmin().PostJson("/api/v1/invite-codes", new { unitCode = "wuyang", role = "CountyLiaison", inviteeName = "\u200B\u200B" }),
            HttpStatusCode.BadRequest, "inviteeName");
        Assert.Contains("请填写被邀请人的姓名", problem.GetProperty("errors").GetProperty("inviteeName")[0].GetString());
    }

    [Fact]
    public async Task The_audit_filter_takes_only_instants_of_the_same_years()
    {
        await HttpAssert.Problem(await factory.CityStaff().GetAsync("/api/v1/audit?from=0001-01-01T00:00:00Z"), HttpStatusCode.BadRequest, "from");
        await HttpAssert.Json(await factory.CityStaff().GetAsync("/api/v1/audit?from=2022-01-01T00:00:00Z"), HttpStatusCode.OK);
    }

    private Task<int> AuditCountAsync() => factory.QueryAsync(db => db.AuditLog.CountAsync());
}
