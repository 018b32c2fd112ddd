using System;

namespace Lipschitz.Torch;

public static partial class torch
{
    /// <summary>Splits into <paramref name="chunks"/> nearly equal pieces along a dimension (views).</summary>
    public static Tensor[] chunk(Tensor input, long chunks, long dim = 0) => input.chunk(chunks, dim);
    /// <summary>Splits into pieces of <paramref name="size"/> along a dimension (the last may be smaller).</summary>
    public static Tensor[] split(Tensor input, long size, long dim = 0) => input.split(size, dim);
    /// <summary>Splits into pieces of the given sizes along a dimension.</summary>
    public static Tensor[] split(Tensor input, long[] sizes, long dim = 0) => input.split(sizes, dim);
    /// <summary>Flattens dimensions start_dim … end_dim into one.</summary>
    public static Tensor flatten(Tensor input, long start_dim = 0, long end_dim = -1) => input.flatten(start_dim, end_dim);
    /// <summary>Reorders the dimensions.</summary>
    public static Tensor permute(Tensor input, params long[] dims) => input.permute(dims);
    /// <summary>Swaps two dimensions.</summary>
    public static Tensor transpose(Tensor input, long dim0, long dim1) => input.transpose(dim0, dim1);
    /// <summary>Inserts a dimension of size one.</summary>
    public static Tensor unsqueeze(Tensor input, long dim) => input.unsqueeze(dim);
    /// <summary>Removes every dimension of size one.</summary>
    public static Tensor squeeze(Tensor input) => input.squeeze();
    /// <summary>Removes a dimension of size one.</summary>
    public static Tensor squeeze(Tensor input, long dim) => input.squeeze(dim);
    /// <summary>The same values with another shape.</summary>
    public static Tensor reshape(Tensor input, params long[] shape) => input.reshape(shape);
    /// <summary>The entries of <paramref name="input"/> at <paramref name="index"/> along a dimension.</summary>
    public static Tensor index_select(Tensor input, long dim, Tensor index) => input.index_select(dim, index);
    /// <summary>out[i][j] = input[index[i][j]][j] for dim 0 (and likewise for other dims).</summary>
    public static Tensor gather(Tensor input, long dim, Tensor index) => input.gather(dim, index);
    /// <summary>A copy with the elements where <paramref name="mask"/> is true set to <paramref name="value"/>.</summary>
    public static Tensor masked_fill(Tensor input, Tensor mask, double value) => input.masked_fill(mask, value);
    /// <summary>Views along a dimension, one per index (the dimension removed).</summary>
    public static Tensor[] unbind(Tensor input, long dim = 0) => input.unbind(dim);
    /// <summary>Reverses the order along the given dimensions.</summary>
    public static Tensor flip(Tensor input, params long[] dims) => input.flip(dims);
    /// <summary>Rolls the elements along dimensions (wrapping around).</summary>
    public static Tensor roll(Tensor input, long[] shifts, long[] dims) => input.roll(shifts, dims);
    /// <summary>The lower triangle (entries on and below the given diagonal); the rest zero.</summary>
    public static Tensor tril(Tensor input, long diagonal = 0) => input.tril(diagonal);
    /// <summary>The upper triangle (entries on and above the given diagonal); the rest zero.</summary>
    public static Tensor triu(Tensor input, long diagonal = 0) => input.triu(diagonal);
    /// <summary>A diagonal matrix from a vector, or the diagonal of a matrix.</summary>
    public static Tensor diag(Tensor input, long diagonal = 0) => input.diag(diagonal);
    /// <summary>Indices of nonzero elements, one row per element.</summary>
    public static Tensor nonzero(Tensor input) => input.nonzero();

    public partial class Tensor
    {
        private static readonly Op s_chunk = Op.Of("aten::chunk"), s_split = Op.Of("aten::split.Tensor"), s_splitSizes = Op.Of("aten::split_with_sizes");
        private static readonly Op s_flatten = Op.Of("aten::flatten.using_ints"), s_unflatten = Op.Of("aten::unflatten.int");
        private static readonly Op s_permute = Op.Of("aten::permute"), s_transpose = Op.Of("aten::transpose.int"), s_t = Op.Of("aten::t");
        private static readonly Op s_unsqueeze = Op.Of("aten::unsqueeze"), s_squeeze = Op.Of("aten::squeeze"), s_squeezeDim = Op.Of("aten::squeeze.dim");
        private static readonly Op s_expand = Op.Of("aten::expand"), s_expandAs = Op.Of("aten::expand_as"), s_viewAs = Op.Of("aten::view_as");
        private static readonly Op s_reshapeAs = Op.Of("aten::reshape_as"), s_repeat = Op.Of("aten::repeat"), s_flip = Op.Of("aten::flip");
        private static readonly Op s_roll = Op.Of("aten::roll"), s_select = Op.Of("aten::select.int"), s_slice = Op.Of("aten::slice.Tensor");
        private static readonly Op s_indexSelect = Op.Of("aten::index_select"), s_gather = Op.Of("aten::gather"), s_index = Op.Of("aten::index.Tensor");
        private static readonly Op s_indexPut_ = Op.Of("aten::index_put_");
        private static readonly Op s_scatter = Op.Of("aten::scatter.src"), s_scatterV = Op.Of("aten::scatter.value"), s_scatterAdd = Op.Of("aten::scatter_add");
        private static readonly Op s_indexAdd = Op.Of("aten::index_add");
        private static readonly Op s_unbind = Op.Of("aten::unbind.int"), s_movedim = Op.Of("aten::movedim.int");
        private static readonly Op s_tril = Op.Of("aten::tril"), s_triu = Op.Of("aten::triu"), s_diag = Op.Of("aten::diag"), s_diagonal = Op.Of("aten::diagonal");
        private static readonly Op s_nonzero = Op.Of("aten::nonzero");

        /// <summary>Splits into <paramref name="chunks"/> nearly equal pieces along a dimension (views).</summary>
        public Tensor[] chunk(long chunks, long dim = 0) => s_chunk.CallMany(this, chunks, dim);
        /// <summary>Splits into pieces of <paramref name="size"/> along a dimension (the last may be smaller).</summary>
        public Tensor[] split(long size, long dim = 0) => s_split.CallMany(this, size, dim);
        /// <summary>Splits into pieces of the given sizes along a dimension.</summary>
        public Tensor[] split(long[] sizes, long dim = 0) => s_splitSizes.CallMany(this, sizes, dim);
        /// <summary>Flattens dimensions start_dim … end_dim into one.</summary>
        public Tensor flatten(long start_dim = 0, long end_dim = -1) => s_flatten.Call(this, start_dim, end_dim);
        /// <summary>Expands one dimension into the given sizes.</summary>
        public Tensor unflatten(long dim, params long[] sizes) => s_unflatten.Call(this, dim, sizes);
        /// <summary>Reorders the dimensions (a view).</summary>
        public Tensor permute(params long[] dims) => s_permute.Call(this, dims);
        /// <summary>Swaps two dimensions (a view).</summary>
        public Tensor transpose(long dim0, long dim1) => s_transpose.Call(this, dim0, dim1);
        /// <summary>The transpose of a matrix (≤ 2 dimensions).</summary>
        public Tensor t() => s_t.Call(this);
        /// <summary>The transpose of a matrix (≤ 2 dimensions).</summary>
        public Tensor T => s_t.Call(this);
        /// <summary>The last two dimensions swapped (batched matrix transpose).</summary>
        public Tensor mT => s_transpose.Call(this, -2L, -1L);
        /// <summary>Inserts a dimension of size one.</summary>
        public Tensor unsqueeze(long dim) => s_unsqueeze.Call(this, dim);
        /// <summary>Removes every dimension of size one.</summary>
        public Tensor squeeze() => s_squeeze.Call(this);
        /// <summary>Removes a dimension of size one (no-op if its size is not one).</summary>
        public Tensor squeeze(long dim) => s_squeezeDim.Call(this, dim);
        /// <summary>A broadcast view with the given sizes (−1 keeps a size).</summary>
        public Tensor expand(params long[] sizes) => s_expand.Call(this, sizes);
        /// <summary>A broadcast view with the shape of <paramref name="other"/>.</summary>
        public Tensor expand_as(Tensor other) => s_expandAs.Call(this, other);
        /// <summary>A view with the shape of <paramref name="other"/>.</summary>
        public Tensor view_as(Tensor other) => s_viewAs.Call(this, other);
        /// <summary>The values with the shape of <paramref name="other"/>.</summary>
        public Tensor reshape_as(Tensor other) => s_reshapeAs.Call(this, other);
        /// <summary>Tiles the tensor the given number of times along each dimension.</summary>
        public Tensor repeat(params long[] repeats) => s_repeat.Call(this, repeats);
        /// <summary>Reverses the order along the given dimensions.</summary>
        public Tensor flip(params long[] dims) => s_flip.Call(this, dims);
        /// <summary>Rolls the elements along dimensions (wrapping around).</summary>
        public Tensor roll(long[] shifts, long[] dims) => s_roll.Call(this, shifts, dims);
        /// <summary>Rolls the elements along one dimension (wrapping around).</summary>
        public Tensor roll(long shift, long dim) => s_roll.Call(this, new[] { shift }, new[] { dim });
        /// <summary>The slice at <paramref name="index"/> of a dimension (that dimension removed; a view).</summary>
        public Tensor select(long dim, long index) => s_select.Call(this, dim, index);
        /// <summary>Entries start, start + step, … below end of a dimension (a view).</summary>
        public Tensor slice(long dim, long start, long end, long step = 1) => s_slice.Call(this, dim, start, end, step);
        /// <summary>The entries at <paramref name="index"/> (int64) along a dimension.</summary>
        public Tensor index_select(long dim, Tensor index) => s_indexSelect.Call(this, dim, index);
        /// <summary>Picks values along a dimension by an index tensor of the output's shape.</summary>
        public Tensor gather(long dim, Tensor index) => s_gather.Call(this, dim, index);
        /// <summary>A copy with values from <paramref name="src"/> written at <paramref name="index"/> along a dimension.</summary>
        public Tensor scatter(long dim, Tensor index, Tensor src) => s_scatter.Call(this, dim, index, src);
        /// <summary>A copy with <paramref name="value"/> written at <paramref name="index"/> along a dimension.</summary>
        public Tensor scatter(long dim, Tensor index, double value) => s_scatterV.Call(this, dim, index, value);
        /// <summary>A copy with values from <paramref name="src"/> added at <paramref name="index"/> along a dimension.</summary>
        public Tensor scatter_add(long dim, Tensor index, Tensor src) => s_scatterAdd.Call(this, dim, index, src);
        /// <summary>A copy with alpha·source's slices added at the entries <paramref name="index"/> of a dimension.</summary>
        public Tensor index_add(long dim, Tensor index, Tensor source, double alpha = 1) => s_indexAdd.Call(this, dim, index, source, alpha);
        /// <summary>Views along a dimension, one per index (the dimension removed).</summary>
        public Tensor[] unbind(long dim = 0) => s_unbind.CallMany(this, dim);
        /// <summary>Moves a dimension to another position.</summary>
        public Tensor movedim(long source, long destination) => s_movedim.Call(this, source, destination);
        /// <summary>The lower triangle (on and below the given diagonal); the rest zero.</summary>
        public Tensor tril(long diagonal = 0) => s_tril.Call(this, diagonal);
        /// <summary>The upper triangle (on and above the given diagonal); the rest zero.</summary>
        public Tensor triu(long diagonal = 0) => s_triu.Call(this, diagonal);
        /// <summary>A diagonal matrix from a vector, or the diagonal of a matrix.</summary>
        public Tensor diag(long diagonal = 0) => s_diag.Call(this, diagonal);
        /// <summary>The diagonal (offset, between two dimensions) as a view.</summary>
        public Tensor diagonal(long offset = 0, long dim1 = 0, long dim2 = 1) => s_diagonal.Call(this, offset, dim1, dim2);
        /// <summary>Indices of nonzero elements, one row per element.</summary>
        public Tensor nonzero() => s_nonzero.Call(this);

        /// <summary>Indexes the first dimension by an index tensor (int64 picks entries, bool masks them): x[idx]; setting writes there.</summary>
        public Tensor this[Tensor index]
        {
            get => s_index.Call(this, Arg.OptionalTensors(new Tensor?[] { index }));
            set => index_put_(new Tensor?[] { index }, value);
        }

        /// <summary>Indexes the leading dimensions by index tensors (null keeps a dimension whole).</summary>
        public Tensor index(params Tensor?[] indices) => s_index.Call(this, Arg.OptionalTensors(indices));

        /// <summary>In place: writes <paramref name="values"/> at the positions given by index tensors (accumulating when asked).</summary>
        public Tensor index_put_(Tensor?[] indices, Tensor values, bool accumulate = false) =>
            s_indexPut_.CallInPlace(this, Arg.OptionalTensors(indices), values, accumulate);

        /// <summary>The slice at <paramref name="index"/> of the first dimension (negative counts from the end; a view); setting copies into it.</summary>
        public Tensor this[long index]
        {
            get => s_select.Call(this, 0L, index);
            set
            {
                using Tensor view = s_select.Call(this, 0L, index);
                view.copy_(value);
            }
        }

        /// <summary>The element or slice at the given leading indices (a view); setting copies into it.</summary>
        public Tensor this[long i, long j]
        {
            get
            {
                using Tensor row = s_select.Call(this, 0L, i);
                return s_select.Call(row, 0L, j);
            }
            set
            {
                using Tensor view = this[i, j];
                view.copy_(value);
            }
        }
    }
}
