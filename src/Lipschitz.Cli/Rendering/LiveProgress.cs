using System;
using System.Globalization;
using System.Threading;
using Lipschitz.Nn.Training;
using Spectre.Console;

namespace Lipschitz.Cli.Rendering;

/// <summary>
/// Epoch progress as a Spectre.Console live bar (epoch, loss, accuracy, samples/s, bar, percentage, remaining time).
/// Spectre's live display owns the terminal while it runs, so it runs on its own thread between <see cref="Begin"/>
/// and <see cref="End"/>; training reports into it and prints nothing else meanwhile.
/// </summary>
public sealed class LiveProgress : ITrainingProgress
{
    private readonly IAnsiConsole _console;
    private readonly object _gate = new();
    private Thread? _thread;
    private volatile bool _done;
    private string _description = "";
    private string _note = "";
    private double _value, _max = 1;

    /// <summary>Creates the display on <paramref name="console"/> (an interactive one).</summary>
    public LiveProgress(IAnsiConsole console) => _console = console;

    /// <inheritdoc />
    public void Begin()
    {
        End();
        _done = false;
        lock (_gate)
        {
            _description = "starting";
            _value = 0;
            _max = 1;
        }
        _thread = new Thread(Run) { IsBackground = true, Name = "lipnet progress" };
        _thread.Start();
    }

    private void Run() =>
        _console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask task = ctx.AddTask("epoch", maxValue: 1);
                while (true)
                {
                    bool last = _done;
                    lock (_gate)
                    {
                        task.Description = Markup.Escape(_description);
                        task.MaxValue = _max;
                        task.Value = _value;
                    }
                    ctx.Refresh();
                    if (last) break;
                    Thread.Sleep(100);
                }
            });

    /// <inheritdoc />
    public void Update(int epoch, int epochs, int batch, int batches, double loss, double accuracy, double samplesPerSecond, double secondsLeft)
    {
        lock (_gate)
        {
            _description = string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch}/{epochs}  batch {batch}/{batches}  loss {loss:0.0000}  acc {100 * accuracy:0.00}%  {samplesPerSecond:0} samples/s{_note}");
            _max = Math.Max(1, batches);
            _value = batch;
        }
    }

    /// <inheritdoc />
    public void Note(string text)
    {
        lock (_gate) _note = string.IsNullOrEmpty(text) ? "" : "  " + text;
    }

    /// <inheritdoc />
    public void End()
    {
        if (_thread is null) return;
        _done = true;
        _thread.Join();
        _thread = null;
    }
}
