using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using FsCheck.Xunit;
using Lipschitz.Dsl.Catalogue;
using Lipschitz.Dsl.Diagnostics;
using Lipschitz.Dsl.Ir;
using Lipschitz.Dsl.Syntax;

namespace Lipschitz.Dsl.Tests;

/// <summary>
/// Random IR (every kind, option and parameter the catalogues know, with values anywhere in their ranges) written as
/// YAML and read back gives the same IR. A reflection walk checks that the random specs vary every IR field, so a new
/// field that the writer, the binder or this generator forgets fails here.
/// </summary>
public class RoundTripTests
{
    private static readonly SourceSpan Nowhere = SourceSpan.FileStart("");

    private static double Between(System.Random r, ValueRange range)
    {
        // Edges are allowed values unless open; pick them now and then, since they are where bugs hide.
        for (int attempt = 0; ; attempt++)
        {
            double v = r.Next(6) switch
            {
                0 => range.Min,
                1 => range.Max,
                2 => System.Math.Round(range.Min + (range.Max - range.Min) * r.NextDouble(), 3),
                _ => range.Min + (range.Max - range.Min) * r.NextDouble(),
            };
            if (v == 0) v = 0;
            if (range.Contains(v)) return v;
        }
    }

    private static string Text(System.Random r)
    {
        const string alphabet = "abcXYZ09 _-/.:'\"\\#{}[],&*!|>%@`\t\n\u00e9\u2212\u4e2d";
        var sb = new StringBuilder("d");
        int n = r.Next(0, 12);
        for (int i = 0; i < n; i++) sb.Append(alphabet[r.Next(alphabet.Length)]);
        return sb.ToString();
    }

    /// <summary>A random nested chain: composite kinds only above depth 2, so nesting stays finite.</summary>
    private static EquatableArray<LayerSpec> Chain(System.Random r, int min, int depth) =>
        new(Enumerable.Range(0, r.Next(min, 4)).Select(i =>
        {
            var kinds = LayerCatalogue.All.Where(k => depth < 2 || !k.Params.Any(p => p.Nested)).ToList();
            var kind = kinds[r.Next(kinds.Count)];
            return new LayerSpec(kind.Key, r.Next(3) == 0 ? $"N{depth}_{i}_{r.Next(100)}" : null, Params(r, kind.Params, depth + 1), Nowhere, Nowhere);
        }).ToList());

    private static ParamValue Value(System.Random r, ParamDef def, int depth = 0)
    {
        for (; ; )
        {
            ParamValue value = def.Type switch
            {
                ParamType.Layers => new LayersValue(Chain(r, System.Math.Max(1, def.MinCount), depth)),
                ParamType.Branches => new BranchesValue(new EquatableArray<EquatableArray<LayerSpec>>(Enumerable.Range(0, r.Next(def.MinCount, 4)).Select(_ => Chain(r, 0, depth)).ToList())),
                ParamType.Integer => new IntegerValue((long)System.Math.Floor(Between(r, def.Range!))),
                ParamType.Number => new NumberValue(Between(r, def.Range!)),
                ParamType.Boolean => new BooleanValue(r.Next(2) == 0),
                ParamType.Choice => new TextValue(def.Choices[r.Next(def.Choices.Count)].Key),
                ParamType.Numbers => new NumbersValue(new EquatableArray<double>(Enumerable.Range(0, r.Next(def.MinCount, System.Math.Min(def.MaxCount, 5) + 1)).Select(_ => Between(r, def.Range!)).Distinct())),
                _ => new TextValue(Text(r)),
            };
            if (value is NumbersValue list && list.Values.Count < def.MinCount) continue;
            if (def.Rule is null || def.Rule(value)) return value;
        }
    }

    private static ParamSet Params(System.Random r, IEnumerable<ParamDef> defs, int depth = 0) =>
        new(new EquatableArray<ParamEntry>(defs.Select(d => new ParamEntry(d.Key, Value(r, d, depth), Nowhere))));

    private static BlockSpec Block(System.Random r, BlockInfo block) =>
        new(block.Key, Params(r, block.Params), new EquatableArray<OptionSpec>(block.Groups.Select(g =>
        {
            var kind = g.Kinds[r.Next(g.Kinds.Count)];
            // Conditions between parameters (Nesterov needs momentum) are the binder's to check, not to round-trip.
            ParamSet p;
            do p = Params(r, kind.Params); while (kind.Checks(p).Any());
            return new OptionSpec(g.Key, kind.Key, p, Nowhere);
        })), Nowhere);

    internal static NetworkSpec RandomSpec(int seed)
    {
        var r = new System.Random(seed);
        var layers = Enumerable.Range(0, r.Next(1, 7)).Select(i =>
        {
            var kind = LayerCatalogue.All[r.Next(LayerCatalogue.All.Count)];
            return new LayerSpec(kind.Key, r.Next(3) == 0 ? $"L{i}_{r.Next(100)}" : null, Params(r, kind.Params), Nowhere, Nowhere);
        });
        var input = r.Next(2) == 0 ? new long[] { r.Next(1, 5000) } : new long[] { r.Next(1, 64), r.Next(1, 64), r.Next(1, 64) };
        var lipschitz = r.Next(3) == 0 ? LipschitzDeclaration.ComputedBound : LipschitzDeclaration.Of(Between(r, new ValueRange(0, true, 1e6, false)));
        return new NetworkSpec(
            new[] { "Net", "Model", "N_7", "Abc" }[r.Next(4)] + r.Next(100).ToString(CultureInfo.InvariantCulture),
            r.Next(2) == 0 ? null : "Ns" + r.Next(10).ToString(CultureInfo.InvariantCulture) + (r.Next(2) == 0 ? ".Inner" : ""),
            new EquatableArray<long>(input), r.Next(2, 1000), lipschitz, new EquatableArray<LayerSpec>(layers),
            r.Next(2) == 0 ? null : Block(r, OptionCatalogue.Training), Block(r, OptionCatalogue.Certify),
            new NetworkSpans(Nowhere, Nowhere, Nowhere, Nowhere, Nowhere, Nowhere, Nowhere));
    }

    private static ParamSet Erase(ParamSet p) => new(new EquatableArray<ParamEntry>(p.Entries.Select(e => e with { Span = Nowhere, Value = Erase(e.Value) })));

    private static ParamValue Erase(ParamValue v) => v switch
    {
        LayersValue chain => new LayersValue(Erase(chain.Layers)),
        BranchesValue branches => new BranchesValue(new EquatableArray<EquatableArray<LayerSpec>>(branches.Branches.Select(Erase).ToList())),
        _ => v,
    };

    private static EquatableArray<LayerSpec> Erase(EquatableArray<LayerSpec> layers) =>
        new(layers.Select(l => l with { Params = Erase(l.Params), Span = Nowhere, KindSpan = Nowhere }).ToList());

    private static BlockSpec Erase(BlockSpec b) => b with { Params = Erase(b.Params), Options = new(b.Options.Select(o => o with { Params = Erase(o.Params), Span = Nowhere })), Span = Nowhere };

    /// <summary>The spec with every source span replaced (the only part of the IR a round trip may change).</summary>
    internal static NetworkSpec Erase(NetworkSpec s) => s with
    {
        Layers = Erase(s.Layers),
        Training = s.Training is null ? null : Erase(s.Training),
        Certify = Erase(s.Certify),
        Spans = new NetworkSpans(Nowhere, Nowhere, Nowhere, Nowhere, Nowhere, Nowhere, Nowhere),
    };

    private static NetworkSpec ReadBack(NetworkSpec spec)
    {
        var yaml = YamlWriter.Write(spec);
        var diagnostics = new List<DslDiagnostic>();
        var bound = DslCompiler.Bind(yaml, "r.lipnet.yaml", diagnostics);
        Assert.True(bound is not null, yaml + "\n" + string.Join("\n", diagnostics));
        return bound!;
    }

    [Property(MaxTest = 300)]
    public void RandomSpec_WrittenAndReadBack_IsTheSameSpec(int seed)
    {
        var spec = RandomSpec(seed);
        Assert.Equal(Erase(spec), Erase(ReadBack(spec)));
    }

    [Fact]
    public void Example_ReadWrittenAndReadAgain_IsTheSameSpec()
    {
        var diagnostics = new List<DslDiagnostic>();
        var spec = DslCompiler.Bind(TestFiles.Example, "x.lipnet.yaml", diagnostics)!;
        Assert.Equal(Erase(spec), Erase(ReadBack(spec)));
    }

    /// <summary>Leaf values by path ("NetworkSpec.Layers[].Params.Entries[].Value&lt;IntegerValue&gt;.Value"), for every positional record field.</summary>
    private static void Walk(object? value, string path, Dictionary<string, HashSet<string>> seen)
    {
        void Add(string p, string v)
        {
            if (!seen.TryGetValue(p, out var set)) seen[p] = set = new HashSet<string>();
            set.Add(v);
        }
        if (value is null) { Add(path, "null"); return; }
        var type = value.GetType();
        if (value is SourceSpan or NetworkSpans) return;
        if (value is string || type.IsPrimitive || type.IsEnum) { Add(path, System.Convert.ToString(value, CultureInfo.InvariantCulture)!); return; }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EquatableArray<>))
        {
            var items = ((IEnumerable)value).Cast<object?>().ToList();
            Add(path + ".Count", items.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var item in items) Walk(item, path + "[]", seen);
            return;
        }
        Add(path, "set");
        if (type.BaseType is { IsAbstract: true } b && b != typeof(object)) path += "<" + type.Name + ">";
        var primary = type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .Where(c => !(c.GetParameters().Length == 1 && c.GetParameters()[0].ParameterType == type))
            .OrderByDescending(c => c.GetParameters().Length).First();
        Assert.True(primary.GetParameters().Length > 0, type.Name + " is not a positional record");
        foreach (var p in primary.GetParameters()) Walk(type.GetProperty(p.Name!)!.GetValue(value), path + "." + p.Name, seen);
    }

    [Fact]
    public void RandomSpecs_VaryEveryIrField()
    {
        var seen = new Dictionary<string, HashSet<string>>();
        for (int seed = 0; seed < 1000; seed++) Walk(RandomSpec(seed), "NetworkSpec", seen);
        // Keys and counts that name a fixed slot of the catalogue take one value by construction (the betas are a pair).
        var fixedByCatalogue = new[]
        {
            ".Training.Key", ".Certify.Key", ".Training.Params.Entries.Count", ".Certify.Params.Entries.Count", ".Training.Options.Count", ".Certify.Options.Count",
            ".Training.Options[].Params.Entries[].Value<NumbersValue>.Values.Count",
        };
        // Paths through two or more nested chains (a composite inside a composite) are too many to each vary in 1000
        // specs; the round trip itself covers them, and one level of nesting must vary like the top level.
        static int Nesting(string path) => path.Split("<LayersValue>").Length + path.Split("<BranchesValue>").Length - 2;
        var constant = seen
            .Where(kv => kv.Value.Count < 2 && !kv.Value.SetEquals(new[] { "set" }) && !fixedByCatalogue.Any(kv.Key.EndsWith) && Nesting(kv.Key) <= 1)
            .Select(kv => kv.Key).ToList();
        Assert.True(constant.Count == 0, "IR fields the round trip never varies: " + string.Join(", ", constant));
        // The walk reaches the parameter values of every type, and every positional field of the IR's records.
        foreach (var expected in new[] { "<LayersValue>.Layers[].Kind", "<BranchesValue>.Branches[][].Kind", "<LayersValue>.Layers[].Name", "<IntegerValue>.Value", "<NumberValue>.Value", "<BooleanValue>.Value", "<TextValue>.Value", "<NumbersValue>.Values[]", "NetworkSpec.Lipschitz.Computed", "NetworkSpec.Namespace", "NetworkSpec.Layers[].Name", "NetworkSpec.Training.Options[].Kind" })
        {
            Assert.Contains(seen.Keys, k => k.EndsWith(expected, System.StringComparison.Ordinal));
        }
    }
}
