using System;
using System.Collections.Generic;

namespace Lipschitz.Torch;

public static partial class torch
{
    /// <summary>One entry of a multi-dimensional index, as in <c>x[0, 1..3, TensorIndex.Ellipsis]</c>.</summary>
    public sealed class TensorIndex
    {
        private enum Kind
        {
            Single,
            Slice,
            Ellipsis,
            None,
            Tensor,
        }

        private readonly Kind _kind;
        private readonly long _index;
        private readonly long? _start, _stop, _step;
        private readonly Tensor? _tensor;

        private TensorIndex(Kind kind, long index = 0, long? start = null, long? stop = null, long? step = null, Tensor? tensor = null)
        {
            _kind = kind;
            _index = index;
            _start = start;
            _stop = stop;
            _step = step;
            _tensor = tensor;
        }

        /// <summary>One position of a dimension (the dimension is removed); negative counts from the end.</summary>
        public static TensorIndex Single(long index) => new(Kind.Single, index);
        /// <summary>Positions start, start + step, … below stop (null: from the beginning, to the end, step 1).</summary>
        public static TensorIndex Slice(long? start = null, long? stop = null, long? step = null)
        {
            if (step is <= 0) throw new ArgumentOutOfRangeException(nameof(step), step, "slice step must be positive");
            return new(Kind.Slice, start: start, stop: stop, step: step);
        }
        /// <summary>The whole dimension (<c>:</c> in Python).</summary>
        public static readonly TensorIndex Colon = new(Kind.Slice);
        /// <summary>As many whole dimensions as needed (<c>...</c> in Python).</summary>
        public static readonly TensorIndex Ellipsis = new(Kind.Ellipsis);
        /// <summary>A new dimension of size one (<c>None</c> in Python).</summary>
        public static readonly TensorIndex None = new(Kind.None);
        /// <summary>Advanced indexing by an int64 index tensor or a bool mask.</summary>
        public static TensorIndex Tensor(Tensor index) => new(Kind.Tensor, tensor: index ?? throw new ArgumentNullException(nameof(index)));

        /// <summary>One position of a dimension.</summary>
        public static implicit operator TensorIndex(long index) => Single(index);
        /// <summary>One position of a dimension.</summary>
        public static implicit operator TensorIndex(int index) => Single(index);
        /// <summary>Advanced indexing by a tensor.</summary>
        public static implicit operator TensorIndex(Tensor index) => Tensor(index);
        /// <summary>A C# index (<c>^k</c> counts from the end) as one position.</summary>
        public static implicit operator TensorIndex(Index index) => Single(index.IsFromEnd ? -(long)index.Value : index.Value);
        /// <summary>A C# range <c>a..b</c> (<c>^k</c> counts from the end) as a slice.</summary>
        public static implicit operator TensorIndex(Range range)
        {
            long? start = range.Start.IsFromEnd ? (range.Start.Value == 0 ? null : -(long)range.Start.Value) : range.Start.Value;
            long? stop = range.End.IsFromEnd ? (range.End.Value == 0 ? null : -(long)range.End.Value) : range.End.Value;
            return Slice(start, stop);
        }

        /// <summary>
        /// Applies the basic entries (positions, slices, new axes, ellipsis) as views and collects the tensor
        /// entries by the dimension they index in the result. Returns a new wrapper (never <paramref name="self"/>).
        /// </summary>
        internal static Tensor ApplyBasic(Tensor self, TensorIndex[] indices, out List<(long Position, Tensor Index)> advanced)
        {
            advanced = new List<(long, Tensor)>();
            int consuming = 0, ellipses = 0;
            foreach (TensorIndex i in indices)
            {
                if (i is null) throw new ArgumentNullException(nameof(indices), "null index entry");
                if (i._kind is Kind.Single or Kind.Slice) consuming++;
                else if (i._kind == Kind.Tensor) consuming += i._tensor!.dtype == ScalarType.Bool ? (int)Math.Max(i._tensor.dim(), 1) : 1;
                else if (i._kind == Kind.Ellipsis) ellipses++;
            }
            if (ellipses > 1) throw new ArgumentException("an index can hold at most one ellipsis", nameof(indices));
            long rank = self.dim();
            if (consuming > rank) throw new ArgumentException($"too many indices ({consuming}) for a tensor of {rank} dimensions", nameof(indices));
            Tensor current = self.alias();
            long dim = 0;   // the dimension of the current view that the next entry indexes
            long pos = 0;   // its position in aten::index's list, where a k-dimensional mask is one entry
            try
            {
                foreach (TensorIndex i in indices)
                {
                    Tensor? next = null;
                    switch (i._kind)
                    {
                        case Kind.Single:
                            next = current.select(dim, i._index);
                            break;
                        case Kind.Slice:
                            next = current.slice(dim, i._start ?? 0, i._stop ?? long.MaxValue, i._step ?? 1);
                            dim++;
                            pos++;
                            break;
                        case Kind.None:
                            next = current.unsqueeze(dim);
                            dim++;
                            pos++;
                            break;
                        case Kind.Ellipsis:
                            dim += rank - consuming;
                            pos += rank - consuming;
                            break;
                        case Kind.Tensor:
                            advanced.Add((pos, i._tensor!));
                            dim += i._tensor!.dtype == ScalarType.Bool ? Math.Max(i._tensor.dim(), 1) : 1;
                            pos++;
                            break;
                    }
                    if (next is not null)
                    {
                        current.Dispose();
                        current = next;
                    }
                }
                return current;
            }
            catch
            {
                current.Dispose();
                throw;
            }
        }

        internal static Tensor?[] AdvancedList(List<(long Position, Tensor Index)> advanced)
        {
            long last = 0;
            foreach (var (d, _) in advanced) last = Math.Max(last, d);
            var list = new Tensor?[last + 1];
            foreach (var (d, t) in advanced) list[d] = t;
            return list;
        }
    }

    public partial class Tensor
    {
        /// <summary>
        /// Indexes with positions, slices (C# ranges), <see cref="TensorIndex.Ellipsis"/>, <see cref="TensorIndex.None"/>
        /// and index tensors, as Python's <c>x[...]</c>; setting copies the value (broadcast) into the indexed elements.
        /// </summary>
        public Tensor this[params TensorIndex[] indices]
        {
            get
            {
                Tensor basic = TensorIndex.ApplyBasic(this, indices, out var advanced);
                if (advanced.Count == 0) return basic;
                using (basic) return basic.index(TensorIndex.AdvancedList(advanced));
            }
            set
            {
                using Tensor basic = TensorIndex.ApplyBasic(this, indices, out var advanced);
                if (advanced.Count == 0) basic.copy_(value);
                else basic.index_put_(TensorIndex.AdvancedList(advanced), value);
            }
        }
    }
}
