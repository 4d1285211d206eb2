using System.Globalization;
using System.Text;

namespace GuidanceBot.Data.Rules;

/// <summary>
/// What a person typed or pasted for a code (a credit code, an invite code), folded to the code itself:
/// full-width characters from a Chinese IME to ASCII (NFKC), upper case, without spaces (the ideographic
/// one too), hyphens and dashes of any kind, or invisible format characters a copy from a chat may carry.
/// </summary>
public static class TypedCode
{
    public static string Fold(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return "";
        }

        var folded = input.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(folded.Length);
        foreach (var ch in folded)
        {
            var category = char.GetUnicodeCategory(ch);
            if (!char.IsWhiteSpace(ch) && category is not (UnicodeCategory.DashPunctuation or UnicodeCategory.Format))
            {
                sb.Append(char.ToUpperInvariant(ch));
            }
        }
        return sb.ToString();
    }
}
