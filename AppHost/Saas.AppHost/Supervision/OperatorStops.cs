using System.Collections.Concurrent;

namespace Saas.AppHost.Supervision;

/// <summary>
/// The resources an operator stopped with the dashboard's Stop command. The supervisor must leave those down, but a
/// process that stopped on its own (a crash, SIGKILL) and one that was stopped by hand look alike in the resource state
/// (both end Finished or Exited), so the Stop command itself is wrapped to say who stopped the resource.
/// </summary>
internal sealed class OperatorStops
{
    private readonly ConcurrentDictionary<string, bool> _stopped = new();

    public bool IsStopped(string resource) => _stopped.ContainsKey(resource);

    public void Clear(string resource) => _stopped.TryRemove(resource, out _);

    /// <summary>
    /// Replaces Aspire's Stop command on <paramref name="resource"/> (added when the run starts, so called once the
    /// resource's snapshot lists it) with one that records the stop first; false when there is none to wrap yet.
    /// </summary>
    public bool WrapStopCommand(IResource resource)
    {
        var stop = resource.Annotations.OfType<ResourceCommandAnnotation>().LastOrDefault(a => a.Name == KnownResourceCommands.StopCommand);
        if (stop is null)
        {
            return false;
        }

        if (stop.ExecuteCommand.Target is WrappedStop)
        {
            return true;
        }

        var wrapped = new WrappedStop(this, resource.Name, stop.ExecuteCommand);
        resource.Annotations.Remove(stop);
        resource.Annotations.Add(new ResourceCommandAnnotation(
            stop.Name, stop.DisplayName, stop.UpdateState, wrapped.ExecuteAsync, stop.DisplayDescription, stop.Arguments,
            stop.ConfirmationMessage, stop.IconName, stop.IconVariant, stop.IsHighlighted, stop.Visibility, stop.ValidateArguments));
        return true;
    }

    private sealed class WrappedStop(OperatorStops stops, string resource, Func<ExecuteCommandContext, Task<ExecuteCommandResult>> stop)
    {
        public async Task<ExecuteCommandResult> ExecuteAsync(ExecuteCommandContext context)
        {
            stops._stopped[resource] = true;
            var result = await stop(context);
            if (!result.Success)
            {
                stops.Clear(resource);
            }

            return result;
        }
    }
}
