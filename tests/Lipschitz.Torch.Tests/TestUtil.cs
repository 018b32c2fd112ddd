using static Lipschitz.Torch.torch;

namespace Lipschitz.Torch.Tests;

internal static class TestUtil
{
    /// <summary>Asserts that the tensor's values (as float64) equal <paramref name="expected"/> within tol.</summary>
    public static void Close(double[] expected, Tensor actual, double tol = 1e-6)
    {
        double[] a = actual.ToArray<double>();
        Assert.Equal(expected.Length, a.Length);
        for (int k = 0; k < a.Length; k++)
            if (!(Math.Abs(expected[k] - a[k]) <= tol) && !(double.IsNaN(expected[k]) && double.IsNaN(a[k])))
                Assert.Fail($"element {k}: expected {expected[k]:R}, got {a[k]:R} (all: [{string.Join(", ", a)}])");
    }

    public static void Close(double expected, Tensor actual, double tol = 1e-6) => Close(new[] { expected }, actual, tol);

    public static Tensor T(double[] v, params long[] shape) => tensor(v, shape.Length == 0 ? null : shape);
}
