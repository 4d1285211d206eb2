using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Imports;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace GuidanceBot.Bot.Flows.Plans;

/// <summary>
/// The plan as an enterprise list: a CSV or XLSX sent in the chat (Teams: an attachment of type
/// <c>application/vnd.microsoft.teams.file.download.info</c> whose <c>content.downloadUrl</c> is fetched;
/// also a direct <c>contentUrl</c> of a CSV/XLSX type). Every row is checked (<see cref="EnterpriseList"/>:
/// credit code check digit, known category, key/general, planned, duplicates; and against enterprises
/// of other units); with any problem the user gets a per-row error report and nothing is stored. A good
/// list replaces the draft plan's entries (enterprises new to the unit are registered) and the coverage
/// card follows, from which the plan is submitted (<see cref="PlanFlow"/>, mode <c>list</c>).
/// </summary>
public sealed partial class PlanListUpload(GuidanceDbContext db, SubmissionWorkflow workflow, CityPlanWorkflow cityPlans, Dovetailing dovetailing,
    SentFileDownloader downloader, FlowGuard guard, ILogger<PlanListUpload> logger)
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 5_000;
    private const int ShownErrors = 40;

    public async Task HandleAsync(TurnContext turn, SentFile file, CancellationToken ct)
    {
        var c = turn.Culture;
        string T(string k) => PlanText.Get(k, c);
        if (turn.Person!.IsCity)
        {
            await CityPlanAsync(turn, file, ct);
            return;
        }
        if (!FlowGuard.IsCounty(turn.Person!))
        {
            await guard.RefuseAsync(turn, "plan.upload", Refusal.Role, ct, new JsonObject { ["file"] = file.Name }); // answered in the chat
            return;
        }
        var unitId = turn.Person!.UnitId;
        var year = guard.CurrentYear;

        var plan = await db.AnnualPlans.AsNoTracking().FirstOrDefaultAsync(p => p.UnitId == unitId && p.Year == year, ct);
        if (plan is not null && plan.Status is not (SubmissionStatus.Draft or SubmissionStatus.Returned))
        {
            await turn.ReplyAsync(T(plan.Status == SubmissionStatus.Accepted ? "AlreadyAccepted" : "AlreadySubmitted"), ct);
            return;
        }

        if (await ReadAsync(turn, file, countsButton: true, ct) is not var (list, categories))
        {
            return;
        }

        // Against the register (the workflow's rule): another unit's enterprise cannot be in this unit's plan.
        var errors = list.Errors.ToList();
        var actor = Actor.From(turn.Person!, c);
        errors.AddRange(RowErrors(await workflow.CheckListAsync(unitId, list.Rows, c, ct)));
        if (errors.Count > 0)
        {
            await ReplyErrorsAsync(turn, file, list.TotalRows, errors, ct);
            return;
        }

        var result = await workflow.SaveListAsync(unitId, year, list.Rows, file.Name, actor, ct);
        if (result.Status == WorkflowStatus.Refused && RowErrors(result.Errors) is { Count: > 0 } rowErrors)
        {
            await ReplyErrorsAsync(turn, file, list.TotalRows, rowErrors, ct);
            return;
        }
        if (!result.Succeeded)
        {
            LogStoreFailed(result.Error!.Code, unitId);
            await turn.ReplyAsync(result.Status == WorkflowStatus.Refused ? result.Error.Message : Resources.BotText.Get("StaleBody", c), ct);
            return;
        }
        var saved = await db.AnnualPlans.AsNoTracking().Include(p => p.Entries).ThenInclude(e => e.Enterprise).AsSplitQuery().FirstAsync(p => p.Id == result.Id, ct);
        var coverage = Coverage.OfPlan(saved, c);
        var names = categories.ToDictionary(x => x.Code, x => c.Name == "en-US" ? x.NameEn : x.Name);
        var data = new JsonObject { ["step"] = "confirm", ["mode"] = "list", ["unitId"] = unitId, ["year"] = year, ["version"] = saved.Version.ToString() };
        var card = PlanFlow.CoverageCard(c, coverage, (code, _) => names.GetValueOrDefault(code, code), saved.ShortfallExplanation, null, Verbs.FilePlan, data, PlanText.Format("ListSaved", c, saved.Entries.Count, file.Name))
            .Execute(T("PlanUseCounts"), Verbs.FilePlan, new JsonObject { ["step"] = "open" }, validateInputs: false)
            .Build();
        await turn.ReplyAsync(card, T("CoverageTitle"), ct);
    }

    /// <summary>
    /// City staff send the city bureau's own plan (<see cref="CityPlanWorkflow"/>): the same reader and row report as a county's list.
    /// No plan of the year yet: filed, the answer is the dovetailing it gives. The plan is filed: the list waits as the sender's draft
    /// and the answer offers to replace the plan's list with it (<see cref="DovetailingCards.ReplaceOffer"/>, confirmed by
    /// <see cref="CityPlanReplacement"/>); nothing of the plan changes before that.
    /// </summary>
    private async Task CityPlanAsync(TurnContext turn, SentFile file, CancellationToken ct)
    {
        var c = turn.Culture;
        var year = guard.CurrentYear;
        if (await ReadAsync(turn, file, countsButton: false, ct) is not var (list, _))
        {
            return;
        }
        if (list.Errors.Count > 0)
        {
            await ReplyErrorsAsync(turn, file, list.TotalRows, [.. list.Errors], ct, countsButton: false);
            return;
        }
        var actor = Actor.From(turn.Person!, c);
        var result = await cityPlans.FileAsync(year, list.Rows, file.Name, null, actor, ct);
        if (result.Error?.Code == CityPlanWorkflow.ExistsCode)
        {
            var (offered, offer) = await cityPlans.OfferReplacementAsync(year, list.Rows, file.Name, actor, ct);
            if (offer is not null)
            {
                await turn.ReplyAsync(DovetailingCards.ReplaceOffer(offer, c), PlanText.Format("CityPlanReplaceTitle", c, year), ct);
                return;
            }
            result = offered;
        }
        if (!result.Succeeded)
        {
            await turn.ReplyAsync(result.Status == WorkflowStatus.Conflict ? Resources.BotText.Get("StaleBody", c) : result.Message(c), ct);
            return;
        }
        var card = DovetailingCards.City(await dovetailing.LoadAsync(year, ct), c, PlanText.Format("CityPlanFiled", c, result.Detail, year, file.Name));
        await turn.ReplyAsync(card, PlanText.Format("DovetailTitle", c, year), ct);
    }

    /// <summary>
    /// The sent file downloaded and read as an enterprise list (the county's plan and the city's alike); null when it could not be
    /// downloaded or read as a whole, the sender answered.
    /// </summary>
    private async Task<(EnterpriseListResult List, List<EnterpriseCategory> Categories)?> ReadAsync(TurnContext turn, SentFile file, bool countsButton, CancellationToken ct)
    {
        var c = turn.Culture;
        using var content = await downloader.DownloadAsync(file, MaxBytes, ct);
        if (content is null)
        {
            await turn.ReplyAsync(PlanText.Format("ListDownloadFailed", c, file.Name, MaxBytes / 1024 / 1024), ct);
            return null;
        }
        var categories = await db.EnterpriseCategories.AsNoTracking().ToListAsync(ct);
        var list = EnterpriseList.Read(content, file.Extension == "csv" ? TableFormat.Csv : TableFormat.Xlsx, categories, c,
            (key, args) => PlanText.Format("List_" + key.Replace('.', '_'), c, args), MaxRows, requirePlanned: true);
        if (list.FileError is not null)
        {
            await turn.ReplyAsync(ErrorReport(c, file.Name, list.TotalRows, 0, [], list.FileError, countsButton), PlanText.Get("ListErrorsTitle", c), ct);
            return null;
        }
        return (list, categories);
    }

    /// <summary>The workflow's refusals of rows (<c>rows[N].creditCode</c>) as the report's rows.</summary>
    private static List<EnterpriseListError> RowErrors(IEnumerable<DomainError> errors) =>
        [.. errors.Where(e => SubmissionWorkflow.ListRow(e.Field) is not null).Select(e => new EnterpriseListError(SubmissionWorkflow.ListRow(e.Field)!.Value, "creditCode", e.Message))];

    private async Task ReplyErrorsAsync(TurnContext turn, SentFile file, int totalRows, List<EnterpriseListError> errors, CancellationToken ct, bool countsButton = true)
    {
        errors.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : string.CompareOrdinal(a.Field, b.Field));
        var invalid = errors.Select(e => e.Row).Distinct().Count();
        await turn.ReplyAsync(ErrorReport(turn.Culture, file.Name, totalRows, invalid, errors, null, countsButton), PlanText.Get("ListErrorsTitle", turn.Culture), ct);
    }

    /// <summary>What is wrong with the file, row by row (the first rows, when there are many).</summary>
    public static JsonObject ErrorReport(CultureInfo c, string fileName, int totalRows, int invalidRows, IReadOnlyList<EnterpriseListError> errors, string? fileError,
        bool countsButton = true)
    {
        string T(string k) => PlanText.Get(k, c);
        var card = AdaptiveCardBuilder.Create().Title(T("ListErrorsTitle"));
        if (fileError is not null)
        {
            card.Error(PlanText.Format("ListFileError", c, fileName, fileError));
        }
        else
        {
            card.Error(PlanText.Format("ListRowsWrong", c, fileName, invalidRows, totalRows))
                .Table([T("ListRow"), T("ListField"), T("ListProblem")],
                    errors.Take(ShownErrors).Select(e => (IReadOnlyList<string>)[e.Row.ToString(CultureInfo.InvariantCulture), T("ListField_" + e.Field), e.Message]),
                    [1, 2, 5]);
            if (errors.Count > ShownErrors)
            {
                card.Text(PlanText.Format("ListMoreErrors", c, errors.Count - ShownErrors), subtle: true);
            }
        }
        card.Text(T("ListFixHint"), subtle: true);
        if (countsButton)
        {
            // A county may file counts instead; the city's own plan is a list.
            card.Execute(T("PlanUseCounts"), Verbs.FilePlan, new JsonObject { ["step"] = "open" }, validateInputs: false);
        }
        return card.Build();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing the enterprise list of unit {UnitId} failed: {Code}")]
    private partial void LogStoreFailed(string code, int unitId);
}

/// <summary>
/// A message no command matched. A file: from city staff, the photos of the follow-up record they chose ("add photos"), else a
/// visit's team document or image; from a county, a visit material while a visit is prepared, else a spreadsheet is a plan
/// list, else evidence of a rectification while a letter awaits its report, else a document of the approval. Anything else
/// gets the usual hint.
/// </summary>
public sealed class CountyMessageFallback(FallbackHandler fallback, PlanListUpload upload, ApprovalAttachments attachments, Visits.MaterialsUpload materials,
    Evidence.EvidenceUpload evidence, Visits.FollowUpPhotoUpload photos) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.Activity.Type == ActivityTypes.Message && turn.Person is not null && SentFile.Find(turn.Activity) is { } file)
        {
            if (await photos.TryReceiveAsync(turn, ct))
            {
                // City staff pressed "add photos" on a follow-up record: the message's files are its photos.
            }
            else if (await evidence.TryReceiveFromCityAsync(turn, file, ct))
            {
                // City staff: the team's documents and images of a visit.
            }
            else if (await materials.TryReceiveAsync(turn, file, ct))
            {
                // A visit is being prepared: the file is one of its materials.
            }
            else if (file.IsSpreadsheet)
            {
                await upload.HandleAsync(turn, file, ct);
            }
            else if (await evidence.TryReceiveFromCountyAsync(turn, file, ct))
            {
                // A letter awaits its report: the file proves a problem's rectification.
            }
            else
            {
                await attachments.ReceiveAsync(turn, file, ct);
            }
            return null;
        }
        return await fallback.HandleAsync(turn, ct);
    }
}
