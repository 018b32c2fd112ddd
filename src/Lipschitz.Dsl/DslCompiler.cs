using System.Collections.Generic;
using System.Linq;
using Lipschitz.Dsl.Diagnostics;
using Lipschitz.Dsl.Emit;
using Lipschitz.Dsl.Ir;
using Lipschitz.Dsl.Syntax;
using Lipschitz.Dsl.Validation;

namespace Lipschitz.Dsl;

/// <summary>The outcome of compiling one description: the generated source (null on errors), all diagnostics, the validated network.</summary>
public sealed record CompileResult(string? Source, string? HintName, EquatableArray<DslDiagnostic> Diagnostics, ValidatedNetwork? Network)
{
    /// <summary>Whether an error was reported (then there is no source).</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DslSeverity.Error);
}

/// <summary>How a description is tied to a C# class, when one declares it.</summary>
/// <param name="ClassName">The C# class name the network must take, or null.</param>
/// <param name="Namespace">The C# class's namespace (null: global), used when <paramref name="ClassName"/> is set.</param>
/// <param name="SourceName">Name of the description's origin for the class summary; defaults to the file name.</param>
public sealed record CompileOptions(string? ClassName = null, string? Namespace = null, string? SourceName = null);

/// <summary>The facade of the language: description text in, generated C# and diagnostics out. Never throws on bad input.</summary>
public static class DslCompiler
{
    /// <summary>Compiles the YAML text of a <c>*.lipnet.yaml</c> file.</summary>
    public static CompileResult Compile(string yamlText, string path, CompileOptions? options = null)
    {
        var diagnostics = new List<DslDiagnostic>();
        yamlText ??= "";
        if (TooLarge(yamlText, path, diagnostics)) return new CompileResult(null, null, new EquatableArray<DslDiagnostic>(diagnostics), null);
        var root = YamlFrontEnd.Parse(yamlText, path, diagnostics);
        if (diagnostics.Any(d => d.Severity == DslSeverity.Error))
        {
            return new CompileResult(null, null, new EquatableArray<DslDiagnostic>(diagnostics), null);
        }
        return CompileTree(root, path, options ?? new CompileOptions(), fromYaml: true, diagnostics);
    }

    /// <summary>Parses and binds YAML text to the IR without validating shapes or bounds; null (with diagnostics) on errors.</summary>
    public static NetworkSpec? Bind(string yamlText, string path, List<DslDiagnostic> diagnostics)
    {
        yamlText ??= "";
        if (TooLarge(yamlText, path, diagnostics)) return null;
        var root = YamlFrontEnd.Parse(yamlText, path, diagnostics);
        return diagnostics.Any(d => d.Severity == DslSeverity.Error) ? null : Binder.Bind(root, path, null, null, diagnostics);
    }

    private static bool TooLarge(string text, string path, List<DslDiagnostic> diagnostics)
    {
        if (text.Length <= DslLimits.MaxFileLength) return false;
        // Checked before parsing: the text is never scanned (DslLimits.ReadFile stops reading one character past the limit).
        var limit = DslLimits.MaxFileLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
        diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.TooLarge, SourceSpan.FileStart(path), $"more than {limit} characters", $"{limit} characters"));
        return true;
    }

    /// <summary>Compiles a document tree built by a front end other than YAML (the C# attributes).</summary>
    public static CompileResult CompileAttributes(DslNode root, string className, string? classNamespace, string path)
    {
        return CompileTree(root, path, new CompileOptions(className, classNamespace, className + " attributes"), fromYaml: false, new List<DslDiagnostic>());
    }

    private static CompileResult CompileTree(DslNode? root, string path, CompileOptions options, bool fromYaml, List<DslDiagnostic> diagnostics)
    {
        var spec = Binder.Bind(root, path, fromYaml ? null : options.ClassName, fromYaml ? null : options.Namespace, diagnostics);
        if (spec is not null && fromYaml && options.ClassName is not null)
        {
            if (spec.Name != options.ClassName)
            {
                diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.Conflict, spec.Spans.Name, options.ClassName,
                    $"the YAML file names the network '{spec.Name}' but the C# class that includes it is '{options.ClassName}'; use the same name"));
                spec = null;
            }
            else if (spec.Namespace is not null && spec.Namespace != options.Namespace)
            {
                diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.Conflict, spec.Spans.Whole, options.ClassName,
                    $"the YAML file puts it in namespace '{spec.Namespace}' but the C# class is in '{options.Namespace ?? "(global)"}'; remove 'namespace' from the YAML or move the class"));
                spec = null;
            }
            else
            {
                spec = spec with { Namespace = options.Namespace };
            }
        }
        var network = spec is null ? null : Validator.Validate(spec, diagnostics);
        var all = new EquatableArray<DslDiagnostic>(diagnostics);
        if (network is null) return new CompileResult(null, null, all, null);
        var sourceName = options.SourceName ?? FileName(path);
        var source = Emitter.Emit(network, new EmitOptions(IncludeAccessibility: options.ClassName is null, sourceName));
        return new CompileResult(source, Emitter.HintName(network.Spec), all, network);
    }

    private static string FileName(string path)
    {
        int cut = System.Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return cut >= 0 ? path.Substring(cut + 1) : path;
    }
}
