namespace Saas.HotPathProfile;

/// <summary>Sums per name.</summary>
internal sealed class Tally
{
    private readonly Dictionary<string, double> _sums = [];

    public double Total { get; private set; }

    public void Add(string name, double amount)
    {
        _sums[name] = _sums.GetValueOrDefault(name) + amount;
        Total += amount;
    }

    public IEnumerable<(string Name, double Sum)> Sorted() => _sums.OrderByDescending(p => p.Value).Select(p => (p.Key, p.Value));
}
