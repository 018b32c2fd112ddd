using System;
using System.IO;

namespace Lipschitz.Nn.Data;

/// <summary>A labelled image set kept as unsigned bytes (N×H×W pixels, N labels); scaled to [0, 1] only when batched.</summary>
public sealed class ImageDataset
{
    /// <summary>The Debian package's Fashion-MNIST folder, used for <c>data: fashion-mnist</c>.</summary>
    public const string FashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Creates a data set from pixels (row-major N×H×W) and labels (one per image, each below <paramref name="classes"/>).</summary>
    public ImageDataset(string name, byte[] pixels, byte[] labels, int height, int width, int classes)
    {
        if (height <= 0 || width <= 0) throw new ArgumentException($"{name}: image size {height}×{width} is not positive");
        if (pixels.Length != (long)labels.Length * height * width)
            throw new ArgumentException($"{name}: {pixels.Length} pixels do not make {labels.Length} images of {height}×{width}");
        for (int k = 0; k < labels.Length; k++)
            if (labels[k] >= classes)
                throw new ArgumentException($"{name}: label {labels[k]} of sample {k} is not below the {classes} classes");
        Name = name;
        Pixels = pixels;
        Labels = labels;
        Height = height;
        Width = width;
        Classes = classes;
    }

    /// <summary>Where the data came from, for messages.</summary>
    public string Name { get; }

    /// <summary>Pixels, row-major N×H×W, unsigned bytes.</summary>
    public byte[] Pixels { get; }

    /// <summary>One label per image.</summary>
    public byte[] Labels { get; }

    /// <summary>Image height.</summary>
    public int Height { get; }

    /// <summary>Image width.</summary>
    public int Width { get; }

    /// <summary>Number of classes labels range over.</summary>
    public int Classes { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Pixels per image.</summary>
    public int ImageSize => Height * Width;

    /// <summary>The first <paramref name="count"/> samples (all of them when <paramref name="count"/> is at least <see cref="Count"/>).</summary>
    public ImageDataset Take(int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "must not be negative");
        if (count >= Count) return this;
        return new ImageDataset(Name, Pixels.AsSpan(0, count * ImageSize).ToArray(), Labels.AsSpan(0, count).ToArray(), Height, Width, Classes);
    }

    /// <summary>Throws a <see cref="DataFormatException"/> naming the data when it holds no image.</summary>
    public void CheckNotEmpty()
    {
        if (Count == 0) throw new DataFormatException(Name, "holds no images");
    }

    /// <summary>
    /// Throws a <see cref="DataFormatException"/> naming the data when nothing can be learnt from it: no images, fewer
    /// than two classes present, or every image the same.
    /// </summary>
    public void CheckTrainable()
    {
        CheckNotEmpty();
        byte first = Labels[0];
        if (Array.TrueForAll(Labels, l => l == first))
            throw new DataFormatException(Name, $"all {Count} images have label {first}; training needs at least two classes");
        ReadOnlySpan<byte> image = Pixels.AsSpan(0, ImageSize);
        bool allSame = true;
        for (int k = 1; k < Count && allSame; k++) allSame = Pixels.AsSpan(k * ImageSize, ImageSize).SequenceEqual(image);
        if (allSame) throw new DataFormatException(Name, $"all {Count} images are identical; there is nothing to learn from");
    }

    /// <summary>The folder that a <c>data:</c> value names: <c>fashion-mnist</c> is the Debian dataset, anything else a folder.</summary>
    public static string ResolveDirectory(string data, string? baseDirectory = null)
    {
        if (string.Equals(data, "fashion-mnist", StringComparison.OrdinalIgnoreCase)) return FashionMnistDirectory;
        return System.IO.Path.IsPathRooted(data) || baseDirectory is null ? System.IO.Path.GetFullPath(data) : System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDirectory, data));
    }

    /// <summary>
    /// Loads the training or test split of an MNIST-layout folder: <c>train-images-idx3-ubyte[.gz]</c> and
    /// <c>train-labels-idx1-ubyte[.gz]</c>, or the <c>t10k-</c> pair.
    /// </summary>
    public static ImageDataset LoadSplit(string directory, bool train, int classes = 10)
    {
        if (File.Exists(directory))
            throw new DataFormatException(directory, "is a file; the data is a folder of MNIST-layout IDX files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-...)");
        if (!Directory.Exists(directory))
            throw new DataFormatException(directory, "data folder not found (expected MNIST-layout IDX files, e.g. train-images-idx3-ubyte.gz)");
        string prefix = train ? "train" : "t10k";
        string imagesPath = Find(directory, prefix + "-images-idx3-ubyte");
        string labelsPath = Find(directory, prefix + "-labels-idx1-ubyte");
        IdxArray images = IdxFile.Read(imagesPath);
        if (images.Dimensions.Length != 3)
            throw new DataFormatException(imagesPath, $"expected 3 dimensions (count, height, width), the header declares {images.Dimensions.Length}");
        IdxArray labels = IdxFile.Read(labelsPath);
        if (labels.Dimensions.Length != 1)
            throw new DataFormatException(labelsPath, $"expected 1 dimension (count), the header declares {labels.Dimensions.Length}");
        if (labels.Dimensions[0] != images.Dimensions[0])
            throw new DataFormatException(labelsPath, $"holds {labels.Dimensions[0]} labels but {System.IO.Path.GetFileName(imagesPath)} holds {images.Dimensions[0]} images");
        if (images.Dimensions[1] == 0 || images.Dimensions[2] == 0)
            throw new DataFormatException(imagesPath, $"image size {images.Dimensions[1]}×{images.Dimensions[2]} is empty");
        for (int k = 0; k < labels.Data.Length; k++)
            if (labels.Data[k] >= classes)
                throw new DataFormatException(labelsPath, $"label {labels.Data[k]} of sample {k} is not below the {classes} classes");
        return new ImageDataset(imagesPath, images.Data, labels.Data, images.Dimensions[1], images.Dimensions[2], classes);
    }

    private static string Find(string directory, string stem)
    {
        string gz = System.IO.Path.Combine(directory, stem + ".gz");
        if (File.Exists(gz)) return gz;
        string raw = System.IO.Path.Combine(directory, stem);
        if (File.Exists(raw)) return raw;
        throw new DataFormatException(gz, $"file not found (nor {stem} without .gz) in {directory}");
    }
}
