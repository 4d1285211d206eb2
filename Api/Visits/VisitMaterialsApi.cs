using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Visits;

public sealed record MaterialDto(int Index, string Name, string NameEn, MaterialState State, string? OnFileSource, Guid? FileId, string? FileName, string? Url, DateTime? ProvidedUtc);

public sealed record MaterialItemDto(string CheckItemCode, string Title, string TitleEn, string? CityAssessment, int Provided, IReadOnlyList<MaterialDto> Materials);

public sealed record VisitMaterialsDto(int VisitId, string UnitCode, int Year, VisitStatus Status, DateOnly? StartDate, DateOnly? EndDate,
    int Required, int Provided, Guid Version, IReadOnlyList<MaterialItemDto> Items);

public sealed record MaterialInput(string? CheckItemCode, int? MaterialIndex, string? Url, Guid? FileId);

public sealed record ProvideMaterialsRequest(Guid? Version, List<MaterialInput?>? Materials);

public sealed record VisitDatesRequest(Guid? Version, DateOnly? StartDate, DateOnly? EndDate);

/// <summary>
/// A visit's materials (<c>/visits/{id}/materials</c>): what the unit provides per check item, links and files,
/// completeness; and the visit's date (<c>/visits/{id}/dates</c>), which asks the unit's liaisons for them.
/// The same workflow steps as the bot.
/// </summary>
public static class VisitMaterialsApi
{
    public static RouteGroupBuilder MapVisitMaterialsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/visits/{id:int}").WithTags("Visits");
        group.MapGet("/materials", GetAsync).WithSummary("What the unit provides for the visit, per check item of the year's template, with what is on file");
        group.MapPost("/materials", ProvideAsync).RequireAuthorization(ApiAuth.County)
            .WithSummary("Provide materials as links or files uploaded before (send the version you read)");
        group.MapPost("/materials/file", UploadAsync).RequireAuthorization(ApiAuth.County).DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Upload one file for one material: form fields file, checkItemCode, materialIndex, version");
        group.MapPut("/dates", SetDatesAsync).RequireAuthorization(ApiAuth.City)
            .WithSummary("Set the visit's dates; the unit's liaisons are asked for the materials");
        return api;
    }

    public static VisitMaterialsDto ToDto(VisitMaterials vm) => new(vm.VisitId, vm.UnitCode, vm.Year, vm.Status, vm.StartDate, vm.EndDate, vm.Required, vm.Done, vm.Version,
        vm.Items.Select(i => new MaterialItemDto(i.Code, i.Title, i.TitleEn, i.CityAssessment, i.Done,
            i.Materials.Select(m => new MaterialDto(m.Index, m.Name, m.NameEn, m.State, m.Source, m.FileId, m.FileName, m.Url, m.ProvidedUtc)).ToList())).ToList());

    private static async Task<VisitMaterials?> VisibleAsync(int id, Caller caller, VisitMaterialsQuery query, CancellationToken ct) =>
        await query.LoadAsync(id, ct) is { } vm && caller.CanSee(vm.UnitId) ? vm : null;

    private static async Task<Results<Ok<VisitMaterialsDto>, ProblemHttpResult>> GetAsync(int id, Caller caller, VisitMaterialsQuery query, CancellationToken ct) =>
        await VisibleAsync(id, caller, query, ct) is { } vm ? TypedResults.Ok(ToDto(vm)) : ApiProblems.NotFound();

    private static async Task<Results<Ok<VisitMaterialsDto>, ValidationProblem, ProblemHttpResult>> ProvideAsync(
        int id, ProvideMaterialsRequest? body, Caller caller, VisitMaterialsQuery query, VisitMaterialsWorkflow workflow, CancellationToken ct)
    {
        if (await VisibleAsync(id, caller, query, ct) is null)
        {
            return ApiProblems.NotFound();
        }
        if (body?.Version is not { } version)
        {
            return ApiProblems.Invalid("version", ApiText.Get("field.required", "version"));
        }
        if (body.Materials is not { Count: > 0 } list)
        {
            return ApiProblems.Invalid("materials", ApiText.Get("field.required", "materials"));
        }
        var provisions = list.Select((m, i) => new MaterialProvision(m?.CheckItemCode, m?.MaterialIndex, m?.FileId,
            string.IsNullOrWhiteSpace(m?.Url) ? null : m.Url.Trim(), $"materials[{i}]", $"materials[{i}].url")).ToList();
        return await ResultAsync(id, await workflow.ProvideAsync(id, version, provisions, caller.ToActor(), ct), query, ct);
    }

    private static async Task<Results<Ok<VisitMaterialsDto>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        int id, HttpRequest request, Caller caller, VisitMaterialsQuery query, VisitMaterialsWorkflow workflow, FileStore store,
        CancellationToken ct)
    {
        if (await VisibleAsync(id, caller, query, ct) is null)
        {
            return ApiProblems.NotFound();
        }
        var (form, problem) = await UploadForm.ReadAsync(request, MaterialFileRules.MaxBytes, ct);
        if (form is null)
        {
            return problem!;
        }
        var v = new Validator();
        var version = form.Version;
        if (version is null)
        {
            v.Add("version", ApiText.Get("field.required", "version"));
        }
        var code = v.Required("checkItemCode", form.Text("checkItemCode"), 10);
        var index = form.Int("materialIndex");
        if (index is null)
        {
            v.Add("materialIndex", ApiText.Get("field.required", "materialIndex"));
        }
        var file = form.File;
        if (MaterialFileRules.Check(file.FileName, file.Length, caller.Culture) is { } bad)
        {
            v.Add("file", bad.Message);
        }
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }

        // The bytes first; the row and its file.upload entry only with the step, so a refused upload leaves no trace of a file.
        var ext = MaterialFileRules.Extension(file.FileName);
        StoredFile stored;
        await using (var content = form.OpenRead())
        {
            stored = await store.SaveAsync(content, file.FileName, MaterialFileRules.Types[ext], caller.UnitId!.Value, caller.PersonId,
                MaterialFileRules.MaxBytes, ct);
        }
        var result = await workflow.ProvideAsync(id, version!.Value, [new MaterialProvision(code, index, stored.Id, null, "materialIndex")], caller.ToActor(), ct,
            upload: stored);
        if (!result.Succeeded)
        {
            store.Delete(stored.Id);
        }
        return await ResultAsync(id, result, query, ct);
    }

    private static async Task<Results<Ok<VisitMaterialsDto>, ValidationProblem, ProblemHttpResult>> SetDatesAsync(
        int id, VisitDatesRequest? body, Caller caller, VisitMaterialsQuery query, VisitWorkflow workflow, CancellationToken ct)
    {
        if (await VisibleAsync(id, caller, query, ct) is null)
        {
            return ApiProblems.NotFound();
        }
        if (body?.Version is not { } version)
        {
            return ApiProblems.Invalid("version", ApiText.Get("field.required", "version"));
        }
        var result = await workflow.SetDatesAsync(id, version, body.StartDate, body.EndDate, caller.ToActor(), ct);
        return await ResultAsync(id, result, query, ct);
    }

    private static async Task<Results<Ok<VisitMaterialsDto>, ValidationProblem, ProblemHttpResult>> ResultAsync(int id, WorkflowResult result, VisitMaterialsQuery query, CancellationToken ct)
    {
        if (!result.Succeeded)
        {
            return result.ToHttp().Result switch
            {
                ValidationProblem invalid => invalid,
                ProblemHttpResult problem => problem,
                _ => ApiProblems.Status(StatusCodes.Status500InternalServerError),
            };
        }
        return TypedResults.Ok(ToDto((await query.LoadAsync(id, ct))!));
    }

    private static string DomainText(string code, Caller caller, params object[] args) =>
        GuidanceBot.Data.Rules.DomainError.Create(code, caller.Culture, null, args).Message;
}
