using System.Globalization;
using System.Resources;

namespace GuidanceBot.Bot.Flows.Onboarding;

/// <summary>Texts of onboarding: zh-CN in <c>OnboardingText.resx</c> (neutral), en-US in <c>OnboardingText.en.resx</c>.</summary>
public static class OnboardingText
{
    private static readonly ResourceManager Resources = new("GuidanceBot.Bot.Flows.Onboarding.OnboardingText", typeof(OnboardingText).Assembly);

    public static string Get(string name, CultureInfo culture) =>
        Resources.GetString(name, culture) ?? throw new MissingManifestResourceException($"Onboarding text '{name}' is missing.");

    public static string Format(string name, CultureInfo culture, params object?[] args) =>
        GuidanceBot.Data.Resources.TextFormat.Format(culture, Get(name, culture), args);
}
