namespace Lipschitz.Nn.Training;

/// <summary>Where a <see cref="Trainer"/> reports the progress of each epoch (a live bar in a terminal, plain lines in a log).</summary>
public interface ITrainingProgress
{
    /// <summary>Starts an epoch.</summary>
    void Begin();

    /// <summary>Reports the state after <paramref name="batch"/> of <paramref name="batches"/> batches.</summary>
    void Update(int epoch, int epochs, int batch, int batches, double loss, double accuracy, double samplesPerSecond, double secondsLeft);

    /// <summary>Sets a short note shown after the figures of the next updates (the regulariser's λ and estimate); by default ignored.</summary>
    void Note(string text)
    {
    }

    /// <summary>Ends the epoch's progress display, so that the next output starts on a fresh line.</summary>
    void End();
}
