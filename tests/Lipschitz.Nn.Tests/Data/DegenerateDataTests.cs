using System.IO;
using Lipschitz.Nn.Data;

namespace Lipschitz.Nn.Tests.Data;

/// <summary>Issue 10 case 5: data that nothing can be learnt from is refused before training, naming it.</summary>
public sealed class DegenerateDataTests
{
    private static ImageDataset Data(int n, Func<int, byte> label, Func<int, int, byte> pixel)
    {
        var pixels = new byte[n * 16];
        var labels = new byte[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = label(i);
            for (int p = 0; p < 16; p++) pixels[i * 16 + p] = pixel(i, p);
        }
        return new ImageDataset("set.idx", pixels, labels, 4, 4, 10);
    }

    [Fact]
    public void NoImages_IsRefused() =>
        Assert.Equal("set.idx: holds no images", Assert.Throws<DataFormatException>(() => Data(0, i => 0, (i, p) => 0).CheckTrainable()).Message);

    [Fact]
    public void OneClass_IsRefused() =>
        Assert.Contains("all 5 images have label 3; training needs at least two classes",
            Assert.Throws<DataFormatException>(() => Data(5, i => 3, (i, p) => (byte)(i + p)).CheckTrainable()).Message);

    [Fact]
    public void IdenticalImages_AreRefused() =>
        Assert.Contains("all 6 images are identical",
            Assert.Throws<DataFormatException>(() => Data(6, i => (byte)(i % 2), (i, p) => (byte)p).CheckTrainable()).Message);

    [Fact]
    public void TwoClassesAndTwoImages_Train() => Data(2, i => (byte)i, (i, p) => (byte)(i * p)).CheckTrainable();

    [Fact]
    public void DataFolderThatIsAFile_SaysSo()
    {
        string file = Path.GetTempFileName();
        try
        {
            Assert.Contains("is a file; the data is a folder of MNIST-layout IDX files",
                Assert.Throws<DataFormatException>(() => ImageDataset.LoadSplit(file, train: true)).Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
