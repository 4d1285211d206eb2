using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Bot.Flows.Plans;

/// <summary>市县两级计划衔接 as people read it: a line per unit for city staff (status card, notice), a unit's own part for its liaisons.</summary>
public static class DovetailingCards
{
    private static bool English(CultureInfo c) => c.TwoLetterISOLanguageName == "en";

    private static string Names(IReadOnlyList<EnterpriseRef> list, CultureInfo c) =>
        string.Join(English(c) ? ", " : "、", list.Take(5).Select(e => e.Name)) + (list.Count > 5 ? "…" : "");

    /// <summary>One line per county that does not dovetail (none when everything does, or before the city's plan is filed).</summary>
    public static IReadOnlyList<string> ProblemLines(DovetailView view, CultureInfo c) =>
        !view.CityPlanFiled ? [] : [.. view.Units.Where(u => !u.Dovetails).Select(u => Line(u, c))];

    public static string Line(UnitDovetailing u, CultureInfo c)
    {
        var unit = FlowTurn.UnitName(u.UnitName, u.UnitNameEn, c);
        if (!u.CountyListFiled)
        {
            return PlanText.Format("DovetailNoList", c, unit);
        }
        var parts = new List<string>();
        if (u.PlannedInBoth.Count > 0) parts.Add(PlanText.Format("DovetailDoubled", c, u.PlannedInBoth.Count, Names(u.PlannedInBoth, c)));
        if (u.LeftOut.Count > 0) parts.Add(PlanText.Format("DovetailLeftOut", c, u.LeftOut.Count, Names(u.LeftOut, c)));
        return parts.Count == 0 ? PlanText.Format("DovetailOk", c, unit) : unit + (English(c) ? ": " : "：") + string.Join(English(c) ? "; " : "；", parts);
    }

    /// <summary>City staff's card: every county's line, under <paramref name="headline"/> (what was just done) if given.</summary>
    public static JsonObject City(DovetailView view, CultureInfo c, string? headline = null)
    {
        var card = AdaptiveCardBuilder.Create().Title(PlanText.Format("DovetailTitle", c, view.Year));
        if (headline is not null)
        {
            card.Text(headline, color: TextColor.Good, bold: true);
        }
        card.Text(PlanText.Format("DovetailCityPlanned", c, view.CityPlanned), subtle: true);
        foreach (var u in view.Units)
        {
            card.Text((u.Dovetails ? "✅ " : "⚠ ") + Line(u, c), color: u.Dovetails ? TextColor.Default : TextColor.Warning);
        }
        return card.Build();
    }

    /// <summary>
    /// City staff sent a list while the year's plan is filed: the plan as it is (how many, when, by whom), what the list would change,
    /// and the one button that replaces (<see cref="CityPlanReplacement.Verb"/>: the draft waiting for the sender and the plan's version
    /// seen; the rows stay in the database).
    /// </summary>
    public static JsonObject ReplaceOffer(CityPlanReplaceOffer offer, CultureInfo c)
    {
        var filed = ChinaTime.Local(offer.FiledUtc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return AdaptiveCardBuilder.Create().Title(PlanText.Format("CityPlanReplaceTitle", c, offer.Year))
            .Text(PlanText.Format("CityPlanOnFile", c, offer.Year, filed, offer.FiledBy ?? "—", offer.Enterprises))
            .Text(PlanText.Format("CityPlanReplaceChanges", c, offer.FileName, offer.ListEnterprises, offer.Added, offer.Removed), bold: true)
            .Text(PlanText.Get("CityPlanReplaceHint", c), subtle: true)
            .Execute(PlanText.Get("CityPlanReplaceButton", c), CityPlanReplacement.Verb, new JsonObject
            {
                ["year"] = offer.Year, ["draftId"] = offer.DraftId.ToString(), ["version"] = offer.PlanVersion.ToString(),
            }, ActionStyle.Positive, validateInputs: false)
            .Build();
    }

    /// <summary>A county's card: its doubled and left-out enterprises with their credit codes.</summary>
    public static JsonObject Unit(DovetailView view, UnitDovetailing u, CultureInfo c)
    {
        var card = AdaptiveCardBuilder.Create().Title(PlanText.Format("DovetailTitle", c, view.Year)).Text(Line(u, c));
        var facts = u.PlannedInBoth.Select(e => (PlanText.Get("DovetailDoubledFact", c), $"{e.Name} ({e.CreditCode})"))
            .Concat(u.LeftOut.Select(e => (PlanText.Get("DovetailLeftOutFact", c), $"{e.Name} ({e.CreditCode})"))).ToList();
        card.Facts(facts);
        return card.Text(PlanText.Get("DovetailUnitHint", c), subtle: true).Build();
    }
}

/// <summary>City staff are told the year's new dovetailing result.</summary>
public sealed class DovetailingRenderer : INoticeRenderer<DovetailingNotice>
{
    public async Task<NoticeCard?> RenderAsync(GuidanceDbContext db, DovetailingNotice notice, Person recipient, CultureInfo culture, CancellationToken ct)
    {
        var view = await new Dovetailing(db).LoadAsync(notice.Year, ct);
        return view.CityPlanFiled ? new(DovetailingCards.City(view, culture), PlanText.Format("DovetailTitle", culture, notice.Year)) : null;
    }
}

/// <summary>A county's liaisons are told what of the dovetailing concerns their unit.</summary>
public sealed class UnitDovetailingRenderer : INoticeRenderer<UnitDovetailingNotice>
{
    public async Task<NoticeCard?> RenderAsync(GuidanceDbContext db, UnitDovetailingNotice notice, Person recipient, CultureInfo culture, CancellationToken ct)
    {
        var view = await new Dovetailing(db).LoadAsync(notice.Year, ct);
        return view.Units.FirstOrDefault(u => u.UnitId == notice.UnitId && u.UnitId == recipient.UnitId) is { Dovetails: false } unit
            ? new(DovetailingCards.Unit(view, unit, culture), PlanText.Format("DovetailTitle", culture, notice.Year))
            : null;
    }
}
