using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Lipschitz.Nn.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Attacks;

/// <summary>Masks for shaped perturbations: [1, H, W] tensors of 0 (fixed) and 1 (free), shared by every channel.</summary>
public static class Masks
{
    /// <summary>A rectangle of width <paramref name="w"/> and height <paramref name="h"/> with its top-left corner at (<paramref name="x"/>, <paramref name="y"/>), clipped to the image.</summary>
    public static Tensor Rectangle(long height, long width, long x, long y, long w, long h)
    {
        if (w < 1 || h < 1) throw new ArgumentException($"the rectangle {w}×{h} is empty");
        if (x < 0 || y < 0 || x >= width || y >= height) throw new ArgumentException($"the rectangle's corner ({x}, {y}) lies outside the {width}×{height} image");
        Tensor mask = zeros(1, height, width);
        using (no_grad())
        {
            using Tensor rows = mask.narrow(1, y, Math.Min(h, height - y));
            using Tensor block = rows.narrow(2, x, Math.Min(w, width - x));
            block.fill_(1.0);
        }
        return mask;
    }

    /// <summary>Parses "x,y,w,h" (pixels) into a rectangle mask for <paramref name="height"/>×<paramref name="width"/> images.</summary>
    public static Tensor ParseRectangle(string text, long height, long width)
    {
        string[] parts = text.Split(',');
        var v = new List<long>();
        foreach (string p in parts)
        {
            if (!long.TryParse(p.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long n))
                throw new ArgumentException($"'{text}' is not a rectangle x,y,w,h of whole pixels");
            v.Add(n);
        }
        if (v.Count != 4) throw new ArgumentException($"'{text}' is not a rectangle x,y,w,h (four numbers)");
        return Rectangle(height, width, v[0], v[1], v[2], v[3]);
    }

    /// <summary>
    /// A mask from an image file (PNG, white = free, black = fixed; gray above one half counts as white), scaled to
    /// <paramref name="height"/>×<paramref name="width"/> by taking the nearest source pixel.
    /// </summary>
    public static Tensor FromImage(string path, long height, long width)
    {
        PngImage image = PngImage.Load(path);
        Tensor mask = zeros(1, height, width);
        var values = new float[height * width];
        for (long r = 0; r < height; r++)
        {
            long sy = Math.Min(image.Height - 1, (long)((r + 0.5) * image.Height / height));
            for (long c = 0; c < width; c++)
            {
                long sx = Math.Min(image.Width - 1, (long)((c + 0.5) * image.Width / width));
                values[r * width + c] = image.Gray[sy * image.Width + sx] > 0.5f ? 1f : 0f;
            }
        }
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(mask.bytes);
        if (values.AsSpan().IndexOf(1f) < 0) throw new InvalidDataException($"{path}: the mask has no white pixel, so nothing may change");
        return mask;
    }
}
