using System.Diagnostics;
using System.Text;

namespace ActorViews.Tests.Shared;

/// <summary>
/// What a child process writes to stdout and stderr, kept for failure messages. Long runs (benchmarks) keep
/// only the latest part: the end is what explains a failure.
/// </summary>
public sealed class ProcessOutput
{
    private const int MaxChars = 200_000;
    private readonly StringBuilder _text = new();

    /// <summary>The lines written so far, or the latest of them once there were more than a few hundred KB.</summary>
    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>Keeps <paramref name="process"/>'s output from now on; call before it starts or right after.</summary>
    public void Capture(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_text)
            {
                if (_text.Length > MaxChars)
                {
                    _text.Remove(0, MaxChars / 2);
                }

                _text.AppendLine(line);
            }
        }
    }
}
