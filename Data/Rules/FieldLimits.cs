using System.Globalization;

namespace GuidanceBot.Data.Rules;

/// <summary>
/// Limits every door applies to what a person enters. Years and dates: a plan year, a deadline, a visit
/// or training day all lie in 2000–2100 (the bureau's records start well after 2000; a date outside is a
/// typing error or a probe — 0001-01-01, 9999-12-31 — and would make working-day counts and documents
/// meaningless). The API checks every date of every request against it, the cards read dates only
/// through <see cref="ParseDate"/>.
/// </summary>
public static class FieldLimits
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    /// <summary>
    /// A web address a person gives: a plan's published URL or a visit material's link — one limit for both doors and
    /// both features (long enough for a government site's document link with its query string).
    /// </summary>
    public const int UrlMax = 2000;

    public static readonly DateOnly MinDate = new(MinYear, 1, 1);
    public static readonly DateOnly MaxDate = new(MaxYear, 12, 31);

    public static bool IsYear(int year) => year is >= MinYear and <= MaxYear;

    public static bool IsDate(DateOnly date) => IsYear(date.Year);

    /// <summary>An instant (a filter's from/to) in the same years, read in UTC.</summary>
    public static bool IsInstant(DateTime instant) => instant.Kind == DateTimeKind.Local
        ? IsYear(instant.ToUniversalTime().Year)
        : IsYear(instant.Year);

    /// <summary>A card's date (yyyy-MM-dd, as Input.Date sends it) inside the limits; null for anything else.</summary>
    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && IsDate(d) ? d : null;

    /// <summary>The refusal of a date outside the limits, naming <paramref name="label"/>.</summary>
    public static DomainError DateOutOfRange(string label, CultureInfo? culture, string? field = null) =>
        DomainError.Create("date.range", culture, field ?? label, label,
            MinDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), MaxDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>The refusal of a year outside the limits, naming <paramref name="label"/>.</summary>
    public static DomainError YearOutOfRange(string label, CultureInfo? culture, string? field = null) =>
        DomainError.Create("year.range", culture, field ?? label, label, MinYear, MaxYear);
}
