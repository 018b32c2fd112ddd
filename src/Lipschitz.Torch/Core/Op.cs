using System;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Lipschitz.Torch.Native;

namespace Lipschitz.Torch;

/// <summary>
/// An ATen operator found once by its schema name (e.g. <c>aten::add.Tensor</c>) and called boxed
/// through the shim. Arguments left out at the end, or passed as <see cref="Arg.Default"/>, take
/// the schema's default.
/// </summary>
[System.Runtime.CompilerServices.SkipLocalsInit]
internal sealed class Op
{
    private const int StackScratchBytes = 1024;
    private const int MaxListOutputs = 4096;

    // Reused by CallMany on each thread (no callback can re-enter it while a call is in flight).
    [ThreadStatic] private static IntPtr[]? t_listOutputs;

    private readonly string _name;
    private readonly string _overload;
    private IntPtr _handle;

    /// <summary>The qualified name with overload, for messages.</summary>
    internal string Name { get; }

    private Op(string name, string overload)
    {
        _name = name;
        _overload = overload;
        Name = overload.Length == 0 ? name : name + "." + overload;
    }

    /// <summary>
    /// An operator named like its schema, "aten::add.Tensor" or "aten::relu"; it is looked up on
    /// first use, so an operator missing from the linked libtorch fails only where it is called.
    /// </summary>
    internal static Op Of(string qualified)
    {
        int dot = qualified.IndexOf('.', qualified.IndexOf("::", StringComparison.Ordinal) + 2);
        Op op = dot < 0 ? new Op(qualified, "") : new Op(qualified[..dot], qualified[(dot + 1)..]);
        lock (s_all) s_all.Add(op);
        return op;
    }

    private static readonly System.Collections.Generic.List<Op> s_all = new();

    /// <summary>Every operator created so far (tests check that each resolves in the linked libtorch).</summary>
    internal static Op[] All
    {
        get { lock (s_all) return s_all.ToArray(); }
    }

    /// <summary>Looks the operator up now; throws <see cref="TorchException"/> when libtorch lacks it.</summary>
    internal void Resolve() => _ = Handle;

    private IntPtr Handle
    {
        get
        {
            if (_handle == IntPtr.Zero)
            {
                IntPtr h = NativeMethods.lt_op_find(_name, _overload);
                if (h == IntPtr.Zero) throw new TorchException($"operator {Name} is not in the linked libtorch: {NativeMethods.LastError().Message}");
                _handle = h;
            }
            return _handle;
        }
    }

    /// <summary>The operator's schema as libtorch prints it.</summary>
    internal string Schema => NativeMethods.TakeString(NativeMethods.lt_op_schema(Handle));

    /// <summary>Calls the operator and returns its single tensor result.</summary>
    internal torch.Tensor Call(params ReadOnlySpan<Arg> args)
    {
        Span<IntPtr> outs = stackalloc IntPtr[4];
        int n = Invoke(null, args, outs);
        for (int k = 1; k < n; k++) Free(outs[k]);
        if (n < 1 || outs[0] == IntPtr.Zero) throw new TorchException($"{Name} returned no tensor");
        return new torch.Tensor(outs[0]);
    }

    /// <summary>Calls an operator that returns two tensors (values and indices, Q and R, ...).</summary>
    internal (torch.Tensor, torch.Tensor) Call2(params ReadOnlySpan<Arg> args)
    {
        Span<IntPtr> outs = stackalloc IntPtr[4];
        int n = Invoke(null, args, outs);
        if (n < 2)
        {
            for (int k = 0; k < n; k++) Free(outs[k]);
            throw new TorchException($"{Name} returned {n} tensors, expected 2");
        }
        for (int k = 2; k < n; k++) Free(outs[k]);
        return (Wrap(outs[0]), Wrap(outs[1]));
    }

    /// <summary>Calls an operator that returns three tensors (U, S, Vh, ...).</summary>
    internal (torch.Tensor, torch.Tensor, torch.Tensor) Call3(params ReadOnlySpan<Arg> args)
    {
        Span<IntPtr> outs = stackalloc IntPtr[4];
        int n = Invoke(null, args, outs);
        if (n < 3)
        {
            for (int k = 0; k < n; k++) Free(outs[k]);
            throw new TorchException($"{Name} returned {n} tensors, expected 3");
        }
        for (int k = 3; k < n; k++) Free(outs[k]);
        return (Wrap(outs[0]), Wrap(outs[1]), Wrap(outs[2]));
    }

    /// <summary>Calls an operator that returns a list of tensors (split, chunk, ...).</summary>
    internal torch.Tensor[] CallMany(params ReadOnlySpan<Arg> args)
    {
        IntPtr[] outs = t_listOutputs ??= new IntPtr[MaxListOutputs];
        int n = Invoke(null, args, outs);
        var result = new torch.Tensor[n];
        for (int k = 0; k < n; k++) result[k] = Wrap(outs[k]);
        return result;
    }

    /// <summary>Calls an in-place operator on <paramref name="self"/> (its first argument) and returns self.</summary>
    internal torch.Tensor CallInPlace(torch.Tensor self, params ReadOnlySpan<Arg> rest)
    {
        // The result aliases self: the shim is asked to discard it rather than hand back a handle to free.
        Invoke(self, rest, default);
        return self;
    }

    private static torch.Tensor Wrap(IntPtr h) => h == IntPtr.Zero ? null! : new torch.Tensor(h);

    private static void Free(IntPtr h)
    {
        if (h != IntPtr.Zero) NativeMethods.lt_tensor_free(h);
    }

    private static int ScratchBytes(in Arg a) => a.Kind switch
    {
        ArgKind.IntList or ArgKind.DoubleList or ArgKind.TensorList or ArgKind.OptionalTensorList => 8 * a.ListLength,
        ArgKind.BoolList => (a.ListLength + 7) & ~7,
        ArgKind.String => (Encoding.UTF8.GetByteCount((string)a.Ref!) + 1 + 7) & ~7,
        _ => 0,
    };

    /// <summary>
    /// Marshals <paramref name="self"/> (when given, as the first argument) and the arguments into native memory,
    /// calls the operator and returns the number of outputs written to <paramref name="outs"/>; an empty
    /// <paramref name="outs"/> asks the shim to discard the results.
    /// </summary>
    private unsafe int Invoke(torch.Tensor? self, ReadOnlySpan<Arg> args, Span<IntPtr> outs)
    {
        int scratchSize = 0;
        foreach (ref readonly Arg a in args) scratchSize += ScratchBytes(a);
        int first = self is null ? 0 : 1;
        int total = args.Length + first;

        byte[]? rented = null;
        Span<byte> scratch = scratchSize <= StackScratchBytes
            ? stackalloc byte[StackScratchBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(scratchSize));
        NativeArg* native = stackalloc NativeArg[Math.Max(total, 1)];
        try
        {
            fixed (byte* scratchBase = scratch)
            fixed (IntPtr* outPtr = outs)
            {
                byte* cursor = scratchBase;
                if (self is not null)
                {
                    NativeArg n0 = default;
                    n0.Tag = (int)ArgKind.Tensor;
                    n0.P = self.Handle;
                    native[0] = n0;
                }
                for (int k = 0; k < args.Length; k++)
                {
                    ref readonly Arg a = ref args[k];
                    NativeArg n = default;
                    n.Tag = (int)a.Kind;
                    switch (a.Kind)
                    {
                        case ArgKind.Tensor:
                            n.P = ((torch.Tensor)a.Ref!).Handle;
                            break;
                        case ArgKind.Int:
                        case ArgKind.Bool:
                        case ArgKind.DType:
                            n.I = a.I;
                            break;
                        case ArgKind.Device:
                            n.I = a.I;
                            n.Len = (int)a.D;
                            break;
                        case ArgKind.Double:
                            n.D = a.D;
                            break;
                        case ArgKind.IntList:
                        {
                            long[] v = (long[])a.Ref!;
                            v.AsSpan().CopyTo(new Span<long>(cursor, v.Length));
                            n.P = (IntPtr)cursor;
                            n.Len = v.Length;
                            cursor += 8 * v.Length;
                            break;
                        }
                        case ArgKind.DoubleList:
                        {
                            double[] v = (double[])a.Ref!;
                            v.AsSpan().CopyTo(new Span<double>(cursor, v.Length));
                            n.P = (IntPtr)cursor;
                            n.Len = v.Length;
                            cursor += 8 * v.Length;
                            break;
                        }
                        case ArgKind.BoolList:
                        {
                            bool[] v = (bool[])a.Ref!;
                            for (int j = 0; j < v.Length; j++) cursor[j] = v[j] ? (byte)1 : (byte)0;
                            n.P = (IntPtr)cursor;
                            n.Len = v.Length;
                            cursor += (v.Length + 7) & ~7;
                            break;
                        }
                        case ArgKind.TensorList:
                        case ArgKind.OptionalTensorList:
                        {
                            torch.Tensor?[] v = (torch.Tensor?[])a.Ref!;
                            IntPtr* handles = (IntPtr*)cursor;
                            for (int j = 0; j < v.Length; j++)
                            {
                                torch.Tensor? t = v[j];
                                if (t is null && a.Kind == ArgKind.TensorList)
                                    throw new ArgumentNullException(nameof(args), $"{Name}: tensor list entry {j} is null");
                                handles[j] = t is null ? IntPtr.Zero : t.Handle;
                            }
                            n.P = (IntPtr)cursor;
                            n.Len = v.Length;
                            cursor += 8 * v.Length;
                            break;
                        }
                        case ArgKind.String:
                        {
                            string s = (string)a.Ref!;
                            int len = Encoding.UTF8.GetBytes(s, new Span<byte>(cursor, scratchSize - (int)(cursor - scratchBase)));
                            cursor[len] = 0;
                            n.P = (IntPtr)cursor;
                            cursor += (len + 1 + 7) & ~7;
                            break;
                        }
                    }
                    native[k + first] = n;
                }

                int count = NativeMethods.lt_op_call(Handle, native, total, outPtr, outs.Length);
                if (count < 0)
                {
                    Exception e = NativeMethods.LastError();
                    throw new TorchException($"{Name}: {e.Message}");
                }
                return count;
            }
        }
        finally
        {
            // The native call borrowed the tensors; keep their wrappers (and finalizers) away until it returned.
            GC.KeepAlive(self);
            foreach (ref readonly Arg a in args) GC.KeepAlive(a.Ref);
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
