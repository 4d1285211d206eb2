using System.Globalization;
using System.Text;

namespace GuidanceBot.Data.Rules;

/// <summary>Whether a field holds one line (names, numbers, titles) or paragraphs (problems, measures, notes).</summary>
public enum TextKind
{
    Line,
    Paragraphs,
}

/// <summary>
/// What text a person may enter, the same in every field of both doors (API and cards), and what the
/// documents do with text already stored. Refused everywhere: C0 control characters but tab, line feed
/// and carriage return (NUL among them), DEL and the C1 controls, the bidirectional embeddings, overrides
/// and isolates (U+202A–U+202E, U+2066–U+2069, which make text display as something it is not), unpaired
/// surrogates and the noncharacters U+FFFE/U+FFFF (XML 1.0 cannot hold them, so a DOCX or XLSX could not
/// be written). One-line fields also refuse tabs and line breaks. Text made only of spaces and invisible
/// characters (zero-width space, joiners, word joiner, BOM, Hangul fillers…) counts as blank.
/// </summary>
public static class TextRule
{
    /// <summary>Null or only white space and invisible characters: the same as not filled in.</summary>
    public static bool IsBlank(string? value)
    {
        if (value is null)
        {
            return true;
        }
        foreach (var c in value)
        {
            if (!char.IsWhiteSpace(c) && !IsInvisible(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The first character of <paramref name="value"/> no field may hold, or null.</summary>
    public static int? FindRefused(string? value, TextKind kind = TextKind.Paragraphs)
    {
        if (value is null)
        {
            return null;
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (IsRefused(c) || (kind == TextKind.Line && IsLineBreak(c)))
            {
                return c;
            }
        }
        return null;
    }

    /// <summary>
    /// Null when <paramref name="value"/> may be stored; else the refusal, the character named as U+XXXX. With a
    /// <paramref name="label"/> the message names the field (API); without, it is worded to stand under the field (cards).
    /// </summary>
    public static DomainError? Check(string? value, CultureInfo? culture, TextKind kind = TextKind.Line, string? label = null, string? field = null) =>
        Refusal(value, culture, kind, label is null ? ".here" : "", label, field ?? label);

    /// <summary>The refusal of a whole card's submission (what no field of any card may hold), or null.</summary>
    public static DomainError? CheckCard(string? value, CultureInfo? culture) =>
        Refusal(value, culture, TextKind.Paragraphs, ".card", null, null);

    private static DomainError? Refusal(string? value, CultureInfo? culture, TextKind kind, string variant, string? label, string? field)
    {
        if (FindRefused(value, kind) is not { } c)
        {
            return null;
        }
        var code = IsBidiControl((char)c) ? "text.bidi" : kind == TextKind.Line && IsLineBreak((char)c) ? "text.line_break" : "text.control";
        return DomainError.Create(code + variant, culture, field, label ?? "", $"U+{c:X4}");
    }

    /// <summary>
    /// Stored text without the characters no field may hold (none has a visible form): what XML 1.0 cannot
    /// carry and the direction controls. Documents print text stored before the rule existed, and a form
    /// showing such text again can be submitted as it is.
    /// </summary>
    public static string Strip(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }
        StringBuilder? clean = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var drop = !pair && IsRefused(c);
            if (drop && clean is null)
            {
                clean = new StringBuilder(text.Length).Append(text, 0, i);
            }
            if (!drop)
            {
                clean?.Append(c);
                if (pair)
                {
                    clean?.Append(text[i + 1]);
                }
            }
            if (pair)
            {
                i++;
            }
        }
        return clean?.ToString() ?? text;
    }

    private static bool IsRefused(char c) =>
        (c < ' ' && c is not ('\t' or '\n' or '\r'))
        || c is >= '\u007F' and <= '\u009F'
        || IsBidiControl(c)
        || char.IsSurrogate(c)
        || c is '\uFFFE' or '\uFFFF';

    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    private static bool IsLineBreak(char c) => c is '\t' or '\n' or '\r' or '\u2028' or '\u2029' or '\u0085';

    private static bool IsInvisible(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format
        || c is '\u034F' or '\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u180E';
}
