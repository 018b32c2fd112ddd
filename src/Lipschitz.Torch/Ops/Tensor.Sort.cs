namespace Lipschitz.Torch;

public static partial class torch
{
    /// <summary>Sorted values along a dimension and the indices they came from.</summary>
    public static (Tensor values, Tensor indices) sort(Tensor input, long dim = -1, bool descending = false, bool stable = false) =>
        input.sort(dim, descending, stable);
    /// <summary>The k largest (or smallest) values along a dimension and their indices.</summary>
    public static (Tensor values, Tensor indices) topk(Tensor input, long k, long dim = -1, bool largest = true, bool sorted = true) =>
        input.topk(k, dim, largest, sorted);
    /// <summary>The indices that sort a dimension.</summary>
    public static Tensor argsort(Tensor input, long dim = -1, bool descending = false) => input.argsort(dim, descending);

    public partial class Tensor
    {
        private static readonly Op s_sort = Op.Of("aten::sort.stable"), s_topk = Op.Of("aten::topk"), s_argsort = Op.Of("aten::argsort");

        /// <summary>Sorted values along a dimension and the indices they came from (stable keeps ties in order).</summary>
        public (Tensor values, Tensor indices) sort(long dim = -1, bool descending = false, bool stable = false) =>
            s_sort.Call2(this, stable, dim, descending);
        /// <summary>The k largest (or smallest) values along a dimension and their indices.</summary>
        public (Tensor values, Tensor indices) topk(long k, long dim = -1, bool largest = true, bool sorted = true) =>
            s_topk.Call2(this, k, dim, largest, sorted);
        /// <summary>The indices that sort a dimension.</summary>
        public Tensor argsort(long dim = -1, bool descending = false) => s_argsort.Call(this, dim, descending);
    }
}
