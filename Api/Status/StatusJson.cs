using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Api.Status;

/// <summary>
/// 200 with the JSON of a status record. The records come shared and immutable from the status cache,
/// so each instance is serialized once and its bytes reused until the cache replaces it; writing the
/// same few kilobytes again for every request was a quarter of a cached request's CPU.
/// </summary>
public sealed class StatusJson<T> : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>
    where T : class
{
    private static readonly ConditionalWeakTable<T, byte[]> Serialized = new();

    internal StatusJson(T value) => Value = value;

    public T Value { get; }
    object? IValueHttpResult.Value => Value;
    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var bytes = Serialized.GetValue(Value, v => JsonSerializer.SerializeToUtf8Bytes(v,
            httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions.GetTypeInfo(typeof(T))));
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = bytes.Length;
        return httpContext.Response.Body.WriteAsync(bytes).AsTask();
    }

    /// <summary>The OpenAPI document shows the record's schema, as for <c>Ok&lt;T&gt;</c>.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}

public static class StatusJson
{
    public static StatusJson<T> Ok<T>(T value) where T : class => new(value);
}
