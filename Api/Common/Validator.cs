using System.Globalization;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Api.Common;

/// <summary>
/// Collects per-field errors for a request, each a localized sentence, and hands them to a
/// ValidationProblem. Field names are the JSON names the client sent.
/// </summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsValid => errors.Count == 0;

    public Validator Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }
        list.Add(message);
        return this;
    }

    /// <summary>
    /// Present and not blank (spaces and invisible characters alone are blank); trimmed; at most
    /// <paramref name="maxLength"/> characters; only characters <see cref="TextRule"/> allows (one line unless
    /// <paramref name="kind"/> says paragraphs).
    /// </summary>
    public string Required(string field, string? value, int maxLength = 200, TextKind kind = TextKind.Line)
    {
        if (TextRule.IsBlank(value))
        {
            Add(field, ApiText.Get("field.required", field));
            return "";
        }
        return Checked(field, value!.Trim(), maxLength, kind);
    }

    public string? Optional(string field, string? value, int maxLength = 200, TextKind kind = TextKind.Line) =>
        TextRule.IsBlank(value) ? null : Checked(field, value!.Trim(), maxLength, kind);

    private string Checked(string field, string value, int maxLength, TextKind kind)
    {
        if (value.Length > maxLength)
        {
            Add(field, ApiText.Get("field.too_long", field, maxLength));
        }
        else if (TextRule.Check(value, ApiText.Culture, kind, field) is { } refused)
        {
            Add(field, refused.Message);
        }
        return value;
    }

    public T Required<T>(string field, T? value) where T : struct
    {
        if (value is null)
        {
            Add(field, ApiText.Get("field.required", field));
            return default;
        }
        return value.Value;
    }

    /// <summary>A year inside <see cref="FieldLimits"/> (2000–2100), the same for every year of the API.</summary>
    public int Year(string field, int? value) => Range(field, value, FieldLimits.MinYear, FieldLimits.MaxYear);

    public int Range(string field, int? value, int min, int max)
    {
        var v = Required(field, value);
        if (value is not null && (v < min || v > max))
        {
            Add(field, ApiText.Get("field.range", field, min, max));
        }
        return v;
    }

    /// <summary>A calendar date that must fall in <paramref name="year"/> (a plan year's facts belong to that year).</summary>
    public DateOnly? InYear(string field, DateOnly? value, int year, bool required = false)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, ApiText.Get("field.required", field));
            }
            return null;
        }
        if (value.Value.Year != year)
        {
            Add(field, ApiText.Get("field.wrong_year", field, year));
        }
        return value;
    }

    /// <summary>An absolute http(s) address.</summary>
    public string? Url(string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, ApiText.Get("field.required", field));
            }
            return null;
        }
        value = value.Trim();
        if (TextRule.FindRefused(value, TextKind.Line) is not null || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host) || value.Length > 500)
        {
            Add(field, ApiText.Get("field.url", field));
        }
        return value;
    }

    public TEnum Enum<TEnum>(string field, string? value, bool required = true, TEnum fallback = default) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, ApiText.Get("field.required", field));
            }
            return fallback;
        }
        if (!System.Enum.TryParse<TEnum>(value.Trim(), ignoreCase: true, out var parsed) || !System.Enum.IsDefined(parsed)
            || int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            Add(field, ApiText.Get("field.unknown_value", field, string.Join(", ", System.Enum.GetNames<TEnum>())));
            return fallback;
        }
        return parsed;
    }

    public Dictionary<string, string[]> Errors => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
