using GuidanceBot.Data.Resources;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Data.Tests.Rules;

public class CreditCodeTests
{
    // Check characters worked out by hand from GB 32100-2015 (the first three are published codes,
    // the 4114xx ones are made up for Luohe's districts and computed the same way).
    [Theory]
    [InlineData("914403001922038216")]
    [InlineData("91440300708461136T")]
    [InlineData("91350100M000100Y43")] // the standard's worked example, with its correct check character
    [InlineData("91411102MA3X5K7P3A")]
    [InlineData("92411121L12345674G")]
    [InlineData("12411100416085239A")]
    [InlineData("93411122MA40QJ2C95")]
    public void Valid_codes_pass_without_warnings(string code)
    {
        var check = CreditCode.Validate(code);

        Assert.True(check.IsValid, string.Join("; ", check.Problems));
        Assert.Empty(check.Warnings);
        Assert.Equal(code, check.Normalized);
    }

    [Fact]
    public void The_standards_example_with_Z_is_refused_for_the_letter_and_would_need_3()
    {
        // GB 32100's example "91350100M000100Y4Z": Z is not in the character set at all.
        var check = CreditCode.Validate("91350100M000100Y4Z");

        var problem = Assert.Single(check.Problems);
        Assert.Equal(CreditCodeRules.ForbiddenLetter, problem.Code);
        Assert.Equal(18, problem.Position);
        Assert.Equal('Z', problem.Found);
        Assert.Equal('3', CreditCode.ComputeCheckChar("91350100M000100Y4"));
    }

    [Fact]
    public void A_wrong_check_digit_says_which_character_was_expected()
    {
        var check = CreditCode.Validate("914403001922038217");

        var problem = Assert.Single(check.Problems);
        Assert.Equal(CreditCodeRules.CheckDigit, problem.Code);
        Assert.Equal('7', problem.Found);
        Assert.Equal('6', problem.Expected);
        Assert.Equal("统一社会信用代码校验码错误：第 18 位是“7”，应为“6”，请核对代码。", problem.ToError(DomainText.Chinese).Message);
        Assert.Equal("The credit code's check character is '7' but should be '6'; please check the code.", problem.ToError(DomainText.English).Message);
    }

    [Fact]
    public void Two_swapped_digits_are_caught()
    {
        Assert.False(CreditCode.IsValid("914403009122038216"));
    }

    [Theory]
    [InlineData('I')]
    [InlineData('O')]
    [InlineData('S')]
    [InlineData('V')]
    [InlineData('Z')]
    public void Each_forbidden_letter_is_named_with_its_position(char letter)
    {
        var code = "91411102MA3X5K7P3A".Remove(10, 1).Insert(10, letter.ToString());

        var check = CreditCode.Validate(code);

        var problem = Assert.Single(check.Problems);
        Assert.Equal(CreditCodeRules.ForbiddenLetter, problem.Code);
        Assert.Equal(11, problem.Position);
        Assert.Equal(letter, problem.Found);
        Assert.Contains($"第 11 位的字母“{letter}”", problem.ToError(null).Message);
    }

    [Fact]
    public void Lower_case_spaces_and_full_width_characters_are_normalized_before_the_check()
    {
        Assert.True(CreditCode.Validate("  91440300708461136t ").IsValid);
        Assert.True(CreditCode.Validate("9144 0300 7084 6113 6T").IsValid);
        Assert.Equal("91440300708461136T", CreditCode.Validate("９１４４０３００７０８４６１１３６Ｔ").Normalized);
        Assert.True(CreditCode.Validate("９１４４０３００７０８４６１１３６Ｔ").IsValid);
    }

    [Fact]
    public void A_lower_case_forbidden_letter_is_still_forbidden()
    {
        var problem = Assert.Single(CreditCode.Validate("91411102mi3x5k7p3a").Problems, p => p.Code == CreditCodeRules.ForbiddenLetter);
        Assert.Equal(10, problem.Position);
        Assert.Equal('I', problem.Found);
    }

    [Theory]
    [InlineData("9144030070846113", 16)]
    [InlineData("91440300708461136T1", 19)]
    public void Wrong_length_is_reported_with_the_length_found(string code, int length)
    {
        var problem = Assert.Single(CreditCode.Validate(code).Problems);
        Assert.Equal(CreditCodeRules.Length, problem.Code);
        Assert.Equal(length, problem.Position);
        Assert.Contains($"当前为 {length} 位", problem.ToError(null).Message);
    }

    [Fact]
    public void Empty_input_and_punctuation_get_their_own_reasons()
    {
        Assert.Equal(CreditCodeRules.Empty, Assert.Single(CreditCode.Validate("   ").Problems).Code);

        var check = CreditCode.Validate("91440300708461136#");
        var problem = Assert.Single(check.Problems);
        Assert.Equal(CreditCodeRules.BadChar, problem.Code);
        Assert.Equal(18, problem.Position);
    }

    [Fact]
    public void Unknown_registration_authority_and_organisation_type_are_refused()
    {
        // B is a valid character but no registration authority; 94 is no 工商 organisation type.
        var authority = CreditCode.Validate(WithCheck("B1411102MA3X5K7P3"));
        Assert.Equal(CreditCodeRules.RegistrationAuthority, Assert.Single(authority.Problems).Code);

        var type = CreditCode.Validate(WithCheck("94411102MA3X5K7P3"));
        Assert.Equal(CreditCodeRules.OrganisationType, Assert.Single(type.Problems).Code);
    }

    [Fact]
    public void A_letter_in_the_administrative_division_is_refused()
    {
        var check = CreditCode.Validate(WithCheck("9141110AMA3X5K7P3"));
        var problem = Assert.Single(check.Problems);
        Assert.Equal(CreditCodeRules.Region, problem.Code);
        Assert.Equal(8, problem.Position);
    }

    [Fact]
    public void A_bad_organisation_code_check_is_a_warning_not_a_refusal()
    {
        // Position 17 changed and the overall check recomputed: only the GB 11714 check disagrees.
        var code = WithCheck("91411102MA3X5K7P4");

        var check = CreditCode.Validate(code);

        Assert.True(check.IsValid);
        var warning = Assert.Single(check.Warnings);
        Assert.Equal(CreditCodeRules.OrganisationCheck, warning.Code);
        Assert.Equal('3', warning.Expected);
    }

    [Fact]
    public void The_check_character_can_be_zero_when_the_sum_is_a_multiple_of_31()
    {
        // Find a 17-character body whose weighted sum is ≡ 0 (mod 31): 31 is written as 0.
        var body = Enumerable.Range(0, 31).Select(i => "9141110200000000" + CreditCode.Alphabet[i])
            .Single(b => Sum(b) % 31 == 0);
        Assert.Equal('0', CreditCode.ComputeCheckChar(body));
    }

    private static string WithCheck(string first17) => first17 + CreditCode.ComputeCheckChar(first17);

    private static int Sum(string body)
    {
        int[] w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        return body.Select((c, i) => CreditCode.Alphabet.IndexOf(c) * w[i]).Sum();
    }
}
