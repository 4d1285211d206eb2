using GuidanceBot.Data.Messaging;

namespace GuidanceBot.Data.Letters;

/// <summary>The letter, numbered, to each liaison of the unit: they sign for it from the card.</summary>
public sealed record LetterIssuedNotice(int RecipientId, int LetterId) : Notice(RecipientId)
{
    public override string Kind => "letter-issued";
    public override string Subject => $"letter:{LetterId}";
    public override string Stage => "issued";
}

/// <summary>The rectification report came back (per problem, with the city's notes), to each liaison of the unit; once per submission.</summary>
public sealed record RectificationReturnedNotice(int RecipientId, int LetterId, int Submission) : Notice(RecipientId)
{
    public override string Kind => "rectification-returned";
    public override string Subject => $"letter:{LetterId}";
    public override string Stage => $"return-{Submission}";
}
