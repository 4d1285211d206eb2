using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;
using F = GuidanceBot.Data.Visits.FollowUpFields;

namespace GuidanceBot.Bot.Flows.Visits;

/// <summary>The follow-up card (全过程跟踪): one drawn enterprise's procedure, documents and closing as the team saw them.</summary>
public static class FollowUpCards
{
    /// <summary>
    /// The form for one drawn enterprise, filled with its record when there is one (<paramref name="record"/>) or with what was
    /// typed (<paramref name="typed"/>, after a refusal). Input ids are the workflow's field names.
    /// </summary>
    public static JsonObject Form(int visitId, string unitName, int enterpriseId, string enterpriseName, FollowUpView? record, CardInput? typed,
        CardErrors errors, string? notice, CultureInfo c)
    {
        string T(string n) => VisitText.Get(n, c);
        string? Value(string id, string? stored) => typed is null ? stored : typed.Text(id);
        static string Name(FindingOutcome o) => o switch
        {
            FindingOutcome.Compliant => nameof(FindingOutcome.Compliant),
            FindingOutcome.Problem => nameof(FindingOutcome.Problem),
            _ => nameof(FindingOutcome.NotChecked),
        };
        var outcomes = new[]
        {
            (T("Outcome.NotChecked"), nameof(FindingOutcome.NotChecked)), (T("Outcome.Compliant"), nameof(FindingOutcome.Compliant)),
            (T("Outcome.Problem"), nameof(FindingOutcome.Problem)),
        };
        var card = AdaptiveCardBuilder.Create()
            .Title(VisitText.Format("FollowUpTitle", c, enterpriseName))
            .Text(VisitText.Format("FollowUpIntro", c, unitName), subtle: true);
        if (notice is not null)
        {
            card.Text(notice, color: TextColor.Good, bold: true);
        }
        if (errors.General is { } general)
        {
            card.Error(general);
        }
        card.DateInput(F.ObservedOn, T("FollowUpObservedOn"), typed is null ? record?.ObservedOn : typed.Date(F.ObservedOn), error: errors[F.ObservedOn]);
        var stored = record is null ? null : record.Aspects().ToDictionary(a => a.Aspect);
        foreach (var (aspect, noteField) in F.Aspects)
        {
            var s = stored?.GetValueOrDefault(aspect);
            card.ChoiceInput(aspect, T("FollowUpAspect." + aspect), outcomes, Value(aspect, s is { } a ? Name(a.Outcome) : null) ?? nameof(FindingOutcome.NotChecked),
                    error: errors[aspect])
                .TextInput(noteField, T("NoteLabel"), Value(noteField, s?.Note), multiline: true, maxLength: VisitLimits.NoteMax, error: errors[noteField]);
        }
        card.TextInput(F.Notes, T("FollowUpNotes"), Value(F.Notes, record?.Notes), multiline: true, maxLength: VisitLimits.NoteMax, error: errors[F.Notes]);
        if (record is { Photos.Count: > 0 })
        {
            card.Text(VisitText.Format("FollowUpPhotos", c, record.Photos.Count, string.Join("、", record.Photos.Select(p => p.FileName))), subtle: true);
        }
        else
        {
            card.Text(T("FollowUpPhotosHint"), subtle: true);
        }
        var data = new JsonObject { ["visitId"] = visitId, ["enterpriseId"] = enterpriseId };
        if (record is not null)
        {
            data["version"] = record.Version.ToString();
        }
        card.Execute(T("FollowUpSave"), VisitVerbs.FollowUpSave, data);
        if (record is not null && record.Photos.Count < FollowUpLimits.PhotosPerRecordMax)
        {
            // The files sent next in this chat go to this record (FollowUpWorkflow.OpenPhotosAsync), at the version shown.
            card.Execute(T("FollowUpAddPhotos"), VisitVerbs.FollowUpPhotos,
                new JsonObject { ["visitId"] = visitId, ["enterpriseId"] = enterpriseId, ["version"] = record.Version.ToString() }, validateInputs: false);
        }
        return card.Execute(T("FollowUpBack"), VisitVerbs.VisitOpen, new JsonObject { ["visitId"] = visitId }, validateInputs: false)
            .Build();
    }

    /// <summary>
    /// "Add photos" pressed, or photos received: where the files sent next go, what was kept and refused (<paramref name="lines"/>:
    /// each file's line, kept or not), how many the record holds; buttons to finish and to open the record.
    /// </summary>
    public static JsonObject Photos(int visitId, int enterpriseId, string enterpriseName, FollowUpView record, IReadOnlyList<(bool Kept, string Line)> lines,
        CultureInfo c)
    {
        string T(string n) => VisitText.Get(n, c);
        var card = AdaptiveCardBuilder.Create().Title(VisitText.Format("FollowUpPhotosTitle", c, enterpriseName));
        foreach (var (kept, line) in lines)
        {
            card.Text(line, color: kept ? TextColor.Good : TextColor.Attention, bold: !kept);
        }
        card.Text(lines.Count == 0
            ? VisitText.Format("FollowUpPhotosOpen", c, enterpriseName, Data.Files.EvidenceFiles.MaxBytes / 1024 / 1024, FollowUpLimits.PhotosPerRecordMax,
                record.Photos.Count, (int)FollowUpLimits.PhotoTargetLifetime.TotalMinutes)
            : VisitText.Format("FollowUpPhotosCount", c, record.Photos.Count, FollowUpLimits.PhotosPerRecordMax), subtle: lines.Count > 0);
        if (record.Photos.Count > 0)
        {
            card.Text(VisitText.Format("FollowUpPhotos", c, record.Photos.Count, string.Join("、", record.Photos.Select(p => p.FileName))), subtle: true);
        }
        var data = new JsonObject { ["visitId"] = visitId, ["enterpriseId"] = enterpriseId };
        return card.Execute(T("FollowUpPhotosDone"), VisitVerbs.FollowUpPhotosDone, data, ActionStyle.Positive, validateInputs: false)
            .Execute(T("FollowUpOpenRecord"), VisitVerbs.FollowUpOpen, new JsonObject { ["visitId"] = visitId, ["enterpriseId"] = enterpriseId }, validateInputs: false)
            .Build();
    }
}

/// <summary>
/// Files sent in the personal chat after a follow-up record's "add photos" (<see cref="FollowUpWorkflow.OpenPhotosAsync"/>): each
/// one downloaded (allowed hosts only, the size counted while it streams) and added through <see cref="FollowUpWorkflow.AddPhotoAsync"/>
/// — the step the API's upload takes — then one answer listing what was kept and what was refused and why. Only while the sender's
/// chat has a record chosen (city staff; it ends with "done" or after <see cref="FollowUpLimits.PhotoTargetLifetime"/>); a
/// spreadsheet is left to the city's plan.
/// </summary>
public sealed class FollowUpPhotoUpload(GuidanceDbContext db, FollowUpWorkflow workflow, FollowUpQuery query, SentFileDownloader downloader)
{
    /// <summary>True when the message's files went to a follow-up record (kept or refused, answered); false leaves them to the other flows.</summary>
    public async Task<bool> TryReceiveAsync(TurnContext turn, CancellationToken ct)
    {
        var person = turn.Person!;
        var files = SentFile.FindAll(turn.Activity).Where(f => !f.IsSpreadsheet).ToList();
        if (!person.IsCity || files.Count == 0 || turn.Activity is not { ChannelId: { } channel, Conversation.Id: { } conversation })
        {
            return false;
        }
        var actor = turn.Actor();
        if (await workflow.PhotoTargetAsync(channel, conversation, actor, ct) is not { } target)
        {
            return false;
        }
        var c = turn.Culture;
        var version = target.Version;
        var lines = new List<(bool, string)>();
        foreach (var file in files)
        {
            var download = await downloader.FetchAsync(file, Data.Files.EvidenceFiles.MaxBytes, ct);
            if (download.Problem != SentFileProblem.None)
            {
                lines.Add((false, VisitText.Format("FollowUpPhotoRefused", c, file.Name, download.Problem switch
                {
                    SentFileProblem.TooLarge => Data.Files.EvidenceFiles.TooLarge(file.Name, c).Message,
                    SentFileProblem.HostRefused => Evidence.EvidenceText.Format("HostRefused", c, file.Name),
                    _ => Evidence.EvidenceText.Format("DownloadFailed", c, file.Name),
                })));
                continue;
            }
            WorkflowResult result;
            await using (var content = download.Content!)
            {
                result = await workflow.AddPhotoAsync(target.VisitId, target.EnterpriseId, version, content, file.Name, actor, ct);
            }
            if (!result.Succeeded)
            {
                lines.Add((false, VisitText.Format("FollowUpPhotoRefused", c, file.Name, result.Message(c))));
                continue;
            }
            version = result.Version!.Value;
            await workflow.KeepPhotoTargetAsync(channel, conversation, actor, target.FollowUpId, version, ct);
            var stored = await db.Files.AsNoTracking().FirstAsync(f => f.Id == Guid.Parse(result.Detail!), ct);
            lines.Add((true, VisitText.Format("FollowUpPhotoKept", c, stored.FileName, stored.ContentType, Data.Files.EvidenceFiles.SizeText(stored.Length), stored.Sha256)));
        }
        var record = (await query.ForVisitAsync(target.VisitId, ct)).First(f => f.Id == target.FollowUpId);
        await turn.ReplyAsync(FollowUpCards.Photos(target.VisitId, target.EnterpriseId, record.EnterpriseName, record, lines, c),
            VisitText.Format("FollowUpPhotosTitle", c, record.EnterpriseName), ct);
        return true;
    }
}

/// <summary>
/// "visit.followup.open" and "visit.followup.save": what the team saw of one drawn enterprise, recorded through
/// <see cref="FollowUpWorkflow.RecordAsync"/> (city staff, during or after the visit, drawn enterprises only); "visit.followup.photos"
/// and "….done": the files sent next in this chat go to the record (<see cref="FollowUpPhotoUpload"/>), until done.
/// </summary>
public sealed class FollowUpHandler(GuidanceDbContext db, FollowUpWorkflow workflow, FollowUpQuery query, FlowGuard guard) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var verb = turn.Activity.GetAdaptiveCardAction()?.Verb ?? VisitVerbs.FollowUpOpen;
        if (await guard.CheckCityAsync(turn, verb, ct) is { } refused)
        {
            return refused.Response;
        }
        var c = turn.Culture;
        var input = CardInput.From(turn);
        var visit = input.Int("visitId") is { } visitId
            ? await db.Visits.AsNoTracking().Include(v => v.Unit).FirstOrDefaultAsync(v => v.Id == visitId, ct)
            : null;
        var enterpriseId = input.Int(F.EnterpriseId);
        if (visit is null || enterpriseId is null)
        {
            return await guard.RefuseAsync(turn, verb, Refusal.Record, ct);
        }
        var name = await db.Enterprises.AsNoTracking().Where(e => e.Id == enterpriseId).Select(e => e.Name).FirstOrDefaultAsync(ct) ?? "—";
        var unitName = FlowTurn.UnitName(visit.Unit!, c);
        var record = (await query.ForVisitAsync(visit.Id, ct)).FirstOrDefault(f => f.EnterpriseId == enterpriseId);
        var reopen = new JsonObject { ["visitId"] = visit.Id, [F.EnterpriseId] = enterpriseId };
        if (verb == VisitVerbs.FollowUpPhotos)
        {
            // The version shown on the card: a card made before the record changed is stale, as a save would be.
            var opened = await workflow.OpenPhotosAsync(visit.Id, enterpriseId.Value, input.Guid(F.Version), turn.Activity.ChannelId ?? "",
                turn.Activity.Conversation?.Id ?? "", turn.Actor(), ct);
            if (!opened.Succeeded)
            {
                return await guard.FailedAsync(turn, verb, opened, ct, VisitVerbs.FollowUpOpen, reopen);
            }
            return await turn.ShowAsync(FollowUpCards.Photos(visit.Id, enterpriseId.Value, name, record!, [], c), VisitText.Format("FollowUpPhotosTitle", c, name), ct);
        }
        if (verb == VisitVerbs.FollowUpPhotosDone)
        {
            await workflow.ClosePhotosAsync(turn.Activity.ChannelId ?? "", turn.Activity.Conversation?.Id ?? "", turn.Actor(), ct);
            return await turn.ShowAsync(FollowUpCards.Form(visit.Id, unitName, enterpriseId.Value, name, record, null, CardErrors.None,
                VisitText.Format("FollowUpPhotosClosed", c, name), c), VisitText.Format("FollowUpTitle", c, name), ct);
        }
        if (verb == VisitVerbs.FollowUpOpen)
        {
            return await turn.ShowAsync(FollowUpCards.Form(visit.Id, unitName, enterpriseId.Value, name, record, null, CardErrors.None, null, c),
                VisitText.Format("FollowUpTitle", c, name), ct);
        }

        var observed = input.Date(F.ObservedOn);
        var dateError = input.Has(F.ObservedOn) && observed is null && !string.IsNullOrWhiteSpace(input.Text(F.ObservedOn))
            ? input.DateRefusal(F.ObservedOn, VisitText.Get("FollowUpObservedOn", c), c) : null;
        var result = dateError is not null
            ? WorkflowResult.Refused(dateError)
            : await workflow.RecordAsync(visit.Id, new FollowUpInput(enterpriseId, observed,
                input.Text(F.Procedure), input.Text(F.ProcedureNote), input.Text(F.Documents), input.Text(F.DocumentsNote),
                input.Text(F.Closure), input.Text(F.ClosureNote), input.Text(F.Notes)), input.Guid(F.Version), turn.Actor(), ct);
        if (!result.Succeeded)
        {
            // A refusal of the enterprise (not drawn) or of the visit's state has no input of its own: it heads the form.
            string InputId(string field) => field is F.EnterpriseId or F.Status ? "" : field;
            return await guard.FailedAsync(turn, verb, result, ct, VisitVerbs.FollowUpOpen, reopen,
                errors => FollowUpCards.Form(visit.Id, unitName, enterpriseId.Value, name, record, input,
                    errors with { General = errors.General ?? errors[""] }, null, c), InputId);
        }
        record = (await query.ForVisitAsync(visit.Id, ct)).First(f => f.EnterpriseId == enterpriseId);
        return await turn.ShowAsync(FollowUpCards.Form(visit.Id, unitName, enterpriseId.Value, name, record, null, CardErrors.None,
            VisitText.Format("FollowUpSaved", c, name), c), VisitText.Format("FollowUpTitle", c, name), ct);
    }
}
