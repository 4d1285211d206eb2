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
    private static string Names(IReadOnlyList<EnterpriseRef> list) =>
        string.Join("、", list.Take(5).Select(e => e.Name)) + (list.Count > 5 ? "…" : "");

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
        if (u.PlannedInBoth.Count > 0) parts.Add(PlanText.Format("DovetailDoubled", c, u.PlannedInBoth.Count, Names(u.PlannedInBoth)));
        if (u.LeftOut.Count > 0) parts.Add(PlanText.Format("DovetailLeftOut", c, u.LeftOut.Count, Names(u.LeftOut)));
        return parts.Count == 0 ? PlanText.Format("DovetailOk", c, unit) : unit + "：" + string.Join("；", parts);
    }

    /// <summary>City staff's card: every county's line.</summary>
    public static JsonObject City(DovetailView view, CultureInfo c)
    {
        var card = AdaptiveCardBuilder.Create().Title(PlanText.Format("DovetailTitle", c, view.Year))
            .Text(PlanText.Format("DovetailCityPlanned", c, view.CityPlanned), subtle: true);
        foreach (var u in view.Units)
        {
            card.Text((u.Dovetails ? "✅ " : "⚠ ") + Line(u, c), color: u.Dovetails ? TextColor.Default : TextColor.Warning);
        }
        return card.Build();
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
