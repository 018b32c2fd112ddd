using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Lipschitz.Nn;

namespace Lipschitz.Dsl.Generator.Tests;

/// <summary>Every member a generated class inherits must be reserved, or a layer of that name hides it (CS0108).</summary>
public class ReservedNameTests
{
    /// <summary>Names of the public and protected members of <see cref="LipschitzModule"/> and its bases, from the real runtime.</summary>
    private static IEnumerable<string> InheritedNames()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        for (Type? t = typeof(LipschitzModule); t is not null; t = t.BaseType)
        {
            foreach (MemberInfo m in t.GetMembers(all))
            {
                bool visible = m switch
                {
                    MethodBase mb => !mb.IsSpecialName && !mb.IsConstructor && (mb.IsPublic || mb.IsFamily || mb.IsFamilyOrAssembly),
                    PropertyInfo p => p.GetAccessors(true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
                    FieldInfo f => !f.IsSpecialName && (f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly),
                    EventInfo e => e.AddMethod is { } add && (add.IsPublic || add.IsFamily || add.IsFamilyOrAssembly),
                    Type n => n.IsNestedPublic || n.IsNestedFamily || n.IsNestedFamORAssem,
                    _ => false,
                };
                if (visible) yield return m.Name;
            }
        }
    }

    [Fact]
    public void EveryInheritedMemberName_IsReserved()
    {
        var names = InheritedNames().Distinct().OrderBy(n => n, StringComparer.Ordinal).ToArray();
        // The reflection must see the members the generated code actually builds on, or it proves nothing.
        Assert.Contains("forward", names);
        Assert.Contains("CheckInput", names);
        Assert.Contains("RegisterComponents", names);
        Assert.Contains("GetHashCode", names);
        var missing = names.Where(n => !Lipschitz.Dsl.Emit.RuntimeNames.InheritedMembers.Contains(n)).ToArray();
        Assert.True(missing.Length == 0, "not reserved: " + string.Join(", ", missing));
    }

    [Fact]
    public void ALayerNamedLikeABaseMember_IsRejected()
    {
        foreach (string name in new[] { "InputSize", "CheckInput", "GetName", "RegisterComponents" })
        {
            var yaml = "network: N\ninput: [4]\nclasses: 2\nlayers:\n  - aol_linear: { out: 2, name: " + name + " }\n";
            var result = DslCompiler.Compile(yaml, "n.lipnet.yaml");
            Assert.Contains(result.Diagnostics, d => d.Message.Contains($"'{name}'") && d.Message.Contains("member of the generated module"));
        }
    }
}
