using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests;

/// <summary>Independent measurements of operator norms: exact (SVD) and by power iteration.</summary>
internal static class OperatorNorms
{
    /// <summary>The largest singular value of a matrix, by LAPACK.</summary>
    internal static double SigmaMax(Tensor matrix)
    {
        using Tensor s = linalg.svdvals(matrix);
        using Tensor m = s.max();
        return m.ToDouble();
    }

    /// <summary>
    /// ‖K‖ of the stride-1 zero-padded convolution with kernel <paramref name="w"/> on size×size images, by power
    /// iteration on KᵀK (conv then its adjoint, conv_transpose2d); returns ‖Kx‖ for the final unit x, a lower bound
    /// that converges to the norm.
    /// </summary>
    internal static double ConvPowerIteration(Tensor w, long size, int iterations)
    {
        long pad = w.size(2) / 2;
        Tensor x = randn(new[] { 1, w.size(1), size, size }, w.dtype);
        try
        {
            for (int i = 0; i < iterations; i++)
            {
                using Tensor n = x.norm();
                using Tensor unit = x / n.ToDouble();
                using Tensor y = nn.functional.conv2d(unit, w, padding: new[] { pad, pad });
                Tensor z = nn.functional.conv_transpose2d(y, w, padding: new[] { pad, pad });
                x.Dispose();
                x = z;
            }
            using Tensor nf = x.norm();
            using Tensor last = x / nf.ToDouble();
            using Tensor image = nn.functional.conv2d(last, w, padding: new[] { pad, pad });
            using Tensor norm = image.norm();
            return norm.ToDouble();
        }
        finally
        {
            x.Dispose();
        }
    }

    /// <summary>‖K‖ exactly: the matrix of the convolution built from its impulse responses, then its largest singular value.</summary>
    internal static double ConvExact(Tensor w, long size)
    {
        long cin = w.size(1), pad = w.size(2) / 2, n = cin * size * size;
        using Tensor eye = torch.eye(n, dtype: w.dtype);
        using Tensor impulses = eye.view(n, cin, size, size);
        using Tensor responses = nn.functional.conv2d(impulses, w, padding: new[] { pad, pad });
        using Tensor matrix = responses.reshape(n, -1);
        return SigmaMax(matrix);
    }

    /// <summary>The Jacobian of a module at one input x (shape [1, ...]) as a [outputs, inputs] matrix, row by row through autograd.</summary>
    internal static Tensor Jacobian(nn.Module<Tensor, Tensor> f, Tensor x)
    {
        using Tensor input = x.detach();
        input.requires_grad = true;
        using Tensor output = f.call(input);
        using Tensor flat = output.reshape(-1);
        long m = flat.size(0);
        var rows = new Tensor[m];
        try
        {
            for (long j = 0; j < m; j++)
            {
                using Tensor oj = flat.select(0, j);
                using Tensor gj = autograd.grad(new[] { oj }, new[] { input }, retain_graph: true)[0];
                rows[j] = gj.reshape(-1);
            }
            return stack(rows, 0);
        }
        finally
        {
            foreach (Tensor? r in rows) r?.Dispose();
        }
    }
}
