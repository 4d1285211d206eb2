using System.Security.Cryptography;
using System.Text;

namespace GuidanceBot.Bot.Flows.Onboarding;

/// <summary>
/// One-time invite codes: 10 random characters from an alphabet without look-alikes (no 0/O, 1/I/L),
/// shown as XXXXX-XXXXX (about 49 bits). Only the SHA-256 of the normalized code is stored.
/// </summary>
public static class InviteCodes
{
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public const int Length = 10;

    /// <summary>
    /// What a code looks like, for the welcome card's placeholder: made by the same grouping as a generated code,
    /// so the two cannot drift apart. (Issue 12 item 5 unifies the chat's and the API's codes: an example taken
    /// from that one definition stays right.)
    /// </summary>
    public static string Example { get; } = Grouped("7KQ2M9XDHP");

    public static string Generate()
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return Grouped(chars);
    }

    /// <summary>Ten characters as shown and typed: two groups of five.</summary>
    private static string Grouped(ReadOnlySpan<char> chars) => $"{chars[..5]}-{chars[5..]}";

    /// <summary>Upper case, without spaces and dashes: what the user typed, as generated.</summary>
    public static string Normalize(string input) =>
        new([.. input.ToUpperInvariant().Where(ch => !char.IsWhiteSpace(ch) && ch is not ('-' or '－' or '—'))]);

    public static string Hash(string input) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(input))));
}
