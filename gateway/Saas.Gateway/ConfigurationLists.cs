namespace Saas.Gateway;

internal static class ConfigurationLists
{
    /// <summary>
    /// A list setting given either as one comma-separated string (an environment variable such as saasbackend's
    /// <c>CORS_ORIGIN</c>, which the binder cannot turn into an array) or as a real array (appsettings, <c>__0</c> keys).
    /// Both are read: an empty array in appsettings.json leaves an empty value beside entries from other sources.
    /// </summary>
    public static string[] Read(IConfigurationSection section)
    {
        var values = section.GetChildren().Select(c => c.Value ?? "").Prepend(section.Value ?? "");
        return [.. values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
    }
}
