// Each AppHost runs a broker, four services and the gateway: two at once would fight over two cores and make
// health waits flaky, so test classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
