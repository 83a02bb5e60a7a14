using System.Text;

namespace Saas.Testing;

/// <summary>A child process's output lines, collected for failure messages.</summary>
internal sealed class AppHostOutput
{
    private readonly StringBuilder _text = new();

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_text)
        {
            _text.AppendLine(line);
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}
