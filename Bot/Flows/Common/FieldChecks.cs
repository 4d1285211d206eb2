using System.Globalization;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Bot.Flows.Common;

/// <summary>
/// Reads form values and collects one localized error per bad field (the card shows it under the field).
/// </summary>
public sealed class FieldChecks(IReadOnlyDictionary<string, string?> values, CultureInfo culture)
{
    public Dictionary<string, string> Errors { get; } = [];

    public CultureInfo Culture => culture;

    public void Add(string field, string message) => Errors.TryAdd(field, message);

    /// <summary>The trimmed value; null when absent or blank (spaces and invisible characters alone are blank).</summary>
    private string? Value(string id) => values.TryGetValue(id, out var v) && !TextRule.IsBlank(v) ? v!.Trim() : null;

    /// <summary>Text of at most <paramref name="maxLength"/> characters, one line unless <paramref name="kind"/> says paragraphs.</summary>
    public string? Text(string id, bool required, int maxLength = 200, TextKind kind = TextKind.Line)
    {
        var v = Value(id);
        if (v is null)
        {
            if (required) Add(id, FlowText.Get("ErrRequired", culture));
            return null;
        }
        if (v.Length > maxLength)
        {
            Add(id, FlowText.Format("ErrTooLong", culture, maxLength));
            return null;
        }
        if (TextRule.Check(v, culture, kind) is { } refused)
        {
            Add(id, refused.Message);
            return null;
        }
        return v;
    }

    /// <summary>A date (yyyy-MM-dd, as Input.Date sends it) in <paramref name="year"/> and not after today.</summary>
    public DateOnly? Date(string id, bool required, int year, DateOnly today)
    {
        var v = Value(id);
        if (v is null)
        {
            if (required) Add(id, FlowText.Get("ErrRequired", culture));
            return null;
        }
        if (FieldLimits.ParseDate(v) is not { } date)
        {
            Add(id, FlowText.Get("ErrDate", culture));
            return null;
        }
        if (date.Year != year)
        {
            Add(id, FlowText.Format("ErrDateYear", culture, year));
            return null;
        }
        if (date > today)
        {
            Add(id, FlowText.Format("ErrDateFuture", culture, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            return null;
        }
        return date;
    }

    /// <summary>A date that may lie ahead (an expected completion), not before today.</summary>
    public DateOnly? FutureDate(string id, bool required, DateOnly today)
    {
        var v = Value(id);
        if (v is null)
        {
            if (required) Add(id, FlowText.Get("ErrRequired", culture));
            return null;
        }
        if (FieldLimits.ParseDate(v) is not { } date)
        {
            Add(id, FlowText.Get("ErrDate", culture));
            return null;
        }
        if (date < today || date > today.AddYears(3))
        {
            Add(id, FlowText.Get("ErrExpectedDate", culture));
            return null;
        }
        return date;
    }

    /// <summary>An absolute http or https URL.</summary>
    public string? Url(string id, bool required)
    {
        var v = Text(id, required, 1000);
        if (v is null)
        {
            return null;
        }
        if (!IsWebUrl(v))
        {
            Add(id, FlowText.Get("ErrUrl", culture));
            return null;
        }
        return v;
    }

    public static bool IsWebUrl(string v) =>
        Uri.TryCreate(v, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;

    /// <summary>A whole count ≥ 0.</summary>
    public int? Count(string id)
    {
        var v = Value(id);
        if (v is null)
        {
            Add(id, FlowText.Get("ErrRequired", culture));
            return null;
        }
        if (!decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) || d != decimal.Truncate(d) || d < 0 || d > 1_000_000)
        {
            Add(id, FlowText.Get("ErrCount", culture));
            return null;
        }
        return (int)d;
    }

    public TEnum? Choice<TEnum>(string id) where TEnum : struct, Enum
    {
        var v = Value(id);
        if (v is null)
        {
            Add(id, FlowText.Get("ErrRequired", culture));
            return null;
        }
        if (!Enum.TryParse<TEnum>(v, ignoreCase: false, out var e) || !Enum.IsDefined(e) || int.TryParse(v, out _))
        {
            Add(id, FlowText.Get("ErrChoice", culture));
            return null;
        }
        return e;
    }
}
