using System;
using System.Collections.Generic;

namespace Lipschitz.Torch;

/// <summary>
/// Owns every tensor created on this thread while it is the innermost open scope, and frees
/// them when disposed; tensors to keep are moved to the outer scope or detached first.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? t_current;

    private readonly List<torch.Tensor> _owned = new();
    private readonly DisposeScope? _outer;
    private bool _disposed;

    internal DisposeScope()
    {
        _outer = t_current;
        t_current = this;
    }

    /// <summary>The innermost open scope of this thread, or null.</summary>
    public static DisposeScope? Current => t_current;

    /// <summary>The number of live tensors this scope owns.</summary>
    public int Count
    {
        get
        {
            int n = 0;
            foreach (var t in _owned)
                if (!t.IsInvalid && ReferenceEquals(t.OwningScope, this)) n++;
            return n;
        }
    }

    internal static void Register(torch.Tensor t)
    {
        DisposeScope? s = t_current;
        if (s is null) return;
        t.OwningScope = s;
        s._owned.Add(t);
    }

    /// <summary>Hands the tensors to the enclosing scope (or to no scope at all) so they outlive this one.</summary>
    public T MoveToOuter<T>(T tensor) where T : torch.Tensor
    {
        MoveOne(tensor);
        return tensor;
    }

    private void MoveOne(torch.Tensor tensor)
    {
        if (!ReferenceEquals(tensor.OwningScope, this))
            throw new InvalidOperationException("the tensor is not owned by this dispose scope");
        tensor.OwningScope = _outer;
        _outer?._owned.Add(tensor);
    }

    /// <summary>Hands each tensor to the enclosing scope.</summary>
    public void MoveToOuter(params torch.Tensor[] tensors)
    {
        foreach (var t in tensors) MoveOne(t);
    }

    /// <summary>Removes the tensor from every scope: the caller disposes it (or the finalizer does).</summary>
    public T Detach<T>(T tensor) where T : torch.Tensor
    {
        if (ReferenceEquals(tensor.OwningScope, this)) tensor.OwningScope = null;
        return tensor;
    }

    /// <summary>Frees every tensor the scope still owns and makes the outer scope current again.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!ReferenceEquals(t_current, this))
            throw new InvalidOperationException("dispose scopes must be disposed innermost first, on the thread that opened them");
        t_current = _outer;
        foreach (var t in _owned)
            if (ReferenceEquals(t.OwningScope, this)) t.Dispose();
        _owned.Clear();
    }
}

public static partial class torch
{
    /// <summary>Opens a dispose scope: tensors created until it is disposed are freed with it.</summary>
    public static DisposeScope NewDisposeScope() => new();
}
