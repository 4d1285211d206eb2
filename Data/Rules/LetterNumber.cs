using System.Globalization;
using System.Text.RegularExpressions;
using GuidanceBot.Data.Letters;

namespace GuidanceBot.Data.Rules;

/// <summary>
/// The opinion letter's number, e.g. <c>(漯)应急指导〔2022〕3号</c>: issuer short name, year, serial within
/// issuer and year. Serials are handed out by <see cref="LetterNumbering"/>.
/// </summary>
public static partial class LetterNumber
{
    public static string Format(string issuerShortName, int year, int serial)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issuerShortName);
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 2000);
        ArgumentOutOfRangeException.ThrowIfLessThan(serial, 1);
        return string.Create(CultureInfo.InvariantCulture, $"({issuerShortName.Trim()})应急指导〔{year}〕{serial}号");
    }

    /// <summary>Reads a number back; accepts full-width parentheses, which documents often use.</summary>
    public static bool TryParse(string? text, out string issuerShortName, out int year, out int serial)
    {
        issuerShortName = "";
        year = serial = 0;
        var m = text is null ? Match.Empty : Pattern().Match(text.Trim());
        if (!m.Success)
        {
            return false;
        }
        issuerShortName = m.Groups["issuer"].Value;
        year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
        serial = int.Parse(m.Groups["serial"].Value, CultureInfo.InvariantCulture);
        return serial > 0;
    }

    [GeneratedRegex(@"^[(（](?<issuer>[^)）]+)[)）]应急指导〔(?<year>\d{4})〕(?<serial>\d{1,6})号$")]
    private static partial Regex Pattern();
}
