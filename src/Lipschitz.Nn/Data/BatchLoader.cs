using System;
using System.Collections.Generic;
using TorchSharp;

namespace Lipschitz.Nn.Data;

/// <summary>One mini-batch: images [B, 1, H, W] float32 in [0, 1] and labels [B] int64; disposing frees both.</summary>
public sealed class Batch : IDisposable
{
    internal Batch(torch.Tensor images, torch.Tensor labels, int count)
    {
        Images = images;
        Labels = labels;
        Count = count;
    }

    /// <summary>Images, [B, 1, H, W] float32 scaled to [0, 1].</summary>
    public torch.Tensor Images { get; }

    /// <summary>Labels, [B] int64.</summary>
    public torch.Tensor Labels { get; }

    /// <summary>The number of samples B.</summary>
    public int Count { get; }

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}

/// <summary>
/// Cuts a data set into mini-batches in a seeded order. The samples stay as bytes in managed memory; each
/// batch is gathered and scaled into one reused managed buffer and copied into one new tensor, so there is
/// no native allocation per sample and the data set exists once, as bytes, not as float32.
/// </summary>
public sealed class BatchLoader
{
    private static readonly float[] s_scale = BuildScale();
    private readonly ImageDataset _data;
    private readonly float[] _pixels;
    private readonly long[] _labels;

    /// <summary>Creates a loader over <paramref name="data"/> with batches of <paramref name="batchSize"/> (the last may be smaller).</summary>
    public BatchLoader(ImageDataset data, int batchSize, bool shuffle, int seed)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "a batch holds at least one sample");
        _data = data;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Seed = seed;
        _pixels = new float[(long)batchSize * data.ImageSize];
        _labels = new long[batchSize];
    }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch visits the samples in a seeded random order.</summary>
    public bool Shuffle { get; }

    /// <summary>The seed; epoch e uses the order drawn from (seed, e), so a resumed run sees the same order.</summary>
    public int Seed { get; }

    /// <summary>Number of batches per epoch.</summary>
    public int BatchCount => (_data.Count + BatchSize - 1) / BatchSize;

    /// <summary>Number of samples per epoch.</summary>
    public int SampleCount => _data.Count;

    /// <summary>The order in which epoch <paramref name="epoch"/> visits the samples.</summary>
    public int[] Order(int epoch)
    {
        var order = new int[_data.Count];
        for (int k = 0; k < order.Length; k++) order[k] = k;
        if (!Shuffle) return order;
        // Random(int) is the documented-stable seeded generator; mixing in the epoch gives every epoch its own order.
        var rng = new Random(unchecked(Seed * 1_000_003 + epoch));
        for (int k = order.Length - 1; k > 0; k--)
        {
            int j = rng.Next(k + 1);
            (order[k], order[j]) = (order[j], order[k]);
        }
        return order;
    }

    /// <summary>The batches of epoch <paramref name="epoch"/>; the caller disposes each batch (or its dispose scope does).</summary>
    public IEnumerable<Batch> Batches(int epoch)
    {
        int[] order = Order(epoch);
        for (int start = 0; start < order.Length; start += BatchSize)
        {
            int count = Math.Min(BatchSize, order.Length - start);
            yield return Gather(order.AsSpan(start, count));
        }
    }

    /// <summary>Builds one batch from the samples at <paramref name="indices"/>.</summary>
    public Batch Gather(ReadOnlySpan<int> indices)
    {
        int size = _data.ImageSize;
        int count = indices.Length;
        if (count > BatchSize) throw new ArgumentException($"{count} indices for batches of {BatchSize}", nameof(indices));
        byte[] pixels = _data.Pixels;
        float[] scale = s_scale;
        for (int b = 0; b < count; b++)
        {
            int i = indices[b];
            ReadOnlySpan<byte> src = pixels.AsSpan(i * size, size);
            Span<float> dst = _pixels.AsSpan(b * size, size);
            for (int p = 0; p < src.Length; p++) dst[p] = scale[src[p]];
            _labels[b] = _data.Labels[i];
        }
        torch.Tensor images = torch.empty(new long[] { count, 1, _data.Height, _data.Width }, torch.ScalarType.Float32);
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(_pixels.AsSpan(0, count * size)).CopyTo(images.bytes);
        torch.Tensor labels = torch.empty(new long[] { count }, torch.ScalarType.Int64);
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(_labels.AsSpan(0, count)).CopyTo(labels.bytes);
        return new Batch(images, labels, count);
    }

    private static float[] BuildScale()
    {
        var s = new float[256];
        for (int k = 0; k < 256; k++) s[k] = k / 255f;
        return s;
    }
}
