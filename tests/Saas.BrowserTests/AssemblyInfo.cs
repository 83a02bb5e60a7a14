// One AppHost and one browser for the whole project; the machine has two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
