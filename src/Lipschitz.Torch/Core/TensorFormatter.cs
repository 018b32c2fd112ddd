using System;
using System.Globalization;
using System.Text;

namespace Lipschitz.Torch;

/// <summary>Prints tensors like PyTorch: nested brackets, long dimensions cut to their edges.</summary>
internal static class TensorFormatter
{
    private const int EdgeItems = 3;
    private const int SummarizeAbove = 1000;

    internal static string Format(torch.Tensor t)
    {
        long[] shape = t.shape;
        torch.ScalarType type = t.dtype;
        var sb = new StringBuilder();
        sb.Append("tensor([").Append(string.Join(", ", shape)).Append("], ")
          .Append(torch.DTypeName(type)).Append(", ").Append(t.device).Append(')');
        bool complex = type is torch.ScalarType.ComplexFloat32 or torch.ScalarType.ComplexFloat64;
        bool summarize = t.numel() > SummarizeAbove;
        double[] values;
        using (torch.no_grad())
        using (var view = summarize ? Edges(t) : null)
        {
            if (complex)
            {
                // (real, imaginary) pairs, read through a real view so no imaginary part is dropped.
                using var pairs = torch.view_as_real((view ?? t).resolve_conj());
                values = pairs.ToArray<double>();
            }
            else values = (view ?? t).ToArray<double>();
        }
        long[] shownShape = summarize ? EdgeShape(shape) : shape;
        bool integral = !torch.is_floating_point(type) && !complex;
        sb.Append('\n');
        int pos = 0;
        Append(sb, values, ref pos, shape, shownShape, 0, integral, type == torch.ScalarType.Bool, complex);
        return sb.ToString();
    }

    private static long[] EdgeShape(long[] shape)
    {
        var s = (long[])shape.Clone();
        for (int d = 0; d < s.Length; d++)
            if (s[d] > 2 * EdgeItems) s[d] = 2 * EdgeItems;
        return s;
    }

    // The first and last EdgeItems along every long dimension.
    private static torch.Tensor Edges(torch.Tensor t)
    {
        torch.Tensor current = t.alias();
        long[] shape = t.shape;
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] <= 2 * EdgeItems) continue;
            using var head = current.narrow(d, 0, EdgeItems);
            using var tail = current.narrow(d, shape[d] - EdgeItems, EdgeItems);
            torch.Tensor next = torch.cat(new[] { head, tail }, d);
            current.Dispose();
            current = next;
        }
        return current;
    }

    private static void Append(StringBuilder sb, double[] v, ref int pos, long[] shape, long[] shown, int d, bool integral, bool boolean, bool complex)
    {
        if (shape.Length == 0)
        {
            AppendValue(sb, v, ref pos, integral, boolean, complex);
            return;
        }
        sb.Append('[');
        for (long i = 0; i < shown[d]; i++)
        {
            if (i > 0) sb.Append(d == shape.Length - 1 ? ", " : ",\n" + new string(' ', d + 1));
            if (shown[d] < shape[d] && i == EdgeItems) sb.Append("..., ");
            if (d == shape.Length - 1) AppendValue(sb, v, ref pos, integral, boolean, complex);
            else Append(sb, v, ref pos, shape, shown, d + 1, integral, boolean, complex);
        }
        sb.Append(']');
    }

    private static void AppendValue(StringBuilder sb, double[] v, ref int pos, bool integral, bool boolean, bool complex)
    {
        double x = v[pos++];
        if (complex)
        {
            double y = v[pos++];
            sb.Append(x.ToString("0.0000", CultureInfo.InvariantCulture)).Append(y < 0 || (y == 0 && double.IsNegative(y)) ? "-" : "+")
              .Append(Math.Abs(y).ToString("0.0000", CultureInfo.InvariantCulture)).Append('j');
        }
        else if (boolean) sb.Append(x != 0 ? "True" : "False");
        else if (integral) sb.Append(((long)x).ToString(CultureInfo.InvariantCulture));
        else sb.Append(x.ToString("0.0000", CultureInfo.InvariantCulture));
    }
}
