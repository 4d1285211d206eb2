using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using GuidanceBot.Data.People;

namespace GuidanceBot.Data.Tests.Rules;

/// <summary>The one invite-code definition: what is handed out, what a person may type for it, what is stored.</summary>
public class InviteCodesTests
{
    private const string Code = "7KQ2M-9XDTP";

    [Fact]
    public void Generated_codes_have_the_published_shape_and_use_only_the_alphabet()
    {
        var pattern = new Regex("^" + InviteCodes.Pattern + "$");
        var codes = Enumerable.Range(0, 500).Select(_ => InviteCodes.Generate()).ToList();
        Assert.All(codes, c => Assert.Matches(pattern, c));
        Assert.Equal(codes.Count, codes.Distinct().Count());
        // The pattern's character class is exactly the alphabet, and the alphabet has no look-alikes.
        Assert.Equal(InviteCodes.Alphabet, new string([.. Enumerable.Range(32, 95).Select(i => (char)i).Where(ch => Regex.IsMatch(ch.ToString(), "^" + InviteCodes.Pattern[..15] + "$"))]));
        Assert.DoesNotContain(InviteCodes.Alphabet, ch => "0O1IL".Contains(ch));
        Assert.Matches(pattern, InviteCodes.Example);
        Assert.Equal(InviteCodes.Length + 1, InviteCodes.Example.Length);
    }

    [Theory]
    [InlineData("7KQ2M-9XDTP")]
    [InlineData("7kq2m-9xdtp")]          // lower case
    [InlineData("  7KQ2M 9XDTP ")]       // a space instead of the hyphen, spaces around
    [InlineData("7KQ2M9XDTP")]           // no hyphen
    [InlineData("7KQ 2M-9X DTP")]        // spaces anywhere
    [InlineData("７ＫＱ２Ｍ－９ＸＤＴＰ")]   // a Chinese IME in full-width mode
    [InlineData("７ｋｑ２ｍ　９ｘｄｔｐ")]   // full-width lower case, an ideographic space
    [InlineData("7KQ2M—9XDTP")]          // an em dash from a document
    [InlineData("7KQ2M–9XDTP")]          // an en dash
    [InlineData("7KQ2M\u20119XDTP")]     // a non-breaking hyphen
    [InlineData("\u200B7KQ2M-9XDTP\u200B")] // zero-width spaces copied from a chat
    [InlineData("7KQ2M\u00A09XDTP")]     // a no-break space
    public void What_a_person_types_is_folded_to_the_code(string typed)
    {
        Assert.Equal("7KQ2M9XDTP", InviteCodes.Normalize(typed));
        Assert.Equal(InviteCodes.Hash(Code), InviteCodes.Hash(typed));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("7KQ2M-9XDT")]        // one short
    [InlineData("7KQ2M-9XDTPP")]      // one long
    [InlineData("7KQ2O-9XDTP")]       // O is not in the alphabet (nor 0, 1, I, L)
    [InlineData("7KQ20-9XDTP")]
    [InlineData("7KQ2L-9XDTP")]
    [InlineData("7KQ2M_9XDTP")]       // an underscore is not a separator
    public void What_cannot_be_a_code_has_no_hash(string? typed)
    {
        Assert.Null(InviteCodes.Normalize(typed));
        Assert.Null(InviteCodes.Hash(typed));
    }

    [Fact]
    public void A_very_long_input_is_not_folded()
    {
        Assert.Null(InviteCodes.Normalize(new string(' ', 1_000_000) + Code));
    }

    [Fact]
    public void The_stored_hash_is_the_lower_case_hex_sha256_of_the_folded_code()
    {
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("7KQ2M9XDTP"))), InviteCodes.Hash("７ｋｑ２ｍ－９ｘｄｔｐ"));
    }
}
