using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace GuidanceBot.Api.Common;

/// <summary>
/// Turns a request the framework could not bind (malformed JSON, a string where a number belongs, a bad
/// query value) into a 400 ValidationProblem naming the field, instead of an empty 400.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var (field, message) = Describe(bad);
        context.Response.StatusCode = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
        var details = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = context.Response.StatusCode,
            Title = ApiText.Get("validation.title"),
        };
        return await problems.TryWriteAsync(new() { HttpContext = context, ProblemDetails = details, Exception = exception });
    }

    private static (string Field, string Message) Describe(BadHttpRequestException bad)
    {
        for (Exception? e = bad; e is not null; e = e.InnerException)
        {
            if (e is JsonException json)
            {
                var field = JsonField(json.Path);
                return field.Length == 0 ? ("body", ApiText.Get("field.wrong_type", "body")) : (field, ApiText.Get("field.wrong_type", field));
            }
        }

        var m = ParameterName().Match(bad.Message);
        if (m.Success)
        {
            var name = CamelCase(m.Groups["name"].Value);
            return bad.Message.Contains("required", StringComparison.OrdinalIgnoreCase) && !bad.Message.Contains(" from ", StringComparison.Ordinal)
                ? (name, ApiText.Get("field.required", name))
                : (name, ApiText.Get("field.wrong_type", name));
        }
        if (bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase))
        {
            return ("body", ApiText.Get("body.required"));
        }
        return ("request", ApiText.Get("status.400"));
    }

    /// <summary>Query names as the client writes them: <c>Page</c> (a record property) → <c>page</c>.</summary>
    private static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary><c>$.figures[0].keyTotal</c> → <c>figures[0].keyTotal</c>.</summary>
    private static string JsonField(string? path) => (path ?? "").TrimStart('$').TrimStart('.');

    [GeneratedRegex("""parameter "(?:\S+ )?(?<name>[^"\s]+)" """, RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();
}
