namespace GuidanceBot.Data.Cases;

/// <summary>One kind of enforcement a typical case can be about.</summary>
public sealed record EnforcementType(string Code, string Chinese, string English);

/// <summary>
/// The fixed list of enforcement types a typical case is reported under. Taken from the kinds of
/// enforcement act the Ministry's typical-case reporting (《关于做好安全生产典型执法案例报送工作的通知》)
/// and the provincial system record: a penalty decision, a coercive measure (查封、扣押), an inspection with
/// orders to correct, a case transferred to the judicial authorities, an accident investigation; anything else
/// is 其他. The stored value is the code; the labels are for people.
/// </summary>
public static class EnforcementTypes
{
    public static readonly IReadOnlyList<EnforcementType> All =
    [
        new("penalty", "行政处罚", "Administrative penalty"),
        new("coercion", "行政强制", "Administrative coercive measure"),
        new("inspection", "执法检查", "Enforcement inspection"),
        new("judicial-transfer", "移送司法", "Transfer to judicial authorities"),
        new("accident-investigation", "事故调查处理", "Accident investigation"),
        new("other", "其他", "Other"),
    ];

    /// <summary>The type for a code or either label (clients may send the words people know); null if none.</summary>
    public static EnforcementType? Find(string? value)
    {
        var v = value?.Trim();
        return string.IsNullOrEmpty(v)
            ? null
            : All.FirstOrDefault(t => t.Code == v || t.Chinese == v || string.Equals(t.English, v, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The label in the reader's language; an unknown stored value is shown as it is.</summary>
    public static string Label(string code, System.Globalization.CultureInfo culture) =>
        Find(code) is { } t ? (culture.TwoLetterISOLanguageName == "en" ? t.English : t.Chinese) : code;
}
