using System.Globalization;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;

namespace GuidanceBot.Bot.Flows.Plans;

/// <summary>公示: the links to the plan and to the 双随机 plan on the bureau's website, and the date.</summary>
public sealed class PublicationFlow(GuidanceDbContext db, SubmissionWorkflow workflow, FlowGuard guard)
    : FilingFlow<PlanPublication>(db, workflow, guard)
{
    private const string PlanUrl = PlanFields.PlanUrl, RandomUrl = PlanFields.DoubleRandomPlanUrl, PublishedOn = PlanFields.PublishedOn;

    protected override string Verb => Verbs.FilePublication;
    protected override string TitleKey => "PublicationTitle";
    protected override IReadOnlyList<string> Fields { get; } = [PlanUrl, RandomUrl, PublishedOn];

    protected override Dictionary<string, string?> FromRecord(PlanPublication r) => new()
    {
        [PlanUrl] = r.PlanUrl,
        [RandomUrl] = r.DoubleRandomPlanUrl,
        [PublishedOn] = r.PublishedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    protected override void AddInputs(AdaptiveCardBuilder card, FilingContext<PlanPublication> context, IReadOnlyDictionary<string, string?> v, IReadOnlyDictionary<string, string> e)
    {
        string T(string k) => PlanText.Get(k, context.Culture);
        card.TextInput(PlanUrl, T("PlanUrl"), v[PlanUrl], required: true, placeholder: "https://", maxLength: FieldLimits.UrlMax, error: e.GetValueOrDefault(PlanUrl))
            .TextInput(RandomUrl, T("DoubleRandomUrl"), v[RandomUrl], required: true, placeholder: "https://", maxLength: FieldLimits.UrlMax, error: e.GetValueOrDefault(RandomUrl))
            .DateInput(PublishedOn, T("PublishedOn"), ApprovalFlow.Parse(v[PublishedOn]), required: true, error: e.GetValueOrDefault(PublishedOn));
    }

    protected override FilingDraft Draft(FilingContext<PlanPublication> context, IReadOnlyDictionary<string, string?> v) =>
        new PublicationDraft(context.UnitId, context.Year, v[PlanUrl], v[RandomUrl], ApprovalFlow.Parse(v[PublishedOn]), context.Record?.Version);

    protected override Dictionary<string, string> Unreadable(FilingContext<PlanPublication> context, IReadOnlyDictionary<string, string?> values) =>
        ApprovalFlow.UnreadableDates(values, context.Culture, PublishedOn);

    protected override IEnumerable<(string Title, string Value)> Facts(FilingContext<PlanPublication> context, IReadOnlyDictionary<string, string?> v)
    {
        string T(string k) => PlanText.Get(k, context.Culture);
        yield return (T("PlanUrl"), v[PlanUrl] ?? "—");
        yield return (T("DoubleRandomUrl"), v[RandomUrl] ?? "—");
        yield return (T("PublishedOn"), v[PublishedOn] ?? "—");
    }
}
