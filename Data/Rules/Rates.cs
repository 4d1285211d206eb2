using System.Globalization;

namespace GuidanceBot.Data.Rules;

/// <summary>
/// The one way a rate is computed and shown: the monthly on-time rate, coverage, team and progress shares.
/// Rounding is half up (away from zero), so 2 of 3 is 66.7%, never the truncated 66.6%; a rate is shown
/// as a percentage with one decimal everywhere (cards, chat texts; the workbooks use the same "0.0%").
/// </summary>
public static class Rates
{
    /// <summary>What is shown when there is no rate (nothing was due, no base).</summary>
    public const string None = "—";

    /// <summary><paramref name="part"/> ÷ <paramref name="whole"/> to four places; null when the whole is 0.</summary>
    public static double? Ratio(decimal part, decimal whole) => whole <= 0 ? null : (double)Math.Round(part / whole, 4, MidpointRounding.AwayFromZero);

    /// <summary>
    /// <paramref name="part"/> ÷ <paramref name="whole"/> in per-mille, an integer so stored snapshots compare
    /// exactly: 2 of 3 → 667; null when the whole is 0.
    /// </summary>
    public static int? Permille(int part, int whole) =>
        whole <= 0 ? null : (int)Math.Round(part * 1000m / whole, MidpointRounding.AwayFromZero);

    /// <summary>A ratio as a percentage with one decimal: 0.6667 → "66.7%", 1.1 → "110.0%".</summary>
    public static string Percent(double? ratio) =>
        ratio is { } r ? Format(Math.Round((decimal)r * 100, 1, MidpointRounding.AwayFromZero)) : None;

    /// <summary>A per-mille rate as a percentage: 667 → "66.7%".</summary>
    public static string PercentOfPermille(int? permille) => permille is { } p ? Format(p / 10m) : None;

    /// <summary>A change of a per-mille rate, signed: 333 → "+33.3%", −50 → "-5.0%", 0 → "0.0%".</summary>
    public static string ChangeOfPermille(int? permille) => permille switch
    {
        null => None,
        > 0 => "+" + Format(permille.Value / 10m),
        _ => Format(permille.Value / 10m),
    };

    private static string Format(decimal percent) => percent.ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
