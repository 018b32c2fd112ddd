using System.IO;
using System.Linq;
using Lipschitz.Nn.Data;

namespace Lipschitz.Nn.Tests.Data;

public sealed class DatasetTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lipnet-ds-" + Guid.NewGuid().ToString("N"));

    public DatasetTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void WriteSplit(string prefix, int count, int h, int w, int labelCount = -1, byte maxLabel = 9)
    {
        var pixels = new byte[count * h * w];
        for (int k = 0; k < pixels.Length; k++) pixels[k] = (byte)(k * 7 % 256);
        var labels = new byte[labelCount < 0 ? count : labelCount];
        for (int k = 0; k < labels.Length; k++) labels[k] = (byte)(k % (maxLabel + 1));
        File.WriteAllBytes(Path.Combine(_dir, prefix + "-images-idx3-ubyte"), IdxFile.Encode(new[] { count, h, w }, pixels));
        File.WriteAllBytes(Path.Combine(_dir, prefix + "-labels-idx1-ubyte"), IdxFile.Encode(new[] { labels.Length }, labels));
    }

    [Fact]
    public void LoadSplit_ReadsRawFilesFromAFolder()
    {
        WriteSplit("t10k", 5, 3, 4);
        ImageDataset d = ImageDataset.LoadSplit(_dir, train: false);
        Assert.Equal(5, d.Count);
        Assert.Equal(3, d.Height);
        Assert.Equal(4, d.Width);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4 }, d.Labels);
    }

    [Fact]
    public void LoadSplit_CountMismatch_NamesTheLabelFile()
    {
        WriteSplit("train", 5, 2, 2, labelCount: 4);
        var e = Assert.Throws<DataFormatException>(() => ImageDataset.LoadSplit(_dir, train: true));
        Assert.Contains("train-labels-idx1-ubyte", e.Message);
        Assert.Contains("4 labels", e.Message);
        Assert.Contains("5 images", e.Message);
    }

    [Fact]
    public void LoadSplit_LabelOutOfRange_IsRejected()
    {
        WriteSplit("train", 12, 2, 2, maxLabel: 11);
        var e = Assert.Throws<DataFormatException>(() => ImageDataset.LoadSplit(_dir, train: true));
        Assert.Contains("label 10", e.Message);
    }

    [Fact]
    public void LoadSplit_MissingFile_NamesIt()
    {
        var e = Assert.Throws<DataFormatException>(() => ImageDataset.LoadSplit(_dir, train: true));
        Assert.Contains("train-images-idx3-ubyte", e.Message);
    }

    [Fact]
    public void LoadSplit_ImagesWithWrongRank_AreRejected()
    {
        File.WriteAllBytes(Path.Combine(_dir, "train-images-idx3-ubyte"), IdxFile.Encode(new[] { 2, 4 }, new byte[8]));
        File.WriteAllBytes(Path.Combine(_dir, "train-labels-idx1-ubyte"), IdxFile.Encode(new[] { 2 }, new byte[2]));
        var e = Assert.Throws<DataFormatException>(() => ImageDataset.LoadSplit(_dir, train: true));
        Assert.Contains("3 dimensions", e.Message);
    }

    [FashionMnistFact]
    public void FashionMnist_DebianFiles_HaveTheKnownSizes()
    {
        ImageDataset test = ImageDataset.LoadSplit(ImageDataset.ResolveDirectory("fashion-mnist"), train: false);
        Assert.Equal(10000, test.Count);
        Assert.Equal(28, test.Height);
        Assert.Equal(28, test.Width);
        // Fashion-MNIST's test split is balanced: 1000 images per class.
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(1000, test.Labels.Count(l => l == c)));
    }

    [Fact]
    public void Batches_ScalePixelsToUnitRange_AndKeepLabelsAligned()
    {
        var pixels = new byte[] { 0, 255, 51, 102, /* sample 1 */ 10, 20, 30, 40, /* sample 2 */ 1, 2, 3, 4 };
        var ds = new ImageDataset("mem", pixels, new byte[] { 7, 3, 5 }, 2, 2, 10);
        var loader = new BatchLoader(ds, batchSize: 2, shuffle: false, seed: 0);
        var batches = loader.Batches(0).ToList();
        try
        {
            Assert.Equal(2, batches.Count);
            Assert.Equal(new long[] { 2, 1, 2, 2 }, batches[0].Images.shape);
            Assert.Equal(new long[] { 1, 1, 2, 2 }, batches[1].Images.shape);
            float[] first = batches[0].Images.ToArray<float>();
            Assert.Equal(new[] { 0f, 1f, 0.2f, 0.4f, 10 / 255f, 20 / 255f, 30 / 255f, 40 / 255f }, first);
            Assert.Equal(new long[] { 7, 3 }, batches[0].Labels.ToArray<long>());
            Assert.Equal(new long[] { 5 }, batches[1].Labels.ToArray<long>());
        }
        finally
        {
            foreach (var b in batches) b.Dispose();
        }
    }

    [Fact]
    public void Shuffle_IsSeeded_APermutation_AndDiffersBetweenEpochs()
    {
        var ds = new ImageDataset("mem", new byte[100], new byte[100], 1, 1, 10);
        var a = new BatchLoader(ds, 10, shuffle: true, seed: 42);
        var b = new BatchLoader(ds, 10, shuffle: true, seed: 42);
        var c = new BatchLoader(ds, 10, shuffle: true, seed: 43);
        Assert.Equal(a.Order(3), b.Order(3));
        Assert.NotEqual(a.Order(3), c.Order(3));
        Assert.NotEqual(a.Order(0), a.Order(1));
        Assert.Equal(Enumerable.Range(0, 100), a.Order(5).OrderBy(i => i));
        Assert.NotEqual(Enumerable.Range(0, 100), a.Order(5));
    }

    [Fact]
    public void Batches_InShuffledOrder_CarryTheMatchingLabels()
    {
        // Pixel value = sample index = label, so any misalignment between images and labels shows.
        var pixels = Enumerable.Range(0, 10).Select(i => (byte)i).ToArray();
        var ds = new ImageDataset("mem", pixels, pixels.ToArray(), 1, 1, 10);
        var loader = new BatchLoader(ds, 4, shuffle: true, seed: 7);
        var seen = new System.Collections.Generic.List<long>();
        foreach (var batch in loader.Batches(2))
        {
            using (batch)
            {
                float[] px = batch.Images.ToArray<float>();
                long[] lb = batch.Labels.ToArray<long>();
                for (int k = 0; k < lb.Length; k++) Assert.Equal(lb[k] / 255f, px[k]);
                seen.AddRange(lb);
            }
        }
        Assert.Equal(loader.Order(2).Select(i => (long)i), seen);
    }
}
