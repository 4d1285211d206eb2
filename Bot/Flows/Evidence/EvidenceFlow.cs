using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Evidence;

/// <summary>
/// A file sent in the personal chat as evidence: a county's photo, scan or PDF while one of its letters awaits the
/// rectification report; city staff's documents and images of a visit. The file is downloaded (allowed hosts only, size
/// counted while it streams), held through <see cref="EvidenceWorkflow.HoldAsync"/> (type by content, SHA-256; a refused
/// file leaves nothing) and answered with a card asking what it proves; the answer attaches it
/// (<see cref="EvidenceAttachHandler"/>). The rules are the workflow's; this only translates.
/// </summary>
public sealed class EvidenceUpload(GuidanceDbContext db, EvidenceWorkflow workflow, SentFileDownloader downloader, FlowGuard guard)
{
    /// <summary>The most problems or visits offered on one card.</summary>
    private const int MaxChoices = 40;

    /// <summary>True when the file was taken as a county's rectification evidence (answered, held or refused); false leaves it to other flows.</summary>
    public async Task<bool> TryReceiveFromCountyAsync(TurnContext turn, SentFile file, CancellationToken ct)
    {
        var person = turn.Person!;
        if (!FlowGuard.IsCounty(person) || file.IsSpreadsheet)
        {
            return false;
        }
        var problems = await OpenProblemsAsync(person.UnitId, ct);
        if (problems.Count == 0)
        {
            return false;
        }
        var c = turn.Culture;
        if (await HoldAsync(turn, file, ct) is not { } stored)
        {
            return true;
        }
        var card = Received(stored, c)
            .ChoiceInput(EvidenceLimits.LetterProblemId, EvidenceText.Get("ChooseProblem", c),
                problems.Take(MaxChoices).Select(p => (EvidenceText.Format("ProblemChoice", c, p.Number, p.Order, Short(p.Description)), p.Id.ToString(CultureInfo.InvariantCulture))),
                value: problems.Count == 1 ? problems[0].Id.ToString(CultureInfo.InvariantCulture) : null, required: true)
            .TextInput(EvidenceLimits.Caption, EvidenceText.Get("Caption", c), maxLength: EvidenceLimits.CaptionMax)
            .Execute(EvidenceText.Get("AttachToProblem", c), EvidenceVerbs.AttachToReport,
                new JsonObject { ["fileId"] = stored.Id.ToString("D"), ["unitId"] = person.UnitId }, ActionStyle.Positive)
            .Build();
        await turn.ReplyAsync(card, EvidenceText.Get("ReceivedTitle", c), ct);
        return true;
    }

    /// <summary>
    /// A file sent by city staff: one of the team's documents and images of a visit of this year (the card asks which). A
    /// spreadsheet is left to the plan upload: from city staff it is the city's own plan (CSV/XLSX, PlanListUpload).
    /// </summary>
    public async Task<bool> TryReceiveFromCityAsync(TurnContext turn, SentFile file, CancellationToken ct)
    {
        var person = turn.Person!;
        if (!person.IsCity || file.IsSpreadsheet)
        {
            return false;
        }
        var c = turn.Culture;
        var today = guard.ChinaToday;
        var visits = await db.Visits.AsNoTracking().Include(v => v.Unit)
            .Where(v => v.Year == today.Year && v.Status != VisitStatus.Cancelled)
            .ToListAsync(ct);
        if (visits.Count == 0)
        {
            await turn.ReplyAsync(EvidenceText.Format("NoVisit", c, file.Name), ct);
            return true;
        }
        if (await HoldAsync(turn, file, ct) is not { } stored)
        {
            return true;
        }
        // The visit under way or nearest in time first: that is the one the team is photographing.
        var ordered = visits
            .OrderBy(v => v.StartDate is { } s ? Math.Abs(s.DayNumber - today.DayNumber) - (v.EndDate is { } e && s <= today && today <= e ? 100000 : 0) : int.MaxValue / 2)
            .ThenBy(v => v.PlannedMonth).ThenBy(v => v.Id).Take(MaxChoices).ToList();
        var card = Received(stored, c)
            .ChoiceInput(EvidenceLimits.Visit, EvidenceText.Get("ChooseVisit", c),
                ordered.Select(v => (EvidenceText.Format("VisitChoice", c, UnitName(v, c), v.StartDate is { } s ? s.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : EvidenceText.Get("NoDate", c)),
                    v.Id.ToString(CultureInfo.InvariantCulture))),
                value: ordered[0].Id.ToString(CultureInfo.InvariantCulture), required: true)
            .TextInput(EvidenceLimits.Caption, EvidenceText.Get("Caption", c), maxLength: EvidenceLimits.CaptionMax)
            .Execute(EvidenceText.Get("AttachToVisit", c), EvidenceVerbs.AttachToVisit, new JsonObject { ["fileId"] = stored.Id.ToString("D") }, ActionStyle.Positive)
            .Build();
        await turn.ReplyAsync(card, EvidenceText.Get("ReceivedTitle", c), ct);
        return true;
    }

    private async Task<StoredFile?> HoldAsync(TurnContext turn, SentFile file, CancellationToken ct)
    {
        var c = turn.Culture;
        var download = await downloader.FetchAsync(file, EvidenceFiles.MaxBytes, ct);
        switch (download.Problem)
        {
            case SentFileProblem.TooLarge:
                await turn.ReplyAsync(EvidenceFiles.TooLarge(file.Name, c).Message, ct);
                return null;
            case SentFileProblem.HostRefused:
                await turn.ReplyAsync(EvidenceText.Format("HostRefused", c, file.Name), ct);
                return null;
            case SentFileProblem.Failed:
                await turn.ReplyAsync(EvidenceText.Format("DownloadFailed", c, file.Name), ct);
                return null;
        }
        await using var content = download.Content!;
        var (stored, error) = await workflow.HoldAsync(content, file.Name, Actor.From(turn.Person!, c), ct);
        if (stored is null)
        {
            await turn.ReplyAsync(error!.Message, ct);
        }
        return stored;
    }

    private static AdaptiveCardBuilder Received(StoredFile stored, CultureInfo c) =>
        AdaptiveCardBuilder.Create()
            .Title(EvidenceText.Get("ReceivedTitle", c))
            .Text(EvidenceText.Format("Received", c, stored.FileName, stored.ContentType, EvidenceFiles.SizeText(stored.Length), stored.Sha256), subtle: true);

    private sealed record OpenProblem(int Id, int LetterId, string Number, int Order, string Description);

    /// <summary>The problems of the unit's letters whose report can still be written (issued or returned, not yet submitted).</summary>
    private async Task<List<OpenProblem>> OpenProblemsAsync(int unitId, CancellationToken ct)
    {
        var open = new[] { LetterStatus.Issued, LetterStatus.Acknowledged, LetterStatus.ReportReturned };
        var letters = await db.Letters.AsNoTracking().Include(l => l.Problems)
            .Where(l => l.UnitId == unitId && open.Contains(l.Status))
            .ToListAsync(ct);
        return letters.OrderBy(l => l.IssuedOn).ThenBy(l => l.Id)
            .SelectMany(l => l.Problems.OrderBy(p => p.Order).Select(p => new OpenProblem(p.Id, l.Id, l.Number ?? "", p.Order, p.Problem)))
            .ToList();
    }

    internal static string UnitName(GuidanceVisit v, CultureInfo c) =>
        c.TwoLetterISOLanguageName == "en" && !string.IsNullOrEmpty(v.Unit?.NameEn) ? v.Unit.NameEn! : v.Unit?.Name ?? "";

    private static string Short(string text) => text.Length > 40 ? text[..40] + "…" : text;
}

/// <summary>The answers of the held-file cards: attach the file to a problem's rectification (county) or to a visit (city staff).</summary>
public sealed class EvidenceAttachHandler(GuidanceDbContext db, EvidenceWorkflow workflow, FlowGuard guard) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var input = CardInput.From(turn);
        var verb = turn.Activity.GetAdaptiveCardAction()?.Verb ?? EvidenceVerbs.AttachToReport;
        var c = turn.Culture;
        var person = turn.Person!;
        var fileId = input.Guid("fileId");
        var file = fileId is null ? null : await db.Files.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId, ct);

        if (verb == EvidenceVerbs.AttachToVisit)
        {
            if (await guard.CheckCityAsync(turn, verb, ct) is { } notCity)
            {
                return notCity.Response;
            }
            if (await guard.CheckRecordAsync(turn, verb, file?.UnitId, ct) is { } notOurs)
            {
                return notOurs.Response;
            }
            var visitId = input.Int(EvidenceLimits.Visit);
            var result = await workflow.AttachHeldAsync(new VisitDocumentTarget(visitId ?? 0), file!.Id, input.Text(EvidenceLimits.Caption), Actor.From(person, c), ct);
            if (!result.Succeeded)
            {
                return await guard.FailedAsync(turn, verb, result, ct);
            }
            var visit = await db.Visits.AsNoTracking().Include(v => v.Unit).FirstAsync(v => v.Id == visitId, ct);
            return AdaptiveCardInvokeResponse.Card(AdaptiveCardBuilder.Create()
                .Title(EvidenceText.Get("ReceivedTitle", c))
                .Text(EvidenceText.Format("AttachedToVisit", c, file.FileName, EvidenceUpload.UnitName(visit, c)), color: TextColor.Good, bold: true)
                .Text($"SHA-256 {file.Sha256}", subtle: true)
                .Build());
        }

        if (await guard.CheckCountyAsync(turn, verb, ct) is { } notCounty)
        {
            return notCounty.Response;
        }
        if (await guard.CheckRecordAsync(turn, verb, file?.UnitId, ct) is { } notTheirs)
        {
            return notTheirs.Response;
        }
        var problemId = input.Int(EvidenceLimits.LetterProblemId);
        var problem = problemId is null ? null : await db.LetterProblems.AsNoTracking().FirstOrDefaultAsync(p => p.Id == problemId, ct);
        var letter = problem is null ? null : await db.Letters.AsNoTracking().FirstOrDefaultAsync(l => l.Id == problem.OpinionLetterId, ct);
        if (await guard.CheckRecordAsync(turn, verb, letter?.UnitId, ct) is { } notTheirLetter)
        {
            return notTheirLetter.Response;
        }
        var attached = await workflow.AttachHeldAsync(new ReportEvidenceTarget(letter!.Id, problem!.Id), file!.Id, input.Text(EvidenceLimits.Caption), Actor.From(person, c), ct);
        if (!attached.Succeeded)
        {
            return await guard.FailedAsync(turn, verb, attached, ct, Cards.Verbs.FileRectification);
        }
        return AdaptiveCardInvokeResponse.Card(AdaptiveCardBuilder.Create()
            .Title(EvidenceText.Get("ReceivedTitle", c))
            .Text(EvidenceText.Format("AttachedToProblem", c, file.FileName, letter.Number, problem.Order), color: TextColor.Good, bold: true)
            .Text($"SHA-256 {file.Sha256}", subtle: true)
            .Execute(EvidenceText.Get("OpenReport", c), Cards.Verbs.FileRectification, new JsonObject { ["letterId"] = letter.Id }, validateInputs: false)
            .Build());
    }
}
