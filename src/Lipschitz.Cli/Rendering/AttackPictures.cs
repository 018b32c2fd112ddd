using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Lipschitz.Nn.Attacks;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Cli.Rendering;

/// <summary>
/// A picture of attacked samples, one row each: the original image, the perturbation (amplified, on a diverging
/// blue–white–red scale, white = unchanged), and the adversarial image, each titled with the predicted class name and
/// its confidence. PNG through SkiaSharp.
/// </summary>
public static class AttackPictures
{
    private const int Tile = 196, Pad = 44, Header = 58, Title = 40;
    private const string Marker = "lipnet attack picture";

    /// <summary>The picture as PNG bytes; <paramref name="height"/>×<paramref name="width"/> is the image size of one channel.</summary>
    public static byte[] Png(IReadOnlyList<AttackExample> examples, IReadOnlyList<string> names, long height, long width, string title, bool targeted = false)
    {
        int columns = 3, rows = Math.Max(1, examples.Count);
        int w = Pad / 2 + columns * (Tile + Pad), h = Title + rows * (Header + Tile + Pad / 2) + Pad / 2;
        using var surface = SKSurface.Create(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var titleFont = new SKFont(SKTypeface.Default, 17);
        using var font = new SKFont(SKTypeface.Default, 12);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var red = new SKPaint { Color = new SKColor(180, 0, 0), IsAntialias = true };
        canvas.DrawText(title, Pad / 2, 26, titleFont, ink);
        for (int r = 0; r < examples.Count; r++)
        {
            AttackExample e = examples[r];
            float top = Title + r * (Header + Tile + Pad / 2);
            using Tensor original = e.Original.reshape(-1, height, width)[0].to(ScalarType.Float64);
            using Tensor adversarial = e.Adversarial.reshape(-1, height, width)[0].to(ScalarType.Float64);
            using Tensor delta = adversarial - original;
            double peak = Math.Max(delta.abs().max().ToDouble(), 1e-12);
            double gain = 0.5 / peak;
            string Name(int k) => k >= 0 && k < names.Count ? names[k] : k.ToString(CultureInfo.InvariantCulture);
            bool flipped = e.Attacked.Class != e.Clean.Class;
            string outcome = targeted
                ? e.Success ? "target reached" : flipped ? "changed, target not reached" : "target not reached"
                : flipped ? "prediction changed" : "prediction kept";
            Text(canvas, font, ink, Pad / 2, top, $"original #{e.Sample}: {Name(e.Clean.Class)} {Percent(e.Clean.Confidence)}", $"label: {Name(e.Label)}"
                + (e.Radius > 0 ? string.Create(CultureInfo.InvariantCulture, $", cert. radius {e.Radius:0.###}") : ""));
            Text(canvas, font, ink, Pad / 2 + (Tile + Pad), top, string.Create(CultureInfo.InvariantCulture, $"perturbation ×{gain:0.#}"),
                string.Create(CultureInfo.InvariantCulture, $"‖δ‖₂ = {e.L2:0.###}, max |δ| = {peak:0.###}"));
            Text(canvas, font, e.Success ? red : ink, Pad / 2 + 2 * (Tile + Pad), top, $"adversarial: {Name(e.Attacked.Class)} {Percent(e.Attacked.Confidence)}", outcome);
            Draw(canvas, Pad / 2, top + Header, Gray(original));
            Draw(canvas, Pad / 2 + (Tile + Pad), top + Header, Diverging(delta, gain));
            Draw(canvas, Pad / 2 + 2 * (Tile + Pad), top + Header, Gray(adversarial));
        }
        using SKImage image = surface.Snapshot();
        using SKData data = image.Encode(SKEncodedImageFormat.Png, 100);
        return PngText.WithText(data.ToArray(), "Software", Marker);
    }

    /// <summary>Whether the file is a picture lipnet wrote.</summary>
    public static bool IsOwnPicture(string path)
    {
        try
        {
            return System.IO.File.Exists(path) && new System.IO.FileInfo(path).Length < (256 << 20)
                && System.IO.File.ReadAllBytes(path).AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(Marker)) >= 0;
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Percent(double p) => string.Create(CultureInfo.InvariantCulture, $"{100 * p:0.0} %");

    private static void Text(SKCanvas canvas, SKFont font, SKPaint paint, float x, float top, string line1, string line2)
    {
        canvas.DrawText(line1, x, top + 18, font, paint);
        canvas.DrawText(line2, x, top + 38, font, paint);
    }

    private static SKColor[,] Gray(Tensor image)
    {
        double[] v = image.contiguous().data<double>().ToArray();
        int h = (int)image.size(0), w = (int)image.size(1);
        var c = new SKColor[h, w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                byte g = (byte)Math.Round(255 * Math.Clamp(v[y * w + x], 0, 1));
                c[y, x] = new SKColor(g, g, g);
            }
        return c;
    }

    // Blue for negative, white for zero, red for positive; the gain maps the largest |δ| to full colour.
    private static SKColor[,] Diverging(Tensor delta, double gain)
    {
        double[] v = delta.contiguous().data<double>().ToArray();
        int h = (int)delta.size(0), w = (int)delta.size(1);
        var c = new SKColor[h, w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                double t = Math.Clamp(2 * gain * v[y * w + x], -1, 1);
                byte keep = (byte)Math.Round(255 * (1 - Math.Abs(t)));
                c[y, x] = t >= 0 ? new SKColor(255, keep, keep) : new SKColor(keep, keep, 255);
            }
        return c;
    }

    private static void Draw(SKCanvas canvas, float left, float top, SKColor[,] pixels)
    {
        int h = pixels.GetLength(0), w = pixels.GetLength(1);
        float sx = (float)Tile / w, sy = (float)Tile / h;
        using var paint = new SKPaint { IsAntialias = false };
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                paint.Color = pixels[y, x];
                canvas.DrawRect(left + x * sx, top + y * sy, sx, sy, paint);
            }
        using var frame = new SKPaint { Color = SKColors.LightGray, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        canvas.DrawRect(left, top, Tile, Tile, frame);
    }
}
