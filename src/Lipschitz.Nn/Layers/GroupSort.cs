using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// The GroupSort activation (Anil et al. 2019): the C channels (dim 1) form C/k groups of k, group j holding channels
/// j, j + C/k, …, j + (k − 1)·C/k, and each group is sorted in descending order (its largest value goes to channel j).
/// The grouping is strided like <see cref="MaxMin"/>'s halves, so GroupSort(2) is MaxMin. On each input it permutes
/// the entries and it is continuous where the order changes (ties), so it is 1-Lipschitz and preserves gradient norms.
/// </summary>
public sealed class GroupSort : nn.Module<Tensor, Tensor>, ILipschitzLayer
{
    /// <summary>Creates the activation with groups of <paramref name="groupSize"/> channels (at least 2).</summary>
    public GroupSort(long groupSize) : base(nameof(GroupSort))
    {
        if (groupSize < 2) throw new ArgumentOutOfRangeException(nameof(groupSize), groupSize, "GroupSort: the group size must be at least 2 (a group of one sorts nothing)");
        GroupSize = groupSize;
    }

    /// <summary>The group size k.</summary>
    public long GroupSize { get; }

    /// <summary>1: each output is a permutation of the input's entries, chosen continuously.</summary>
    public double Bound => 1.0;

    /// <summary>Sorts the channel groups of [N, C, ...] inputs (C a multiple of k), largest first.</summary>
    public override Tensor forward(Tensor input)
    {
        long[] shape = input.shape;
        if (shape.Length < 2) throw new ArgumentException($"GroupSort: expected a batch [N, C, ...], got shape [{string.Join(", ", shape)}]", nameof(input));
        if (shape[1] % GroupSize != 0)
            throw new ArgumentException($"GroupSort: the channel count (dim 1) {shape[1]} must be a multiple of the group size {GroupSize}", nameof(input));
        // [N, C, ...] → [N, k, C/k, ...]: entry (r, j) is channel r·C/k + j, so dim 1 runs through group j.
        var grouped = new long[shape.Length + 1];
        grouped[0] = shape[0];
        grouped[1] = GroupSize;
        grouped[2] = shape[1] / GroupSize;
        Array.Copy(shape, 2, grouped, 3, shape.Length - 2);
        using Tensor groups = input.reshape(grouped);
        (Tensor values, Tensor indices) = groups.sort(1, descending: true);
        using (indices)
        using (values)
        {
            return values.reshape(shape);
        }
    }
}
