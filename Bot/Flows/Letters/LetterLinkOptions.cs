namespace GuidanceBot.Bot.Flows.Letters;

/// <summary>Where users reach the API from Teams: the letter card links its DOCX under this address.</summary>
public sealed class LetterLinkOptions
{
    public const string SectionName = "PublicLinks";

    /// <summary>The public base URL of this deployment, e.g. <c>https://guidance.example.gov.cn</c>.</summary>
    public string BaseUrl { get; set; } = "http://localhost:3978";

    public string LetterDocument(int letterId) => $"{BaseUrl.TrimEnd('/')}/api/v1/letters/{letterId}/document";
}
