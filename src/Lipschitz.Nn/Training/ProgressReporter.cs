using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace Lipschitz.Nn.Training;

/// <summary>
/// The progress of an epoch: on a terminal one line redrawn in place (bar, batch, loss, accuracy, samples/s, ETA);
/// when output goes to a file or pipe, a plain line at every tenth of the epoch instead, so logs stay readable.
/// </summary>
public sealed class ProgressReporter : ITrainingProgress
{
    private const int BarWidth = 24;
    private readonly TextWriter _out;
    private readonly bool _interactive;
    private readonly Stopwatch _sinceDraw = new();
    private int _lastPlainDecile = -1;
    private int _drawnWidth;
    private string _note = "";

    /// <summary>Creates a reporter writing to <paramref name="output"/>.</summary>
    public ProgressReporter(TextWriter output, bool interactive)
    {
        _out = output;
        _interactive = interactive;
    }

    /// <summary>Starts an epoch.</summary>
    public void Begin()
    {
        _sinceDraw.Restart();
        _lastPlainDecile = 0;
        _drawnWidth = 0;
    }

    /// <summary>Reports the state after <paramref name="batch"/> of <paramref name="batches"/> batches.</summary>
    public void Update(int epoch, int epochs, int batch, int batches, double loss, double accuracy, double samplesPerSecond, double secondsLeft)
    {
        if (_interactive)
        {
            if (batch < batches && _sinceDraw.ElapsedMilliseconds < 200) return;
            _sinceDraw.Restart();
            int filled = batches == 0 ? BarWidth : (int)Math.Round((double)BarWidth * batch / batches);
            string line = string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch}/{epochs} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {batch}/{batches}  loss {loss:0.0000}  acc {100 * accuracy:0.00}%  {samplesPerSecond:0} samples/s  ETA {Eta(secondsLeft)}{_note}");
            string pad = line.Length < _drawnWidth ? new string(' ', _drawnWidth - line.Length) : "";
            _out.Write("\r" + line + pad);
            _drawnWidth = line.Length;
            _out.Flush();
            return;
        }
        int decile = batches == 0 ? 10 : 10 * batch / batches;
        if (decile <= _lastPlainDecile && batch < batches) return;
        if (batch == batches && _lastPlainDecile >= 10) return;
        _lastPlainDecile = decile;
        _out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {epoch}/{epochs}  batch {batch}/{batches}  loss {loss:0.0000}  acc {100 * accuracy:0.00}%  {samplesPerSecond:0} samples/s  ETA {Eta(secondsLeft)}{_note}"));
        _out.Flush();
    }

    /// <summary>Shows <paramref name="text"/> after the figures of the next updates.</summary>
    public void Note(string text) => _note = string.IsNullOrEmpty(text) ? "" : "  " + text;

    /// <summary>Ends the in-place line so the next output starts on a fresh line.</summary>
    public void End()
    {
        if (_interactive && _drawnWidth > 0) _out.WriteLine();
        _drawnWidth = 0;
        _out.Flush();
    }

    /// <summary>Seconds as m:ss or h:mm:ss.</summary>
    public static string Eta(double seconds)
    {
        if (double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds < 0) return "--:--";
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:00}");
    }
}
