using Microsoft.Extensions.Configuration;
using Saas.Import.Source;
using Saas.Import.Targets;

namespace Saas.Import;

/// <summary><c>saas import saasbackend</c>: see README.md beside this file.</summary>
public static class ImportProgram
{
    public const string Usage = """
        usage: ./saas import saasbackend (--source-uri mongodb://host/db | --source-dir DIR) [--data-dir DIR] [--dry-run] [--restart]
          --source-uri URI   saasbackend's MONGODB_URI (read only); default: the SAASBACKEND_MONGODB_URI variable
          --source-dir DIR   a folder of mongoexport files instead (users.json, globalsettings.json, stripewebhookevents.json,
                             notifications.json, activitylogs.json; one Extended JSON document per line)
          --data-dir DIR     our embedded stores (DIR/<service>/<service>.sqlite, as the AppHost lays them out); default .data.
                             With ConnectionStrings__mongodb set, our MongoDB is written instead.
          --dry-run          print what would be written (counts, examples, conflicts); write nothing
          --restart          ignore the checkpoints and look at every document again (never overwrites)
        """;

    public static async Task<int> Main(string[] args)
    {
        if (ImportArguments.Parse(args, Environment.GetEnvironmentVariable) is not { } arguments)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // Stops after the document in hand; the checkpoint lets the next run carry on from there.
            e.Cancel = true;
            stop.Cancel();
        };
        ISaasBackendSource source = arguments.SourceDirectory is { } directory
            ? new ExportDirectorySource(directory)
            : new MongoSaasBackendSource(arguments.SourceUri!);
        try
        {
            await using var targets = ImportTargets.Open(configuration, arguments.DataDirectory, readOnly: arguments.Options.DryRun);
            var importer = new SaasBackendImporter(source, targets, TimeProvider.System, arguments.Options);
            var report = await importer.RunAsync(stop.Token);
            report.Print(Console.Out);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine("saas import: stopped; run it again to carry on from the last checkpoint");
            return 130;
        }
        finally
        {
            (source as IDisposable)?.Dispose();
        }
    }
}

/// <summary>The command line, checked before anything is opened.</summary>
public sealed record ImportArguments(string? SourceUri, string? SourceDirectory, string DataDirectory, ImportRunOptions Options)
{
    public static ImportArguments? Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        if (args.Count == 0 || args[0] != "saasbackend")
        {
            return null;
        }

        string? uri = null, directory = null, data = null;
        bool dryRun = false, restart = false;
        for (var i = 1; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--source-uri" when i + 1 < args.Count: uri = args[++i]; break;
                case "--source-dir" when i + 1 < args.Count: directory = args[++i]; break;
                case "--data-dir" when i + 1 < args.Count: data = args[++i]; break;
                case "--dry-run": dryRun = true; break;
                case "--restart": restart = true; break;
                default: return null;
            }
        }

        uri ??= directory is null ? environment("SAASBACKEND_MONGODB_URI") : null;
        if ((uri is null) == (directory is null))
        {
            return null;
        }

        return new ImportArguments(uri, directory, data ?? ".data", new ImportRunOptions { DryRun = dryRun, Restart = restart });
    }
}
