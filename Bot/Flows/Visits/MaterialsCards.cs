using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Data.Visits;

namespace GuidanceBot.Bot.Flows.Visits;

/// <summary>
/// The materials cards. Every check item of the visit year's template is listed (element id <c>item-{code}</c>)
/// with each of its materials (<c>mat-{code}-{index}</c>), ticked when provided or already on file.
/// </summary>
public static class MaterialsCards
{
    /// <summary>The id of the link input of one material.</summary>
    public static string LinkId(string code, int index) => $"l_{code.Replace('.', '_')}_{index}";

    public static string MaterialKey(string code, int index) => $"{code}#{index}";

    /// <summary>What the liaison sees: what to provide, what is on file, link inputs for what is missing (<paramref name="form"/>).</summary>
    public static JsonObject Liaison(VisitMaterials vm, CultureInfo c, string? banner = null, bool bannerGood = false,
        IReadOnlyDictionary<string, string>? errors = null, JsonObject? input = null, bool form = true)
    {
        string T(string k) => MaterialsText.Get(k, c);
        var card = AdaptiveCardBuilder.Create()
            .Title(MaterialsText.Format("CardTitle", c, vm.DisplayUnit(c)))
            .Facts([
                (T("VisitDate"), DateText(vm, c)),
                (T("Completeness"), MaterialsText.Format("CompletenessValue", c, vm.Done, vm.Required)),
            ]);
        if (banner is not null)
        {
            card.Text(banner, color: bannerGood ? TextColor.Good : TextColor.Warning, bold: true);
        }
        card.Text(vm.Missing == 0 ? T("AllComplete") : T("Intro"), subtle: vm.Missing != 0, color: vm.Missing == 0 ? TextColor.Good : TextColor.Default);

        foreach (var item in vm.Items)
        {
            card.Element(Block($"item-{item.Code}", $"{item.Code} {item.DisplayTitle(c)}", bold: true));
            if (item.Materials.Count == 0)
            {
                card.Text(item.CityAssessment is { } how && c.Name != "en-US" ? MaterialsText.Format("CityAssesses", c, how) : T("NothingToProvide"), subtle: true);
                continue;
            }
            foreach (var m in item.Materials)
            {
                card.Element(Block($"mat-{item.Code}-{m.Index}", Line(m, c)));
                if (form && !m.IsDone && vm.IsOpen)
                {
                    var id = LinkId(item.Code, m.Index);
                    card.TextInput(id, MaterialsText.Format("LinkLabel", c, m.DisplayName(c)), input?[id]?.GetValue<string>(),
                        placeholder: T("LinkPlaceholder"), maxLength: Data.Rules.FieldLimits.UrlMax, error: errors?.GetValueOrDefault(id));
                }
            }
        }

        var data = new JsonObject { ["visitId"] = vm.VisitId, ["version"] = vm.Version.ToString() };
        if (form && vm.IsOpen && vm.Missing > 0)
        {
            card.Execute(T("SaveLinks"), MaterialsVerbs.SaveLinks, data);
        }
        // A message sent ahead (request, nudge) carries no version: its button opens the current form.
        return card.Execute(T(form ? "Refresh" : "OpenForm"), MaterialsVerbs.Open, new JsonObject { ["visitId"] = vm.VisitId }, validateInputs: false).Build();
    }

    /// <summary>What city staff see before the visit: completeness per item, and the visit's date.</summary>
    public static JsonObject City(VisitMaterials vm, CultureInfo c, string? notice = null, string? dateError = null, DateOnly? startInput = null)
    {
        string T(string k) => MaterialsText.Get(k, c);
        var card = AdaptiveCardBuilder.Create(c)
            .Title(MaterialsText.Format("CardTitle", c, vm.DisplayUnit(c)))
            .Facts([
                (T("VisitDate"), DateText(vm, c)),
                (T("Completeness"), MaterialsText.Format("CompletenessValue", c, vm.Done, vm.Required)),
            ]);
        if (notice is not null)
        {
            card.Text(notice, color: TextColor.Good, bold: true);
        }
        card.Table([T("ColItem"), T("ColProvided"), T("ColMissing")],
            vm.Items.Select(i => (IReadOnlyList<string>)[
                $"{i.Code} {i.DisplayTitle(c)}",
                i.Materials.Count == 0 ? T("None") : $"{i.Done}/{i.Materials.Count}",
                string.Join("; ", i.Materials.Where(m => !m.IsDone).Select(m => m.DisplayName(c))) is { Length: > 0 } missing ? missing : T("None"),
            ]), [3, 1, 3]);
        var data = new JsonObject { ["visitId"] = vm.VisitId, ["version"] = vm.Version.ToString() };
        if (vm.IsOpen)
        {
            card.Heading(T("SetDateHeading"))
                .DateInput("start", T("StartLabel"), startInput ?? vm.StartDate, required: true, error: dateError)
                .DateInput("end", T("EndLabel"), vm.EndDate)
                .Execute(T("SetDate"), MaterialsVerbs.SetDate, data);
        }
        return card.Execute(T("Refresh"), MaterialsVerbs.CityVisit, new JsonObject { ["visitId"] = vm.VisitId }, validateInputs: false)
            .Execute(T("BackToList"), MaterialsVerbs.Overview, validateInputs: false)
            .Build();
    }

    /// <summary>City staff: this year's open visits with how complete their materials are.</summary>
    public static JsonObject Overview(int year, IReadOnlyList<VisitMaterials> visits, CultureInfo c)
    {
        string T(string k) => MaterialsText.Get(k, c);
        var card = AdaptiveCardBuilder.Create().Title(MaterialsText.Format("OverviewTitle", c, year));
        if (visits.Count == 0)
        {
            return card.Text(T("OverviewNone"), subtle: true).Build();
        }
        card.Table([T("ColUnit"), T("ColDate"), T("ColProvided")],
            visits.Select(v => (IReadOnlyList<string>)[v.DisplayUnit(c), DateText(v, c), $"{v.Done}/{v.Required}"]), [3, 2, 1]);
        foreach (var chunk in visits.Chunk(AdaptiveCardBuilder.MaxActions))
        {
            card.ExecuteSet(chunk.Select(v => (v.DisplayUnit(c) + " ›", MaterialsVerbs.CityVisit, (JsonObject?)new JsonObject { ["visitId"] = v.VisitId })));
        }
        return card.Build();
    }

    /// <summary>A file arrived in the chat while the unit has a visit to prepare: which material is it?</summary>
    public static JsonObject FileReceived(VisitMaterials vm, Guid fileId, string fileName, long length, bool approvalOpen, int unitId, CultureInfo c)
    {
        string T(string k) => MaterialsText.Get(k, c);
        var choices = vm.Items.SelectMany(i => i.Materials.Select(m => (Item: i, Material: m)))
            .OrderBy(x => x.Material.IsDone)
            .Select(x => ((x.Material.IsDone ? "✅ " : "") + $"{x.Item.Code} {x.Material.DisplayName(c)}", MaterialKey(x.Item.Code, x.Material.Index)))
            .ToList();
        var card = AdaptiveCardBuilder.Create(c)
            .Title(T("FileReceivedTitle"))
            .Text(MaterialsText.Format("FileReceived", c, fileName, Math.Max(1, length / 1024)))
            .ChoiceInput("material", T("MaterialChoice"), choices, required: true)
            .Execute(T("Attach"), MaterialsVerbs.Attach, new JsonObject { ["visitId"] = vm.VisitId, ["version"] = vm.Version.ToString(), ["fileId"] = fileId.ToString() });
        if (approvalOpen)
        {
            // The approval is still being prepared: the same file may be one of its documents instead.
            var file = fileId.ToString();
            card.Execute(T("AttachAsApproval"), Plans.ApprovalAttachments.Verb, new JsonObject { ["fileId"] = file, ["slot"] = "approval", ["unitId"] = unitId }, validateInputs: false)
                .Execute(T("AttachAsFiling"), Plans.ApprovalAttachments.Verb, new JsonObject { ["fileId"] = file, ["slot"] = "filing", ["unitId"] = unitId }, validateInputs: false);
        }
        return card.Build();
    }

    private static string Line(MaterialLine m, CultureInfo c)
    {
        var name = m.DisplayName(c);
        var when = m.ProvidedUtc is { } utc ? FlowTurn.Day(DateOnly.FromDateTime(utc.AddHours(8))) : "";
        return m.State switch
        {
            MaterialState.OnFile => MaterialsText.Format("StateOnFile", c, name, MaterialsText.Get("Source." + m.Source, c)),
            MaterialState.Provided when m.Url is not null => MaterialsText.Format("StateLink", c, name, m.Url, when),
            MaterialState.Provided => MaterialsText.Format("StateFile", c, name, m.FileName ?? "?", when),
            _ => MaterialsText.Format("StateMissing", c, name),
        };
    }

    private static string DateText(VisitMaterials vm, CultureInfo c) =>
        vm.StartDate is null ? MaterialsText.Get("NoDate", c)
        : vm.EndDate is { } end && end != vm.StartDate ? $"{FlowTurn.Day(vm.StartDate)} – {FlowTurn.Day(end)}" : FlowTurn.Day(vm.StartDate);

    private static JsonObject Block(string id, string text, bool bold = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["id"] = id, ["text"] = text, ["wrap"] = true };
        if (bold)
        {
            block["weight"] = "Bolder";
            block["spacing"] = "Medium";
        }
        return block;
    }
}
