using System.Globalization;

namespace GuidanceBot.Data.Rules;

/// <summary>
/// The one input checker every workflow uses, for both doors: it collects one refusal per field (the first found),
/// so a step reports every bad field at once — the card shows each under its input, the API names each field.
/// Text follows the one text rule (<see cref="TextRule"/>), dates the one date range (<see cref="FieldLimits"/>),
/// limits are the feature's named constants (e.g. <c>LetterLimits</c>).
/// </summary>
public sealed class InputCheck(CultureInfo? culture)
{
    private readonly List<DomainError> _errors = [];

    public CultureInfo? Culture => culture;

    public IReadOnlyList<DomainError> Errors => _errors;

    public bool IsValid => _errors.Count == 0;

    public bool Has(string field) => _errors.Any(e => e.Field == field);

    /// <summary>Adds the refusal unless its field already has one.</summary>
    public void Add(DomainError error)
    {
        if (error.Field is null || !Has(error.Field))
        {
            _errors.Add(error);
        }
    }

    public void Add(string code, string field, params object[] args) => Add(DomainError.Create(code, culture, field, args));

    /// <summary>
    /// Trimmed text of at most <paramref name="max"/> characters that the text rule allows (one line unless
    /// <paramref name="kind"/> says paragraphs); blank (spaces and invisible characters alone) is not filled in.
    /// Null when blank or refused.
    /// </summary>
    public string? Text(string field, string? value, int max, bool required = true, TextKind kind = TextKind.Line)
    {
        if (TextRule.IsBlank(value))
        {
            if (required)
            {
                Add("field.required", field);
            }
            return null;
        }
        var text = value!.Trim();
        if (text.Length > max)
        {
            Add("field.too_long", field, max);
            return null;
        }
        if (TextRule.Check(text, culture, kind, field: field) is { } refused)
        {
            Add(refused);
            return null;
        }
        return text;
    }

    /// <summary>A value that must be given.</summary>
    public T? Required<T>(string field, T? value) where T : struct
    {
        if (value is null)
        {
            Add("field.required", field);
        }
        return value;
    }

    /// <summary>A date in <see cref="FieldLimits"/> (2000–2100); <paramref name="label"/> names it in the refusal.</summary>
    public DateOnly? Date(string field, DateOnly? value, string label, bool required = true)
    {
        if (value is null)
        {
            return required ? Required(field, value) : null;
        }
        if (!FieldLimits.IsDate(value.Value))
        {
            Add(FieldLimits.DateOutOfRange(label, culture, field));
            return null;
        }
        return value;
    }

    /// <summary>An absolute http or https address of at most <paramref name="max"/> characters.</summary>
    public string? Url(string field, string? value, int max, bool required = true)
    {
        var text = Text(field, value, max, required);
        if (text is not null && !(Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0))
        {
            Add("field.url", field);
            return null;
        }
        return text;
    }
}
