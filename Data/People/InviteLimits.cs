namespace GuidanceBot.Data.People;

/// <summary>An invite's limits, one set for both doors: the workflow's checks and the invite card's inputs read these.</summary>
public static class InviteLimits
{
    /// <summary>The invitee's name, as the person will be called.</summary>
    public const int NameMax = 100;

    /// <summary>Days a code is valid when the inviter says nothing.</summary>
    public const int DefaultValidDays = 14;

    /// <summary>The longest a code may stay valid.</summary>
    public const int MaxValidDays = 30;
}

/// <summary>The workflow's field names: the API's JSON names (<c>unit</c> is the API's <c>unitCode</c>) and the invite card's input ids.</summary>
public static class InviteFields
{
    public const string Unit = "unit", Role = "role", InviteeName = "inviteeName", ValidDays = "validDays", InviteCode = "inviteCode";
}
