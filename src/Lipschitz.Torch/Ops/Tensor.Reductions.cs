namespace Lipschitz.Torch;

public static partial class torch
{
    /// <summary>Sum of all elements.</summary>
    public static Tensor sum(Tensor input, ScalarType? type = null) => input.sum(type);
    /// <summary>Sum over one dimension.</summary>
    public static Tensor sum(Tensor input, long dim, bool keepdim = false, ScalarType? type = null) => input.sum(dim, keepdim, type);
    /// <summary>Sum over one dimension (int overload: <c>sum(x, 0)</c> is dimension 0, not a dtype).</summary>
    public static Tensor sum(Tensor input, int dim, bool keepdim = false, ScalarType? type = null) => input.sum(dim, keepdim, type);
    /// <summary>Sum over several dimensions.</summary>
    public static Tensor sum(Tensor input, long[] dim, bool keepdim = false, ScalarType? type = null) => input.sum(dim, keepdim, type);
    /// <summary>Mean of all elements.</summary>
    public static Tensor mean(Tensor input, ScalarType? type = null) => input.mean(type);
    /// <summary>Mean over one dimension.</summary>
    public static Tensor mean(Tensor input, long dim, bool keepdim = false, ScalarType? type = null) => input.mean(dim, keepdim, type);
    /// <summary>Mean over one dimension (int overload: <c>mean(x, 0)</c> is dimension 0, not a dtype).</summary>
    public static Tensor mean(Tensor input, int dim, bool keepdim = false, ScalarType? type = null) => input.mean(dim, keepdim, type);
    /// <summary>Mean over several dimensions.</summary>
    public static Tensor mean(Tensor input, long[] dim, bool keepdim = false, ScalarType? type = null) => input.mean(dim, keepdim, type);
    /// <summary>Largest element.</summary>
    public static Tensor max(Tensor input) => input.max();
    /// <summary>Largest values along a dimension and their indices.</summary>
    public static (Tensor values, Tensor indexes) max(Tensor input, long dim, bool keepdim = false) => input.max(dim, keepdim);
    /// <summary>Elementwise maximum of two tensors.</summary>
    public static Tensor max(Tensor input, Tensor other) => input.maximum(other);
    /// <summary>Smallest element.</summary>
    public static Tensor min(Tensor input) => input.min();
    /// <summary>Smallest values along a dimension and their indices.</summary>
    public static (Tensor values, Tensor indexes) min(Tensor input, long dim, bool keepdim = false) => input.min(dim, keepdim);
    /// <summary>Elementwise minimum of two tensors.</summary>
    public static Tensor min(Tensor input, Tensor other) => input.minimum(other);
    /// <summary>Largest values over the given dimensions (gradient split evenly among ties).</summary>
    public static Tensor amax(Tensor input, long[] dims, bool keepdim = false) => input.amax(dims, keepdim);
    /// <summary>Smallest values over the given dimensions.</summary>
    public static Tensor amin(Tensor input, long[] dims, bool keepdim = false) => input.amin(dims, keepdim);
    /// <summary>Index of the largest element of the flattened tensor.</summary>
    public static Tensor argmax(Tensor input) => input.argmax();
    /// <summary>Indices of the largest values along a dimension.</summary>
    public static Tensor argmax(Tensor input, long dim, bool keepdim = false) => input.argmax(dim, keepdim);
    /// <summary>Index of the smallest element of the flattened tensor.</summary>
    public static Tensor argmin(Tensor input) => input.argmin();
    /// <summary>Indices of the smallest values along a dimension.</summary>
    public static Tensor argmin(Tensor input, long dim, bool keepdim = false) => input.argmin(dim, keepdim);
    /// <summary>log Σ exp over a dimension, computed stably.</summary>
    public static Tensor logsumexp(Tensor input, long dim, bool keepdim = false) => input.logsumexp(dim, keepdim);
    /// <summary>Product of all elements.</summary>
    public static Tensor prod(Tensor input, ScalarType? type = null) => input.prod(type);
    /// <summary>Cumulative sum along a dimension.</summary>
    public static Tensor cumsum(Tensor input, long dim, ScalarType? type = null) => input.cumsum(dim, type);
    /// <summary>Standard deviation of all elements (Bessel-corrected unless <paramref name="unbiased"/> is false).</summary>
    public static Tensor std(Tensor input, bool unbiased = true) => input.std(unbiased);
    /// <summary>Variance of all elements (Bessel-corrected unless <paramref name="unbiased"/> is false).</summary>
    public static Tensor var(Tensor input, bool unbiased = true) => input.var(unbiased);
    /// <summary>True (bool tensor) when every element is nonzero.</summary>
    public static Tensor all(Tensor input) => input.all();
    /// <summary>True (bool tensor) when some element is nonzero.</summary>
    public static Tensor any(Tensor input) => input.any();
    /// <summary>The p-norm of all elements.</summary>
    public static Tensor norm(Tensor input, double p = 2) => input.norm(p);
    /// <summary>Number of nonzero elements.</summary>
    public static Tensor count_nonzero(Tensor input) => input.count_nonzero();

    public partial class Tensor
    {
        private static readonly Op s_sum = Op.Of("aten::sum"), s_sumDim = Op.Of("aten::sum.dim_IntList");
        private static readonly Op s_mean = Op.Of("aten::mean"), s_meanDim = Op.Of("aten::mean.dim");
        private static readonly Op s_max = Op.Of("aten::max"), s_maxDim = Op.Of("aten::max.dim");
        private static readonly Op s_min = Op.Of("aten::min"), s_minDim = Op.Of("aten::min.dim");
        private static readonly Op s_amax = Op.Of("aten::amax"), s_amin = Op.Of("aten::amin");
        private static readonly Op s_argmax = Op.Of("aten::argmax"), s_argmin = Op.Of("aten::argmin");
        private static readonly Op s_logsumexp = Op.Of("aten::logsumexp");
        private static readonly Op s_prod = Op.Of("aten::prod"), s_prodDim = Op.Of("aten::prod.dim_int");
        private static readonly Op s_cumsum = Op.Of("aten::cumsum"), s_cumprod = Op.Of("aten::cumprod");
        private static readonly Op s_std = Op.Of("aten::std"), s_stdDim = Op.Of("aten::std.dim");
        private static readonly Op s_var = Op.Of("aten::var"), s_varDim = Op.Of("aten::var.dim");
        private static readonly Op s_all = Op.Of("aten::all"), s_allDim = Op.Of("aten::all.dim");
        private static readonly Op s_any = Op.Of("aten::any"), s_anyDim = Op.Of("aten::any.dim");
        private static readonly Op s_normS = Op.Of("aten::norm.Scalar"), s_normDim = Op.Of("aten::norm.ScalarOpt_dim");
        private static readonly Op s_countNonzero = Op.Of("aten::count_nonzero");
        private static readonly Op s_median = Op.Of("aten::median");

        /// <summary>Sum of all elements (optionally accumulated in <paramref name="type"/>).</summary>
        public Tensor sum(ScalarType? type = null) => s_sum.Call(this, Arg.Of(type));
        /// <summary>Sum over one dimension.</summary>
        public Tensor sum(long dim, bool keepdim = false, ScalarType? type = null) => s_sumDim.Call(this, new[] { dim }, keepdim, Arg.Of(type));
        /// <summary>Sum over one dimension (an int overload so that <c>sum(0)</c> means dimension 0, not a dtype).</summary>
        public Tensor sum(int dim, bool keepdim = false, ScalarType? type = null) => sum((long)dim, keepdim, type);
        /// <summary>Sum over several dimensions.</summary>
        public Tensor sum(long[] dim, bool keepdim = false, ScalarType? type = null) => s_sumDim.Call(this, dim, keepdim, Arg.Of(type));
        /// <summary>Mean of all elements.</summary>
        public Tensor mean(ScalarType? type = null) => s_mean.Call(this, Arg.Of(type));
        /// <summary>Mean over one dimension.</summary>
        public Tensor mean(long dim, bool keepdim = false, ScalarType? type = null) => s_meanDim.Call(this, new[] { dim }, keepdim, Arg.Of(type));
        /// <summary>Mean over one dimension (an int overload so that <c>mean(0)</c> means dimension 0, not a dtype).</summary>
        public Tensor mean(int dim, bool keepdim = false, ScalarType? type = null) => mean((long)dim, keepdim, type);
        /// <summary>Mean over several dimensions.</summary>
        public Tensor mean(long[] dim, bool keepdim = false, ScalarType? type = null) => s_meanDim.Call(this, dim, keepdim, Arg.Of(type));
        /// <summary>Largest element (0-dimensional).</summary>
        public Tensor max() => s_max.Call(this);
        /// <summary>Largest values along a dimension and the indices where they occur.</summary>
        public (Tensor values, Tensor indexes) max(long dim, bool keepdim = false) => s_maxDim.Call2(this, dim, keepdim);
        /// <summary>Elementwise maximum with another tensor.</summary>
        public Tensor max(Tensor other) => maximum(other);
        /// <summary>Smallest element (0-dimensional).</summary>
        public Tensor min() => s_min.Call(this);
        /// <summary>Smallest values along a dimension and the indices where they occur.</summary>
        public (Tensor values, Tensor indexes) min(long dim, bool keepdim = false) => s_minDim.Call2(this, dim, keepdim);
        /// <summary>Elementwise minimum with another tensor.</summary>
        public Tensor min(Tensor other) => minimum(other);
        /// <summary>Largest values over the given dimensions (all when empty).</summary>
        public Tensor amax(long[] dims, bool keepdim = false) => s_amax.Call(this, dims, keepdim);
        /// <summary>Largest values over one dimension.</summary>
        public Tensor amax(long dim, bool keepdim = false) => s_amax.Call(this, new[] { dim }, keepdim);
        /// <summary>Smallest values over the given dimensions (all when empty).</summary>
        public Tensor amin(long[] dims, bool keepdim = false) => s_amin.Call(this, dims, keepdim);
        /// <summary>Smallest values over one dimension.</summary>
        public Tensor amin(long dim, bool keepdim = false) => s_amin.Call(this, new[] { dim }, keepdim);
        /// <summary>Index of the largest element of the flattened tensor.</summary>
        public Tensor argmax() => s_argmax.Call(this, Arg.None, false);
        /// <summary>Indices of the largest values along a dimension.</summary>
        public Tensor argmax(long dim, bool keepdim = false) => s_argmax.Call(this, dim, keepdim);
        /// <summary>Index of the smallest element of the flattened tensor.</summary>
        public Tensor argmin() => s_argmin.Call(this, Arg.None, false);
        /// <summary>Indices of the smallest values along a dimension.</summary>
        public Tensor argmin(long dim, bool keepdim = false) => s_argmin.Call(this, dim, keepdim);
        /// <summary>log Σ exp over one dimension, computed stably.</summary>
        public Tensor logsumexp(long dim, bool keepdim = false) => s_logsumexp.Call(this, new[] { dim }, keepdim);
        /// <summary>log Σ exp over several dimensions, computed stably.</summary>
        public Tensor logsumexp(long[] dims, bool keepdim = false) => s_logsumexp.Call(this, dims, keepdim);
        /// <summary>Product of all elements.</summary>
        public Tensor prod(ScalarType? type = null) => s_prod.Call(this, Arg.Of(type));
        /// <summary>Product over one dimension.</summary>
        public Tensor prod(long dim, bool keepdim = false, ScalarType? type = null) => s_prodDim.Call(this, dim, keepdim, Arg.Of(type));
        /// <summary>Product over one dimension (an int overload so that <c>prod(0)</c> means dimension 0, not a dtype).</summary>
        public Tensor prod(int dim, bool keepdim = false, ScalarType? type = null) => prod((long)dim, keepdim, type);
        /// <summary>Cumulative sum along a dimension.</summary>
        public Tensor cumsum(long dim, ScalarType? type = null) => s_cumsum.Call(this, dim, Arg.Of(type));
        /// <summary>Cumulative product along a dimension.</summary>
        public Tensor cumprod(long dim, ScalarType? type = null) => s_cumprod.Call(this, dim, Arg.Of(type));
        /// <summary>Standard deviation of all elements.</summary>
        public Tensor std(bool unbiased = true) => s_std.Call(this, unbiased);
        /// <summary>Standard deviation over dimensions.</summary>
        public Tensor std(long[] dims, bool unbiased = true, bool keepdim = false) => s_stdDim.Call(this, dims, unbiased, keepdim);
        /// <summary>Variance of all elements.</summary>
        public Tensor var(bool unbiased = true) => s_var.Call(this, unbiased);
        /// <summary>Variance over dimensions.</summary>
        public Tensor var(long[] dims, bool unbiased = true, bool keepdim = false) => s_varDim.Call(this, dims, unbiased, keepdim);
        /// <summary>True (bool tensor) when every element is nonzero.</summary>
        public Tensor all() => s_all.Call(this);
        /// <summary>Whether every element along a dimension is nonzero.</summary>
        public Tensor all(long dim, bool keepdim = false) => s_allDim.Call(this, dim, keepdim);
        /// <summary>True (bool tensor) when some element is nonzero.</summary>
        public Tensor any() => s_any.Call(this);
        /// <summary>Whether some element along a dimension is nonzero.</summary>
        public Tensor any(long dim, bool keepdim = false) => s_anyDim.Call(this, dim, keepdim);
        /// <summary>The p-norm of all elements.</summary>
        public Tensor norm(double p = 2) => s_normS.Call(this, p);
        /// <summary>The p-norm over one dimension.</summary>
        public Tensor norm(long dim, bool keepdim = false, double p = 2) => s_normDim.Call(this, p, new[] { dim }, keepdim);
        /// <summary>Number of nonzero elements.</summary>
        public Tensor count_nonzero() => s_countNonzero.Call(this);
        /// <summary>The median of all elements (the lower of the two middle values for even counts).</summary>
        public Tensor median() => s_median.Call(this);
    }
}
