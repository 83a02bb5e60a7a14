namespace Saas.Import;

/// <summary>What an import did (or, in a dry run, would do), per saasbackend collection.</summary>
public sealed class ImportReport(bool dryRun)
{
    private const int Examples = 3;
    private const int ConflictsShown = 20;
    private readonly Dictionary<string, CollectionReport> collections = new(StringComparer.Ordinal);

    public bool DryRun { get; } = dryRun;

    public IReadOnlyDictionary<string, CollectionReport> Collections => collections;

    /// <summary>Documents written to our stores (a dry run writes none; this counts what it would write).</summary>
    public long Written => collections.Values.Sum(c => c.Written);

    public long Conflicts => collections.Values.Sum(c => c.Conflicts.Count);

    public CollectionReport For(string name) =>
        collections.TryGetValue(name, out var report) ? report : collections[name] = new CollectionReport(name);

    public void Print(TextWriter output)
    {
        var verb = DryRun ? "would write" : "written";
        output.WriteLine(DryRun ? "saasbackend import: DRY RUN, nothing is written" : "saasbackend import");
        foreach (var c in collections.Values)
        {
            var read = c.Derived ? "" : $"{c.Read} read (after {c.StartedAfter ?? "the start"}), ";
            output.WriteLine($"  {c.Name}: {read}{c.Written} {verb}, " +
                             $"{c.AlreadyPresent} already here, {c.Conflicts.Count} conflicts, {c.Orphans} without their user");
            foreach (var example in c.Examples)
            {
                output.WriteLine($"    e.g. {example}");
            }

            foreach (var conflict in c.Conflicts.Take(ConflictsShown))
            {
                output.WriteLine($"    conflict: {conflict}");
            }

            if (c.Conflicts.Count > ConflictsShown)
            {
                output.WriteLine($"    … and {c.Conflicts.Count - ConflictsShown} more conflicts");
            }
        }

        output.WriteLine($"{(DryRun ? "would write" : "wrote")} {Written} documents, {Conflicts} conflicts (left as they are here)");
    }

    public sealed class CollectionReport(string name)
    {
        public string Name { get; } = name;

        public string? StartedAfter { get; set; }

        /// <summary>Made from another collection's documents (billing customers from users): nothing is read for it.</summary>
        public bool Derived { get; set; }

        public long Read { get; set; }

        public long Written { get; private set; }

        public long AlreadyPresent { get; set; }

        public long Orphans { get; set; }

        public List<string> Conflicts { get; } = [];

        public List<string> Examples { get; } = [];

        public void RecordWrite(string example)
        {
            Written++;
            if (Examples.Count < ImportReport.Examples)
            {
                Examples.Add(example);
            }
        }
    }
}
