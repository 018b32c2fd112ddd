using System.IO;
using Lipschitz.Nn.Data;

namespace Lipschitz.Nn.Tests.Training;

/// <summary>Small real data for training tests: the first samples of Fashion-MNIST, or a synthetic set when it is not installed.</summary>
internal static class TestData
{
    private static ImageDataset? s_train, s_test;

    public static ImageDataset Train(int count) => Load(true).Take(count);

    public static ImageDataset Test(int count) => Load(false).Take(count);

    private static ImageDataset Load(bool train)
    {
        if (train && s_train is not null) return s_train;
        if (!train && s_test is not null) return s_test;
        ImageDataset d = Directory.Exists(ImageDataset.FashionMnistDirectory)
            ? ImageDataset.LoadSplit(ImageDataset.FashionMnistDirectory, train)
            : Synthetic(train ? 2000 : 1000, train ? 1 : 2);
        if (train) s_train = d;
        else s_test = d;
        return d;
    }

    // Ten classes told apart by which horizontal band of the 28×28 image is bright, plus noise.
    private static ImageDataset Synthetic(int n, int seed)
    {
        var rng = new Random(seed);
        var pixels = new byte[n * 784];
        var labels = new byte[n];
        for (int i = 0; i < n; i++)
        {
            int c = rng.Next(10);
            labels[i] = (byte)c;
            for (int p = 0; p < 784; p++)
            {
                int row = p / 28;
                int band = row * 10 / 28;
                pixels[i * 784 + p] = (byte)Math.Clamp((band == c ? 200 : 30) + rng.Next(-30, 31), 0, 255);
            }
        }
        return new ImageDataset("synthetic", pixels, labels, 28, 28, 10);
    }
}
