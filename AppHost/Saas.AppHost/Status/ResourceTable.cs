using Saas.AppHost.Resources;

namespace Saas.AppHost.Status;

/// <summary>The resource table printed once everything is up.</summary>
internal static class ResourceTable
{
    public static void Write(TextWriter output, IEnumerable<ResourceSnapshot> resources)
    {
        string[] header = ["NAME", "TYPE", "STATE", "PID", "URL"];
        var rows = resources.Select(r => new[] { r.Name, r.Type, r.State, r.Pid?.ToString() ?? "-", r.Url ?? "-" }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }
}
