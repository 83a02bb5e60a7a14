namespace Saas.AppHost.Resources;

/// <summary>A resource failed to start or to become healthy; the message names it and says why.</summary>
internal sealed class ResourceStartException(string resource, string message) : Exception(message)
{
    public string Resource => resource;
}
