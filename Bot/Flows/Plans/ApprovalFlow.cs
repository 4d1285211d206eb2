using System.Globalization;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;

namespace GuidanceBot.Bot.Flows.Plans;

/// <summary>审批报备: the government's approval (or a leader's endorsement) of the plan and its filing with the city.</summary>
public sealed class ApprovalFlow(GuidanceDbContext db, SubmissionWorkflow workflow, FlowGuard guard)
    : FilingFlow<PlanApproval>(db, workflow, guard)
{
    private const string Kind = PlanFields.ApprovalKind, Number = PlanFields.ApprovalDocumentNumber, Date = PlanFields.ApprovalDate,
        FilingDate = PlanFields.FilingDate, FilingNumber = PlanFields.FilingDocumentNumber;

    protected override string Verb => Verbs.FileApproval;
    protected override string TitleKey => "ApprovalTitle";
    protected override IReadOnlyList<string> Fields { get; } = [Kind, Number, Date, FilingDate, FilingNumber];

    protected override Dictionary<string, string?> FromRecord(PlanApproval r) => new()
    {
        [Kind] = r.ApprovalKind.ToString(),
        [Number] = r.ApprovalDocumentNumber,
        [Date] = r.ApprovalDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        [FilingDate] = r.FilingDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        [FilingNumber] = r.FilingDocumentNumber,
    };

    protected override void AddInputs(AdaptiveCardBuilder card, FilingContext<PlanApproval> context, IReadOnlyDictionary<string, string?> v, IReadOnlyDictionary<string, string> e)
    {
        var c = context.Culture;
        string T(string k) => PlanText.Get(k, c);
        card.ChoiceInput(Kind, T("ApprovalKind"), [(T("KindGovernmentReply"), nameof(ApprovalKind.GovernmentReply)), (T("KindLeaderEndorsement"), nameof(ApprovalKind.LeaderEndorsement))],
                v[Kind] ?? nameof(ApprovalKind.GovernmentReply), required: true, expanded: true, error: e.GetValueOrDefault(Kind))
            .TextInput(Number, T("ApprovalNumber"), v[Number], required: true, maxLength: PlanLimits.DocumentNumberMax, placeholder: T("ApprovalNumberHint"), error: e.GetValueOrDefault(Number))
            .DateInput(Date, T("ApprovalDate"), Parse(v[Date]), required: true, error: e.GetValueOrDefault(Date))
            .TextInput(FilingNumber, T("FilingNumber"), v[FilingNumber], required: true, maxLength: PlanLimits.DocumentNumberMax, error: e.GetValueOrDefault(FilingNumber))
            .DateInput(FilingDate, T("FilingDate"), Parse(v[FilingDate]), required: true, error: e.GetValueOrDefault(FilingDate))
            .Facts(Documents(context))
            .Text(T("AttachHint"), subtle: true);
    }

    /// <summary>The documents attached so far (files sent in the chat, <see cref="ApprovalAttachments"/>).</summary>
    private static IEnumerable<(string, string)> Documents(FilingContext<PlanApproval> context)
    {
        string T(string k) => PlanText.Get(k, context.Culture);
        yield return (T("ApprovalDocument"), T(context.Record?.ApprovalAttachmentId is null ? "NotAttached" : "Attached"));
        yield return (T("FilingDocument"), T(context.Record?.FilingAttachmentId is null ? "NotAttached" : "Attached"));
    }

    protected override FilingDraft Draft(FilingContext<PlanApproval> context, IReadOnlyDictionary<string, string?> v) =>
        new ApprovalDraft(context.UnitId, context.Year, v[Kind], v[Number], Parse(v[Date]), Parse(v[FilingDate]), v[FilingNumber], context.Record?.Version);

    protected override Dictionary<string, string> Unreadable(FilingContext<PlanApproval> context, IReadOnlyDictionary<string, string?> values) =>
        UnreadableDates(values, context.Culture, Date, FilingDate);

    /// <summary>A date input holding something that is no date in the limits (the card sends yyyy-MM-dd).</summary>
    internal static Dictionary<string, string> UnreadableDates(IReadOnlyDictionary<string, string?> values, CultureInfo c, params string[] ids) =>
        ids.Where(id => values[id] is not null && Parse(values[id]) is null)
            .ToDictionary(id => id, id => FlowText.Get("ErrDate", c));

    protected override IEnumerable<(string Title, string Value)> Facts(FilingContext<PlanApproval> context, IReadOnlyDictionary<string, string?> v)
    {
        var c = context.Culture;
        string T(string k) => PlanText.Get(k, c);
        yield return (T("ApprovalKind"), v[Kind] is { } kind ? T("Kind" + kind) : "—");
        yield return (T("ApprovalNumber"), v[Number] ?? "—");
        yield return (T("ApprovalDate"), v[Date] ?? "—");
        yield return (T("FilingNumber"), v[FilingNumber] ?? "—");
        yield return (T("FilingDate"), v[FilingDate] ?? "—");
        foreach (var document in Documents(context))
        {
            yield return document;
        }
    }

    internal static DateOnly? Parse(string? s) => FieldLimits.ParseDate(s);
}
