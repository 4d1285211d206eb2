using System.Globalization;
using System.Text.RegularExpressions;

namespace GuidanceBot.Data.Resources;

/// <summary>
/// The one way a text's placeholders are filled, for every resource file (domain, API and bot texts). A value that
/// ends with its own stop, placed right before the text's own punctuation ("市局退回：{0}。" with a reason typed as
/// "…重新报备。"), loses its stop, so no message reads "。。" or "..".
/// </summary>
public static partial class TextFormat
{
    /// <summary>Sentence and clause marks, full width and ASCII.</summary>
    public const string Marks = "。．.！!？?；;，,、：:";

    public static string Format(CultureInfo culture, string template, params object?[] args)
    {
        if (args.Length == 0)
        {
            return template;
        }
        object?[]? tidy = null;
        foreach (Match m in PlaceholderBeforeMark().Matches(template))
        {
            var i = int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture);
            if (i < args.Length && args[i] is string s && EndsWithMark(s))
            {
                tidy ??= (object?[])args.Clone();
                tidy[i] = s.TrimEnd().TrimEnd(Marks.ToCharArray()).TrimEnd();
            }
        }
        return string.Format(culture, template, tidy ?? args);
    }

    private static bool EndsWithMark(string s)
    {
        var t = s.TrimEnd();
        return t.Length > 0 && Marks.Contains(t[^1], StringComparison.Ordinal);
    }

    /// <summary>"{0}" (or "{0:…}", "{0,…}"), not an escaped "{{0}}", right before a mark.</summary>
    [GeneratedRegex(@"(?<!\{)\{(?<index>\d+)(?:[,:][^}]*)?\}(?=[。．.！!？?；;，,、：:])")]
    private static partial Regex PlaceholderBeforeMark();
}
