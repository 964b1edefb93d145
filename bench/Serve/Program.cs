using ActorViews.Serve;

// `ActorViews.Serve queries|freshness|recovery|ecosystem|rebuild|all [--name value ...]`: each bench prints a markdown table and
// writes it to bench/results/serve-<name>.md. Every option is read before anything runs, so a typo fails at once.
try
{
    var options = ServeArgs.Parse(args);
    var all = options.Command == "all";
    var benches = new List<Func<Task>>();
    if (options.Command is "queries" || all)
    {
        benches.Add(QueriesBench.Prepare(options));
    }

    if (options.Command is "freshness" || all)
    {
        benches.Add(FreshnessBench.Prepare(options));
    }

    if (options.Command is "recovery" || all)
    {
        benches.Add(RecoveryBench.Prepare(options));
    }

    // Not part of 'all': it runs for hours at its defaults (bench/all runs it as its own row).
    if (options.Command is "ecosystem")
    {
        benches.Add(EcosystemBench.Prepare(options));
    }

    if (options.Command is "rebuild")
    {
        benches.Add(RebuildBench.Prepare(options));
    }

    options.RejectUnknown();
    foreach (var bench in benches)
    {
        await bench();
    }

    return 0;
}
catch (Exception ex) when (ex is ArgumentException or FormatException or TimeoutException or InvalidOperationException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
