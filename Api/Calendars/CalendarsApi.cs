using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.Calendars;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GuidanceBot.Api.Calendars;

/// <summary>The notice a year follows; dates as yyyy-MM-dd text (the workflow reads them and names a malformed one).</summary>
public sealed record CalendarSourceBody(string? Title, string? DocumentNumber, string? Issued, string? Url);

public sealed record CalendarDayOffBody(string? Name, string? First, string? Last);

/// <summary>A year's calendar in the shipped files' shape (Data/Seed/calendars/&lt;year&gt;.json) without the year, which is the route's.</summary>
public sealed record CalendarBody(CalendarSourceBody? Source, List<CalendarDayOffBody?>? DaysOff, List<string?>? ExtraWorkingDays);

public sealed record CalendarSourceDto(string Title, string? DocumentNumber, DateOnly? Issued, string? Url);

public sealed record CalendarDayOffDto(string Name, DateOnly First, DateOnly Last);

/// <summary>A stored year: the files' shape, plus where it came from (Shipped or Entered) and when it last changed.</summary>
public sealed record CalendarDto(int Year, CalendarSourceDto? Source, IReadOnlyList<CalendarDayOffDto> DaysOff, IReadOnlyList<DateOnly> ExtraWorkingDays,
    CalendarOrigin Origin, DateTime UpdatedUtc, Guid Version);

/// <summary>
/// 节假日安排: the working-day calendar per year. Any signed-in staff reads; the city admin enters or corrects a year
/// (<see cref="CalendarWorkflow"/>, the same step as the chat's calendar card): the year replaced whole, kept over the
/// shipped file, working days recounted at once.
/// </summary>
public static class CalendarsApi
{
    public static RouteGroupBuilder MapCalendarsApi(this RouteGroupBuilder api)
    {
        var calendars = api.MapGroup("/calendars").WithTags("Calendars");
        calendars.MapGet("/", ListAsync).WithSummary("Every stored year's holidays and make-up working days");
        calendars.MapGet("/{year:int}", GetAsync).WithSummary("One year's holidays and make-up working days (404: weekends only)");
        calendars.MapPut("/{year:int}", PutAsync).RequireAuthorization(ApiAuth.CityAdmin)
            .WithSummary("Enter or correct a year's holidays and make-up working days (city admin)");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<CalendarDto>>> ListAsync(GuidanceDbContext db, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<CalendarDto>>([.. (await CalendarStore.ListAsync(db, ct)).Select(ToDto)]);

    private static async Task<Results<Ok<CalendarDto>, ProblemHttpResult>> GetAsync(int year, GuidanceDbContext db, CancellationToken ct) =>
        await CalendarStore.FindAsync(db, year, ct) is { } view ? TypedResults.Ok(ToDto(view)) : ApiProblems.NotFound();

    private static async Task<Results<Ok<CalendarDto>, ValidationProblem, ProblemHttpResult>> PutAsync(
        int year, CalendarBody? body, Caller caller, CalendarWorkflow calendars, GuidanceDbContext db, CancellationToken ct)
    {
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        var input = new CalendarInput(year,
            body.Source is { } s ? new CalendarSourceInput(s.Title, s.DocumentNumber, s.Issued, s.Url) : null,
            body.DaysOff?.Select(d => d is null ? null : new CalendarDayOffInput(d.Name, d.First, d.Last)).ToList(),
            body.ExtraWorkingDays);
        var outcome = await calendars.SaveAsync(input, caller.ToActor(), ct);
        if (!outcome.Succeeded)
        {
            return outcome.Invalid() is { } invalid ? invalid : outcome.Problem();
        }
        return TypedResults.Ok(ToDto((await CalendarStore.FindAsync(db, year, ct))!));
    }

    private static CalendarDto ToDto(CalendarView view) => new(
        view.Year.Year,
        view.Year.Source is { } s ? new CalendarSourceDto(s.Title, s.DocumentNumber, s.Issued, s.Url?.ToString()) : null,
        [.. view.Year.Holidays.Select(h => new CalendarDayOffDto(h.Name ?? "", h.First, h.Last))],
        [.. view.Year.ExtraWorkingDays.Order()],
        view.Origin, view.UpdatedUtc, view.Version);
}
