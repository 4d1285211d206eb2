using System.Globalization;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Resources;

namespace GuidanceBot.Data.Workflows;

/// <summary>
/// Who takes a step, as the caller established it from the identity (never from card data), and the
/// language the refusal should be in.
/// </summary>
public sealed record Actor(int? PersonId, string Name, PersonRole Role, int UnitId, CultureInfo? Culture = null)
{
    public bool IsCity => Role is PersonRole.CityAdmin or PersonRole.CityStaff;

    public CultureInfo Language => Culture ?? DomainText.Chinese;

    public static Actor From(Person person, CultureInfo? culture = null) =>
        new(person.Id, person.Name, person.Role, person.UnitId, culture);
}
