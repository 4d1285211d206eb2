using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Visits;
using F = GuidanceBot.Data.Letters.LetterFields;

namespace GuidanceBot.Bot.Flows.Letters;

/// <summary>A letter as its card shows it.</summary>
public sealed record LetterView(int Id, string? Number, string UnitName, DateOnly? IssuedOn, DateOnly Deadline, string? Responsible,
    string ContactName, string ContactPhone, IReadOnlyList<(int Order, string Problem, string Opinion)> Problems)
{
    public static LetterView From(OpinionLetter l, OrgUnit unit, CultureInfo culture) => new(
        l.Id, l.Number, FlowTurn.UnitName(unit, culture), l.IssuedOn, l.ReportDeadline, l.CountyResponsibleName, l.CityContactName, l.CityContactPhone,
        [.. l.Problems.OrderBy(p => p.Order).Select(p => (p.Order, p.Problem, p.Opinion))]);
}

/// <summary>The issue form's subject: the visit and its problem findings, in the order the form lists them.</summary>
public sealed record LetterForm(GuidanceVisit Visit, IReadOnlyList<VisitFinding> Problems);

public static class LetterCards
{
    /// <summary>What the form shows before anything is typed: the issuer as the city's contact.</summary>
    public static JsonObject Defaults(Person issuer) => new()
    {
        [F.CityContactName] = issuer.Name,
        [F.CityContactPhone] = issuer.Phone,
    };

    /// <summary>
    /// The issue form: per problem finding its problem (the visit's note to start with) and the city's opinion, then the
    /// deadline, the county's responsible person and the city's contact. Input ids are the workflow's field names
    /// (<see cref="LetterFields"/>), so each refusal lands under its input; limits are <see cref="LetterLimits"/>.
    /// </summary>
    public static JsonObject IssueForm(LetterForm form, CardInput input, CardErrors errors, CultureInfo culture)
    {
        string T(string n) => LetterText.Get(n, culture);
        var inputs = new HashSet<string> { F.ReportDeadline, F.CountyResponsibleName, F.CityContactName, F.CityContactPhone };
        var card = AdaptiveCardBuilder.Create(culture)
            .Title(LetterText.Format("LetterFormTitle", culture, FlowTurn.UnitName(form.Visit.Unit!, culture), form.Visit.Year))
            .Text(T("LetterFormHint"), subtle: true);
        for (var i = 0; i < form.Problems.Count; i++)
        {
            inputs.Add(F.Problem(i));
            inputs.Add(F.Opinion(i));
        }
        if (errors.Count > 0)
        {
            card.Error(T("FormHasErrors"));
            // What is wrong with no input of its own (the visit, the contact as a whole) is said at the top.
            foreach (var message in errors.Fields.Where(e => !inputs.Contains(e.Key)).Select(e => e.Value).Append(errors.General).OfType<string>())
            {
                card.Error(message);
            }
        }
        for (var i = 0; i < form.Problems.Count; i++)
        {
            var f = form.Problems[i];
            var item = f.CheckItem!;
            card.Heading(LetterText.Format("ProblemNo", culture, i + 1) + $" · {item.Code} {(culture.Name == "en-US" ? item.TitleEn : item.Title)}")
                .TextInput(F.Problem(i), T("ProblemLabel"), input.Text(F.Problem(i)) ?? f.Note, required: true, multiline: true, maxLength: LetterLimits.ProblemMax, error: errors[F.Problem(i)])
                .TextInput(F.Opinion(i), T("OpinionLabel"), input.Text(F.Opinion(i)), required: true, multiline: true, maxLength: LetterLimits.OpinionMax, error: errors[F.Opinion(i)]);
        }
        card.Heading(T("LetterDetailsHeading"))
            .DateInput(F.ReportDeadline, T("DeadlineLabel"), input.Date(F.ReportDeadline), required: true, error: errors[F.ReportDeadline])
            .TextInput(F.CountyResponsibleName, T("ResponsibleLabel"), input.Text(F.CountyResponsibleName), required: true, maxLength: LetterLimits.NameMax, error: errors[F.CountyResponsibleName])
            .TextInput(F.CityContactName, T("ContactNameLabel"), input.Text(F.CityContactName), required: true, maxLength: LetterLimits.NameMax, error: errors[F.CityContactName])
            .TextInput(F.CityContactPhone, T("ContactPhoneLabel"), input.Text(F.CityContactPhone), required: true, maxLength: LetterLimits.PhoneMax, error: errors[F.CityContactPhone])
            .Execute(T("IssueButton"), LetterVerbs.LetterIssueConfirm, new JsonObject { ["visitId"] = form.Visit.Id, ["version"] = form.Visit.Version.ToString() }, ActionStyle.Positive);
        return card.Build();
    }

    public static JsonObject IssuedReceipt(string number, string unit, DateOnly deadline, int recipients, CultureInfo culture) =>
        AdaptiveCardBuilder.Create()
            .Title(LetterText.Get("LetterIssuedTitle", culture))
            .Text(LetterText.Format("LetterIssuedBody", culture, number, unit), color: TextColor.Good, bold: true)
            .Facts([(LetterText.Get("DeadlineLabel", culture), FlowTurn.Day(deadline)), (LetterText.Get("FactSentTo", culture), recipients.ToString(CultureInfo.InvariantCulture))])
            .Build();

    /// <summary>The letter as the unit's liaisons receive it: number, problems and opinions, deadline, the DOCX, and receipt.</summary>
    public static JsonObject LetterCard(LetterView l, string documentUrl, CultureInfo culture, string? receivedBy = null, string? receivedByError = null)
    {
        string T(string n) => LetterText.Get(n, culture);
        var card = AdaptiveCardBuilder.Create(culture)
            .Title(T("LetterCardTitle"))
            .Text(l.Number ?? "", bold: true)
            .Facts([
                (T("FactUnit"), l.UnitName),
                (T("FactIssuedOn"), FlowTurn.Day(l.IssuedOn)),
                (T("DeadlineLabel"), FlowTurn.Day(l.Deadline)),
                (T("ResponsibleLabel"), l.Responsible ?? "—"),
                (T("FactCityContact"), $"{l.ContactName} {l.ContactPhone}"),
            ]);
        foreach (var (order, problem, opinion) in l.Problems)
        {
            card.Heading(LetterText.Format("ProblemNo", culture, order))
                .Text(problem)
                .Text(LetterText.Format("OpinionLine", culture, opinion), subtle: true);
        }
        return card
            .TextInput(F.ReceivedBy, T("ReceivedByLabel"), receivedBy ?? l.Responsible, required: true, maxLength: LetterLimits.NameMax, error: receivedByError)
            .Execute(T("AcknowledgeButton"), LetterVerbs.LetterAcknowledge, new JsonObject { ["letterId"] = l.Id, ["number"] = l.Number }, ActionStyle.Positive)
            .OpenUrl(T("DownloadDocx"), documentUrl)
            .Build();
    }

    public static JsonObject AcknowledgedReceipt(string number, string receivedBy, string liaison, string documentUrl, CultureInfo culture) =>
        AdaptiveCardBuilder.Create()
            .Title(LetterText.Get("LetterCardTitle", culture))
            .Text(LetterText.Format("AcknowledgedBody", culture, number, receivedBy, liaison), color: TextColor.Good, bold: true)
            .Text(LetterText.Get("AcknowledgedNext", culture), subtle: true)
            .OpenUrl(LetterText.Get("DownloadDocx", culture), documentUrl)
            .Build();
}

public static class RectificationCards
{
    public static JsonObject Review(OpinionLetter letter, RectificationReport report, CardInput? input, Dictionary<string, string>? errors, CultureInfo culture)
    {
        string T(string n) => LetterText.Get(n, culture);
        var card = AdaptiveCardBuilder.Create()
            .Title(LetterText.Format("RectReviewCardTitle", culture, letter.Number))
            .Facts([
                (T("FactUnit"), FlowTurn.UnitName(letter.Unit!, culture)),
                (T("ResponsibleLabel"), report.ResponsibleName ?? "—"),
                (T("FactSubmitted"), report.SubmittedUtc is { } s ? s.AddHours(8).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—"),
                (T("DeadlineLabel"), FlowTurn.Day(letter.ReportDeadline) + (report.IsLate ? " · " + T("ReportLate") : "")),
            ]);
        if (errors is { Count: > 0 })
        {
            card.Error(T("FormHasErrors"));
        }
        var choices = new[] { (T("Accept"), "accept"), (T("Return"), "return") };
        foreach (var item in report.Items.OrderBy(i => letter.Problems.FirstOrDefault(p => p.Id == i.LetterProblemId)?.Order ?? 0))
        {
            var problem = letter.Problems.FirstOrDefault(p => p.Id == item.LetterProblemId);
            card.Heading(LetterText.Format("ProblemNo", culture, problem?.Order ?? 0))
                .Text(problem?.Problem ?? "")
                .Facts([
                    (T("MeasuresLabel"), item.Measures ?? "—"),
                    (T("ProgressLabel"), item.Progress == RectificationProgress.Done ? T("ProgressDone") : LetterText.Format("ProgressInProgress", culture, FlowTurn.Day(item.ExpectedCompletion))),
                    (T("EvidenceLabel"), item.Evidence.Count == 0 ? "—" : string.Join(" ", item.Evidence.Select(e => e.Url ?? e.Caption ?? "📎"))),
                ]);
            if (item.Decision == ReviewDecision.Accepted)
            {
                card.Text("✅ " + T("ItemAccepted"), color: TextColor.Good);
                continue;
            }
            if (letter.Status != LetterStatus.ReportSubmitted)
            {
                card.Text(item.Decision == ReviewDecision.Returned ? "↩ " + item.ReviewNote : "—", subtle: true);
                continue;
            }
            card.ChoiceInput($"d_{item.Id}", T("DecisionLabel"), choices, input?.Text($"d_{item.Id}"), expanded: true, error: errors?.GetValueOrDefault($"d_{item.Id}"))
                .TextInput($"n_{item.Id}", T("ReturnNoteLabel"), input?.Text($"n_{item.Id}"), multiline: true, maxLength: RectificationLimits.ReviewNoteMax, error: errors?.GetValueOrDefault($"n_{item.Id}"));
        }
        if (letter.Status == LetterStatus.ReportSubmitted)
        {
            card.Execute(T("RectReviewSave"), LetterVerbs.RectificationReviewSave, new JsonObject
            {
                ["letterId"] = letter.Id, ["letterVersion"] = letter.Version.ToString(), ["reportVersion"] = report.Version.ToString(),
            }, ActionStyle.Positive);
        }
        else
        {
            card.Text(T("RectNotSubmitted"), subtle: true);
        }
        return card.Build();
    }

    public static JsonObject Receipt(string number, bool closed, int accepted, int total, CultureInfo culture) =>
        AdaptiveCardBuilder.Create()
            .Title(LetterText.Format("RectReviewCardTitle", culture, number))
            .Text(closed ? LetterText.Format("RectClosed", culture, number) : LetterText.Format("RectReturnedReceipt", culture, accepted, total),
                color: closed ? TextColor.Good : TextColor.Warning, bold: true)
            .Build();

    public static JsonObject ReturnedNotice(string number, IReadOnlyList<(int Order, string Note)> lines, CultureInfo culture) =>
        AdaptiveCardBuilder.Create()
            .Title(LetterText.Format("RectReturnedTitle", culture, number))
            .Text(LetterText.Get("RectReturnedBody", culture))
            .Facts(lines.Select(l => (LetterText.Format("ProblemNo", culture, l.Order), l.Note)))
            .Execute(LetterText.Get("Revise", culture), Verbs.FileRectification, validateInputs: false)
            .Build();
}
