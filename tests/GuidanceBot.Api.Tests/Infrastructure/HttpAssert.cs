using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GuidanceBot.Api.Tests.Infrastructure;

public static class HttpAssert
{
    public static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>A ProblemDetails with the status, a title, and (for 400) an error under <paramref name="field"/>.</summary>
    public static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode expected, string? field = null)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = await Json(response, expected);
        Assert.Equal((int)expected, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
        if (field is not null)
        {
            var errors = json.GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out var messages), $"No error for '{field}' in {errors}");
            Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        }
        return json;
    }

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, object body) => client.PostAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> PutJson(this HttpClient client, string url, object body) => client.PutAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> PostRaw(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PutRaw(this HttpClient client, string url, string json) =>
        client.PutAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
}
