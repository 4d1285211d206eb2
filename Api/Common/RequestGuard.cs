using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Api.Common;

/// <summary>
/// What every request of /api/v1 must respect whatever the endpoint, checked once before any handler runs
/// so a new endpoint cannot forget it: in the request's records (the JSON body, <c>[AsParameters]</c>
/// queries), no list holds a null item, no text holds a character <see cref="TextRule"/> refuses, and
/// every date lies inside <see cref="FieldLimits"/>. A violation is a 400 ValidationProblem naming each
/// member as the client wrote it (<c>problems[2]</c>, <c>items[0].measures</c>). Field-specific rules
/// (required, lengths, one line) stay with the endpoint's <see cref="Validator"/>.
/// </summary>
public static class RequestGuard
{
    private const int MaxDepth = 8;
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Members = new();

    public static TBuilder GuardRequests<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var checkedArguments = context.MethodInfo.GetParameters()
                .Select((p, i) => (p, i))
                .Where(x => IsRequestRecord(x.p.ParameterType))
                .Select(x => x.i)
                .ToArray();
            if (checkedArguments.Length == 0)
            {
                return next;
            }
            return async invocation =>
            {
                var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
                foreach (var i in checkedArguments)
                {
                    if (invocation.Arguments[i] is { } argument)
                    {
                        Walk(argument, "", errors, 0);
                    }
                }
                return errors.Count == 0 ? await next(invocation) : ApiProblems.Invalid(errors);
            };
        });

    /// <summary>The API's own request records (bodies and query records), not services or the caller.</summary>
    public static bool IsRequestRecord(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsClass && type.Assembly == typeof(RequestGuard).Assembly && type.Namespace?.StartsWith("GuidanceBot.Api.", StringComparison.Ordinal) == true
            && type != typeof(Auth.Caller) && type.GetMethod("<Clone>$") is not null;
    }

    private static void Walk(object value, string path, Dictionary<string, string[]> errors, int depth)
    {
        switch (value)
        {
            case string text:
                if (TextRule.Check(text, ApiText.Culture, TextKind.Paragraphs, path) is { } refused)
                {
                    Add(errors, path, refused.Message);
                }
                return;
            case DateOnly date when !FieldLimits.IsDate(date):
                Add(errors, path, FieldLimits.DateOutOfRange(path, ApiText.Culture).Message);
                return;
            case DateTime instant when !FieldLimits.IsInstant(instant):
                Add(errors, path, FieldLimits.DateOutOfRange(path, ApiText.Culture).Message);
                return;
            case DateTimeOffset instant when !FieldLimits.IsInstant(instant.UtcDateTime):
                Add(errors, path, FieldLimits.DateOutOfRange(path, ApiText.Culture).Message);
                return;
            case IList list when depth < MaxDepth:
                for (var i = 0; i < list.Count; i++)
                {
                    var item = $"{path}[{i}]";
                    if (list[i] is { } element)
                    {
                        Walk(element, item, errors, depth + 1);
                    }
                    else
                    {
                        Add(errors, item, Data.Resources.DomainText.Get("list.null_element", ApiText.Culture, item));
                    }
                }
                return;
        }
        if (depth >= MaxDepth || !IsRequestRecord(value.GetType()))
        {
            return;
        }
        foreach (var member in Members.GetOrAdd(value.GetType(), t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null).ToArray()))
        {
            if (member.GetValue(value) is { } child)
            {
                var name = JsonNamingPolicy.CamelCase.ConvertName(member.Name);
                Walk(child, path.Length == 0 ? name : $"{path}.{name}", errors, depth + 1);
            }
        }
    }

    private static void Add(Dictionary<string, string[]> errors, string field, string message) =>
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
}
