using System.Globalization;
using GuidanceBot.Data.Resources;

namespace GuidanceBot.Data.Rules;

/// <summary>
/// Why a rule or a step refused. <see cref="Code"/> is stable (for clients and tests), <see cref="Message"/>
/// is localized, <see cref="Field"/> names the input at fault when there is one. The bot turns it into a
/// card, the API into ProblemDetails.
/// </summary>
public sealed record DomainError(string Code, string Message, string? Field = null)
{
    /// <summary>The message arguments, kept so the error can be shown again in another language.</summary>
    public IReadOnlyList<object> Args { get; init; } = [];

    public static DomainError Create(string code, CultureInfo? culture, string? field = null, params object[] args) =>
        new(code, DomainText.Get(code, culture, args), field) { Args = args };

    /// <summary>The same error in another language.</summary>
    public DomainError In(CultureInfo culture) => this with { Message = DomainText.Get(Code, culture, [.. Args]) };

    public override string ToString() => $"{Code}: {Message}";
}
