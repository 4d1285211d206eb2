namespace GuidanceBot.Data.Visits;

/// <summary>
/// 随机抽查 is a surprise: the enterprises drawn for a visit (and the seed, which with the candidates names them) are shown to
/// city staff at once and to the visited unit only from the visit's first day (China date). A visit without a date keeps its
/// draw sealed. Every door that shows a draw — the status card and API, a visit through the API — asks this rule.
/// </summary>
public static class DrawSecrecy
{
    /// <summary>Whether a viewer (<paramref name="city"/>: city staff; else the visited unit's own people) may see the draw today.</summary>
    public static bool Shown(bool city, DateOnly? visitStart, DateOnly chinaToday) =>
        city || visitStart is { } start && chinaToday >= start;
}
