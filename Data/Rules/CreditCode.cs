using System.Globalization;

namespace GuidanceBot.Data.Rules;

/// <summary>
/// One thing wrong with a credit code. <see cref="Position"/> is 1-based, as in the standard; for
/// <see cref="CreditCodeRules.Length"/> it carries the length found.
/// </summary>
public sealed record CreditCodeProblem(string Code, int? Position = null, char? Found = null, char? Expected = null)
{
    public DomainError ToError(CultureInfo? culture, string? field = "creditCode") => Code switch
    {
        CreditCodeRules.Length => DomainError.Create(Code, culture, field, Position ?? 0),
        CreditCodeRules.CheckDigit or CreditCodeRules.OrganisationCheck => DomainError.Create(Code, culture, field, Found ?? ' ', Expected ?? ' '),
        CreditCodeRules.Empty => DomainError.Create(Code, culture, field),
        _ => DomainError.Create(Code, culture, field, Position ?? 0, Found ?? ' '),
    };
}

/// <summary>The outcome of <see cref="CreditCode.Validate"/>: the normalized code and what is wrong with it.</summary>
public sealed record CreditCodeCheck(string Normalized, IReadOnlyList<CreditCodeProblem> Problems, IReadOnlyList<CreditCodeProblem> Warnings)
{
    public bool IsValid => Problems.Count == 0;

    public IReadOnlyList<DomainError> Errors(CultureInfo? culture) => [.. Problems.Select(p => p.ToError(culture))];
}

/// <summary>Reason codes of <see cref="CreditCode"/> (also the message keys).</summary>
public static class CreditCodeRules
{
    public const string Empty = "credit.empty";
    public const string Length = "credit.length";
    public const string ForbiddenLetter = "credit.forbidden_letter";
    public const string BadChar = "credit.bad_char";
    public const string RegistrationAuthority = "credit.registration_authority";
    public const string OrganisationType = "credit.organisation_type";
    public const string Region = "credit.region";
    public const string CheckDigit = "credit.check_digit";
    public const string OrganisationCheck = "credit.organisation_check";
}

/// <summary>
/// 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and A-Z without I, O, S, V, Z.
/// Position 1 registration authority, 2 organisation type, 3–8 administrative division (GB/T 2260),
/// 9–17 organisation code (GB 11714, its 9th character a check of its own), 18 check character:
/// C18 = 31 − (Σ Ci·Wi mod 31) with Wi = 3^(i−1) mod 31, 31 written as 0.
/// </summary>
public static class CreditCode
{
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private const string ForbiddenLetters = "IOSVZ";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] OrganisationWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>Registration authority (position 1) → organisation types (position 2) it may use.</summary>
    private static readonly Dictionary<char, string> OrganisationTypes = new()
    {
        ['1'] = "1239", // 机构编制: 机关, 事业单位, 群众团体, 其他
        ['2'] = "19",   // 外交
        ['3'] = "123459", // 司法行政
        ['4'] = "19",   // 文化
        ['5'] = "1239", // 民政: 社会团体, 民办非企业单位, 基金会, 其他
        ['6'] = "129",  // 旅游
        ['7'] = "129",  // 宗教
        ['8'] = "19",   // 工会
        ['9'] = "123",  // 工商: 企业, 个体工商户, 农民专业合作社
        ['A'] = "19",   // 中央军委改革和编制办公室
        ['N'] = "1239", // 农业: 集体经济组织
        ['Y'] = "1",    // 其他
    };

    /// <summary>
    /// Trims, removes inner spaces and hyphens, folds full-width characters (typed with a Chinese IME)
    /// to ASCII and upper-cases (<see cref="TypedCode.Fold"/>): people paste codes from documents and
    /// chat, the check is what matters.
    /// </summary>
    public static string Normalize(string? input) => TypedCode.Fold(input);

    public static bool IsValid(string? input) => Validate(input).IsValid;

    public static CreditCodeCheck Validate(string? input)
    {
        var code = Normalize(input);
        var problems = new List<CreditCodeProblem>();
        var warnings = new List<CreditCodeProblem>();
        if (code.Length == 0)
        {
            return new(code, [new(CreditCodeRules.Empty)], warnings);
        }

        if (code.Length != 18)
        {
            problems.Add(new(CreditCodeRules.Length, code.Length));
        }

        var charsOk = true;
        for (var i = 0; i < code.Length; i++)
        {
            var ch = code[i];
            if (ForbiddenLetters.Contains(ch))
            {
                problems.Add(new(CreditCodeRules.ForbiddenLetter, i + 1, ch));
                charsOk = false;
            }
            else if (Alphabet.IndexOf(ch) < 0)
            {
                problems.Add(new(CreditCodeRules.BadChar, i + 1, ch));
                charsOk = false;
            }
        }

        if (problems.Count > 0)
        {
            return new(code, problems, warnings); // the structure below needs 18 valid characters
        }

        if (!OrganisationTypes.TryGetValue(code[0], out var types))
        {
            problems.Add(new(CreditCodeRules.RegistrationAuthority, 1, code[0]));
        }
        else if (!types.Contains(code[1]))
        {
            problems.Add(new(CreditCodeRules.OrganisationType, 2, code[1]));
        }

        for (var i = 2; i < 8; i++)
        {
            if (!char.IsAsciiDigit(code[i]))
            {
                problems.Add(new(CreditCodeRules.Region, i + 1, code[i]));
                break;
            }
        }

        if (charsOk)
        {
            var expected = ComputeCheckChar(code.AsSpan(0, 17));
            if (code[17] != expected)
            {
                problems.Add(new(CreditCodeRules.CheckDigit, 18, code[17], expected));
            }

            // A warning only: registries have issued codes whose organisation part predates or bypasses
            // GB 11714, and the overall check above already catches typing errors.
            var orgExpected = ComputeOrganisationCheckChar(code.AsSpan(8, 8));
            if (code[16] != orgExpected)
            {
                warnings.Add(new(CreditCodeRules.OrganisationCheck, 17, code[16], orgExpected));
            }
        }

        return new(code, problems, warnings);
    }

    /// <summary>The 18th character for the first 17 (already normalized, all in <see cref="Alphabet"/>).</summary>
    public static char ComputeCheckChar(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("Exactly 17 characters are needed.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(first17[i]);
            if (value < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not a credit-code character.", nameof(first17));
            }
            sum += value * Weights[i];
        }
        var check = 31 - sum % 31;
        return Alphabet[check == 31 ? 0 : check];
    }

    /// <summary>
    /// GB 11714 check of the organisation code's first 8 characters: C9 = 11 − (Σ Ci·Wi mod 11),
    /// 10 written as X and 11 as 0; letters count A=10 … Z=35.
    /// </summary>
    public static char ComputeOrganisationCheckChar(ReadOnlySpan<char> first8)
    {
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var ch = first8[i];
            var value = char.IsAsciiDigit(ch) ? ch - '0' : char.IsAsciiLetterUpper(ch) ? ch - 'A' + 10
                : throw new ArgumentException($"'{ch}' is not an organisation-code character.", nameof(first8));
            sum += value * OrganisationWeights[i];
        }
        var check = 11 - sum % 11;
        return check switch { 10 => 'X', 11 => '0', _ => (char)('0' + check) };
    }
}
