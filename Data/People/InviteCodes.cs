using System.Security.Cryptography;
using System.Text;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Data.People;

/// <summary>
/// The one definition of an invite code, for every door that makes or takes one: 10 characters from an
/// alphabet without look-alikes (no 0/O, 1/I/L), shown as two groups of 5 joined by a hyphen,
/// <c>XXXXX-XXXXX</c> (about 49 bits). What a person types is folded by <see cref="TypedCode.Fold"/>
/// (case, spaces, hyphens and dashes, full-width characters from a Chinese IME), so <c>7kq2m 9xdtp</c>
/// and <c>７ＫＱ２Ｍ－９ＸＤＴＰ</c> are the same code. Only the SHA-256 of the folded code is stored, as
/// lower-case hex.
/// </summary>
public static class InviteCodes
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int Length = 10;
    public const int GroupLength = 5;
    public const char Separator = '-';

    /// <summary>A code in the shape people are given, for placeholders and help texts (not a real code).</summary>
    public const string Example = "7KQ2M-9XDTP";

    /// <summary>The shape as a regular expression over the displayed form, e.g. to find a code in a message.</summary>
    public const string Pattern = "[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}";

    /// <summary>Longest input worth folding: a code with spaces around every character fits.</summary>
    public const int MaxTypedLength = 64;

    public static string Generate()
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return Display(chars);
    }

    /// <summary>The code as it is shown: two groups joined by <see cref="Separator"/>.</summary>
    public static string Display(ReadOnlySpan<char> code) => $"{code[..GroupLength]}{Separator}{code[GroupLength..]}";

    /// <summary>The code a person typed, folded, or null when it cannot be one (wrong length or characters).</summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null || typed.Length > MaxTypedLength)
        {
            return null;
        }
        var folded = TypedCode.Fold(typed);
        return folded.Length == Length && folded.All(ch => Alphabet.Contains(ch)) ? folded : null;
    }

    /// <summary>What is stored for a code: SHA-256 of the folded code, lower-case hex; null when it cannot be a code.</summary>
    public static string? Hash(string? typed) =>
        Normalize(typed) is { } code ? Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(code))) : null;
}
