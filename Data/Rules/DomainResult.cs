using System.Diagnostics.CodeAnalysis;

namespace GuidanceBot.Data.Rules;

/// <summary>A value, or the reason there is none. Refusals are results, not exceptions.</summary>
public readonly record struct DomainResult<T>
{
    private DomainResult(T? value, DomainError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public DomainError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static DomainResult<T> From(T value) => new(value, null);

    public static implicit operator DomainResult<T>(T value) => new(value, null);
    public static implicit operator DomainResult<T>(DomainError error) => new(default, error);
}
